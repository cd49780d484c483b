/**
 * Integration: the replication gate on real MirrorMaker 2 flows.
 *
 * "MirrorMaker 2 stopped while the source keeps producing": the flow's MirrorMaker 2 process is
 * frozen with SIGSTOP (bounded, always resumed: a `finally`, a timer, and a detached watchdog that
 * sends SIGCONT even if this process dies), the source keeps producing, and the gate must fail with
 * lag figures equal to a direct count — the source log end against the records actually on the
 * target copy, read and checked by content — then pass again once MirrorMaker 2 has caught up.
 * The sandbox's MirrorMaker 2 processes are shared by every test, so only flows no other test
 * relies on are frozen:
 * - prefix naming: the sandbox's `lag0` flow (only `lag0-…` topics, copied as `src0.lag0-…`, a sync
 *   per record);
 * - identity naming: a MirrorMaker 2 process this test starts itself, on the sandbox's clusters,
 *   with IdentityReplicationPolicy and the default `offset.lag.max` (100). It copies only `rgid-…`
 *   topics named `….replica`, which the sandbox's main flow leaves alone (its default
 *   `topics.exclude` has `.*\.replica`), so no other writer touches the copy. Freezing the main flow
 *   instead would stall every other test; waiting for a window in which it has not picked up a new
 *   topic yet would be a race.
 * "Retention shorter than the rollback window fails the gate, naming topic, side and the gap".
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { sandboxAssets } from '../src/sandbox/artifacts.ts'
import { lag0Flow } from '../src/sandbox/layout.ts'
import { findJava } from '../src/sandbox/prerequisites.ts'
import { consumeAndCommit, produceSequenced } from '../src/sandbox/traffic.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, sleep, unique } from './support/sandbox.ts'

interface Check { id: string, status: string, subject: string, message: string, evidence: unknown }
interface GateJson { gate: string, status: string, checks: Check[] }
interface LagFigures { partition: number, sourceLogEnd: number, targetLogEnd: number | null, mapped: number | null, method: string | null, records: number | null, timeMs: number | null }

const partitions = [0, 1, 2]
const dirs: string[] = []
const cleanups: Array<() => Promise<void> | void> = []
after(async () => {
  for (const c of cleanups.reverse()) await c()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-replication-'))
  dirs.push(dir)
  return dir
}

async function createTopic (bootstrap: string, topic: string, configs: Array<{ name: string, value: string }> = []): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap] })
  try {
    await admin.createTopics({ topics: [topic], partitions: partitions.length, replicas: 1, configs })
  } finally {
    await admin.close()
  }
}

interface Flow { sourceAlias: string, targetAlias: string, naming: 'identity' | 'prefix', copy: string }

/** A plan for one topic and group on one flow: lag limit 100 records / 10 minutes. */
function planFor (flow: Flow, topic: string, group: string | null): string {
  const sb = sandbox()
  const file = writePlan(tempDir(), { source: sb.source, target: sb.target, topics: [topic], groups: group ? [{ name: group, strategy: 'translate' }] : [], naming: flow.naming, timeout: '30s' })
  const text = readFileSync(file, 'utf8')
    .replace(/replication: \{ kind: mirrormaker2, naming: (\w+) \}/, `replication: { kind: mirrormaker2, naming: $1, sourceAlias: ${flow.sourceAlias}, targetAlias: ${flow.targetAlias} }`)
    .replace('    criticality: critical\n', '    criticality: critical\n    lag: { records: 100, time: 10m }\n')
  writeFileSync(file, text)
  return file
}

async function gate (plan: string): Promise<{ code: number, gate: GateJson }> {
  const result = await rollgate(['gate', 'replication', '--format', 'json', '--plan', plan], { timeoutMs: 180_000 })
  assert.ok(result.stdout.startsWith('{'), `rollgate gate replication: ${result.stderr}`)
  return { code: result.code, gate: JSON.parse(result.stdout) as GateJson }
}

const notPassing = (g: GateJson) => g.checks.filter((c) => c.status !== 'pass' && c.status !== 'warn').map((c) => `${c.status} ${c.id} ${c.subject}: ${c.message}`).join('; ')
const lagOf = (g: GateJson, topic: string) => g.checks.find((c) => c.id === 'replication.lag' && c.subject === topic)!
const figuresOf = (c: Check) => (c.evidence as { partitions: LagFigures[] }).partitions

/** The records of one partition of a copy: how many, checked to be the source's first ones in order. */
async function countCopied (bootstrap: string, copy: string, source: string): Promise<Map<number, number>> {
  const client = new ClusterClient({ name: 'target', bootstrap: [bootstrap] })
  const reader = client.rangeReader()
  const counts = new Map<number, number>()
  try {
    const ends = await client.offsets(partitions.map((partition) => ({ topic: copy, partition })), 'latest')
    for (const p of partitions) {
      const end = ends.find((e) => e.partition === p)!.offset
      let n = 0
      for await (const r of reader.read(copy, p, 0, end)) {
        // the traffic producer writes `<topic>/<partition>/<i>` at source offset i: the copy must hold 0..n-1
        assert.equal(r.value?.toString(), `${source}/${p}/${n}`, `${copy}-${p}@${r.offset} is the copy of source record ${n}`)
        n++
      }
      counts.set(p, n)
    }
  } finally {
    await reader.close()
    await client.close()
  }
  return counts
}

/** Produces to every partition, batch after batch, until stopped; resolves with the records produced. */
function keepProducing (bootstrap: string, topic: string, start: number): { firstAckAt: Promise<number>, stop: () => Promise<number> } {
  let stopped = false
  let next = start
  let first: (t: number) => void = () => {}
  let failed: (error: unknown) => void = () => {}
  const firstAckAt = new Promise<number>((resolve, reject) => { first = resolve; failed = reject })
  const loop = (async () => {
    while (!stopped) {
      await produceSequenced(bootstrap, partitions.map((partition) => ({ topic, partition, count: 40 })), { start: next })
      if (next === start) first(Date.now())
      next += 40
      await sleep(150)
    }
  })()
  loop.catch(failed)
  return { firstAckAt, stop: async () => { stopped = true; await loop; return next - start } }
}

/**
 * Runs `work` with process `pid` frozen (SIGSTOP), for at most `maxMs`: resumed in a `finally`, by
 * a timer, and by a detached watchdog that outlives this process should it be killed.
 */
async function whileStopped<T> (pid: number, maxMs: number, work: (stoppedAt: number) => Promise<T>): Promise<T> {
  const watchdog = spawn('sh', ['-c', `sleep ${Math.ceil(maxMs / 1000) + 5}; kill -CONT ${pid}`], { detached: true, stdio: 'ignore' })
  watchdog.unref()
  const resume = () => { try { process.kill(pid, 'SIGCONT') } catch {} }
  const timer = setTimeout(resume, maxMs)
  process.once('exit', resume)
  process.kill(pid, 'SIGSTOP')
  try {
    return await work(Date.now())
  } finally {
    clearTimeout(timer)
    resume()
    process.off('exit', resume)
    try { process.kill(watchdog.pid!, 'SIGKILL') } catch {}
  }
}

/**
 * The group consumes the whole topic before the scenario: MirrorMaker 2 drops intermediate offset
 * syncs when many are outstanding (it keeps the newest pending one per partition), so a position in
 * the middle may have no sync at or below it — which `replication.sync-history` rightly fails — while
 * the sync of the last copied record is always written at MirrorMaker 2's offset commit.
 *
 * The scenario on one flow: caught up and passing; frozen while the source keeps producing → fails
 * with figures equal to the direct count; resumed → passes again.
 */
async function stopAndCatchUp (flow: Flow, topic: string, group: string, pid: number): Promise<void> {
  const produced = 3 * 200
  const sb = sandbox()
  const plan = planFor(flow, topic, group)
  await eventually('the gate to pass before MirrorMaker 2 is stopped', 180_000, async () => {
    const { code, gate: g } = await gate(plan)
    if (code === 0 && lagOf(g, topic)?.status === 'pass') return true
    // thrown, so that a timeout says what still failed
    throw new Error(notPassing(g))
  })

  const { stoppedGate, counts, gateStartedAt, gateEndedAt, firstAckAt, stoppedAt } = await whileStopped(pid, 90_000, async (stoppedAt) => {
    const producer = keepProducing(sb.source, topic, produced / 3)
    try {
      const firstAckAt = await producer.firstAckAt
      // enough for the lag limit (100 records) on every partition, the producer still running
      await sleep(1_500)
      const gateStartedAt = Date.now()
      const { code, gate: stoppedGate } = await gate(plan)
      const gateEndedAt = Date.now()
      assert.equal(code, 1)
      const counts = await countCopied(sb.target, flow.copy, topic)
      return { stoppedGate, counts, gateStartedAt, gateEndedAt, firstAckAt, stoppedAt }
    } finally {
      await producer.stop()
    }
  })

  assert.equal(stoppedGate.status, 'fail')
  const lag = lagOf(stoppedGate, topic)
  assert.equal(lag.status, 'fail', lag.message)
  assert.equal((lag.evidence as { targetTopic: string }).targetTopic, flow.copy)
  for (const f of figuresOf(lag)) {
    const copied = counts.get(f.partition)!
    // the direct count: the source log end the gate saw against the records on the target copy
    assert.equal(f.records, f.sourceLogEnd - copied, `${flow.copy}-${f.partition}: rollgate ${f.records}, direct count ${f.sourceLogEnd} - ${copied}`)
    assert.equal(f.mapped, copied)
    assert.ok(f.records! > 100, `partition ${f.partition} is over the limit: ${f.records}`)
    // the oldest uncopied record was written after the stop, acknowledged before the gate began
    assert.ok(f.timeMs !== null && f.timeMs >= gateStartedAt - firstAckAt - 1_000 && f.timeMs <= gateEndedAt - stoppedAt + 1_000,
      `time lag ${f.timeMs} ms between ${gateStartedAt - firstAckAt} and ${gateEndedAt - stoppedAt}`)
  }
  assert.match(lag.message, /record\(s\) behind over 3 of 3 partition\(s\).*limits 100 records \/ 10m\. Over a limit or not measured: partition 0: \d+ record\(s\) behind/)

  // resumed: MirrorMaker 2 copies what it missed and the gate passes again
  const caughtUp = await eventually('the gate to pass after MirrorMaker 2 caught up', 180_000, async () => {
    const { code, gate: g } = await gate(plan)
    if (code === 0) return g
    throw new Error(notPassing(g))
  })
  assert.ok(figuresOf(lagOf(caughtUp, topic)).every((f) => f.records === 0 && f.timeMs === 0))
  for (const id of ['replication.heartbeats', 'replication.checkpoints', 'replication.sync-history', 'replication.retention']) {
    assert.ok(caughtUp.checks.filter((c) => c.id === id).every((c) => c.status === 'pass'), `${id}: ${caughtUp.checks.filter((c) => c.id === id).map((c) => c.message).join('; ')}`)
  }
}

/** The PID of a sandbox component, checked to be that process (its command line names its config). */
function componentPid (name: string, config: string): number {
  const state = JSON.parse(readFileSync(join(sandbox().dir, 'sandbox.json'), 'utf8')) as { components: Record<string, { pid: number } | undefined> }
  const pid = state.components[name]?.pid
  assert.ok(pid !== undefined, `the sandbox runs no ${name}`)
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  assert.ok(cmdline.includes(config), `pid ${pid} is not ${name}`)
  return pid
}

test('prefix naming (lag0 flow): MirrorMaker 2 stopped while the source keeps producing fails with lag equal to a direct count, passes after catch-up', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const topic = unique('lag0-rg')
  const group = unique('lag0-rg-group')
  const produced = 3 * 200
  await createTopic(sb.source, topic)
  await produce(sb.source, partitions.map((partition) => ({ topic, partition, count: 200 })))
  await consumeAndCommit(sb.source, group, [topic], produced)
  await stopAndCatchUp({ sourceAlias: lag0Flow.sourceAlias, targetAlias: lag0Flow.targetAlias, naming: 'prefix', copy: `${lag0Flow.sourceAlias}.${topic}` }, topic, group,
    componentPid('mirrormaker2-lag0', 'mm2-lag0.properties'))
})

/** A MirrorMaker 2 of this test's own: identity naming, `rgid-…` topics only, default offset.lag.max. */
function startIdentityMirrorMaker (): { process: ChildProcess, log: string } {
  const sb = sandbox()
  const dir = tempDir()
  const config = join(dir, 'mm2-identity.properties')
  const flow = 'idsrc->idtgt'
  writeFileSync(config, Object.entries({
    clusters: 'idsrc, idtgt',
    'idsrc.bootstrap.servers': sb.source,
    'idtgt.bootstrap.servers': sb.target,
    [`${flow}.enabled`]: true,
    'idtgt->idsrc.enabled': false,
    [`${flow}.topics`]: 'rgid-.*',
    // the default exclusion has `.*\.replica`, which keeps the sandbox's main flow off these topics
    [`${flow}.topics.exclude`]: '__.*',
    [`${flow}.groups`]: 'rgid-.*',
    'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
    // heartbeat topics are otherwise copied whatever the topic filter: not ours to copy
    'heartbeats.replication.enabled': false,
    'replication.factor': 1,
    'checkpoints.topic.replication.factor': 1,
    'heartbeats.topic.replication.factor': 1,
    'offset-syncs.topic.replication.factor': 1,
    'offset.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'config.storage.replication.factor': 1,
    'emit.checkpoints.interval.seconds': 1,
    'emit.heartbeats.interval.seconds': 1,
    'refresh.topics.interval.seconds': 5,
    'refresh.groups.interval.seconds': 5,
    'sync.topic.acls.enabled': false,
    'idtgt.offset.flush.interval.ms': 1000,
    'idtgt.plugin.discovery': 'service_load',
    'dedicated.mode.enable.internal.rest': false,
  }).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
  const log = join(dir, 'mm2-identity.log')
  const java = findJava(17, 'MirrorMaker 2').bin
  const child = spawn(java, [
    `-Drollgate.test.mirrormaker=${dir}`, '-Xms128m', '-Xmx384m', '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`,
    '-cp', `${sb.kafkaLib}/*`, 'org.apache.kafka.connect.mirror.MirrorMaker', config, '--clusters', 'idtgt',
  ], { stdio: ['ignore', 'ignore', 'ignore'] })
  // should this process die without its `after`, a watchdog ends the MirrorMaker 2 it started
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; kill -CONT ${child.pid}; kill ${child.pid}`], { detached: true, stdio: 'ignore' })
  watchdog.unref()
  cleanups.push(async () => {
    try { process.kill(child.pid!, 'SIGCONT') } catch {}
    child.kill('SIGTERM')
    const exited = await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000).then(() => false)])
    if (exited === false) child.kill('SIGKILL')
    try { process.kill(watchdog.pid!, 'SIGKILL') } catch {}
  })
  return { process: child, log }
}

test('identity naming (a MirrorMaker 2 of the test\'s own): stopped while the source keeps producing fails with lag equal to a direct count, passes after catch-up', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const topic = `${unique('rgid')}.replica`
  const group = unique('rgid-group')
  const produced = 3 * 200
  await createTopic(sb.source, topic)
  await produce(sb.source, partitions.map((partition) => ({ topic, partition, count: 200 })))
  await consumeAndCommit(sb.source, group, [topic], produced)
  const mm2 = startIdentityMirrorMaker()
  await stopAndCatchUp({ sourceAlias: 'idsrc', targetAlias: 'idtgt', naming: 'identity', copy: topic }, topic, group, mm2.process.pid!)
})

test('retention shorter than the rollback window fails the gate, naming topic, side and the gap', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  // not replicated by any sandbox flow (`.replica`): the copy is made by hand, with its own retention
  const topic = `${unique('rgret')}.replica`
  await createTopic(sb.source, topic, [{ name: 'retention.ms', value: String(2 * 3_600_000) }])
  await createTopic(sb.target, topic, [{ name: 'retention.ms', value: String(3_600_000) }])
  await produce(sb.source, partitions.map((partition) => ({ topic, partition, count: 5 })))
  const plan = writePlan(tempDir(), { source: sb.source, target: sb.target, topics: [topic], timeout: '30s' })
  const { code, gate: g } = await gate(plan)
  assert.equal(code, 1)
  assert.equal(g.status, 'fail')
  const retention = g.checks.filter((c) => c.id === 'replication.retention' && c.subject === topic)
  assert.deepEqual(retention.map((c) => `${c.status} ${c.message}`), [
    `fail source ${topic} (gap 2d 22h): retention.ms 2h is shorter than the rollback window 3d by 2d 22h: records are deleted before the window ends`,
    `fail target ${topic} (gap 2d 23h): retention.ms 1h is shorter than the rollback window 3d by 2d 23h: records are deleted before the window ends`,
  ])
  assert.deepEqual(retention.map((c) => { const e = c.evidence as { side: string, topic: string, retentionMs: number, rollbackWindowMs: number, gapMs: number }; return [e.side, e.topic, e.retentionMs, e.rollbackWindowMs, e.gapMs] }), [
    ['source', topic, 7_200_000, 259_200_000, 252_000_000],
    ['target', topic, 3_600_000, 259_200_000, 255_600_000],
  ])
  // the exit gate judges retention the same way
  const exit = await rollgate(['gate', 'exit', '--format', 'json', '--plan', plan], { timeoutMs: 180_000 })
  assert.equal(exit.code, 1)
  assert.deepEqual((JSON.parse(exit.stdout) as GateJson).checks.filter((c) => c.id === 'replication.retention').map((c) => c.status), ['fail', 'fail'])
})
