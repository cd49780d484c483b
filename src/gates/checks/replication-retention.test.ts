import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { InventoryTopic } from '../../snapshot/inventory.ts'
import { fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { replicatedPartition, replicationCapturedAt, replicationEvidence } from './replication-fixtures.ts'
import { replicationRetention } from './replication-retention.ts'

const at = Date.parse(replicationCapturedAt)
const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
const withConfigs = (name: string, partitions: number, configs: Record<string, string>): InventoryTopic =>
  topic(name, partitions, { effectiveConfigs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'retention.bytes': '-1', ...configs } })

test('7 days of retention and nothing deleted covers a 72h window on both sides: one pass per topic and side', () => {
  assert.deepEqual(replicationRetention.run(fixtureInput()).map(line), [
    'pass orders: source orders: retention.ms 7d covers the rollback window 3d, oldest record 1h old',
    'pass orders: target orders: retention.ms 7d covers the rollback window 3d, oldest record 1h old',
    'pass payments: source payments: retention.ms 7d covers the rollback window 3d, oldest record 1h old',
    'pass payments: target payments: retention.ms 7d covers the rollback window 3d, oldest record 1h old',
  ])
})

test('retention shorter than the window fails, naming topic, side and gap', () => {
  const target = inventory('target', [withConfigs('orders', 6, { 'retention.ms': '3600000' }), topic('payments', 3)])
  const results = replicationRetention.run(fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) }))
  const failed = results.filter((r) => r.status !== 'pass')
  assert.deepEqual(failed.map(line), [
    'fail orders: target orders (gap 2d 23h): retention.ms 1h is shorter than the rollback window 3d by 2d 23h: records are deleted before the window ends',
  ])
  assert.deepEqual({ ...(failed[0]!.evidence as Record<string, unknown>), partitions: undefined }, {
    side: 'target', topic: 'orders', cleanupPolicy: 'delete', retentionMs: 3_600_000, retentionBytes: -1, rollbackWindowMs: 259_200_000, gapMs: 255_600_000, partitions: undefined,
  })
})

test('the actual history already shorter than the window fails even when the config would cover it', () => {
  const evidence = replicationEvidence()
  evidence.partitions[0] = replicatedPartition('orders', 0)
  evidence.partitions[0].source = { logStart: 40, logEnd: 100, oldest: { offset: 40, timestamp: at - 86_400_000 } }
  const results = replicationRetention.run(fixtureInput({ snapshot: fixtureSnapshot({}, { replication: { status: 'ok', evidence } }) }))
  assert.equal(line(results[0]!), 'fail orders: source orders (gap 2d): partition 0: records below offset 40 were already deleted and the oldest retained record is 1d old: the history is shorter than the rollback window 3d by 2d')
  // a log that has lost nothing is complete, however young
  assert.equal(results[1]!.status, 'pass')
})

test('retention.bytes with nothing deleted yet and compaction warn; -1 retention is forever', () => {
  const source = inventory('source', [withConfigs('orders', 6, { 'retention.bytes': '1073741824', 'retention.ms': '-1' }), withConfigs('payments', 3, { 'cleanup.policy': 'compact' })])
  const results = replicationRetention.run(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', source) }) }))
  assert.deepEqual(results.filter((r) => r.subject === 'orders').map((r) => `${r.status} ${r.message}`), [
    'warn source orders: retention.bytes 1073741824 per partition may delete records younger than the window once a partition grows that large (nothing deleted yet)',
    'pass target orders: retention.ms 7d covers the rollback window 3d, oldest record 1h old',
  ])
  assert.match(line(results.find((r) => r.subject === 'payments')!), /^warn payments: source payments: cleanup.policy compact: history is kept per key/)
})

test('prefix naming reads the copy on the target; a missing copy or configs are unknown; an unreadable oldest record after deletion is unknown', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', naming: 'prefix' } })
  const prefixed = replicationEvidence({ partitions: replicationEvidence().partitions.map((p) => ({ ...p, targetTopic: `source.${p.topic}` })) })
  const target = inventory('target', [withConfigs('source.orders', 6, { 'retention.ms': '86400000' })])
  const results = replicationRetention.run(fixtureInput({ plan, snapshot: fixtureSnapshot({ target: ok('target', target) }, { replication: { status: 'ok', evidence: prefixed } }) }))
  assert.deepEqual(results.map((r) => `${r.status} ${r.message.split(':')[0]}`), ['pass source orders', 'fail target source.orders (gap 2d)', 'pass source payments', 'unknown target'])
  assert.match(results[3]!.message, /^target: source\.payments is not on the target cluster/)
  const noConfigs = inventory('source', [topic('orders', 6, { effectiveConfigs: {} }), topic('payments', 3)])
  assert.match(line(replicationRetention.run(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', noConfigs) }) }))[0]!), /^unknown orders: source orders: cleanup.policy not in the evidence; retention.ms not in the evidence/)
  const evidence = replicationEvidence()
  evidence.partitions[0]!.target = { logStart: 5, logEnd: 100, oldest: { unavailable: true, reason: 'OFFSET_OUT_OF_RANGE' } }
  assert.match(line(replicationRetention.run(fixtureInput({ snapshot: fixtureSnapshot({}, { replication: { status: 'ok', evidence } }) }))[1]!), /^unknown orders: target orders: partition 0: records below offset 5 were deleted, and the oldest retained one could not be read: OFFSET_OUT_OF_RANGE/)
})
