/**
 * @module offsets/translate
 * Where a group's committed position is on the other cluster, per the plan's strategy, with how it
 * was obtained, the replay it implies, and — for `exact` and `identical` — the proof by content.
 * The rule that makes everything here safe: a result is never ahead of the true copy (skip risk 0).
 * When a proof fails, `exact` falls back to MirrorMaker 2's safe rule and says so.
 *
 * Records are reached through `RecordAccess`, so the decisions are tested on fixtures and the same
 * code runs against real clusters.
 */
import type { Plan } from '../plan/schema.ts'
import { tpKey } from '../kafka/types.ts'
import { syncHistory, type SyncPoint } from '../replication/sync-history.ts'
import { type Direction, translateToSource, translateToTarget } from '../replication/translate.ts'
import { align, type DigestAt } from './align.ts'
import type { OffsetCapture, PartitionTranslation } from './types.ts'

export interface DigestRecord extends DigestAt { timestamp: number }

export interface RecordAccess {
  /** records `from <= offset < until` (stops early at the log end) with their digests */
  read: (side: 'source' | 'target', topic: string, partition: number, from: number, until: number) => Promise<DigestRecord[]>
  /** ListOffsets by time: the first offset with timestamp >= ts, -1 when none */
  offsetForTime: (side: 'source' | 'target', topic: string, partition: number, ts: number) => Promise<number>
  /** [log start, log end) of a partition, or null when the partition does not exist */
  logRange: (side: 'source' | 'target', topic: string, partition: number) => Promise<{ start: number, end: number } | null>
}

export interface TranslationContext {
  plan: Plan
  direction: Direction
  /** offset syncs keyed by tpKey(upstream topic, partition) */
  syncs: ReadonlyMap<string, readonly SyncPoint[]>
  /** MirrorMaker 2's checkpoints keyed by checkpointKey(group, target topic, partition) */
  checkpoint: (group: string, targetTopic: string, partition: number) => { upstream: number, downstream: number } | null
  /** source topic → its copy's name on the target */
  targetTopic: (topic: string) => string
  /** target topic → the source topic it copies */
  sourceTopic: (topic: string) => string
  access: RecordAccess
}

/** How far past a sync a timestamp search or an unbracketed proof may read (records). */
const searchWindow = 500
/** Records of context matched before the last processed one when searching by timestamp. */
const searchContext = 8

type Base = Omit<PartitionTranslation, 'to' | 'method' | 'replay' | 'proof' | 'note' | 'untranslatable'>

function result (base: Base, fields: Partial<PartitionTranslation> & Pick<PartitionTranslation, 'method'>): PartitionTranslation {
  return { ...base, to: null, replay: null, proof: null, note: null, untranslatable: null, ...fields }
}

/**
 * The proof of `exact`: aligns the upstream run starting at a sync with its copies downstream and
 * returns the downstream position right after the copy of `lastUp` (the last processed upstream
 * record), or why it could not be proven.
 */
async function proveFromSync (ctx: TranslationContext, upTopic: string, downTopic: string, partition: number, sync: SyncPoint, next: SyncPoint | undefined, lastUp: number): Promise<{ to: number, aligned: number, from: DigestAt, toDigest: DigestAt } | string> {
  const up = await ctx.access.read('source', upTopic, partition, sync.upstream, lastUp + 1)
  if (up.length === 0 || up[up.length - 1]!.offset !== lastUp) return `the source record at ${lastUp} is not readable (deleted by retention?)`
  const downUntil = next ? next.downstream : sync.downstream + (lastUp - sync.upstream + 1) + searchWindow
  const down = await ctx.access.read('target', downTopic, partition, sync.downstream, downUntil)
  const alignment = align(up, down)
  const pair = alignment.pairs.find(([u]) => u === lastUp)
  if (pair) return { to: pair[1] + 1, aligned: alignment.pairs.length, from: up[up.length - 1]!, toDigest: down.find((d) => d.offset === pair[1])! }
  if (alignment.kind === 'mismatch') return `content differs: source ${alignment.upstream.offset} vs target ${alignment.downstream.offset} (${alignment.upstream.digest.slice(0, 12)} ≠ ${alignment.downstream.digest.slice(0, 12)})`
  return `the copy of source record ${lastUp} is not on the target yet (replication lag)`
}

/** Without a bracketing sync: find the copy near the record's timestamp, with some preceding context. */
async function proveByTimestamp (ctx: TranslationContext, upTopic: string, downTopic: string, partition: number, lastUp: number, logStart: number): Promise<{ to: number, aligned: number, from: DigestAt, toDigest: DigestAt } | string> {
  const first = Math.max(logStart, lastUp - searchContext + 1)
  const up = await ctx.access.read('source', upTopic, partition, first, lastUp + 1)
  const last = up[up.length - 1]
  if (!last || last.offset !== lastUp) return `the source record at ${lastUp} is not readable (deleted by retention?)`
  // CreateTime is kept by MirrorMaker 2: the copy of up[0] is at or after the first target record that is not older
  const start = await ctx.access.offsetForTime('target', downTopic, partition, up[0]!.timestamp)
  if (start < 0) return 'no target record is as recent as the source record: not replicated yet'
  const down = await ctx.access.read('target', downTopic, partition, start, start + searchWindow)
  for (let i = 0; i < down.length; i++) {
    if (down[i]!.digest !== up[0]!.digest) continue
    const alignment = align(up, down.slice(i))
    const pair = alignment.pairs.find(([u]) => u === lastUp)
    if (pair && alignment.pairs.length === up.length) return { to: pair[1] + 1, aligned: up.length, from: last, toDigest: down.find((d) => d.offset === pair[1])! }
  }
  return `no run of ${up.length} record(s) ending with source ${lastUp} found within ${searchWindow} target records from offset ${start}`
}

async function sourceToTarget (ctx: TranslationContext, group: string, strategy: PartitionTranslation['strategy'], topic: string, partition: number, committed: number | null): Promise<PartitionTranslation> {
  const toTopic = ctx.targetTopic(topic)
  const base: Base = { group, strategy, direction: 'source-to-target', topic, partition, toTopic, from: committed, skipRisk: 0, mm2Checkpoint: ctx.checkpoint(group, toTopic, partition) }
  const range = await ctx.access.logRange('target', toTopic, partition)
  if (strategy === 'app-checkpoint') return result(base, { method: 'none', note: 'the application keeps its own position outside Kafka: nothing to translate' })
  if (!range) return result(base, { method: 'none', untranslatable: 'partition-missing', note: `${toTopic}-${partition} does not exist on the target` + (toTopic !== topic ? ` (the replication policy names the copy of ${topic} ${toTopic})` : '') })
  if (strategy === 'reset-earliest') return result(base, { method: 'log-start', to: range.start, note: 'reset to the target log start: the group re-reads everything retained' })
  if (strategy === 'reset-latest') return result(base, { method: 'log-end', to: range.end, note: 'reset to the target log end: records produced before the switch and not yet consumed are skipped, by the plan\'s choice' })
  if (committed === null) return result(base, { method: 'none', untranslatable: 'nothing-committed', note: 'the group has committed nothing for this partition' })

  if (strategy === 'identical') {
    if (committed === 0) return result(base, { method: 'identical', to: 0, replay: 0, note: 'nothing processed yet' })
    const [src] = await ctx.access.read('source', topic, partition, committed - 1, committed)
    const [dst] = await ctx.access.read('target', toTopic, partition, committed - 1, committed)
    if (src && dst && src.digest === dst.digest) return result(base, { method: 'identical', to: committed, replay: 0, proof: { from: src, to: dst, aligned: 1 } })
    return result(base, { method: 'identical', untranslatable: 'no-proof', note: !src ? `the source record at ${committed - 1} is not readable` : !dst ? `the target has no record at ${committed - 1}` : `records at ${committed - 1} differ: offsets are not preserved` })
  }

  if (strategy === 'timestamp') {
    const caughtUp = committed >= (await ctx.access.logRange('source', topic, partition))!.end
    const at = caughtUp ? committed - 1 : committed
    const [record] = at >= 0 ? await ctx.access.read('source', topic, partition, at, at + 1) : []
    if (!record) return result(base, { method: 'timestamp', untranslatable: 'range-deleted', note: `the source record at ${at} is not readable` })
    const to = await ctx.access.offsetForTime('target', toTopic, partition, record.timestamp)
    // -1: no target record that recent; the group's next record is not copied yet, so the end is not past it
    return result(base, { method: 'timestamp', to: to < 0 ? range.end : to, note: caughtUp ? 'the group is caught up: positioned by its last processed record, which it reads again' : 'positioned by the timestamp of the group\'s next record (never after its copy); out-of-order timestamps re-read more' })
  }

  // translate and exact both start from MirrorMaker 2's offset syncs and the safe rule
  const history = syncHistory(ctx.syncs.get(tpKey(topic, partition)) ?? [])
  const safe = translateToTarget(history, committed)
  const safeResult = (note: string | null): PartitionTranslation => safe.kind === 'translated'
    ? result(base, { method: 'offset-syncs', to: safe.offset, replay: safe.replayBound === Infinity ? null : safe.replayBound, note })
    : result(base, { method: 'offset-syncs', untranslatable: safe.reason, note: [note, safe.detail].filter(Boolean).join('; ') })
  if (strategy === 'translate') return safeResult(null)

  if (committed === 0) return result(base, { method: 'content-proof', to: range.start, replay: 0, note: 'nothing processed yet: start of the retained target log' })
  const lastUp = committed - 1
  const start = (await ctx.access.logRange('source', topic, partition))?.start ?? 0
  if (lastUp < start) return safeResult(`no proof: the source record at ${lastUp} was deleted by retention; fell back to the offset-sync rule`)
  const bracket = translateToTarget(history, lastUp)
  const proof = bracket.kind === 'translated'
    ? await proveFromSync(ctx, topic, toTopic, partition, bracket.sync, bracket.next, lastUp)
    : await proveByTimestamp(ctx, topic, toTopic, partition, lastUp, start)
  if (typeof proof === 'string') return safeResult(`no proof: ${proof}; fell back to the offset-sync rule`)
  return result(base, { method: 'content-proof', to: proof.to, replay: 0, proof: { from: proof.from, to: proof.toDigest, aligned: proof.aligned } })
}

/** Rollback direction: a group's progress on the target → the source position it corresponds to. */
async function targetToSource (ctx: TranslationContext, group: string, strategy: PartitionTranslation['strategy'], topic: string, partition: number, committed: number | null): Promise<PartitionTranslation> {
  const toTopic = ctx.sourceTopic(topic)
  const base: Base = { group, strategy, direction: 'target-to-source', topic, partition, toTopic, from: committed, skipRisk: 0, mm2Checkpoint: null }
  if (strategy === 'app-checkpoint') return result(base, { method: 'none', note: 'the application keeps its own position outside Kafka: nothing to translate' })
  const range = await ctx.access.logRange('source', toTopic, partition)
  if (!range) return result(base, { method: 'none', untranslatable: 'partition-missing', note: `${toTopic}-${partition} does not exist on the source` })
  if (committed === null) return result(base, { method: 'none', untranslatable: 'nothing-committed', note: 'the group has committed nothing on the target for this partition' })
  if (strategy === 'identical') return result(base, { method: 'identical', to: committed, replay: 0, note: 'offset-preserving replication: the same offset' })

  const history = syncHistory(ctx.syncs.get(tpKey(toTopic, partition)) ?? [])
  const safe = translateToSource(history, committed)
  if (safe.kind !== 'translated') return result(base, { method: 'offset-syncs', untranslatable: safe.reason, note: safe.detail })
  const fallback = (why: string | null) => result(base, { method: 'offset-syncs', to: safe.offset, replay: safe.replayBound === Infinity ? null : safe.replayBound, note: why })
  if (strategy !== 'exact' || committed === 0 || safe.exact) return fallback(null)
  // prove: align the source run from the sync with the target records up to the group's last processed one
  const sync = safe.sync
  const down = await ctx.access.read('target', topic, partition, sync.downstream, committed)
  const up = await ctx.access.read('source', toTopic, partition, sync.upstream, sync.upstream + Math.max(1, committed - sync.downstream))
  const alignment = align(up, down)
  const covered = alignment.pairs.filter(([, d]) => d <= committed - 1)
  const last = covered[covered.length - 1]
  const lastDown = down[down.length - 1]
  if (!last || !lastDown || lastDown.offset !== committed - 1 || (alignment.kind === 'mismatch' && alignment.downstream.offset <= committed - 1)) {
    return fallback(`no proof: ${alignment.kind === 'mismatch' ? `content differs at target ${alignment.downstream.offset}` : 'the records around the position are not all readable'}; fell back to the offset-sync rule`)
  }
  const proofTo = last[0] + 1
  return result(base, { method: 'content-proof', to: proofTo, replay: 0, proof: { from: lastDown, to: up.find((u) => u.offset === last[0])!, aligned: covered.length } })
}

/** Translates every captured partition of every plan group, in the context's direction. */
export async function translateCapture (ctx: TranslationContext, capture: OffsetCapture): Promise<PartitionTranslation[]> {
  const strategies = new Map(ctx.plan.groups.map((g) => [g.name, g.strategy]))
  const out: PartitionTranslation[] = []
  for (const g of capture.groups) {
    const strategy = strategies.get(g.group)
    if (!strategy) continue
    for (const p of g.partitions) {
      out.push(ctx.direction === 'source-to-target'
        ? await sourceToTarget(ctx, g.group, strategy, p.topic, p.partition, p.committed)
        : await targetToSource(ctx, g.group, strategy, p.topic, p.partition, p.committed))
    }
  }
  return out
}

