import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixtureVerify } from '../gates/fixtures.ts'
import { mergeShards, newestShardSet } from './merge.ts'
import { progressLine } from './progress.ts'
import { parseOffsets, parseSince } from './range-spec.ts'
import { parseShard, shardPartitions } from './shard.ts'

test('shards: i/n parsed and checked; partitions dealt round-robin in a fixed order', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 })
  for (const bad of ['0/2', '3/2', '1', 'a/b']) assert.throws(() => parseShard(bad), /--shard takes i\/n/)
  const all = [{ topic: 'b', partition: 0 }, { topic: 'a', partition: 1 }, { topic: 'a', partition: 0 }, { topic: 'b', partition: 1 }]
  assert.deepEqual(shardPartitions(all, { index: 1, count: 2 }), [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 0 }])
  assert.deepEqual(shardPartitions(all, { index: 2, count: 2 }), [{ topic: 'a', partition: 1 }, { topic: 'b', partition: 1 }])
})

test('ranges from the command line', () => {
  const now = new Date('2026-03-02T10:00:00.000Z')
  assert.deepEqual(parseSince('2h', now), { kind: 'since', since: '2h', timestamp: now.getTime() - 7_200_000 })
  assert.equal((parseSince('2026-03-01T00:00:00Z', now) as { timestamp: number }).timestamp, Date.parse('2026-03-01T00:00:00Z'))
  assert.throws(() => parseSince('yesterday', now), /--since takes a duration/)
  assert.deepEqual(parseOffsets('10:20'), { kind: 'offsets', from: 10, until: 20 })
  assert.deepEqual(parseOffsets(':20'), { kind: 'offsets', from: null, until: 20 })
  assert.throws(() => parseOffsets(':'), /--offsets takes/)
  assert.throws(() => parseOffsets('20:10'), /the end is before the start/)
})

test('the progress line: rate and ETA', () => {
  assert.equal(progressLine({ compared: 250_000, expected: 1_000_000, partitionsDone: 3, partitions: 12, elapsedMs: 5000 }),
    'verify 250,000/1,000,000 records (25%)  50,000 records/s  partitions 3/12  elapsed 5s  ETA ~15s')
})

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
