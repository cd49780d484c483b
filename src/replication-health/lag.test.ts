import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { replicatedPartition, replicationCapturedAt } from '../gates/checks/replication-fixtures.ts'
import { judge, lagLimits, partitionLag, partitionStatus, worst } from './lag.ts'

const at = Date.parse(replicationCapturedAt)

test('records lag is the source log end minus the mapped position; time lag the age of the first uncopied record', () => {
  const p = replicatedPartition('orders', 0, {}, { end: 400, copied: 100 })
  assert.deepEqual(partitionLag(p, at), {
    partition: 0, sourceLogEnd: 400, targetLogEnd: 100, mapped: 100, method: 'offset-syncs', records: 300, timeMs: 5_000,
    firstUncopied: { offset: 100, timestamp: at - 5_000 }, note: null,
  })
})

test('caught up is 0 and 0; only transaction markers left is records > 0 but time 0', () => {
  assert.deepEqual([partitionLag(replicatedPartition('orders', 0), at).records, partitionLag(replicatedPartition('orders', 0), at).timeMs], [0, 0])
  const markers = replicatedPartition('orders', 0, { firstUncopied: null }, { end: 102, copied: 100 })
  assert.deepEqual([partitionLag(markers, at).records, partitionLag(markers, at).timeMs], [2, 0])
})

test('not mapped: no figures, the reason as the note; unreadable first record: time unknown', () => {
  const p = replicatedPartition('orders', 0, { mapped: { position: null, reason: 'no-sync', detail: 'no offset sync for this partition' } })
  const lag = partitionLag(p, at)
  assert.deepEqual([lag.records, lag.timeMs, lag.note], [null, null, 'no-sync: no offset sync for this partition'])
  const unread = partitionLag(replicatedPartition('orders', 0, { firstUncopied: { unavailable: true, reason: 'NOT_LEADER_OR_FOLLOWER' } }, { end: 200, copied: 100 }), at)
  assert.deepEqual([unread.records, unread.timeMs], [100, null])
  assert.match(unread.note!, /could not be read: NOT_LEADER_OR_FOLLOWER/)
})

test('a clock ahead of the capture gives time 0 and says so; records deleted before copying are noted', () => {
  const future = partitionLag(replicatedPartition('orders', 0, { firstUncopied: { offset: 100, timestamp: at + 2_000 } }, { end: 200, copied: 100 }), at)
  assert.equal(future.timeMs, 0)
  assert.match(future.note!, /dated 2000 ms after the capture: a clock is wrong/)
  const lost = replicatedPartition('orders', 0, {}, { end: 200, copied: 100 })
  lost.source.logStart = 150
  assert.match(partitionLag(lost, at).note!, /records 100\.\.149 were deleted on the source before they were copied/)
})

test('limits: the strictest selector that sets one, else gates.lag, each figure separately', () => {
  const plan = fixturePlan({
    topics: [{ names: ['orders'], criticality: 'critical', lag: { records: 500 } }, { regex: '^ord', lag: { records: 200, time: '5m' } }],
    gates: { lag: { records: 1000, time: '1m' } },
  })
  assert.deepEqual(lagLimits(plan, [0, 1]), { records: 200, timeMs: 300_000, from: ['topics[0].lag', 'topics[1].lag'] })
  assert.deepEqual(lagLimits(plan, [0]), { records: 500, timeMs: 60_000, from: ['topics[0].lag', 'gates.lag.time'] })
  assert.deepEqual(lagLimits(fixturePlan(), [0]), { records: 1000, timeMs: 60_000, from: ['gates.lag.records', 'gates.lag.time'] })
  assert.deepEqual(lagLimits(fixturePlan({ gates: { lag: { records: 10 } } }), [0]), { records: 10, timeMs: null, from: ['gates.lag.records'] })
})

test('judging: fail over the limit, warn from 80% up to it, pass below; zero passes; no limit passes; no figure is unknown', () => {
  assert.deepEqual([0, 79, 80, 100, 101].map((v) => judge(v, 100)), ['pass', 'pass', 'warn', 'warn', 'fail'])
  assert.equal(judge(0, 0), 'pass')
  assert.equal(judge(1, 0), 'fail')
  assert.equal(judge(5, null), 'pass')
  assert.equal(judge(null, 100), 'unknown')
  assert.equal(worst(['pass', 'warn', 'unknown']), 'unknown')
  assert.equal(worst(['unknown', 'fail', 'warn']), 'fail')
  assert.equal(worst([]), 'pass')
})

test('a partition is as bad as its worse figure; not mapped is unknown, no copy at all fails', () => {
  const limits = { records: 100, timeMs: 60_000, from: [] }
  const lagging = replicatedPartition('orders', 0, { firstUncopied: { offset: 100, timestamp: at - 90_000 } }, { end: 150, copied: 100 })
  assert.equal(partitionStatus(lagging, partitionLag(lagging, at), limits), 'fail')
  const near = replicatedPartition('orders', 0, {}, { end: 190, copied: 100 })
  assert.equal(partitionStatus(near, partitionLag(near, at), limits), 'warn')
  const unmapped = replicatedPartition('orders', 0, { mapped: { position: null, reason: 'below-oldest-sync', detail: 'x' } })
  assert.equal(partitionStatus(unmapped, partitionLag(unmapped, at), limits), 'unknown')
  const missing = replicatedPartition('orders', 0, { target: null, mapped: { position: null, reason: 'no-target-copy', detail: 'x' } })
  assert.equal(partitionStatus(missing, partitionLag(missing, at), limits), 'fail')
})
