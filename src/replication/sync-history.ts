/**
 * @module replication/sync-history
 * The offset syncs of one partition, put in the order MirrorMaker 2 wrote them and cut to the part
 * that is still true: the input of every translation (translate.ts).
 *
 * A sync `(upstream u, downstream d)` says: the copy of source record `u` is at target offset `d`, and
 * the records MirrorMaker 2 copies after it, in upstream order, land after `d`. That stays true until
 * one of two things happens, both visible in the sync stream (OffsetSyncWriter emits a sync for each):
 *
 * - **upstream rewind** — a sync's upstream is below the previous one's: MirrorMaker 2 restarted from
 *   an older committed position (re-copying records) or the source partition was recreated. Kafka's
 *   OffsetSyncStore then discards every earlier sync (`upstreamOffset < syncs[0].upstreamOffset()`
 *   clears its array); we do the same. (A restart that did not rewind — same or higher upstream —
 *   keeps history: the older syncs still describe the earlier copies truthfully.)
 * - **downstream rewind** — a sync's downstream is below the previous one's, or equal to it for a
 *   different upstream record: the target partition was truncated or recreated, so earlier syncs
 *   point at positions that now hold other records. OffsetSyncStore does *not* reset here; rollgate
 *   does, because translating through such a sync can land ahead of the true copy. This is the one
 *   place where rollgate is deliberately more conservative than MirrorMaker 2.
 *
 * Blind spot, shared with MirrorMaker 2: OffsetSyncWriter only notices a truncated target when its
 * next write lands *below* its previous one. If the target loses acknowledged records (unclean
 * leader election) and the freed positions are refilled before MirrorMaker 2's next write — exactly
 * one record lost, or other producers writing to the partition — no sync shows it, and syncs that
 * now name lost positions look valid. Neither MirrorMaker 2's checkpoints nor this history can be
 * trusted across such an event; the `exact` strategy (content digests) can.
 *
 * What is left (`valid`) has upstream non-decreasing and downstream strictly increasing, so "the
 * newest sync at or below an offset" is the same sync whether "newest" means written last or
 * highest offset — ties on upstream (a record copied twice) go to the later copy.
 *
 * Order: `seq` is the sync's offset in the offset-syncs topic (one partition, so a total order of
 * what MirrorMaker 2 wrote). Input may come unordered and with the same record twice. It must be a
 * suffix of the partition's sync history (what reading the topic from any offset to its end gives;
 * compaction keeps such a suffix too), so that no rewind in the middle goes unseen.
 *
 * Numbers, not bigints: offsets arrive as INT64 bigints (offset-sync.ts) and are converted here with
 * a range check. Below 2^53 every offset, and offset + 1, is exact; a partition would need centuries
 * at a million records a second to get there, and the rest of rollgate (and its JSON evidence)
 * carries offsets as numbers.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { tpKey } from '../kafka/types.ts'
import type { OffsetSync } from './offset-sync.ts'

export interface SyncPoint {
  /** the sync's position in MirrorMaker 2's write order: its offset in the offset-syncs topic */
  seq: number
  /** source offset of the record the sync names */
  upstream: number
  /** target offset of that record's copy */
  downstream: number
}

export type ResetCause = 'upstream-rewind' | 'downstream-rewind'

export interface HistoryReset {
  cause: ResetCause
  /** the sync that started the current history */
  at: SyncPoint
  /** the sync before it, whose history was discarded */
  previous: SyncPoint
}

export interface SyncHistory {
  /** the syncs still true, oldest first: upstream non-decreasing, downstream strictly increasing */
  valid: readonly SyncPoint[]
  /** the reset that cut the history most recently, if any */
  lastReset?: HistoryReset
  /** syncs received (after merging the same record given twice) */
  received: number
  /** syncs dropped because a later rewind made them untrue */
  discarded: number
}

/** Offsets must stay below 2^53 - 1 so that offset + 1 is still an exact integer. */
const maxOffset = Number.MAX_SAFE_INTEGER - 1

function rangeError (what: string, value: unknown): RollgateError {
  return new RollgateError('RG_REPLICATION_OFFSET_RANGE', `${what} ${String(value)} is not an offset rollgate can translate exactly (0 to ${maxOffset})`, ExitCode.badInput)
}

/** A non-negative integer offset as a number, or RG_REPLICATION_OFFSET_RANGE. */
export function offsetNumber (what: string, value: bigint | number): number {
  if (typeof value === 'bigint') {
    if (value < 0n || value > BigInt(maxOffset)) throw rangeError(what, value)
    return Number(value)
  }
  if (!Number.isInteger(value) || value < 0 || value > maxOffset) throw rangeError(what, value)
  return value
}

/** A decoded offset sync and its offset in the offset-syncs topic as a SyncPoint. */
export function toSyncPoint (sync: Pick<OffsetSync, 'upstreamOffset' | 'downstreamOffset'>, seq: bigint | number): SyncPoint {
  return {
    seq: offsetNumber('offset-sync record offset', seq),
    upstream: offsetNumber('offset-sync upstream offset', sync.upstreamOffset),
    downstream: offsetNumber('offset-sync downstream offset', sync.downstreamOffset),
  }
}

/** Groups decoded syncs by upstream partition (key: tpKey(topic, partition)). */
export function syncPointsByPartition (records: Iterable<{ seq: bigint | number, sync: OffsetSync }>): Map<string, SyncPoint[]> {
  const byPartition = new Map<string, SyncPoint[]>()
  for (const { seq, sync } of records) {
    const key = tpKey(sync.topic, sync.partition)
    const list = byPartition.get(key)
    const point = toSyncPoint(sync, seq)
    if (list) list.push(point)
    else byPartition.set(key, [point])
  }
  return byPartition
}

/**
 * Validated, in write order, each record once. The same `seq` twice with different offsets means
 * the input mixes partitions or topics: refused rather than guessed.
 */
export function orderedSyncs (syncs: Iterable<SyncPoint>): SyncPoint[] {
  const all: SyncPoint[] = []
  for (const s of syncs) {
    all.push({
      seq: offsetNumber('sync seq', s.seq),
      upstream: offsetNumber('sync upstream offset', s.upstream),
      downstream: offsetNumber('sync downstream offset', s.downstream),
    })
  }
  all.sort((a, b) => a.seq - b.seq)
  const out: SyncPoint[] = []
  for (const s of all) {
    const last = out[out.length - 1]
    if (last && last.seq === s.seq) {
      if (last.upstream !== s.upstream || last.downstream !== s.downstream) {
        throw new RollgateError('RG_REPLICATION_SYNC_CONFLICT',
          `two different syncs at offset-syncs offset ${s.seq} (${last.upstream}->${last.downstream} and ${s.upstream}->${s.downstream}): syncs of different partitions were mixed`, ExitCode.badInput)
      }
      continue
    }
    out.push(s)
  }
  return out
}

/** Why `next` cannot follow `previous` in one history, or undefined when it can. */
export function resetCause (previous: SyncPoint, next: SyncPoint): ResetCause | undefined {
  if (next.upstream < previous.upstream) return 'upstream-rewind'
  // one target position holds one record: the same position for another record means a new log
  if (next.downstream < previous.downstream || (next.downstream === previous.downstream && next.upstream !== previous.upstream)) return 'downstream-rewind'
  return undefined
}

export function syncHistory (syncs: Iterable<SyncPoint>): SyncHistory {
  const ordered = orderedSyncs(syncs)
  let valid: SyncPoint[] = []
  let lastReset: HistoryReset | undefined
  let discarded = 0
  for (const s of ordered) {
    const previous = valid[valid.length - 1]
    if (!previous) {
      valid.push(s)
      continue
    }
    const cause = resetCause(previous, s)
    if (cause) {
      discarded += valid.length
      valid = [s]
      lastReset = { cause, at: s, previous }
    } else if (previous.upstream === s.upstream && previous.downstream === s.downstream) {
      // the same sync written again (e.g. a delayed sync re-sent): one is enough, keep the newer
      valid[valid.length - 1] = s
    } else {
      valid.push(s)
    }
  }
  const history: SyncHistory = { valid, received: ordered.length, discarded }
  if (lastReset) history.lastReset = lastReset
  return history
}
