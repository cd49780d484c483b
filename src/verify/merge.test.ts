import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixtureVerify } from '../gates/fixtures.ts'
import { mergeShards, newestShardSet } from './merge.ts'

test('shards are put back together; a missing shard is named', () => {
  const one = fixtureVerify({ shard: { index: 1, count: 2 }, topics: [fixtureVerify().topics[0]!] })
  const orders = fixtureVerify().topics[0]!
  const two = fixtureVerify({ shard: { index: 2, count: 2 }, topics: [{ ...orders, partitions: orders.partitions.map((p) => ({ ...p, partition: p.partition + 6 })) }], invariants: null })
  const set = newestShardSet([{ result: two, evidenceId: 'b' }, { result: fixtureVerify(), evidenceId: 'x' }, { result: one, evidenceId: 'a' }])!
  assert.deepEqual([set.evidenceIds, set.missing], [['a', 'b'], []])
  const merged = mergeShards(set.results)!
  assert.deepEqual(merged.topics.map((t) => [t.topic, t.partitions.length]), [['orders', 12]])
  assert.deepEqual(merged.invariants, [])
  assert.equal(merged.requests.Fetch, 60)
  assert.deepEqual(newestShardSet([{ result: two, evidenceId: 'b' }])!.missing, [1])
})
