import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cleanPartition, fixturePlan } from '../gates/fixtures.ts'
import { judgeTopic, lagLimit } from './judge.ts'
import type { TopicReport } from './types.ts'

const topic = (partitions = [cleanPartition(0), cleanPartition(1)], criticality: 'critical' | 'standard' = 'critical'): TopicReport =>
  ({ topic: 'orders', targetTopic: 'orders', criticality, compacted: false, partitions })
const divergence = (kind: 'missing' | 'duplicate', s: number, t: number) => ({ kind, source: { offset: s } as never, target: { offset: t } as never, detail: '' })
const counts = (extra: object) => ({ missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0, ...extra })

test('clean passes, saying how much was compared', () => {
  const v = judgeTopic(fixturePlan(), topic())
  assert.equal(v.status, 'pass')
  assert.equal(v.message, 'identical: 200 record(s) compared on 2 partition(s); 2 offset sync(s) confirmed by content')
})

test('a difference fails, naming the first partition and both offsets; on a standard topic it warns', () => {
  const bad = cleanPartition(1, { status: 'diverged', counts: counts({ missing: 1 }), samples: [divergence('missing', 41, 40)] })
  const v = judgeTopic(fixturePlan(), topic([cleanPartition(0), bad]))
  assert.equal(v.status, 'fail')
  assert.match(v.message, /^1 missing on the target \(first: partition 1, source offset 41, target offset 40\); 200 record\(s\)/)
  assert.deepEqual(v.diverged.map((d) => d.partition), [1])
  assert.equal(judgeTopic(fixturePlan(), topic([bad], 'standard')).status, 'warn')
})

test('duplicates warn under MirrorMaker 2 and fail under offset-preserving replication', () => {
  const dup = cleanPartition(0, { status: 'diverged', counts: counts({ duplicate: 2 }), samples: [divergence('duplicate', 7, 8)] })
  assert.equal(judgeTopic(fixturePlan(), topic([dup])).status, 'warn')
  const preserving = fixturePlan({ replication: { kind: 'offset-preserving' }, groups: [] })
  assert.equal(judgeTopic(preserving, topic([dup])).status, 'fail')
})

test('incomplete is unknown; lag beyond the topic\'s limit fails', () => {
  const stopped = cleanPartition(0, { status: 'incomplete', error: 'Fetch failed' })
  assert.match(judgeTopic(fixturePlan(), topic([stopped])).message, /^1 of 1 partition\(s\) not verified to the end \(first in partition 0: Fetch failed\)/)
  const lagging = cleanPartition(0, { lag: { records: 5000, fromOffset: 100 } })
  assert.equal(judgeTopic(fixturePlan(), topic([lagging])).status, 'fail')
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical', lag: { records: 10_000 } }] })
  assert.equal(lagLimit(plan, 'orders'), 10_000)
  assert.match(judgeTopic(plan, topic([lagging])).message, /5,000 record\(s\) not replicated yet \(lag, within 10,000\)/)
})
