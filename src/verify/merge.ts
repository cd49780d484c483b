/**
 * @module verify/merge
 * The shards of one verification (`--shard i/n`, run side by side or on several machines) put back
 * together: the newest result of each shard, and the whole they make. A set missing a shard is
 * not whole, and says which. Pure.
 */
import { addCounts } from './requests.ts'
import type { TopicReport, VerifyResult } from './types.ts'

export interface ShardSet {
  results: VerifyResult[]
  evidenceIds: string[]
  /** shard indexes with no result (1-based) */
  missing: number[]
}

/**
 * From results newest first (with their evidence ids): the newest one's shard set — for every other
 * shard of the same split and plan, its newest result.
 */
export function newestShardSet (newestFirst: ReadonlyArray<{ result: VerifyResult, evidenceId: string }>): ShardSet | null {
  const first = newestFirst[0]
  if (!first) return null
  const { count } = first.result.shard
  const byIndex = new Map<number, { result: VerifyResult, evidenceId: string }>()
  for (const entry of newestFirst) {
    const r = entry.result
    if (r.shard.count !== count || r.planHash !== first.result.planHash || byIndex.has(r.shard.index)) continue
    byIndex.set(r.shard.index, entry)
    if (byIndex.size === count) break
  }
  const indexes = Array.from({ length: count }, (_, k) => k + 1)
  const found = indexes.filter((i) => byIndex.has(i)).map((i) => byIndex.get(i)!)
  return { results: found.map((f) => f.result), evidenceIds: found.map((f) => f.evidenceId), missing: indexes.filter((i) => !byIndex.has(i)) }
}

/** One result covering every shard: topics with all their partitions, invariants from shard 1. */
export function mergeShards (results: readonly VerifyResult[]): VerifyResult | null {
  const [first] = results
  if (!first) return null
  const topics = new Map<string, TopicReport>()
  for (const r of results) {
    for (const t of r.topics) {
      const seen = topics.get(t.topic)
      if (seen) seen.partitions = [...seen.partitions, ...t.partitions].sort((a, b) => a.partition - b.partition)
      else topics.set(t.topic, { ...t, partitions: [...t.partitions] })
    }
  }
  const requests: Record<string, number> = {}
  for (const r of results) addCounts(requests, r.requests)
  const compared = results.reduce((s, r) => s + r.run.compared, 0)
  const startedAt = results.map((r) => r.startedAt).sort()[0]!
  const finishedAt = results.map((r) => r.finishedAt).sort().reverse()[0]!
  const durationMs = Date.parse(finishedAt) - Date.parse(startedAt)
  return {
    ...first,
    startedAt,
    finishedAt,
    shard: { index: 1, count: 1 },
    notes: [...new Set(results.flatMap((r) => r.notes))],
    topics: [...topics.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    invariants: results.find((r) => r.shard.index === 1)?.invariants ?? null,
    requests,
    run: {
      durationMs,
      compared,
      recordsPerSecond: Math.round(compared / Math.max(durationMs / 1000, 0.001)),
      peakRssBytes: Math.max(...results.map((r) => r.run.peakRssBytes)),
      warnings: [...new Set(results.flatMap((r) => r.run.warnings))],
    },
  }
}
