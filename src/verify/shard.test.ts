import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseShard, shardPartitions } from './shard.ts'

test('shards: i/n parsed and checked; partitions dealt round-robin in a fixed order', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 })
  for (const bad of ['0/2', '3/2', '1', 'a/b']) assert.throws(() => parseShard(bad), /--shard takes i\/n/)
  const all = [{ topic: 'b', partition: 0 }, { topic: 'a', partition: 1 }, { topic: 'a', partition: 0 }, { topic: 'b', partition: 1 }]
  assert.deepEqual(shardPartitions(all, { index: 1, count: 2 }), [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 0 }])
  assert.deepEqual(shardPartitions(all, { index: 2, count: 2 }), [{ topic: 'a', partition: 1 }, { topic: 'b', partition: 1 }])
})
