import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan, inventory, topic } from '../gates/fixtures.ts'
import type { InventoryTopic } from '../snapshot/inventory.ts'
import { diffTopics } from './topics.ts'

const line = (d: { status: string, kind: string, subject: string, key: string | null, source: unknown, target: unknown }) =>
  `${d.status} ${d.kind} ${d.subject}${d.key ? ` ${d.key}` : ''}: ${JSON.stringify(d.source)} / ${JSON.stringify(d.target)}`

const withConfigs = (t: InventoryTopic, effective: Record<string, string | null>): InventoryTopic => ({ ...t, effectiveConfigs: { ...t.effectiveConfigs, ...effective } })

test('identical topics: no difference, every behaviour config counted equal', () => {
  const plan = fixturePlan()
  const { topics } = diffTopics(plan, inventory('source', [topic('orders', 6), topic('payments', 3)]), inventory('target', [topic('orders', 6), topic('payments', 3)]))
  assert.deepEqual(topics.map((t) => [t.topic, t.targetTopic, t.differences.length, t.equalConfigs]), [['orders', 'orders', 0, 3], ['payments', 'payments', 0, 3]])
})

test('every difference is reported with both values: missing copy, partitions, replication factor, configs', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders', 'payments', 'refunds'], criticality: 'critical' }] })
  const source = inventory('source', [
    withConfigs(topic('orders', 6), { 'retention.ms': '604800000', 'cleanup.policy': 'delete' }),
    topic('payments', 3),
    topic('refunds', 2),
  ])
  const target = inventory('target', [
    withConfigs(topic('orders', 4, { replicationFactor: 1 }), { 'retention.ms': '86400000', 'cleanup.policy': 'compact' }),
    topic('payments', 3),
  ])
  const { topics } = diffTopics(plan, source, target)
  assert.deepEqual(topics.flatMap((t) => t.differences).map(line), [
    'fail partitions orders: 6 / 4',
    'warn replication-factor orders: 3 / 1',
    'fail config orders cleanup.policy: "delete" / "compact"',
    'fail config orders retention.ms: "604800000" / "86400000"',
    'fail topic-missing refunds: {"partitions":2,"replicationFactor":3} / null',
  ])
  const orders = topics[0]!.differences
  assert.match(orders[0]!.message, /source has 6 partition\(s\), target orders has 4/)
  assert.match(orders[2]!.message, /^cleanup\.policy: source delete, target compact \(delete vs compact/)
  assert.match(topics[2]!.differences[0]!.message, /no copy on the target: expected refunds \(naming identity\) with 2 partition\(s\)/)
})

test('effective values decide: an override equal to the other side\'s default is no difference; set order does not matter', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical' }] })
  const source = inventory('source', [withConfigs(topic('orders', 6, { configs: { 'retention.ms': { value: '604800000', source: 'dynamic-topic' } } }), { 'cleanup.policy': 'compact,delete' })])
  const target = inventory('target', [withConfigs(topic('orders', 6, { configs: {} }), { 'cleanup.policy': 'delete, compact' })])
  assert.deepEqual(diffTopics(plan, source, target).topics[0]!.differences, [])
})

test('a config one side does not report is unknown; allowed differences pass with the note; standard topics only warn', () => {
  const plan = fixturePlan({
    topics: [
      { names: ['orders'], criticality: 'critical', allowedConfigDifferences: ['retention.ms', 'replication.factor'] },
      { names: ['audit'] },
    ],
  })
  const source = inventory('source', [
    withConfigs(topic('orders', 6), { 'retention.ms': '604800000', 'local.retention.ms': '-2' }),
    withConfigs(topic('audit', 1), { 'retention.ms': '1000' }),
  ])
  const target = inventory('target', [
    withConfigs(topic('orders', 6, { replicationFactor: 1 }), { 'retention.ms': '1' }),
    withConfigs(topic('audit', 2), { 'retention.ms': '2000' }),
  ])
  const { topics } = diffTopics(plan, source, target)
  const lines = topics.flatMap((t) => t.differences.map((d) => `${line(d)}${d.allowed ? ` [${d.allowed}]` : ''}`))
  assert.deepEqual(lines, [
    'warn partitions audit: 1 / 2',
    'warn config audit retention.ms: "1000" / "2000"',
    'pass replication-factor orders: 3 / 1 [topics[0].allowedConfigDifferences]',
    'unknown config orders local.retention.ms: "-2" / null',
    'pass config orders retention.ms: "604800000" / "1" [topics[0].allowedConfigDifferences]',
  ])
  assert.match(topics[1]!.differences[1]!.message, /local\.retention\.ms: source -2, target does not report it: its behaviour there is not known/)
})

test('a replication factor below the target\'s min.insync.replicas fails even when allowed: acks=all producers are refused', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical', allowedConfigDifferences: ['replication.factor'] }] })
  const source = inventory('source', [withConfigs(topic('orders', 6), { 'min.insync.replicas': '2' })])
  const target = inventory('target', [withConfigs(topic('orders', 6, { replicationFactor: 1 }), { 'min.insync.replicas': '2' })])
  const [d] = diffTopics(plan, source, target).topics[0]!.differences
  assert.equal(d?.status, 'fail')
  assert.match(d!.message, /below the target's min\.insync\.replicas 2: producers with acks=all are refused there/)
})

test('prefix naming: the copy is <sourceAlias><separator><topic>; a named topic absent on the source is reported', () => {
  const plan = fixturePlan({
    replication: { kind: 'mirrormaker2', sourceAlias: 'dc1', targetAlias: 'cloud', naming: 'prefix' },
    topics: [{ names: ['orders', 'ghost'], criticality: 'critical' }],
  })
  const { topics } = diffTopics(plan, inventory('source', [topic('orders', 6)]), inventory('target', [topic('dc1.orders', 6), topic('orders', 1)]))
  assert.deepEqual(topics.map((t) => [t.topic, t.targetTopic, t.differences.map((d) => d.kind)]), [['ghost', 'dc1.ghost', ['topic-missing']], ['orders', 'dc1.orders', []]])
  assert.match(topics[0]!.differences[0]!.message, /named in the plan but not on the source cluster/)
})
