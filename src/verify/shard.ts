/**
 * @module verify/shard
 * `--shard i/n`: which partitions one of n processes (or machines) verifies. Partitions are sorted
 * by topic and number and dealt round-robin, so every shard computes the same split from the same
 * topic list, and partitions of one topic spread over all shards.
 */
import { badInput } from '../errors.ts'
import type { TopicPartition } from '../kafka/types.ts'

export interface Shard { index: number, count: number }

export const wholeRun: Shard = { index: 1, count: 1 }

export function parseShard (text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) throw badInput(`--shard takes i/n with 1 <= i <= n (e.g. 2/4), not '${text}'`)
  return { index, count }
}

const byTopicThenPartition = (a: TopicPartition, b: TopicPartition) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)

/** The partitions of `all` that shard `shard` verifies. */
export function shardPartitions<T extends TopicPartition> (all: readonly T[], shard: Shard): T[] {
  return [...all].sort(byTopicThenPartition).filter((_, k) => k % shard.count === shard.index - 1)
}
