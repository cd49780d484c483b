/**
 * Integration: rollgate under faults, on a private single-node cluster (and a private registry) that
 * this file starts, pauses (SIGSTOP), kills (SIGKILL), resumes and restarts — never the shared
 * sandbox, which other tests are using. The healthy side of every plan is the sandbox's source.
 *
 * Registry and Connect each run as one private process that both sides of the plan name, so a
 * check comparing the sides passes when it answers and is `unknown` when it does not.
 *
 * For each fault: the command ends within a bound, the checks that needed the faulty component are
 * `unknown` (never `pass`), the exit code is the contract's (3 unreachable, 1 not passing or
 * refused), the journal verifies, and once the component is back a re-run converges. Also: a state
 * dir that cannot be written stops `offsets apply --execute` before any offset moves, and a second
 * rollgate process on a busy state dir waits, then refuses naming the holder.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { ApplyResult } from '../src/offsets/apply.ts'
import type { ResetPlan } from '../src/offsets/types.ts'
import { faultBasePort, type PrivateConnect, type PrivateKafka, type PrivateRegistry, startPrivateConnect, startPrivateKafka, startPrivateRegistry } from './support/private-cluster.ts'
import { writePlan } from './support/plan.ts'
import { type CliResult, rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, sleep, unique } from './support/sandbox.ts'

const bin = resolve(import.meta.dirname, '..', 'bin', 'rollgate.js')
/** every command under a fault must end well within this (the plans' gate timeout is 3 s) */
const boundSeconds = 60

const dirs: string[] = []
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-faults-'))
  dirs.push(dir)
  return dir
}

let kafka: PrivateKafka | undefined
let registry: PrivateRegistry | undefined
let connect: PrivateConnect | undefined
before(async () => {
  // the broker on the fault base port, the registry ten above it (sandbox/layout.ts): ports of their own
  kafka = await startPrivateKafka(tempDir(), faultBasePort())
})
after(async () => {
  // stopped by PID, whatever happened: a paused process is resumed first so it can end
  await Promise.all([registry?.stop(), connect?.stop()])
  await kafka?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

interface GateJson { gate: string, status: string, checks: Array<{ id: string, status: string, subject: string, message: string }> }
interface SnapshotJson { evidenceId: string, sides: Record<'source' | 'target', { status: string, error?: string }> }

/** Runs the CLI and measures it; the result must come within the bound. */
async function timed (args: string[]): Promise<CliResult & { seconds: number }> {
  const t0 = Date.now()
  const result = await rollgate(args, { timeoutMs: (boundSeconds + 30) * 1000 })
  const seconds = (Date.now() - t0) / 1000
  console.log(`rollgate ${args.filter((a) => !a.startsWith('/')).join(' ')}: exit ${result.code} in ${seconds.toFixed(1)} s`)
  assert.ok(seconds < boundSeconds, `rollgate ${args.join(' ')} took ${seconds} s`)
  return { ...result, seconds }
}

async function journalVerifies (plan: string): Promise<void> {
  const verify = await rollgate(['journal', 'verify', '--plan', plan])
  assert.equal(verify.code, 0, verify.stdout + verify.stderr)
  assert.match(verify.stdout, /chain intact/)
}

async function createTopic (bootstrap: string, topics: string[], partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap] })
  try {
    await admin.createTopics({ topics, partitions, replicas: 1 })
  } finally {
    await admin.close()
  }
}

type Offsets = Array<{ topic: string, partition: number, offset: number }>

/** Records a reset plan in the state dir, as `rollgate offsets plan` does; returns its evidence id. */
async function recordResetPlan (stateDir: string, groups: Array<{ group: string, offsets: Offsets }>): Promise<string> {
  const plan: ResetPlan = {
    type: 'rollgate.reset-plan/v1',
    createdAt: new Date().toISOString(),
    basedOn: 'test',
    groups: groups.map((g) => ({ group: g.group, cluster: 'target', offsets: g.offsets.map((o) => ({ topic: o.topic, partition: o.partition, current: null, planned: o.offset })) })),
    warnings: [],
  }
  const state = await openStateDir(stateDir)
  try {
    const evidenceId = state.evidence.put(plan)
    state.journal.append('evidence', { evidenceId, kind: 'reset-plan', summary: `${groups.length} group(s) (test)` })
    return evidenceId
  } finally {
    state.close()
  }
}

async function pendingIntents (stateDir: string): Promise<number> {
  const state = await openStateDir(stateDir, { readOnly: true })
  try {
    return state.journal.pendingIntents().length
  } finally {
    state.close()
  }
}

const byKey = (offsets: Offsets) => Object.fromEntries(offsets.map((o) => [`${o.topic}-${o.partition}`, o.offset]))

/** `count` groups with committed offsets on one topic each of the private broker, and a plan moving them all. */
async function groupsToMove (count: number, prefix: string) {
  const k = kafka!
  const groups = Array.from({ length: count }, (_, i) => ({ group: unique(`${prefix}-${i}`), topic: unique(`${prefix}-${i}`) }))
  await createTopic(k.bootstrap, groups.map((g) => g.topic), 2)
  await produce(k.bootstrap, groups.flatMap((g) => [0, 1].map((partition) => ({ topic: g.topic, partition, count: 20 }))))
  const client = new ClusterClient({ name: 'target', bootstrap: [k.bootstrap] })
  try {
    // a broker just started (or restarted) may still be loading its group coordinator: wait for it
    await eventually('the group coordinator', 60_000, async () => {
      await Promise.all(groups.map((g) => client.commitOffsets(g.group, [0, 1].map((partition) => ({ topic: g.topic, partition, offset: 1 })))))
      return true
    })
  } finally {
    await client.close()
  }
  const planned = groups.map((g, i) => ({ group: g.group, offsets: [0, 1].map((partition) => ({ topic: g.topic, partition, offset: 5 + (i % 9) + partition })) }))
  return { groups, planned }
}

async function committedOf (groups: string[]): Promise<Map<string, Offsets>> {
  const client = new ClusterClient({ name: 'target', bootstrap: [kafka!.bootstrap], timeoutMs: 20_000 })
  try {
    return await client.committedOffsets(groups)
  } finally {
    await client.close()
  }
}

/**
 * An apply that lost its cluster part way: some groups applied, one failed naming the cluster, and
 * every later one failed as not attempted — the cluster was not asked again, group after group.
 */
function assertStoppedAsking (stdout: string, groups: number): void {
  const result = JSON.parse(stdout) as ApplyResult
  console.log(`  ${JSON.stringify(result.counts)}`)
  const failed = result.groups.filter((g) => g.status === 'failed')
  assert.ok(result.counts.applied >= 1 && result.counts.applied < groups && failed.length > 0, JSON.stringify(result.counts))
  const [first, ...rest] = failed
  assert.match(first!.error ?? '', /^target cluster: /)
  for (const g of rest) assert.match(g.error ?? '', /^not attempted: the target cluster stopped answering earlier in this run \(target cluster: /, g.group)
}

/** Starts `rollgate offsets apply --execute` one group at a time; resolves once `intents` intents are journaled. */
async function applyInFlight (plan: string, stateDir: string, intents: number): Promise<{ child: ChildProcess, done: Promise<CliResult & { seconds: number }> }> {
  const t0 = Date.now()
  const child = spawn(process.execPath, [bin, 'offsets', 'apply', '--execute', '--concurrency', '1', '--format', 'json', '--plan', plan], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const done = new Promise<CliResult & { seconds: number }>((resolvePromise) => child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr, seconds: (Date.now() - t0) / 1000 })))
  const journal = join(stateDir, 'journal.jsonl')
  const deadline = Date.now() + 60_000
  while ((readFileSync(journal, 'utf8').split('"type":"intent"').length - 1) < intents) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`apply never reached ${intents} intents: ${stdout}${stderr}`)
    await sleep(5)
  }
  return { child, done }
}

test('a paused broker (SIGSTOP): snapshot exits 3 and gate --all exits 1 with the target checks unknown, in bounded time; resumed, both converge', { timeout: 240_000 }, async () => {
  const sb = sandbox()
  const k = kafka!
  const topic = unique('fault-pause')
  await createTopic(sb.source, [topic], 1)
  await createTopic(k.bootstrap, [topic], 1)
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: k.bootstrap, topics: [topic], timeout: '3s' })

  k.pause()
  try {
    const snap = await timed(['snapshot', '--format', 'json', '--plan', plan])
    assert.equal(snap.code, 3, snap.stdout + snap.stderr)
    const s = JSON.parse(snap.stdout) as SnapshotJson
    assert.equal(s.sides.source.status, 'ok')
    assert.equal(s.sides.target.status, 'unreachable')
    assert.match(s.sides.target.error ?? '', /target cluster: .*(did not answer within 3000 ms|cannot reach)/)

    const gates = await timed(['gate', '--all', '--format', 'json', '--plan', plan])
    assert.equal(gates.code, 1, gates.stdout + gates.stderr)
    for (const g of JSON.parse(gates.stdout) as GateJson[]) {
      assert.notEqual(g.status, 'pass', g.gate)
      assert.equal(g.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')?.status, 'unknown', g.gate)
      assert.equal(g.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'source')?.status, 'pass', g.gate)
      for (const c of g.checks.filter((x) => /on-target|partition-count/.test(x.id))) assert.equal(c.status, 'unknown', `${g.gate} ${c.id}`)
    }
    await journalVerifies(plan)
  } finally {
    k.resume()
  }

  // back: the same commands see the target again
  const snap = await timed(['snapshot', '--format', 'json', '--plan', plan])
  assert.equal(snap.code, 0, snap.stdout + snap.stderr)
  assert.equal((JSON.parse(snap.stdout) as SnapshotJson).sides.target.status, 'ok')
  const pre = await timed(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
  const gate = JSON.parse(pre.stdout) as GateJson
  assert.equal(gate.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')?.status, 'pass')
  assert.ok(gate.checks.some((c) => c.id === 'topics.critical-exist-on-target' && c.subject === topic && c.status === 'pass'), pre.stdout)
  assert.deepEqual(gate.checks.filter((c) => c.status === 'unknown').map((c) => c.id), [])
  await journalVerifies(plan)
})

test('a paused target broker during verify: exit 3 within the bound, nothing recorded, shadow-read parity unknown; resumed, verify compares and the parity passes', { timeout: 240_000 }, async () => {
  const sb = sandbox()
  const k = kafka!
  // the same records on both sides, written by the test (no replication to the private broker)
  const topic = unique('fault-verify')
  await createTopic(sb.source, [topic], 2)
  await createTopic(k.bootstrap, [topic], 2)
  const batches = [0, 1].map((partition) => ({ topic, partition, count: 50 }))
  await produce(sb.source, batches)
  await produce(k.bootstrap, batches)
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: k.bootstrap, topics: [topic], timeout: '3s' })

  k.pause()
  let paused: CliResult
  try {
    paused = await timed(['verify', '--no-invariants', '--progress', 'none', '--workers', '0', '--format', 'json', '--plan', plan])
  } finally {
    k.resume()
  }
  // no answer from the target at all: unreachable, and no result recorded for the shadow-read gate
  assert.equal(paused.code, 3, paused.stdout + paused.stderr)
  assert.match(paused.stderr, /^rollgate: target cluster: .*(did not answer within 3000 ms|cannot reach)/)
  assert.doesNotMatch(paused.stderr, /internal error|\n\s+at /)
  assert.equal(existsSync(join(dir, '.rollgate', 'journal.jsonl')), false, 'nothing recorded')
  const before = await timed(['gate', 'shadow-read', '--format', 'json', '--plan', plan])
  assert.equal(before.code, 1)
  assert.equal((JSON.parse(before.stdout) as GateJson).checks.find((c) => c.id === 'shadow-read.parity')?.status, 'unknown')

  const back = await timed(['verify', '--no-invariants', '--progress', 'none', '--workers', '0', '--format', 'json', '--plan', plan])
  assert.equal(back.code, 0, back.stdout + back.stderr)
  const result = JSON.parse(back.stdout) as { run: { compared: number } }
  assert.equal(result.run.compared, 100)
  const after = await timed(['gate', 'shadow-read', '--format', 'json', '--plan', plan])
  assert.equal((JSON.parse(after.stdout) as GateJson).checks.find((c) => c.id === 'shadow-read.parity' && c.subject === topic)?.status, 'pass', after.stdout)
  await journalVerifies(plan)
})

test('a broker paused during offsets apply --execute: a bounded end, a journal with an outcome for every intent, and after SIGCONT a re-run converges', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  const k = kafka!
  const { groups, planned } = await groupsToMove(8, 'fault-apply-pause')
  const dir = tempDir()
  // a 15 s timeout: the apply holds the state dir's lock well past the 5 s a second process waits
  // (and the second one's start on a loaded machine)
  const plan = writePlan(dir, { source: sb.source, target: k.bootstrap, topics: groups.map((g) => g.topic), timeout: '15s' })
  const stateDir = join(dir, '.rollgate')
  await recordResetPlan(stateDir, planned)

  const { child, done } = await applyInFlight(plan, stateDir, 2)
  k.pause()
  let run: CliResult & { seconds: number }
  let second: CliResult
  try {
    // a second rollgate on the same state dir meanwhile: it waits for the lock, then refuses naming the holder
    second = await rollgate(['snapshot', '--plan', plan])
    run = await done
  } finally {
    k.resume()
  }
  console.log(`apply with the broker paused: exit ${run.code} in ${run.seconds.toFixed(1)} s; meanwhile a second rollgate: exit ${second.code}: ${second.stderr.trim()}`)
  assert.ok(run.seconds < boundSeconds, `apply took ${run.seconds} s`)
  assert.equal(second.code, 1, second.stdout + second.stderr)
  assert.match(second.stderr, new RegExp(`^rollgate: the state dir is in use by rollgate pid ${child.pid} on .* waited 5000 ms`))
  assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stdout}${run.stderr}`)
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /)
  if (run.code === 1) assertStoppedAsking(run.stdout, groups.length)
  // nothing half-applied without a record: every intent the run wrote got its outcome
  assert.equal(await pendingIntents(stateDir), 0)
  await journalVerifies(plan)

  const rerun = await timed(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
  const result = JSON.parse(rerun.stdout) as ApplyResult
  assert.equal(result.counts.applied + result.counts['already-at-plan'], groups.length)
  const committed = await committedOf(groups.map((g) => g.group))
  for (const g of planned) assert.deepEqual(byKey(committed.get(g.group) ?? []), byKey(g.offsets), g.group)
  assert.equal(await pendingIntents(stateDir), 0)
  await journalVerifies(plan)
})

test('a broker killed (SIGKILL) during offsets apply --execute, then restarted: bounded end, exit 1 or 3, a consistent journal, and a re-run converges', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  const k = kafka!
  const { groups, planned } = await groupsToMove(8, 'fault-apply-kill')
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: k.bootstrap, topics: groups.map((g) => g.topic), timeout: '3s' })
  const stateDir = join(dir, '.rollgate')
  await recordResetPlan(stateDir, planned)

  const { done } = await applyInFlight(plan, stateDir, 2)
  await k.kill()
  const run = await done
  console.log(`apply with the broker killed: exit ${run.code} in ${run.seconds.toFixed(1)} s`)
  assert.ok(run.seconds < boundSeconds, `apply took ${run.seconds} s`)
  assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stdout}${run.stderr}`)
  if (run.code === 1) assertStoppedAsking(run.stdout, groups.length)
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /)
  assert.equal(await pendingIntents(stateDir), 0)
  await journalVerifies(plan)

  // with the broker still down: snapshot says unreachable, the gate's target checks are unknown
  const snap = await timed(['snapshot', '--format', 'json', '--plan', plan])
  assert.equal(snap.code, 3, snap.stdout + snap.stderr)
  const gate = await timed(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
  assert.equal(gate.code, 1)
  assert.equal((JSON.parse(gate.stdout) as GateJson).checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')?.status, 'unknown')

  await k.restart()
  const rerun = await timed(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
  const result = JSON.parse(rerun.stdout) as ApplyResult
  assert.equal(result.counts.applied + result.counts['already-at-plan'], groups.length)
  const committed = await committedOf(groups.map((g) => g.group))
  for (const g of planned) assert.deepEqual(byKey(committed.get(g.group) ?? []), byKey(g.offsets), g.group)
  await journalVerifies(plan)
})

test('a state dir that cannot be written: offsets apply --execute refuses (exit 1) and no offset moves', { timeout: 180_000 }, async () => {
  const sb = sandbox()
  const k = kafka!
  const { groups, planned } = await groupsToMove(2, 'fault-readonly')
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: k.bootstrap, topics: groups.map((g) => g.topic), timeout: '3s' })
  const stateDir = join(dir, '.rollgate')
  await recordResetPlan(stateDir, planned)
  const before = await committedOf(groups.map((g) => g.group))
  const journalBefore = readFileSync(join(stateDir, 'journal.jsonl'))

  // root ignores permission bits: then rollgate runs as nobody, for whom the mode is what it says
  const asNobody = process.getuid?.() === 0
  const run = async (args: string[]) => asNobody ? rollgateAs(65534, args) : rollgate(args)
  chmodSync(dir, 0o755)
  chmodSync(plan, 0o644)
  const journal = join(stateDir, 'journal.jsonl')
  const files = [stateDir, ...readdirSync(stateDir, { recursive: true, encoding: 'utf8' }).map((f) => join(stateDir, f))]
  try {
    // the journal alone read-only: the lock can be taken, the intent cannot be written
    for (const f of files) chmodSync(f, f === journal ? 0o444 : isDir(f) ? 0o777 : 0o666)
    const journalOnly = await run(['offsets', 'apply', '--execute', '--plan', plan])
    console.log(`journal read-only: exit ${journalOnly.code}: ${journalOnly.stderr.trim()}`)
    assert.equal(journalOnly.code, 1, journalOnly.stdout + journalOnly.stderr)
    assert.match(journalOnly.stderr, /^rollgate: cannot append an? intent entry to the journal \S+journal\.jsonl, so the change was not made: EACCES/)

    // the whole state dir read-only: refused before anything
    for (const f of files) chmodSync(f, isDir(f) ? 0o555 : 0o444)
    const readOnly = await run(['offsets', 'apply', '--execute', '--plan', plan])
    console.log(`state dir read-only: exit ${readOnly.code}: ${readOnly.stderr.trim()}`)
    assert.equal(readOnly.code, 1, readOnly.stdout + readOnly.stderr)
    assert.match(readOnly.stderr, /^rollgate: cannot lock the state dir .*(EACCES|permission)/i)
  } finally {
    for (const f of files) if (existsSync(f)) chmodSync(f, isDir(f) ? 0o755 : 0o644)
  }
  assert.deepEqual(await committedOf(groups.map((g) => g.group)), before, 'no offset moved')
  assert.deepEqual(readFileSync(journal), journalBefore, 'the journal is as it was')
  assert.equal(await pendingIntents(stateDir), 0)

  // writable again: the same command applies
  const applied = await rollgate(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
  assert.equal(applied.code, 0, applied.stdout + applied.stderr)
  assert.equal((JSON.parse(applied.stdout) as ApplyResult).counts.applied, groups.length)
})

test('a paused schema registry: the pre-replication gate ends in bounded time with the schema checks unknown; resumed, they are evaluated', { timeout: 240_000 }, async () => {
  const sb = sandbox()
  registry = await startPrivateRegistry(tempDir(), faultBasePort())
  const r = registry
  const subject = unique('fault-value')
  const registered = await fetch(`${r.url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] }) }),
  })
  assert.equal(registered.status, 200, await registered.text())
  const topic = unique('fault-registry')
  await createTopic(sb.source, [topic], 1)
  await createTopic(kafka!.bootstrap, [topic], 1)
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: kafka!.bootstrap, topics: [topic], timeout: '3s' })
  // both sides read the same private registry: equal when it answers, unknown when it does not
  const text = readFileSync(plan, 'utf8')
    .replace(/(source: \{ bootstrap: \[[^\]]+\])/, `$1, schemaRegistry: { url: ${JSON.stringify(r.url)} }`)
    .replace(/(target: \{ bootstrap: \[[^\]]+\])/, `$1, schemaRegistry: { url: ${JSON.stringify(r.url)} }`)
    .replace('gates:', `schemas:\n  subjects:\n    - names: [${JSON.stringify(subject)}]\ngates:`)
  writeFileSync(plan, text)

  r.pause()
  let paused: CliResult & { seconds: number }
  try {
    paused = await timed(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
  } finally {
    r.resume()
  }
  assert.equal(paused.code, 1, paused.stdout + paused.stderr)
  const gate = JSON.parse(paused.stdout) as GateJson
  const schemaChecks = gate.checks.filter((c) => c.id.startsWith('schemas.'))
  assert.ok(schemaChecks.length > 0, paused.stdout)
  for (const c of schemaChecks) {
    assert.equal(c.status, 'unknown', `${c.id}: ${c.message}`)
  }
  assert.ok(schemaChecks.some((c) => /registry/.test(c.message) && /3000 ms|did not answer|timed out|cannot reach/i.test(c.message)), JSON.stringify(schemaChecks))
  assert.equal(gate.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')?.status, 'pass')
  await journalVerifies(plan)

  const back = await timed(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
  const evaluated = (JSON.parse(back.stdout) as GateJson).checks.filter((c) => c.id.startsWith('schemas.'))
  assert.deepEqual(evaluated.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}: ${c.message}`), [])
  assert.ok(evaluated.some((c) => c.id === 'schemas.versions-match' && c.subject === subject))
  await journalVerifies(plan)
})

function isDir (path: string): boolean {
  return statSync(path).isDirectory()
}

/** The CLI as another user (setpriv), for a root test run to see permission bits enforced. */
function rollgateAs (uid: number, args: string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }))
  })
}

test('a paused Connect worker: the shadow-read gate ends in bounded time with the connectors checks unknown; resumed, they are evaluated', { timeout: 240_000 }, async () => {
  const sb = sandbox()
  connect = await startPrivateConnect(tempDir(), kafka!)
  const c = connect
  const topic = unique('fault-connect')
  await createTopic(sb.source, [topic], 1)
  await createTopic(kafka!.bootstrap, [topic], 1)
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: kafka!.bootstrap, topics: [topic], timeout: '3s' })
  writeFileSync(plan, readFileSync(plan, 'utf8')
    .replace(/(source: \{ bootstrap: \[[^\]]+\])/, `$1, connect: { urls: [${JSON.stringify(c.url)}] }`)
    .replace(/(target: \{ bootstrap: \[[^\]]+\])/, `$1, connect: { urls: [${JSON.stringify(c.url)}] }`))

  c.pause()
  let paused: CliResult & { seconds: number }
  try {
    paused = await timed(['gate', 'shadow-read', '--format', 'json', '--plan', plan])
  } finally {
    c.resume()
  }
  assert.equal(paused.code, 1, paused.stdout + paused.stderr)
  const gate = JSON.parse(paused.stdout) as GateJson
  const connectorChecks = gate.checks.filter((x) => x.id.startsWith('connectors.'))
  assert.ok(connectorChecks.length > 0, paused.stdout)
  for (const x of connectorChecks) assert.equal(x.status, 'unknown', `${x.id}: ${x.message}`)
  assert.ok(connectorChecks.some((x) => /Connect .*(unreachable|could not be)/.test(x.message) && /3000 ms|did not answer|cannot reach|timed? ?out/i.test(x.message)), JSON.stringify(connectorChecks))
  assert.equal(gate.checks.find((x) => x.id === 'clusters.reachable' && x.subject === 'target')?.status, 'pass')
  await journalVerifies(plan)

  const back = await timed(['gate', 'shadow-read', '--format', 'json', '--plan', plan])
  const evaluated = (JSON.parse(back.stdout) as GateJson).checks.filter((x) => x.id.startsWith('connectors.'))
  assert.ok(evaluated.length > 0)
  assert.deepEqual(evaluated.filter((x) => x.status === 'unknown').map((x) => `${x.id}: ${x.message}`), [])
  await journalVerifies(plan)
})
