/**
 * Integration: stragglers on the sandbox, through the real CLI. A consumer of a critical group left
 * running on the source is named by client ID and host in the producer-cutover gate; after
 * `advance producers-on-target --execute` (which runs the client's switchToTarget, journaled, its
 * output redacted), a producer still writing to a critical source topic is named by topic and
 * partition in the exit gate — by DescribeProducers and by log-end movement since the first
 * snapshot after the switch.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin, Consumer } from '@platformatic/kafka'
import type { GateResult } from '../src/gates/types.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'

const cleanups: Array<() => Promise<void> | void> = []
after(async () => { for (const c of cleanups.reverse()) await c() })

const secret = 'sw1tch-s3cret-value'

test('a consumer left on the source and a producer still writing to it after cutover are named', async () => {
  const sb = sandbox()
  const topic = unique('strag-orders')
  const group = unique('strag-billing')
  const clientId = unique('billing-straggler')
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-stragglers-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produce(sb.source, [{ topic, partition: 0, count: 10 }, { topic, partition: 1, count: 10 }])

  const plan = join(dir, 'rollgate.yaml')
  writeFileSync(plan, `version: 1
name: stragglers test
clusters:
  source: { bootstrap: [${JSON.stringify(sb.source)}] }
  target: { bootstrap: [${JSON.stringify(sb.target)}], schemaRegistry: { url: "http://127.0.0.1:1", auth: { username: app, password: "\${env:RG_STRAGGLER_SECRET}" } } }
replication: { kind: mirrormaker2, naming: ${sb.naming} }
rollbackWindow: 72h
topics:
  - names: [${JSON.stringify(topic)}]
    criticality: critical
groups:
  - { name: ${group}, strategy: exact, owner: billing-team }
clients:
  - { name: billing, owner: billing-team, switchToTarget: "echo switched billing with $RG_STRAGGLER_SECRET", switchToSource: "echo back" }
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
  const env = { RG_STRAGGLER_SECRET: secret }
  const gate = async (name: string): Promise<GateResult> => {
    const r = await rollgate(['gate', name, '--format', 'json', '--plan', plan], { env })
    assert.ok(r.stdout.startsWith('{'), r.stderr)
    return JSON.parse(r.stdout) as GateResult
  }

  // 1. a member of the critical group still consuming on the source
  const consumer = new Consumer({ clientId, groupId: group, bootstrapBrokers: [sb.source], sessionTimeout: 10_000, heartbeatInterval: 1_000 })
  cleanups.push(() => consumer.close(true).catch(() => {}))
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: true, maxWaitTime: 200 })
  stream.on('data', () => {})
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  try {
    await eventually(`${clientId} joined ${group}`, 60_000, async () => {
      const [g] = await source.describeGroups([{ id: group, type: null }])
      return g?.members.some((m) => m.clientId === clientId) ? true : undefined
    })
  } finally {
    await source.close()
  }
  const cutover = await gate('producer-cutover')
  const straggler = cutover.checks.find((c) => c.id === 'stragglers.consumers-on-source' && c.subject === group)
  assert.equal(straggler?.status, 'fail', JSON.stringify(straggler))
  assert.match(straggler!.message, new RegExp(`^1 member\\(s\\) of ${group} still connected to the source: ${clientId} on /127\\.0\\.0\\.1 — stop them or switch them to the target \\(owner billing-team\\)$`))
  assert.deepEqual((straggler!.evidence as { members: Array<{ clientId: string, host: string }> }).members.map((m) => [m.clientId, m.host]), [[clientId, '/127.0.0.1']])
  await stream.close()
  await consumer.close(true)

  // 2. producers move: forced through the phases; entering producers-on-target runs the switch
  for (const phase of ['replicating', 'shadow-read']) {
    const moved = await rollgate(['advance', phase, '--execute', '--force', '--reason', 'test: the gates are not under test', '--plan', plan], { env, timeoutMs: 180_000 })
    assert.equal(moved.code, 0, moved.stderr)
  }
  const dryCutover = await rollgate(['advance', 'producers-on-target', '--force', '--reason', 'test', '--format', 'json', '--plan', plan], { env, timeoutMs: 180_000 })
  assert.deepEqual((JSON.parse(dryCutover.stdout) as { switches: unknown[] }).switches, [{ client: 'billing', owner: 'billing-team', command: 'echo switched billing with $RG_STRAGGLER_SECRET', status: 'would', output: '' }])
  const moved = await rollgate(['advance', 'producers-on-target', '--execute', '--force', '--reason', 'test: the gates are not under test', '--format', 'json', '--plan', plan], { env, timeoutMs: 180_000 })
  assert.equal(moved.code, 0, moved.stderr)
  const advanced = JSON.parse(moved.stdout) as { outcome: string, switches: Array<{ status: string, output: string }> }
  assert.equal(advanced.outcome, 'advanced-forced')
  assert.deepEqual(advanced.switches.map((s) => [s.status, s.output]), [['done', 'switched billing with [redacted]']])
  const log = await rollgate(['log', '--format', 'json', '--plan', plan], { env })
  assert.ok(!log.stdout.includes(secret))
  const entries = JSON.parse(log.stdout) as Array<{ type: string, data: { action?: string, changes?: unknown, actionId?: string, ok?: boolean } }>
  const intent = entries.find((e) => e.type === 'intent' && e.data.action === 'client.switch')
  assert.deepEqual(intent?.data.changes, [{ subject: 'client billing', before: 'source', after: 'target' }])
  assert.equal(entries.find((e) => e.type === 'outcome' && e.data.actionId === intent?.data.actionId)?.data.ok, true)

  // the first snapshot after the switch is the log-end baseline; then a producer writes to partition 1
  const baseline = await rollgate(['snapshot', '--plan', plan], { env })
  assert.equal(baseline.code, 0, baseline.stderr)
  await produce(sb.source, [{ topic, partition: 1, count: 7 }])
  const exit = await gate('exit')
  const producers = exit.checks.filter((c) => c.id === 'stragglers.producers-on-source')
  assert.deepEqual(producers.map((c) => [c.status, c.subject]), [['fail', `${topic}-1`]])
  assert.match(producers[0]!.message, new RegExp(`^source topic ${topic} partition 1 is still written to since producer cutover \\(.*\\): producer\\(s\\) \\d+ \\(last write [^)]+\\); log end 10 → 17 \\(\\+7\\) — find the producer and switch it to the target$`))
  const evidence = producers[0]!.evidence as { topic: string, partition: number, logEnd: unknown, producers: unknown[] }
  assert.deepEqual([evidence.topic, evidence.partition, evidence.logEnd, evidence.producers.length], [topic, 1, { baseline: 10, now: 17 }, 1])
  // the consumer left: no straggler on the consumer side any more
  assert.equal(exit.checks.find((c) => c.id === 'stragglers.consumers-on-source')?.status, 'pass')
})
