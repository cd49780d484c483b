import { test } from 'node:test'
import assert from 'node:assert/strict'
import { billingGroup, fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import type { TargetPartitionWrites } from '../../target-writes/types.ts'
import { targetNoClientConsumers, targetNoClientWrites } from './target-writes.ts'
import type { CheckResult } from '../types.ts'

const line = (r: CheckResult) => `${r.status} ${r.subject}`
const partition = (extra: Partial<TargetPartitionWrites> = {}): TargetPartitionWrites => ({
  topic: 'orders', targetTopic: 'orders', partition: 0, logStart: 0, logEnd: 100, producers: [{ producerId: '1001', lastTimestamp: 1, verdict: 'replicator' }],
  sampled: 20, copies: 20, foreign: [], foreignCount: 0, unproven: 0, unprovenReason: null, error: null, ...extra,
})
const withWrites = (partitions: TargetPartitionWrites[], producersUnsupported: string | null = null) =>
  fixtureInput({ snapshot: fixtureSnapshot({}, { targetWrites: { status: 'ok', capturedAt: '2026-03-02T10:00:00.000Z', producersUnsupported, partitions } }) })

test('copies only: one pass per topic naming the replicator\'s producers', () => {
  const results = targetNoClientWrites.run(fixtureInput())
  assert.deepEqual(results.map(line), ['pass orders'])
  assert.match(results[0]!.message, /6 partition\(s\): all 120 sampled record\(s\) are copies of source records; producer\(s\) 1001 wrote copies only/)
})

test('a producer writing directly to the target fails its partition, naming offsets and producer ids', () => {
  const results = targetNoClientWrites.run(withWrites([
    partition(),
    partition({ partition: 1, producers: [{ producerId: '1001', lastTimestamp: 1, verdict: 'replicator' }, { producerId: '2002', lastTimestamp: 2, verdict: 'foreign' }], copies: 17, foreign: [{ offset: 97, producerId: '2002', timestamp: 5 }, { offset: 98, producerId: '2002', timestamp: 5 }, { offset: 99, producerId: '-1', timestamp: 6 }], foreignCount: 3 }),
  ]))
  assert.deepEqual(results.map(line), ['fail orders-1', 'pass orders'])
  assert.equal(results[0]!.message, '3 of 20 sampled record(s) are not copies of source records (offsets 97, 98, 99; producer id(s) 2002, -1 (not idempotent)): a client writes to the target directly')
})

test('unproven records, unresolved producers, errors and no DescribeProducers: unknown, never pass', () => {
  const results = targetNoClientWrites.run(withWrites([
    partition({ partition: 0, unproven: 3, copies: 17, unprovenReason: 'the topic is compacted: an original may have been compacted away' }),
    partition({ partition: 1, producers: [{ producerId: '7', lastTimestamp: 1, verdict: 'unresolved' }] }),
    partition({ partition: 2, error: 'not read within the capture\'s time budget', sampled: 0, copies: 0 }),
    partition({ partition: 3, producers: null }),
    partition({ partition: 4, producers: [], sampled: 0, copies: 0, logEnd: 0 }),
  ], 'broker 0 does not support DescribeProducers v0'))
  assert.deepEqual(results.map(line), ['unknown orders-0', 'unknown orders-1', 'unknown orders-2', 'unknown orders-3', 'pass orders'])
  assert.match(results[0]!.message, /compacted/)
  assert.match(results[1]!.message, /producer id\(s\) 7 have state/)
  assert.match(results[3]!.message, /DescribeProducers is not available on the target \(broker 0 does not support/)
  assert.deepEqual(targetNoClientWrites.run(fixtureInput({ snapshot: fixtureSnapshot({}, { targetWrites: undefined }) })).map(line), ['unknown target'])
  assert.deepEqual(targetNoClientWrites.run(fixtureInput({ snapshot: fixtureSnapshot({}, { targetWrites: { status: 'unreachable', error: 'ECONNREFUSED', at: 'x' } }) })).map(line), ['unknown target'])
})

test('group members on the target reading a critical copy, or of a critical group, fail; allowed groups and others do not', () => {
  assert.deepEqual(targetNoClientConsumers.run(fixtureInput()).map(line), ['pass target'])
  const reader = billingGroup({ id: 'fraud-scorer' })
  const elsewhere = billingGroup({ id: 'unrelated', members: [{ memberId: 'm', clientId: 'c', host: 'h', instanceId: null, assignments: [{ topic: 'other', partition: 0 }] }] })
  const billing = billingGroup({ members: [{ memberId: 'm', clientId: 'billing', host: '/10.0.0.9', instanceId: null, assignments: [] }] })
  const target = inventory('target', [topic('orders', 6), topic('payments', 3)], [reader, elsewhere, billing])
  const results = targetNoClientConsumers.run(fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) }))
  assert.deepEqual(results.map(line), ['fail fraud-scorer', 'fail billing'])
  assert.match(results[0]!.message, /1 member\(s\) on the target \(state Stable\) reading orders: clients already consume from the target \(billing@\/10\.0\.0\.7\)/)
  assert.match(results[1]!.message, /it is a critical group of the plan/)
  const plan = fixturePlan({ gates: { evidenceMaxAge: '15m', shadowRead: { allowedGroups: ['fraud-scorer', 'billing'] } } })
  assert.deepEqual(targetNoClientConsumers.run(fixtureInput({ plan, snapshot: fixtureSnapshot({ target: ok('target', target) }) })).map(line), ['pass target'])
})
