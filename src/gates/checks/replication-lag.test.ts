import assert from 'node:assert/strict'
import { test } from 'node:test'
import { capturedAt, fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { replicatedPartition, replicationEvidence, replicationOk } from './replication-fixtures.ts'
import { replicationLag } from './replication-lag.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
const withPartitions = (orders: ReturnType<typeof replicatedPartition>[]) => {
  const base = replicationEvidence()
  return fixtureSnapshot({}, { replication: replicationOk({ partitions: [...orders, ...base.partitions.filter((p) => p.topic !== 'orders')] }) })
}

test('caught up: one pass per critical topic, with every partition\'s figures in the evidence', () => {
  const results = replicationLag.run(fixtureInput())
  assert.deepEqual(results.map(line), [
    'pass orders: orders: caught up on all 6 partition(s) (0 records behind); limits 1000 records / 1m',
    'pass payments: payments: caught up on all 3 partition(s) (0 records behind); limits 1000 records / 1m',
  ])
  const evidence = results[0]!.evidence as { partitions: Array<Record<string, unknown>>, limits: unknown }
  assert.deepEqual(evidence.limits, { records: 1000, timeMs: 60_000, from: ['gates.lag.records', 'gates.lag.time'] })
  assert.deepEqual(evidence.partitions[0], { partition: 0, sourceLogEnd: 100, targetLogEnd: 100, mapped: 100, method: 'offset-syncs', records: 0, timeMs: 0, firstUncopied: null, note: null, status: 'pass' })
})

test('over the records limit fails, naming the partition with its figures; near it warns', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders', 'payments'], criticality: 'critical', lag: { records: 100, time: '10m' } }] })
  const behind = Array.from({ length: 6 }, (_, p) => replicatedPartition('orders', p, {}, p === 1 ? { end: 400, copied: 100 } : p === 2 ? { end: 190, copied: 100 } : {}))
  const [orders] = replicationLag.run(fixtureInput({ plan, snapshot: withPartitions(behind) }))
  assert.equal(orders!.status, 'fail')
  assert.equal(orders!.message, 'orders: 390 record(s) behind over 6 of 6 partition(s), oldest uncopied record 5s; limits 100 records / 10m. ' +
    'Over a limit or not measured: partition 1: 300 record(s) behind (source end 400, copy end maps to 100), oldest uncopied record 5s old; ' +
    'partition 2: 90 record(s) behind (source end 190, copy end maps to 100), oldest uncopied record 5s old')
  const figures = (orders!.evidence as { partitions: Array<{ partition: number, records: number, status: string }> }).partitions
  assert.deepEqual(figures.map((f) => [f.partition, f.records, f.status]), [[0, 0, 'pass'], [1, 300, 'fail'], [2, 90, 'warn'], [3, 0, 'pass'], [4, 0, 'pass'], [5, 0, 'pass']])
  const near = Array.from({ length: 6 }, (_, p) => replicatedPartition('orders', p, {}, p === 2 ? { end: 190, copied: 100 } : {}))
  assert.match(line(replicationLag.run(fixtureInput({ plan, snapshot: withPartitions(near) }))[0]!), /^warn orders: .*Near a limit: partition 2: 90 record\(s\) behind/)
})

test('over the time limit fails even with few records behind', () => {
  const stale = Array.from({ length: 6 }, (_, p) => replicatedPartition('orders', p, p === 0 ? { firstUncopied: { offset: 100, timestamp: Date.parse(capturedAt) - 120_000 } } : {}, p === 0 ? { end: 101, copied: 100 } : {}))
  const [orders] = replicationLag.run(fixtureInput({ snapshot: withPartitions(stale) }))
  assert.match(line(orders!), /^fail orders: orders: 1 record\(s\) behind .*oldest uncopied record 2m; limits 1000 records \/ 1m\. .*partition 0: 1 record\(s\) behind .*oldest uncopied record 2m old$/)
})

test('prefix naming: the copy is named; not mapped is unknown with the reason', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', naming: 'prefix' } })
  const parts = Array.from({ length: 6 }, (_, p) => replicatedPartition('orders', p, p === 3 ? { mapped: { position: null, reason: 'no-sync', detail: 'no offset sync for this partition' } } : {}, { targetTopic: 'source.orders' }))
  const [orders] = replicationLag.run(fixtureInput({ plan, snapshot: withPartitions(parts) }))
  assert.equal(orders!.status, 'unknown')
  assert.match(orders!.message, /^orders → source\.orders: 0 record\(s\) behind over 5 of 6 partition\(s\).*partition 3: not measured \(no-sync: no offset sync for this partition\)/)
})

test('fail closed: no replication evidence, a failed capture, a stale one, or a topic missing from it is unknown', () => {
  assert.match(line(replicationLag.run(fixtureInput({ snapshot: fixtureSnapshot({}, { replication: undefined }) }))[0]!), /^unknown replication: the snapshot holds no replication evidence/)
  const failed = fixtureSnapshot({}, { replication: { status: 'unreachable', error: 'target cluster: cannot reach it for Metadata (list topics): connection refused', at: capturedAt } })
  assert.equal(line(replicationLag.run(fixtureInput({ snapshot: failed }))[0]!), 'unknown replication: replication evidence could not be captured (unreachable): target cluster: cannot reach it for Metadata (list topics): connection refused')
  const old = fixtureSnapshot({}, { replication: replicationOk({ capturedAt: '2026-03-02T09:30:00.000Z' }) })
  assert.match(line(replicationLag.run(fixtureInput({ snapshot: old }))[0]!), /^unknown replication: replication evidence is 35m old/)
  const missing = fixtureSnapshot({}, { replication: replicationOk({ partitions: replicationEvidence().partitions.filter((p) => p.topic !== 'payments') }) })
  assert.deepEqual(replicationLag.run(fixtureInput({ snapshot: missing })).map((r) => `${r.status} ${r.subject}`), ['pass orders', 'unknown payments'])
  const down = fixtureSnapshot({ source: { status: 'unreachable', bootstrap: ['s:9092'], error: 'ECONNREFUSED', at: capturedAt } })
  assert.deepEqual(replicationLag.run(fixtureInput({ snapshot: down })).map((r) => `${r.status} ${r.subject}`), ['unknown source'])
  assert.deepEqual(replicationLag.run(fixtureInput({ snapshot: null })).map((r) => `${r.status} ${r.subject}`), ['unknown snapshot'])
  const none = fixtureSnapshot({ source: ok('source', inventory('source', [topic('other', 1)])) })
  assert.match(line(replicationLag.run(fixtureInput({ snapshot: none }))[0]!), /^unknown topics: no critical topic on the source/)
})
