/**
 * Integration: connectors on the sandbox's two Connect workers, through the real CLI. A
 * FileStreamSink reading the same topic on the source and on the target is a double sink (the
 * shadow-read gate fails naming the topic, both connectors and their sides, and the target sink
 * running too early); the snapshot holds each connector's offsets and its config with secrets
 * redacted; `connectors pause|resume|stop` is a dry run by default, journaled with --execute, read
 * back, and idempotent.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import type { GateResult } from '../src/gates/types.ts'
import { openStateDir } from '../src/journal/index.ts'
import { latestSnapshot } from '../src/snapshot/record.ts'
import { connectorOffsets, connectorStatus, connectUrls, createConnector, deleteConnector } from './support/connect.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'

const cleanups: Array<() => Promise<void> | void> = []
after(async () => { for (const c of cleanups.reverse()) await c() })

const secretValue = 'hunter2-do-not-print'

test('double sink detected, offsets and redacted config captured, pause/resume/stop journaled and read back', async () => {
  const sb = sandbox()
  const urls = connectUrls()
  const topic = unique('conn-orders')
  const sourceSink = unique('sink-src')
  const targetSink = unique('sink-tgt')
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-connectors-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))

  for (const bootstrap of [sb.source, sb.target]) {
    const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap] })
    try {
      await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    } finally {
      await admin.close()
    }
  }
  await produce(sb.source, [{ topic, partition: 0, count: 20 }, { topic, partition: 1, count: 5 }])

  const sink = (file: string) => ({ 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: topic, file, 'tasks.max': '1', 'connection.password': secretValue, 'db.user': 'alice' })
  cleanups.push(() => deleteConnector(urls.source, sourceSink), () => deleteConnector(urls.target, targetSink))
  await createConnector(urls.source, sourceSink, sink(join(dir, 'source.out')))
  await createConnector(urls.target, targetSink, sink(join(dir, 'target.out')))
  // the source sink has read and committed everything (offset.flush.interval.ms is 1 s in the sandbox)
  await eventually(`${sourceSink} committed offsets 20 and 5`, 60_000, async () => {
    const offsets = await connectorOffsets(urls.source, sourceSink)
    const at = (p: number) => offsets.find((o) => o.partition.kafka_partition === p)?.offset.kafka_offset
    return at(0) === 20 && at(1) === 5 ? true : undefined
  })
  await eventually(`${targetSink} running`, 60_000, async () => ((await connectorStatus(urls.target, targetSink))?.tasks[0]?.state === 'RUNNING' ? true : undefined))

  const plan = join(dir, 'rollgate.yaml')
  writeFileSync(plan, `version: 1
name: connectors test
clusters:
  source: { bootstrap: [${JSON.stringify(sb.source)}], connect: { urls: [${JSON.stringify(urls.source)}] } }
  target: { bootstrap: [${JSON.stringify(sb.target)}], connect: { urls: [${JSON.stringify(urls.target)}] } }
replication: { kind: mirrormaker2, naming: ${sb.naming} }
rollbackWindow: 72h
topics:
  - names: [${JSON.stringify(topic)}]
    criticality: critical
connectors:
  - { name: ${sourceSink}, side: source, sideEffect: upsert, owner: data, redactConfigs: [db.user] }
  - { name: ${targetSink}, side: target, sideEffect: upsert, owner: data }
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: app, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 10s
`)
  const targetConnectors = async (): Promise<string[]> => (await (await fetch(`${urls.target}/connectors`)).json()) as string[]
  const gate = async (): Promise<GateResult> => {
    const r = await rollgate(['gate', 'shadow-read', '--format', 'json', '--plan', plan])
    return JSON.parse(r.stdout) as GateResult
  }

  // 1. both sinks running: the double sink fails, named by topic, connectors and sides
  const before = await gate()
  const double = before.checks.filter((c) => c.id === 'connectors.no-double-sink')
  assert.equal(double.length, 1, JSON.stringify(double))
  assert.equal(double[0]!.status, 'fail')
  assert.equal(double[0]!.subject, topic)
  // the target runs our target sink — and, when MirrorMaker 2 copies Connect's config topic (as the
  // sandbox's does: its IdentityReplicationPolicy flow replicates connect-configs.internal), a copy of
  // the source sink too: a double sink nobody created on purpose
  const onTarget = await targetConnectors()
  assert.ok(onTarget.includes(targetSink))
  const targetSinks = [sourceSink, targetSink].filter((n) => onTarget.includes(n)).sort()
  assert.match(double[0]!.message, new RegExp(`^topic ${topic} is consumed by sink\\(s\\) on both sides at once — source: ${sourceSink}; target: ${targetSinks.join(', ')}: every record reaches the outside world twice`))
  assert.deepEqual(double[0]!.evidence, { topic, source: [sourceSink], target: targetSinks.map((connector) => ({ connector, topic })) })
  // phase prepare: a sink running on the target is too early
  const held = before.checks.find((c) => c.id === 'connectors.target-sinks-held' && c.subject === `target/${targetSink}`)
  assert.equal(held?.status, 'fail')
  assert.match(held!.message, /before producers-on-target allows it/)
  assert.equal(before.checks.find((c) => c.id === 'connectors.classified' && c.subject === `source/${sourceSink}`)?.status, 'pass')

  // 2. the snapshot the gate took holds the offsets and the redacted config
  const state = await openStateDir(join(dir, '.rollgate'), { readOnly: true })
  try {
    const recorded = latestSnapshot(state.journal.entries(), state.evidence)!
    const side = recorded.snapshot.connect?.source
    assert.equal(side?.status, 'ok')
    const evidence = side.status === 'ok' ? side.connect.connectors.find((c) => c.name === sourceSink) : undefined
    assert.ok(evidence)
    assert.equal(evidence.type, 'sink')
    assert.equal(evidence.state, 'RUNNING')
    assert.deepEqual(evidence.configTopics, [topic])
    const offsets = (evidence.offsets as Array<{ partition: { kafka_topic: string, kafka_partition: number }, offset: { kafka_offset: number } }>)
      .map((o) => [o.partition.kafka_topic, o.partition.kafka_partition, o.offset.kafka_offset]).sort()
    assert.deepEqual(offsets, [[topic, 0, 20], [topic, 1, 5]])
    assert.equal(evidence.config['connection.password'], '[redacted]')
    assert.equal(evidence.config['db.user'], '[redacted]') // marked by the plan
    assert.equal(evidence.config.topics, topic)
    assert.equal(evidence.config['key.converter'] ?? null, null)
    assert.ok(!JSON.stringify(recorded.snapshot).includes(secretValue))
  } finally {
    state.close()
  }

  // 3. pause every sink of ours on the target: a dry run changes nothing
  const which = targetSinks.flatMap((n) => ['--connector', n])
  const dry = await rollgate(['connectors', 'pause', '--side', 'target', ...which, '--plan', plan])
  assert.equal(dry.code, 0, dry.stderr)
  assert.match(dry.stdout, new RegExp(`${targetSink}\\s+sink\\s+RUNNING\\s+PAUSED\\s+would change`))
  assert.match(dry.stdout, new RegExp(`dry run: nothing changed; run with --execute to pause ${targetSinks.length} connector\\(s\\)`))
  assert.equal((await connectorStatus(urls.target, targetSink))?.connector.state, 'RUNNING')

  // --execute: paused, read back (connector and task), journaled
  const paused = await rollgate(['connectors', 'pause', '--side', 'target', ...which, '--execute', '--format', 'json', '--plan', plan])
  assert.equal(paused.code, 0, paused.stderr)
  const result = JSON.parse(paused.stdout) as { ok: boolean, connectors: Array<{ connector: string, before: string, after: string, status: string, tasks: Array<{ state: string }>, actionId: string }> }
  assert.equal(result.ok, true)
  assert.deepEqual(result.connectors.map((c) => [c.connector, c.before, c.after, c.status]), targetSinks.map((n) => [n, 'RUNNING', 'PAUSED', 'done']))
  assert.deepEqual(result.connectors.find((c) => c.connector === targetSink)!.tasks.map((t) => t.state), ['PAUSED'])
  // the copy's tasks are reconfigured while MirrorMaker 2 copies their config records: none, or paused
  assert.ok(result.connectors.every((c) => c.tasks.every((t) => t.state === 'PAUSED')))
  const status = await connectorStatus(urls.target, targetSink)
  assert.equal(status?.connector.state, 'PAUSED')
  assert.deepEqual(status?.tasks.map((t) => t.state), ['PAUSED'])
  const log = await rollgate(['log', '--format', 'json', '--plan', plan])
  const entries = JSON.parse(log.stdout) as Array<{ type: string, data: { actionId?: string, action?: string, ok?: boolean, changes?: unknown } }>
  const mine = result.connectors.find((c) => c.connector === targetSink)!
  const intent = entries.find((e) => e.type === 'intent' && e.data.actionId === mine.actionId)
  assert.deepEqual(intent?.data, { actionId: mine.actionId, action: 'connector.pause', changes: [{ subject: `connector target/${targetSink}`, before: 'RUNNING', after: 'PAUSED' }] })
  assert.deepEqual(entries.find((e) => e.type === 'outcome' && e.data.actionId === mine.actionId)?.data, { actionId: mine.actionId, ok: true })
  const table = await rollgate(['log', '--plan', plan])
  assert.match(table.stdout, /connector\.pause/)

  // idempotent: pausing again changes and journals nothing
  const again = await rollgate(['connectors', 'pause', '--side', 'target', ...which, '--execute', '--format', 'json', '--plan', plan])
  assert.equal(again.code, 0, again.stderr)
  assert.deepEqual((JSON.parse(again.stdout) as typeof result).connectors.map((c) => c.status), targetSinks.map(() => 'unchanged'))
  const count = (JSON.parse((await rollgate(['log', '--format', 'json', '--plan', plan])).stdout) as unknown[]).length
  assert.equal(count, entries.length)

  // with the target sink paused the double sink is gone
  const after = await gate()
  assert.equal(after.checks.find((c) => c.id === 'connectors.no-double-sink')?.status, 'pass')
  assert.equal(after.checks.find((c) => c.id === 'connectors.target-sinks-held')?.status, 'pass')

  // resume reads back RUNNING; stop reads back STOPPED (no tasks)
  const resumed = await rollgate(['connectors', 'resume', '--side', 'target', '--connector', targetSink, '--execute', '--plan', plan])
  assert.equal(resumed.code, 0, resumed.stderr)
  assert.match(resumed.stdout, new RegExp(`${targetSink}\\s+sink\\s+PAUSED\\s+RUNNING\\s+done\\s+0:RUNNING`))
  assert.equal((await connectorStatus(urls.target, targetSink))?.tasks[0]?.state, 'RUNNING')
  const stopped = await rollgate(['connectors', 'stop', '--side', 'source', '--connector', sourceSink, '--execute', '--plan', plan])
  assert.equal(stopped.code, 0, stopped.stderr)
  assert.equal((await connectorStatus(urls.source, sourceSink))?.connector.state, 'STOPPED')
  const actions = (JSON.parse((await rollgate(['log', '--type', 'intent', '--format', 'json', '--plan', plan])).stdout) as Array<{ data: { action: string } }>).map((e) => e.data.action)
  assert.deepEqual(actions, [...targetSinks.map(() => 'connector.pause'), 'connector.resume', 'connector.stop'])

  // a connector Connect does not run is refused, naming what it runs
  const missing = await rollgate(['connectors', 'pause', '--side', 'target', '--connector', 'no-such-connector', '--plan', plan])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /runs no connector named no-such-connector/)
})
