/**
 * @module replication/translate
 * Consumer-offset translation through MirrorMaker 2's offset syncs of one partition, both ways, by
 * the safe rule of Kafka's OffsetSyncStore — and MirrorMaker 2's own answer beside it.
 *
 * ## Source → target (`translateToTarget`)
 * For a source group committed at `u` (it has processed every record below `u`): take the newest
 * valid sync `s` with `s.upstream <= u`; the target position is `s.downstream` when `u == s.upstream`,
 * else `s.downstream + 1`. Never `s.downstream + (u - s.upstream)`: records between two syncs may have
 * been compacted away or be transaction markers upstream, so dead reckoning can skip records.
 *
 * Never ahead — every source record `r >= u` that has a copy on the target has one at or after the
 * result `t`. The copy pass that wrote `s` copies records in upstream order at increasing target
 * offsets, so a record `r > s.upstream` it copies lands after `s.downstream` (`>= t`), and `r ==
 * s.upstream` (only when `t == s.downstream`) is at `t`. If that pass stopped before `r`, the next one
 * restarted from MirrorMaker 2's committed position `c` (all records below `c` were already copied) and
 * wrote a sync at its first record, at a higher target offset; `c` is not below `s.upstream`, or that
 * sync would be an upstream rewind and `s` would no longer be valid (sync-history.ts). So `r >= c` is
 * copied by that later pass, after `s.downstream` too.
 *
 * Replay (`replayBound`): the records the group re-reads on the target that it had processed on the
 * source are the copies of `s.upstream+1 .. u-1` after `t`: at most `u - s.upstream - 1`, and at most
 * the positions strictly between `s` and the next valid sync `n` (`n.downstream - s.downstream - 1`),
 * since every record below `u < n.upstream` was copied before `n`'s record. Zero when exact, or when
 * `u == s.upstream + 1`. (Assumes MirrorMaker 2's producer does not duplicate records within a pass,
 * true with idempotence, Kafka's default.)
 *
 * ## Target → source (`translateToSource`), for rollback
 * For a target group at `d` (it has read every target offset below `d`): take the valid sync `s` with
 * the highest `s.downstream <= d`; the source position is `s.upstream` when `d == s.downstream`, else
 * `s.upstream + 1`. The same rule mirrored: the record at `s.downstream` is the only one whose
 * identity we know, so we can only say "up to and including it" (or "before it" when the group
 * stands on it). One exception: when the next valid sync names the same upstream offset again (a
 * restart that resumed exactly there — or a recreated source partition whose offsets climbed back
 * to it without looking like a rewind; the syncs cannot tell them apart), the position stays at
 * `s.upstream`: in the second case the record now at that offset is not the one the group read.
 *
 * Never ahead — every source record `r` whose copies on the target are all at offsets `>= d` (the
 * group has not seen it) satisfies `r >= p`. Equivalently, every `r < p` has a copy below `d`:
 * `r < p` means `r <= s.upstream` (`r < s.upstream` when we stay on it). The copy pass that wrote
 * `s` started at some source position `c` and copied `c .. s.upstream` in order up to `s.downstream`, so for
 * `c <= r` the copy is at `<= s.downstream`, below `d` (or `< s.downstream = d` when exact); for
 * `r < c` the pass started at `c` because an earlier pass had already copied `r`, at a lower offset
 * still. Records the target lost (truncation) have no copy to protect; a rewind in either direction
 * starts a new history, so no sync from another log is ever used.
 *
 * Replay (`replayBound`): the group re-reads on the source what it had read on the target after
 * `s`'s record: at most `d - s.downstream - 1` target records (one more when it stays on
 * `s.upstream`; fewer source records when some were written by other producers). Records that a
 * MirrorMaker 2 restart had copied twice before `d` are not counted: the group meets those again on
 * the target too.
 *
 * Both proofs assume what MirrorMaker 2's own checkpoints assume: a sync is written after its copy
 * is acknowledged, a restarted task resumes from a position whose predecessors were all copied, and
 * the first sync of each task's life reaches the topic. The one case no sync shows — a truncated
 * target refilled before MirrorMaker 2's next write — is described in sync-history.ts.
 * translate.property.test.ts checks both directions against a simulated replicator, offset by
 * offset, over thousands of seeded runs.
 *
 * ## MirrorMaker 2's answer (`mm2Translate`)
 * OffsetSyncStore keeps at most 64 syncs per partition at roughly exponential spacing (and after a
 * restart whose checkpoint read failed, only the last sync read); compaction of the offset-syncs topic
 * also leaves only the newest sync per partition once segments roll. Which syncs survive in its array
 * depends on its whole input history, so we model its answer for a given retained set: `latest` (the
 * newest sync only — its state after compaction or such a restart, and the coarsest it can be) or
 * `all` (every sync since the last upstream rewind — the finest it could be). Its lookup is the same
 * rule; it differs from ours only in keeping history across a downstream rewind, and in answering -1
 * (which it then does not checkpoint) where we say `below-oldest-sync`. The checkpoint MirrorMaker 2
 * actually wrote (checkpoint.ts) remains the authority on what it did.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { type HistoryReset, type SyncHistory, type SyncPoint, offsetNumber, orderedSyncs, syncHistory } from './sync-history.ts'

export type Direction = 'source-to-target' | 'target-to-source'

export interface Translated {
  kind: 'translated'
  direction: Direction
  /** the position to commit on the other cluster */
  offset: number
  /** the sync names the very record at the position (no record re-read) */
  exact: boolean
  /** the sync the answer comes from */
  sync: SyncPoint
  /**
   * the oldest valid sync past the position, when there is one: with `sync` it brackets where the
   * copy of the group's last processed record is (the window the `exact` strategy searches)
   */
  next?: SyncPoint
  /** at most this many already-processed records are read again after moving to `offset` */
  replayBound: number
}

export type UntranslatableReason = 'no-sync' | 'below-oldest-sync'

export interface Untranslatable {
  kind: 'untranslatable'
  direction: Direction
  reason: UntranslatableReason
  /** below-oldest-sync: the oldest valid sync, which is already past the position */
  oldest?: SyncPoint
  /** below-oldest-sync after a rewind: older syncs existed but are no longer true */
  reset?: HistoryReset
  /** one sentence for the operator */
  detail: string
}

export type Translation = Translated | Untranslatable

const asHistory = (syncs: SyncHistory | Iterable<SyncPoint>): SyncHistory =>
  ('valid' in syncs && 'discarded' in syncs) ? syncs : syncHistory(syncs)

/** Index of the last element with `key(el) <= value` in a list sorted by `key`, -1 when none. */
function lastAtOrBelow (list: readonly SyncPoint[], key: (s: SyncPoint) => number, value: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (key(list[mid]!) <= value) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

function untranslatable (direction: Direction, history: SyncHistory, position: string): Untranslatable {
  const oldest = history.valid[0]
  if (!oldest) return { kind: 'untranslatable', direction, reason: 'no-sync', detail: `no offset sync for this partition: MirrorMaker 2 has not copied any of its records yet, or its syncs are not readable` }
  const side = direction === 'source-to-target' ? `upstream ${oldest.upstream}` : `downstream ${oldest.downstream}`
  const result: Untranslatable = {
    kind: 'untranslatable',
    direction,
    reason: 'below-oldest-sync',
    oldest,
    detail: `${position} is below the oldest valid offset sync (${side})` +
      (history.lastReset ? `; older syncs were discarded by a ${history.lastReset.cause} at offset-syncs offset ${history.lastReset.at.seq}` : ''),
  }
  if (history.lastReset) result.reset = history.lastReset
  return result
}

/** Source committed offset → target position (see the module comment for the rule and its proof). */
export function translateToTarget (syncs: SyncHistory | Iterable<SyncPoint>, upstreamOffset: number): Translation {
  const u = offsetNumber('upstream committed offset', upstreamOffset)
  const history = asHistory(syncs)
  const i = lastAtOrBelow(history.valid, (s) => s.upstream, u)
  const sync = history.valid[i]
  if (!sync) return untranslatable('source-to-target', history, `upstream offset ${u}`)
  const next = history.valid[i + 1]
  const exact = u === sync.upstream
  const replayBound = exact ? 0 : Math.min(u - sync.upstream - 1, next ? next.downstream - sync.downstream - 1 : Infinity)
  const result: Translated = { kind: 'translated', direction: 'source-to-target', offset: sync.downstream + (exact ? 0 : 1), exact, sync, replayBound }
  if (next) result.next = next
  return result
}

/** Target committed offset → source position, never ahead (see the module comment). */
export function translateToSource (syncs: SyncHistory | Iterable<SyncPoint>, downstreamOffset: number): Translation {
  const d = offsetNumber('downstream committed offset', downstreamOffset)
  const history = asHistory(syncs)
  const i = lastAtOrBelow(history.valid, (s) => s.downstream, d)
  const sync = history.valid[i]
  if (!sync) return untranslatable('target-to-source', history, `downstream offset ${d}`)
  const next = history.valid[i + 1]
  const exact = d === sync.downstream
  // the same upstream offset copied again later: a restart there, or a recreated source partition
  // whose offsets came back to it — the syncs cannot tell which, so do not step past it
  const recopied = !exact && next !== undefined && next.upstream === sync.upstream
  const step = exact || recopied ? 0 : 1
  const result: Translated = {
    kind: 'translated',
    direction: 'target-to-source',
    offset: sync.upstream + step,
    exact,
    sync,
    replayBound: exact ? 0 : d - sync.downstream - step,
  }
  if (next) result.next = next
  return result
}

export function translate (direction: Direction, syncs: SyncHistory | Iterable<SyncPoint>, offset: number): Translation {
  if (direction === 'source-to-target') return translateToTarget(syncs, offset)
  if (direction === 'target-to-source') return translateToSource(syncs, offset)
  throw new RollgateError('RG_REPLICATION_DIRECTION', `unknown translation direction ${String(direction)}`, ExitCode.badInput)
}

/** Which syncs MirrorMaker 2's store is assumed to hold (see the module comment). */
export type Mm2Retention = 'latest' | 'all'

/** OffsetSyncStore.translateDownstream's answer. */
export type Mm2Answer =
  /** a translation MirrorMaker 2 would checkpoint */
  | { kind: 'offset', offset: number, sync: SyncPoint }
  /** -1: every retained sync is above the offset; MirrorMaker 2 emits no checkpoint */
  | { kind: 'too-old', offset: -1, sync: SyncPoint }
  /** no sync for the partition: no answer, no checkpoint */
  | { kind: 'no-sync' }

/** What MirrorMaker 2 would answer for source committed offset `u`, holding the `retention` syncs. */
export function mm2Translate (syncs: Iterable<SyncPoint>, upstreamOffset: number, retention: Mm2Retention = 'latest'): Mm2Answer {
  const u = offsetNumber('upstream committed offset', upstreamOffset)
  const ordered = orderedSyncs(syncs)
  const newest = ordered[ordered.length - 1]
  if (!newest) return { kind: 'no-sync' }
  let retained: SyncPoint[]
  if (retention === 'latest') {
    retained = [newest]
  } else {
    // its store clears on an upstream rewind only (not on a downstream one)
    let start = 0
    for (let i = 1; i < ordered.length; i++) if (ordered[i]!.upstream < ordered[i - 1]!.upstream) start = i
    retained = ordered.slice(start)
  }
  // its array is searched newest first; the first sync at or below u wins
  for (let i = retained.length - 1; i >= 0; i--) {
    const s = retained[i]!
    if (s.upstream <= u) return { kind: 'offset', offset: s.downstream + (u === s.upstream ? 0 : 1), sync: s }
  }
  return { kind: 'too-old', offset: -1, sync: retained[0]! }
}
