/**
 * @module verify/ranges
 * Where reading starts and stops on each side of one partition, and how the two starts are known
 * to correspond (the anchor). Pure: every fact it needs (log ranges, offsets by time, first
 * timestamps, MirrorMaker 2's valid offset syncs) is gathered by the caller.
 *
 * - offset-preserving: the same offsets on both sides (`identity`), from the latest of the wanted
 *   start and both log starts.
 * - MirrorMaker 2: both logs starting at 0 (`log-start`: it copies from the earliest offset); else
 *   the newest valid offset sync at or below the wanted start (`offset-sync`: it names the copy of
 *   its source record, so reading starts on that pair — a few records earlier than asked); else
 *   nothing proves where the copy starts, so the target is positioned by timestamp (CreateTime is
 *   kept by MirrorMaker 2: the copy of a record is never before the first target record as recent)
 *   and records before the first copy are outside the range, not differences (`timestamp`).
 * - The end: the source as it was when verification began (target read first: a copy on the target
 *   is of a record already on the source), or the wanted end; after a cut end, target records past
 *   the last copy are outside the range.
 */
import type { SyncPoint } from '../replication/sync-history.ts'
import type { Anchor, RangeSpec } from './types.ts'

export interface LogRange { start: number, end: number }

export interface PartitionFacts {
  source: LogRange
  target: LogRange
  /** `since`: ListOffsets by time on each side (-1: no record that recent) */
  sinceOffset?: { source: number, target: number }
  /** MirrorMaker 2: valid syncs of the partition, oldest first (sync-history.ts) */
  syncs: readonly SyncPoint[]
}

export interface PlannedRange {
  anchor: Anchor
  source: { from: number, until: number }
  target: { from: number, until: number }
  lenientHead: boolean
  lenientTail: boolean
  /** the syncs within both ranges, to be checked against content */
  syncs: SyncPoint[]
  /** anchor `timestamp`: the starts still need positioning by the first records' timestamps */
  needsTimestamps: boolean
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high)

/**
 * Syncs checked against content per partition, at most: one every 100 records (MirrorMaker 2's
 * default offset.lag.max) would make the check grow with the log; evenly spaced ones find a wrong
 * mapping as surely.
 */
export const maxCheckedSyncs = 1024

/** At most `n` of `list`, evenly spaced, the first and the last kept. */
export function spread<T> (list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list]
  return Array.from({ length: n }, (_, k) => list[Math.round((k * (list.length - 1)) / (n - 1))]!)
}

/** The source offsets wanted, before any alignment. */
export function wantedSource (facts: PartitionFacts, range: RangeSpec): { from: number, until: number } {
  const { start, end } = facts.source
  if (range.kind === 'since') {
    const at = facts.sinceOffset?.source ?? -1
    return { from: at < 0 ? end : clamp(at, start, end), until: end }
  }
  if (range.kind === 'offsets') {
    const until = range.until === null ? end : clamp(range.until, start, end)
    return { from: clamp(range.from ?? start, start, until), until }
  }
  return { from: start, until: end }
}

export function planRange (kind: 'mirrormaker2' | 'offset-preserving' | 'none', facts: PartitionFacts, range: RangeSpec): PlannedRange {
  const wanted = wantedSource(facts, range)
  const cut = wanted.until < facts.source.end
  const inRange = (from: { source: number, target: number }, until: { source: number, target: number }) =>
    spread(facts.syncs.filter((s) => s.upstream >= from.source && s.upstream < until.source && s.downstream >= from.target && s.downstream < until.target), maxCheckedSyncs)

  if (kind === 'offset-preserving') {
    const from = Math.max(wanted.from, facts.target.start)
    const source = { from: Math.min(from, wanted.until), until: wanted.until }
    const target = { from, until: cut ? Math.min(wanted.until, facts.target.end) : facts.target.end }
    return { anchor: 'identity', source, target: { from: Math.min(target.from, target.until), until: target.until }, lenientHead: false, lenientTail: cut, syncs: [], needsTimestamps: false }
  }

  // the end of the target range for a cut source: the first sync at or past it bounds the copies before it
  const targetUntil = (): number => {
    if (!cut) return facts.target.end
    const after = facts.syncs.find((s) => s.upstream >= wanted.until)
    return after ? clamp(after.downstream, facts.target.start, facts.target.end) : facts.target.end
  }

  if (wanted.from === 0 && facts.source.start === 0 && facts.target.start === 0) {
    const until = { source: wanted.until, target: targetUntil() }
    return { anchor: 'log-start', source: { from: 0, until: until.source }, target: { from: 0, until: until.target }, lenientHead: false, lenientTail: cut, syncs: inRange({ source: 0, target: 0 }, until), needsTimestamps: false }
  }

  let sync: SyncPoint | undefined
  for (const s of facts.syncs) {
    if (s.upstream <= wanted.from && s.upstream >= facts.source.start && s.downstream >= facts.target.start && s.downstream < facts.target.end) sync = s
  }
  if (sync) {
    const from = { source: sync.upstream, target: sync.downstream }
    const until = { source: wanted.until, target: targetUntil() }
    return { anchor: 'offset-sync', source: { from: from.source, until: until.source }, target: { from: from.target, until: until.target }, lenientHead: false, lenientTail: cut, syncs: inRange(from, until), needsTimestamps: false }
  }

  const targetFrom = range.kind === 'since' && (facts.sinceOffset?.target ?? -1) >= 0 ? facts.sinceOffset!.target : facts.target.start
  const until = { source: wanted.until, target: targetUntil() }
  return {
    anchor: 'timestamp',
    source: { from: wanted.from, until: until.source },
    target: { from: Math.min(targetFrom, until.target), until: until.target },
    lenientHead: true,
    lenientTail: cut,
    syncs: inRange({ source: wanted.from, target: targetFrom }, until),
    // a `since` start is already positioned by time on both sides
    needsTimestamps: range.kind !== 'since',
  }
}

/**
 * Moves the later-starting side's partner forward by the first records' timestamps, so that the two
 * starts are near each other: the side whose first record is older skips to the first record at
 * least as recent as the other side's first record (`offsetForTime` answers ListOffsets by time).
 */
export function positionByTimestamp (planned: PlannedRange, first: { source: number | null, target: number | null }, offsetForTime: { source: number, target: number }): PlannedRange {
  if (first.source === null || first.target === null) return planned
  if (first.target > first.source && offsetForTime.source >= 0) {
    return { ...planned, source: { ...planned.source, from: clamp(offsetForTime.source, planned.source.from, planned.source.until) } }
  }
  if (first.source > first.target && offsetForTime.target >= 0) {
    return { ...planned, target: { ...planned.target, from: clamp(offsetForTime.target, planned.target.from, planned.target.until) } }
  }
  return planned
}
