/**
 * Integration: `rollgate rehearse` on the sandbox — the game day, measured. Before producer cutover
 * (idempotent upsert sink) and after it (producers on the target, their writes reaching the source
 * through the sandbox's reverse MirrorMaker 2 flow; non-idempotent insert sink): loss 0, duplicates
 * within the plan group's maxReplay, restore time reported, and the insert sink holding exactly the
 * duplicate rows the report predicted. Sabotaged (offsets placed ahead on the target), the same
 * measurement reports loss and the command exits 1.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, test } from 'node:test'
import { buildProgram } from '../src/cli/main.ts'
import { openStateDir } from '../src/journal/index.ts'
import type { RehearsalResult } from '../src/rehearse/rehearse.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { type CliResult, rollgate } from './support/rollgate.ts'
import { sandbox } from './support/sandbox.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-rehearse-'))
  dirs.push(dir)
  return dir
}

const root = resolve(import.meta.dirname, '..')
const registered = !/not implemented/.test(buildProgram().commands.find((c) => c.name() === 'rehearse')?.description() ?? 'not implemented')

/**
 * `rollgate rehearse …` as an operator runs it. Until cli/main.ts registers the command, the same
 * command file is mounted on a bare program, with main's error handling.
 */
function rehearseCli (args: string[]): Promise<CliResult> {
  if (registered) return rollgate(['rehearse', ...args], { timeoutMs: 300_000 })
  const script = `
    import { Command } from 'commander'
    import { registerRehearse } from ${JSON.stringify(join(root, 'src/cli/rehearse.ts'))}
    import { setInvocation } from ${JSON.stringify(join(root, 'src/cli/common.ts'))}
    import { reportFailure } from ${JSON.stringify(join(root, 'src/cli/main.ts'))}
    const args = ${JSON.stringify(['rehearse', ...args])}
    setInvocation(args)
    const program = new Command('rollgate').exitOverride()
    registerRehearse(program)
    try { await program.parseAsync(args, { from: 'user' }) } catch (e) { process.exitCode = reportFailure(e) }
  `
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('rehearse did not finish')) }, 300_000)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout, stderr }) })
  })
}

/** The team's plan: the sandbox's clusters and registries, and the group whose objectives are rehearsed. */
function teamPlan (dir: string): string {
  const sb = sandbox()
  const env = sandboxEnv({ dir: sb.dir })
  const file = join(dir, 'rollgate.yaml')
  writeFileSync(file, `version: 1
name: orders platform
clusters:
  source: { bootstrap: [${JSON.stringify(sb.source)}], schemaRegistry: { url: ${JSON.stringify(env.ROLLGATE_SOURCE_REGISTRY_URL)} } }
  target: { bootstrap: [${JSON.stringify(sb.target)}], schemaRegistry: { url: ${JSON.stringify(env.ROLLGATE_TARGET_REGISTRY_URL)} } }
replication: { kind: mirrormaker2, naming: ${sb.naming} }
rollbackWindow: 72h
topics:
  - names: [orders]
    criticality: critical
groups:
  - { name: billing, strategy: exact, owner: billing-team, maxReplay: { records: 150 } }
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: billing-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
`)
  return file
}

const common = ['--records', '1500', '--group', 'billing', '--reverse-flow', 'target->src0', '--format', 'json']

async function rehearsed (args: string[]): Promise<{ run: CliResult, result: RehearsalResult, plan: string, seconds: number }> {
  const dir = tempDir()
  const plan = teamPlan(dir)
  const t0 = Date.now()
  const run = await rehearseCli([...args, ...common, '--plan', plan])
  const seconds = (Date.now() - t0) / 1000
  assert.ok(run.stdout.startsWith('{'), run.stdout + run.stderr)
  const result = JSON.parse(run.stdout) as RehearsalResult
  const m = result.measurement
  console.log(`${result.mode} ${result.sink}${result.sabotage ? ' sabotaged' : ''}: ${m.status}, restore ${m.restoreMs} ms, duplicates ${m.duplicates?.total} (move ${m.duplicates?.atMove}, rollback ${m.duplicates?.atRollback}, predicted ≤ ${m.predictedRollbackDuplicates}), rows ${m.duplicateRows}, loss ${m.loss}; rollback ${result.rollback?.ok} in the group's ${result.rollback?.restoreMs} ms; ${seconds.toFixed(1)} s`)
  return { run, result, plan, seconds }
}

/** The result is journaled in the team's state dir (kind `rehearsal`), the rehearsal's own journal is intact. */
async function journaled (plan: string, result: RehearsalResult): Promise<void> {
  const state = await openStateDir(join(plan, '..', '.rollgate'), { readOnly: true })
  try {
    const entry = state.journal.entries().find((e) => e.type === 'evidence' && e.data.kind === 'rehearsal')
    assert.ok(entry?.type === 'evidence', 'a rehearsal evidence entry')
    assert.equal((state.evidence.get(entry.data.evidenceId) as RehearsalResult).id, result.id)
    assert.ok(state.journal.verify().ok)
  } finally {
    state.close()
  }
  const own = await openStateDir(join(result.dir, '.rollgate'), { readOnly: true })
  try {
    assert.ok(own.journal.verify().ok)
    assert.deepEqual(own.journal.pendingIntents(), [])
  } finally {
    own.close()
  }
}

test('rehearsal before producer cutover, idempotent sink: loss 0, duplicates within maxReplay, restore time reported', { timeout: 300_000 }, async () => {
  const { run, result, plan } = await rehearsed(['--mode', 'before-cutover', '--sink', 'upsert'])
  const m = result.measurement
  assert.equal(run.code, 0, JSON.stringify(m.checks, null, 2) + run.stderr)
  assert.equal(m.status, 'pass')
  assert.equal(m.loss, 0)
  assert.ok(m.duplicates!.atMove <= 150 && m.duplicates!.atRollback <= 150, JSON.stringify(m.duplicates))
  assert.ok(m.restoreMs !== null && m.restoreMs > 0 && m.restoreMs < 60_000, String(m.restoreMs))
  assert.equal(m.duplicateRows, 0, 'an upsert sink has no duplicate rows')
  assert.equal(result.objectives.maxReplayRecords, 150)
  assert.match(result.objectives.from, /plan group billing/)
  assert.deepEqual([result.rollback?.from, result.rollback?.to, result.rollback?.ok], ['shadow-read', 'replicating', true])
  assert.equal(result.produced.target, 0)
  assert.ok(result.schemaIds.source !== null, 'the value schema is registered in the source registry')
  await journaled(plan, result)
})

test('rehearsal after producer cutover, non-idempotent sink: reverse replication carries the target\'s writes; loss 0; the sink shows the duplicate rows predicted', { timeout: 300_000 }, async () => {
  const { run, result, plan } = await rehearsed(['--mode', 'after-cutover', '--sink', 'insert'])
  const m = result.measurement
  assert.equal(run.code, 0, JSON.stringify(m.checks, null, 2) + run.stderr)
  assert.equal(m.loss, 0)
  assert.ok(result.produced.source > 0 && result.produced.target > 0, JSON.stringify(result.produced))
  assert.deepEqual([result.rollback?.from, result.rollback?.ok], ['producers-on-target', true])
  assert.ok(result.rollback!.targetOnlyWrites.reduce((s, w) => s + w.records, 0) >= result.produced.target, 'every record written on the target is accounted for')
  assert.equal(result.rollback!.steps.find((s) => s.step === 'target-only writes')?.status, 'done')
  assert.match(result.rollback!.steps.find((s) => s.step === 'target-only writes')!.detail, /through reverse replication target->src0/)
  assert.ok(m.duplicates!.atRollback <= 150)
  assert.ok(m.restoreMs !== null)
  // the non-idempotent sink: the rows the report predicted, read from the database itself
  const db = new DatabaseSync(join(result.dir, 'sink.db'), { readOnly: true })
  try {
    const row = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM orders_insert').get() as { n: number, d: number }
    assert.equal(Number(row.d), result.records)
    assert.equal(Number(row.n) - Number(row.d), m.duplicateRows)
    assert.equal(m.duplicateRows, m.duplicates!.total)
    assert.ok(m.predictedRollbackDuplicates !== null && m.duplicates!.atRollback <= m.predictedRollbackDuplicates, `${m.duplicates!.atRollback} <= ${m.predictedRollbackDuplicates}`)
    // exact translations re-read nothing: what the consumer had not committed is what it processes twice
    assert.equal(m.duplicates!.atRollback, result.prediction.uncommittedAtStop)
  } finally {
    db.close()
  }
  await journaled(plan, result)
})

test('sabotaged rehearsal (offsets placed ahead on the target): the measurement shows the loss, and it fails with exit 1', { timeout: 300_000 }, async () => {
  const { run, result } = await rehearsed(['--mode', 'before-cutover', '--sink', 'upsert', '--sabotage', 'ahead'])
  const m = result.measurement
  assert.equal(run.code, 1, run.stderr)
  assert.equal(m.status, 'fail')
  assert.ok(result.sabotage !== null)
  assert.ok(m.loss! > 0)
  // what the consumer skipped on the target, and nothing else (less when clamped at a log end)
  assert.ok(m.loss! <= result.sabotage.aheadPerPartition * result.partitions, `${m.loss} <= ${result.sabotage.aheadPerPartition} x ${result.partitions}`)
  assert.equal(m.checks.find((c) => c.id === 'loss')?.status, 'fail')
})
