/**
 * Integration: `rollgate rollback` on the sandbox, through the real CLI. Refused while a consumer of
 * a critical group is live on the target, and once the point of no return has passed (journaled by
 * `advance --force --reason`), changing nothing either time. Killed with SIGKILL during `--execute`
 * — once mid-apply, once mid-client-switch — each re-run resumes the same rollback: every group at
 * its planned source offsets, one phase move, a complete journal.
 *
 * The groups are named `connect-…`: MirrorMaker 2's sync.group.offsets (on for every group in the
 * sandbox) excludes those by default. A group rollback manages must be left alone by it — it rewrites
 * an idle group's offsets on the target (see rehearse.test.ts and actions/rollback.ts).
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { Admin, Consumer } from '@platformatic/kafka'
import type { RollbackResult } from '../src/actions/rollback.ts'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { ResetPlan } from '../src/offsets/types.ts'
import { connectorStatus, connectUrls, createConnector, deleteConnector } from './support/connect.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, sleep, unique } from './support/sandbox.ts'

const bin = resolve(import.meta.dirname, '..', 'bin', 'rollgate.js')

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-rollback-'))
  dirs.push(dir)
  return dir
}

interface Setup { plan: string, stateDir: string, topic: string, groups: string[] }

/**
 * A topic replicated to the target and groups that "moved" there: committed on the source at 10,
 * on the target further on. Phase shadow-read, through forced advances.
 */
async function moved (prefix: string, groupCount: number, clients: string): Promise<Setup> {
  const sb = sandbox()
  const topic = unique(prefix)
  const groups = Array.from({ length: groupCount }, (_, i) => unique(`connect-${prefix}-${i}`))
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produce(sb.source, [0, 1, 2].map((partition) => ({ topic, partition, count: 100 })))
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    // the copies must be on the target, with offset syncs up to the last record, before positions can be proven
    await eventually(`${topic} copied to the target`, 120_000, async () => {
      if (!(await target.listTopics()).includes(topic)) return undefined
      const ends = await target.offsets([0, 1, 2].map((partition) => ({ topic, partition })), 'latest')
      return ends.every((e) => e.offset >= 100) ? true : undefined
    })
    await Promise.all(groups.map((g, i) => source.commitOffsets(g, [0, 1, 2].map((partition) => ({ topic, partition, offset: 10 })))
      .then(() => target.commitOffsets(g, [0, 1, 2].map((partition) => ({ topic, partition, offset: 40 + (i % 50) + partition }))))))
  } finally {
    await Promise.all([source.close(), target.close()])
  }
  const dir = tempDir()
  const plan = join(dir, 'rollgate.yaml')
  writeFileSync(plan, `version: 1
name: rollback test
clusters:
  source: { bootstrap: [${JSON.stringify(sb.source)}] }
  target: { bootstrap: [${JSON.stringify(sb.target)}] }
replication: { kind: mirrormaker2, naming: ${sb.naming} }
rollbackWindow: 72h
topics:
  - names: [${JSON.stringify(topic)}]
    criticality: critical
groups:
${groups.map((g) => `  - { name: ${g}, strategy: exact, owner: test-team }`).join('\n')}
clients:
${clients}
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: test-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 60s
`)
  for (const phase of ['replicating', 'shadow-read']) {
    const moved = await rollgate(['advance', phase, '--execute', '--force', '--reason', 'test: the gates are not under test', '--plan', plan], { timeoutMs: 180_000 })
    assert.equal(moved.code, 0, moved.stdout + moved.stderr)
  }
  return { plan, stateDir: join(dir, '.rollgate'), topic, groups }
}

const lastPhase = (entries: Array<{ type: string, data: unknown }>) => (entries.filter((e) => e.type === 'phase').at(-1)?.data as { to?: string } | undefined)?.to

async function journal (stateDir: string) {
  const state = await openStateDir(stateDir, { readOnly: true })
  try {
    return { entries: state.journal.entries(), pending: state.journal.pendingIntents(), evidence: (id: string) => state.evidence.get(id) }
  } finally {
    state.close()
  }
}

test('rollback is refused while a consumer of a critical group is live on the target, and after the point of no return; nothing changes', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const s = await moved('rb-refuse', 1, '  - { name: checkout, owner: checkout-team, switchToTarget: "true", switchToSource: "true" }')
  const group = s.groups[0]!
  const consumer = new Consumer({ clientId: 'rollgate-test-still-on-target', groupId: group, bootstrapBrokers: [sb.target], sessionTimeout: 10_000, heartbeatInterval: 500 })
  const stream = await consumer.consume({ topics: [s.topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 200 })
  stream.on('data', () => {})
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  try {
    const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
    try {
      await eventually(`${group} to have a member on the target`, 60_000, async () => {
        const [g] = await target.describeGroups([{ id: group, type: null }])
        return g?.state === 'Stable' && g.members.length === 1 ? true : undefined
      })
    } finally {
      await target.close()
    }
    const before = await journal(s.stateDir)
    const sourceBefore = await source.committedOffsets([group])

    for (const args of [[], ['--execute']]) {
      const refused = await rollgate(['rollback', ...args, '--plan', s.plan], { timeoutMs: 180_000 })
      assert.equal(refused.code, 1, refused.stdout + refused.stderr)
      assert.match(refused.stdout, new RegExp(`target groups inactive\\s+refused\\s+still active on the target: ${group} \\(Stable, 1 member\\(s\\): rollgate-test-still-on-target\\)`))
    }
    const afterRefusal = await journal(s.stateDir)
    assert.equal(afterRefusal.entries.filter((e) => e.type === 'intent').length, before.entries.filter((e) => e.type === 'intent').length, 'no intent: nothing was about to change')
    assert.equal(lastPhase(afterRefusal.entries), 'shadow-read')
    assert.deepEqual(await source.committedOffsets([group]), sourceBefore, 'the source group is untouched')
  } finally {
    await stream.close().catch(() => {})
    await consumer.close(true).catch(() => {})
  }

  // past the point of no return: refused whatever the groups do, with the reason
  try {
    for (const phase of ['producers-on-target', 'target-authoritative']) {
      const moved = await rollgate(['advance', phase, '--execute', '--force', '--reason', 'test: declare the target authoritative', '--plan', s.plan], { timeoutMs: 180_000 })
      assert.equal(moved.code, 0, moved.stdout + moved.stderr)
    }
    const before = await journal(s.stateDir)
    const sourceBefore = await source.committedOffsets([group])
    const refused = await rollgate(['rollback', '--execute', '--plan', s.plan], { timeoutMs: 180_000 })
    assert.equal(refused.code, 1, refused.stdout + refused.stderr)
    assert.match(refused.stdout, /availability\s+refused\s+the target was declared authoritative at .*: rollback is over, recover forward on the target/)
    // no --force brings it back
    const forced = await rollgate(['rollback', '--execute', '--force', '--reason', 'test: try anyway', '--plan', s.plan], { timeoutMs: 180_000 })
    assert.equal(forced.code, 1, forced.stdout + forced.stderr)
    assert.match(forced.stdout, /recover forward on the target/)
    const json = JSON.parse((await rollgate(['rollback', '--format', 'json', '--plan', s.plan], { timeoutMs: 180_000 })).stdout) as RollbackResult
    assert.deepEqual([json.from, json.ok, json.steps.map((x) => x.status)], ['target-authoritative', false, ['refused']])
    const noReason = await rollgate(['rollback', '--execute', '--force', '--plan', s.plan])
    assert.equal(noReason.code, 2)
    assert.match(noReason.stderr, /--force needs --reason/)
    const afterRefusal = await journal(s.stateDir)
    assert.equal(afterRefusal.entries.filter((e) => e.type === 'intent').length, before.entries.filter((e) => e.type === 'intent').length)
    assert.equal(afterRefusal.entries.filter((e) => e.type === 'phase').length, before.entries.filter((e) => e.type === 'phase').length)
    assert.deepEqual(await source.committedOffsets([group]), sourceBefore)
  } finally {
    await source.close()
  }
})

test('SIGKILL during rollback --execute (mid-apply, then mid-client-switch): each re-run resumes it; groups at plan, one phase move, complete journal', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const dir = tempDir()
  const switched = join(dir, 'switched.log')
  // a slow client switch: a window to kill in
  const s = await moved('rb-kill', 30, `  - { name: checkout, owner: checkout-team, switchToTarget: "true", switchToSource: "sleep 3; echo switched >> ${switched}" }`)
  const journalFile = join(s.stateDir, 'journal.jsonl')
  const killWhen = async (what: RegExp): Promise<string> => {
    const child = spawn(process.execPath, [bin, 'rollback', '--execute', '--plan', s.plan], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d })
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)))
    const start = readFileSync(journalFile, 'utf8').length
    const deadline = Date.now() + 120_000
    while (!what.test(readFileSync(journalFile, 'utf8').slice(start)) && Date.now() < deadline) await sleep(2)
    child.kill('SIGKILL')
    assert.equal(await exited, null, `killed, not ended by itself: ${out}`)
    return out
  }

  // 1. killed mid-apply: the rollback's intent and some offsets.apply intents are left pending
  await killWhen(/"action":"offsets\.apply"/)
  const first = await journal(s.stateDir)
  const rollbackIntent = first.pending.find((i) => i.data.action === 'rollback')
  assert.ok(rollbackIntent, 'the rollback itself is a pending intent')
  assert.deepEqual(rollbackIntent.data.changes, [{ subject: 'phase', before: 'shadow-read', after: 'replicating' }])
  assert.equal(lastPhase(first.entries), 'shadow-read')
  console.log(`killed mid-apply: ${first.pending.length} pending intent(s): ${first.pending.map((i) => i.data.action).join(', ')}`)

  // 2. the re-run resumes it, and is killed in turn during the client switch
  await killWhen(/"action":"client\.switch"/)
  const second = await journal(s.stateDir)
  assert.deepEqual(second.pending.map((i) => i.data.action).sort(), ['client.switch', 'rollback'])
  const closed = new Map(second.entries.flatMap((e) => (e.type === 'outcome' ? [[e.data.actionId, e.data]] : [])))
  for (const intent of first.pending) assert.ok(closed.has(intent.data.actionId), `the re-run closed ${intent.data.action} ${intent.data.actionId}`)
  assert.match(closed.get(rollbackIntent.data.actionId)!.error ?? '', /^interrupted before its outcome was recorded; resumed by rollback rollback-/)

  // 3. the next re-run converges
  const t0 = Date.now()
  const rerun = await rollgate(['rollback', '--execute', '--format', 'json', '--plan', s.plan], { timeoutMs: 300_000 })
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
  const result = JSON.parse(rerun.stdout) as RollbackResult
  console.log(`re-run: ${Date.now() - t0} ms; ${result.steps.map((x) => `${x.step}: ${x.status}`).join('; ')}`)
  assert.deepEqual([result.from, result.to, result.ok], ['shadow-read', 'replicating', true])
  assert.ok(result.resumed, 'it resumed the interrupted rollback')
  assert.match(result.steps.find((x) => x.step === 'reset source groups')!.detail, new RegExp(`${s.groups[0]}: already-at-plan|${s.groups[0]}: applied`))
  assert.equal(result.steps.find((x) => x.step === 'switch checkout')?.status, 'done')

  const done = await journal(s.stateDir)
  assert.deepEqual(done.pending, [], 'every intent has an outcome')
  const phases = done.entries.filter((e) => e.type === 'phase')
  assert.deepEqual(phases.map((e) => e.type === 'phase' ? `${e.data.from}->${e.data.to}` : ''), ['prepare->replicating', 'replicating->shadow-read', 'shadow-read->replicating'], 'one phase move for the rollback')
  const verify = await rollgate(['journal', 'verify', '--plan', s.plan])
  assert.equal(verify.code, 0, verify.stdout + verify.stderr)
  assert.match(readFileSync(switched, 'utf8'), /switched/)

  // every group at its planned source offsets: the positions its target progress translates to
  const plan = done.evidence(result.evidence.resetPlan!) as ResetPlan
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  try {
    const committed = await source.committedOffsets(s.groups)
    assert.equal(plan.groups.length, s.groups.length)
    for (const g of plan.groups) {
      const now = new Map((committed.get(g.group) ?? []).map((o) => [`${o.topic}-${o.partition}`, o.offset]))
      for (const o of g.offsets) assert.equal(now.get(`${o.topic}-${o.partition}`), o.planned, `${g.group} ${o.topic}-${o.partition}`)
      // proven by content: the same offsets as on the target (identity copies, each record once)
      assert.ok(g.offsets.every((o) => o.planned > 10), `${g.group} moved forward from 10`)
    }
  } finally {
    await source.close()
  }
})

test('rollback pauses the plan\'s target connectors before clients move back and resumes its source ones, journaled; dry run changes nothing; a re-run finds them in place', { timeout: 600_000 }, async () => {
  const urls = connectUrls()
  const s = await moved('rb-conn', 1, '  - { name: checkout, owner: checkout-team, switchToTarget: "true", switchToSource: "true" }')
  const dir = tempDir()
  const targetSink = unique('rb-sink-tgt')
  const sourceSink = unique('rb-sink-src')
  const sink = (file: string) => ({ 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: s.topic, file, 'tasks.max': '1' })
  try {
    await createConnector(urls.target, targetSink, sink(join(dir, 'target.out')))
    await createConnector(urls.source, sourceSink, sink(join(dir, 'source.out')))
    // the source sink was paused when consumers moved to the target
    await eventually(`${sourceSink} running`, 60_000, async () => ((await connectorStatus(urls.source, sourceSink))?.tasks[0]?.state === 'RUNNING' ? true : undefined))
    const paused = await fetch(`${urls.source}/connectors/${sourceSink}/pause`, { method: 'PUT' })
    assert.equal(paused.status, 202)
    await eventually(`${sourceSink} paused`, 60_000, async () => ((await connectorStatus(urls.source, sourceSink))?.tasks[0]?.state === 'PAUSED' ? true : undefined))
    await eventually(`${targetSink} running`, 60_000, async () => ((await connectorStatus(urls.target, targetSink))?.tasks[0]?.state === 'RUNNING' ? true : undefined))

    const text = readFileSync(s.plan, 'utf8')
      .replace(/( {2}source: \{ bootstrap: \[[^\]]*\])/, `$1, connect: { urls: [${JSON.stringify(urls.source)}] }`)
      .replace(/( {2}target: \{ bootstrap: \[[^\]]*\])/, `$1, connect: { urls: [${JSON.stringify(urls.target)}] }`)
      .replace('clients:\n', `connectors:\n  - { name: ${targetSink}, side: target, sideEffect: upsert, owner: data }\n  - { name: ${sourceSink}, side: source, sideEffect: upsert, owner: data }\nclients:\n`)
    writeFileSync(s.plan, text)

    const dry = JSON.parse((await rollgate(['rollback', '--format', 'json', '--plan', s.plan], { timeoutMs: 180_000 })).stdout) as RollbackResult
    const step = (r: RollbackResult, name: string) => r.steps.find((x) => x.step === name)
    assert.equal(step(dry, 'pause target connectors')?.status, 'would', JSON.stringify(dry.steps))
    assert.match(step(dry, 'pause target connectors')!.detail, new RegExp(`${targetSink}: RUNNING -> PAUSED would`))
    assert.equal(step(dry, 'resume source connectors')?.status, 'would')
    assert.equal((await connectorStatus(urls.target, targetSink))?.connector.state, 'RUNNING', 'a dry run changes nothing')

    const run = await rollgate(['rollback', '--execute', '--format', 'json', '--plan', s.plan], { timeoutMs: 300_000 })
    const done = JSON.parse(run.stdout) as RollbackResult
    assert.equal(done.ok, true, JSON.stringify(done.steps))
    const order = done.steps.map((x) => x.step)
    assert.ok(order.indexOf('pause target connectors') < order.indexOf('switch checkout'), 'target side effects stop before clients move back')
    assert.ok(order.indexOf('resume source connectors') > order.indexOf('switch checkout'))
    assert.deepEqual([(await connectorStatus(urls.target, targetSink))?.connector.state, (await connectorStatus(urls.source, sourceSink))?.connector.state], ['PAUSED', 'RUNNING'])
    const entries = (await journal(s.stateDir)).entries
    const intents = entries.filter((e) => e.type === 'intent').map((e) => e.data as { action: string, changes: Array<{ subject: string }> })
    assert.ok(intents.some((i) => i.action === 'connector.pause' && i.changes[0]?.subject === `connector target/${targetSink}`))
    assert.ok(intents.some((i) => i.action === 'connector.resume' && i.changes[0]?.subject === `connector source/${sourceSink}`))
    assert.equal((await journal(s.stateDir)).pending.length, 0)
  } finally {
    await deleteConnector(urls.target, targetSink)
    await deleteConnector(urls.source, sourceSink)
  }
})
