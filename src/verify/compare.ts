/**
 * @module verify/compare
 * Record-level parity of one partition: the source's records and the target's, streamed side by
 * side and lined up in order. Pure: it pulls decoded chunks from two feeds and returns a tally; it
 * never talks to a cluster (tests feed it arrays).
 *
 * ## Alignment
 * The common case is a faithful copy: the two heads are byte-identical, both advance, nothing is
 * kept. When they differ, both sides are read ahead and the nearest point where they agree again is
 * found (two consecutive equal records, or one where both streams end), minimising the records
 * skipped on both sides; the lookahead grows from a few records to `window`, so a short difference
 * costs little. What lies between is a divergent block, classified:
 * - block records equal on both sides are copies; those that break the longest in-order run are
 *   copies out of order (`order`), as are copies found further ahead on the other side, or equal to a
 *   record declared missing (or extra) a moment ago;
 * - a target record equal to a source record copied within the last `duplicateWindow` records is a
 *   `duplicate` (MirrorMaker 2 is at-least-once: a retried batch is written twice);
 * - one equal to a record of an aborted transaction on the source is `aborted` (MirrorMaker 2 reads
 *   read_uncommitted unless told otherwise, and then writes aborted data as plain records);
 * - the remaining source and target records between the same two in-order copies are paired when
 *   their keys are equal (`mismatch`: the copy was altered); the rest are `missing` and `extra`.
 * A difference longer than the window on both sides cannot be classified honestly: the partition
 * stops there (`window`) and is reported incomplete rather than guessed.
 *
 * ## Ends
 * When the target runs out, the source records after the last copied one are lag (not loss): the
 * replication has not got there yet. When the source runs out, the target records left are extra —
 * unless the source range was cut short (`lenientTail`), then they are outside the range. When the
 * start is not anchored (no sync, no identity, not both at offset 0), records before the first copy
 * are outside the range too (`lenientHead`): one side retains older records than the other.
 *
 * ## Compacted topics
 * Each side compacts on its own schedule: a record one side retains and the other does not is not a
 * difference when a later record with the same key exists (on either side: both are the same log), or
 * when it is a tombstone (removable after delete.retention.ms). Such records wait, by key, until a
 * later record settles them; what still waits at the end is missing or extra.
 *
 * Copies are proven byte for byte. What is recognised from memory — a duplicate, an aborted record,
 * the other half of a far move — is recognised by a 53-bit content hash (contentHash): the records
 * it names are no longer at hand. Two different records sharing one is a 2^-53 chance.
 *
 * Memory: the lookahead on both sides, the ring of recent copies and a few bounded maps — never the
 * partition.
 */
import type { SyncPoint } from '../replication/sync-history.ts'
import { contentHash } from './content-hash.ts'
import { type Columns, differingFields, keyOf, type Rec, recAt, recsOf, releaseColumns, sameAt, sameContent } from './record-batch.ts'
import { summarize } from './preview.ts'
import type { Counts, Divergence, DivergenceKind } from './types.ts'

export interface Chunk { columns: Columns, aborted: Rec[] }
/** The next chunk of a side, null at the end of its range. */
export type Pull = () => Promise<Chunk | null>

export interface CompareOptions {
  /** records read ahead on each side, at most, to classify a difference */
  window: number
  /** copied source records remembered to recognise a duplicate */
  duplicateWindow: number
  withTimestamps: boolean
  /** offset-preserving replication: a copy must be at its source offset */
  identity: boolean
  compacted: boolean
  lenientHead: boolean
  lenientTail: boolean
  /** end of the source range, for lag */
  sourceUntil: number
  /** end of the target range, for what lies outside a cut range */
  targetUntil: number
  /** MirrorMaker 2's valid offset syncs within the range, to check against content */
  syncs: readonly SyncPoint[]
  maxSamples: number
  /** called now and then with the number of source records compared since the last call */
  onProgress?: (compared: number) => void
}

export interface Tally {
  compared: number
  matched: number
  counts: Counts
  timestampDifferences: number
  compactedAway: { source: number, target: number }
  outsideRange: { source: number, target: number }
  lag: { records: number, fromOffset: number | null }
  syncs: { checked: number, confirmed: number }
  samples: Divergence[]
  /** set when a difference longer than the window stopped the comparison */
  stopped: { source: number, target: number } | null
}

const confirmRun = 2
const progressEvery = 8192
const firstWindows = [16, 256]

/**
 * One side's pending records: a chunk's columns while the two sides agree (nothing allocated per
 * record), records as objects once a difference makes it read ahead (`window`), until those are
 * used up.
 */
class Cursor {
  cols: Columns | null = null
  i = 0
  buf: Rec[] = []
  pos = 0
  done = false
  readonly #pull: Pull
  readonly #onAborted: (records: Rec[]) => void

  constructor (pull: Pull, onAborted: (records: Rec[]) => void) {
    this.#pull = pull
    this.#onAborted = onAborted
  }

  get available (): number { return this.buf.length - this.pos + (this.cols ? this.cols.length - this.i : 0) }

  /** At least `n` records pending, unless the side ends first. */
  async fill (n: number): Promise<void> {
    while (this.available < n && !this.done) {
      const chunk = await this.#pull()
      if (chunk === null) {
        this.done = true
        break
      }
      if (chunk.aborted.length > 0) this.#onAborted(chunk.aborted)
      if (chunk.columns.length === 0) continue
      if (this.available === 0) {
        if (this.cols) releaseColumns(this.cols)
        this.cols = chunk.columns
        this.i = 0
        this.buf = []
        this.pos = 0
      } else {
        this.toArray()
        this.buf = this.buf.concat(recsOf(chunk.columns))
        releaseColumns(chunk.columns)
      }
    }
  }

  /** Pending records as objects from here on (reading ahead). */
  toArray (): void {
    if (this.cols === null) return
    const rest = recsOf(this.cols, this.i)
    this.buf = this.pos === this.buf.length ? rest : this.buf.slice(this.pos).concat(rest)
    this.pos = 0
    releaseColumns(this.cols)
    this.cols = null
  }

  head (): Rec {
    return this.cols ? recAt(this.cols, this.i) : this.buf[this.pos]!
  }

  take (): Rec {
    const rec = this.head()
    this.advance(1)
    return rec
  }

  advance (n: number): void {
    if (this.cols) this.i += n
    else this.pos += n
  }

  window (n: number): Rec[] {
    this.toArray()
    return this.buf.slice(this.pos, this.pos + n)
  }

  /** Takes a record found ahead out of the pending ones (it was accounted for out of order). */
  remove (rec: Rec): void {
    const at = this.buf.indexOf(rec, this.pos)
    if (at >= 0) this.buf.splice(at, 1)
  }
}

/**
 * The last `size` copied source records, to recognise a later duplicate. Where the sides agree they
 * are remembered by where their bytes are (nothing hashed, nothing allocated); hashes are computed
 * the first time a lookup needs them, and kept up to date from then on. A clean partition never
 * hashes a record.
 */
class RecentCopies {
  readonly #bytes: Array<Buffer | null>
  readonly #start: Int32Array
  readonly #end: Int32Array
  /** NaN until computed */
  readonly #hashes: Float64Array
  readonly #source: Float64Array
  readonly #target: Float64Array
  #next = 0
  #count = 0
  #byHash: Map<number, number> | null = null

  constructor (size: number) {
    const n = Math.max(1, size)
    this.#bytes = new Array<Buffer | null>(n).fill(null)
    this.#start = new Int32Array(n)
    this.#end = new Int32Array(n)
    this.#hashes = new Float64Array(n)
    this.#source = new Float64Array(n)
    this.#target = new Float64Array(n)
  }

  #hash (slot: number): number {
    let hash = this.#hashes[slot]!
    if (Number.isNaN(hash)) hash = this.#hashes[slot] = contentHash(this.#bytes[slot]!, this.#start[slot]!, this.#end[slot]!)
    return hash
  }

  /** A source record (its bytes `[start, end)`, its hash or NaN) copied from `source` to `target`. */
  push (bytes: Buffer, start: number, end: number, hash: number, source: number, target: number): void {
    const slot = this.#next
    const byHash = this.#byHash
    if (byHash !== null && this.#count === this.#bytes.length) {
      const old = this.#hash(slot)
      if (byHash.get(old) === slot) byHash.delete(old)
    }
    this.#bytes[slot] = bytes
    this.#start[slot] = start
    this.#end[slot] = end
    this.#hashes[slot] = hash
    this.#source[slot] = source
    this.#target[slot] = target
    if (byHash !== null) byHash.set(this.#hash(slot), slot)
    this.#next = (slot + 1) % this.#bytes.length
    if (this.#count < this.#bytes.length) this.#count++
  }

  find (hash: number): { source: number, target: number } | null {
    if (this.#byHash === null) {
      this.#byHash = new Map()
      const n = this.#bytes.length
      for (let k = 0; k < this.#count; k++) {
        const slot = (this.#next - this.#count + k + n) % n
        this.#byHash.set(this.#hash(slot), slot)
      }
    }
    const slot = this.#byHash.get(hash)
    return slot === undefined ? null : { source: this.#source[slot]!, target: this.#target[slot]! }
  }
}

/** A Map that forgets its oldest entries beyond `size`. */
class Bounded<K, V> extends Map<K, V> {
  readonly #size: number
  constructor (size: number) {
    super()
    this.#size = size
  }

  override set (key: K, value: V): this {
    super.delete(key)
    super.set(key, value)
    if (this.size > this.#size) this.delete(this.keys().next().value as K)
    return this
  }
}

const emptyCounts = (): Counts => ({ missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0 })

/** Indices (into `values`) of one longest strictly increasing subsequence. */
export function longestIncreasing (values: readonly number[]): Set<number> {
  const tails: number[] = []
  const previous = new Int32Array(values.length).fill(-1)
  for (let i = 0; i < values.length; i++) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) previous[i] = tails[lo - 1]!
    tails[lo] = i
  }
  const out = new Set<number>()
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i]!) out.add(i)
  return out
}

function byHash (records: readonly Rec[]): Map<number, number[]> {
  const index = new Map<number, number[]>()
  records.forEach((r, i) => {
    const list = index.get(r.hash)
    if (list) list.push(i)
    else index.set(r.hash, [i])
  })
  return index
}

/**
 * The nearest (i, j) where S[i..] and T[j..] agree again, by the smallest i + j: `confirmRun`
 * equal records, or fewer where both streams end.
 */
export function findResync (S: readonly Rec[], T: readonly Rec[], bothEnd: boolean, withTimestamps: boolean): [number, number] | null {
  const index = byHash(T)
  let best: [number, number] | null = null
  for (let i = 0; i < S.length; i++) {
    if (best && i >= best[0] + best[1]) break
    for (const j of index.get(S[i]!.hash) ?? []) {
      if (best && i + j >= best[0] + best[1]) break
      let ok = sameContent(S[i]!, T[j]!, withTimestamps)
      for (let k = 1; ok && k < confirmRun; k++) {
        const a = S[i + k]
        const b = T[j + k]
        ok = a && b ? sameContent(a, b, withTimestamps) : !a && !b && bothEnd
      }
      if (ok) {
        best = [i, j]
        break
      }
    }
  }
  return best
}

export async function comparePartition (source: Pull, target: Pull, options: CompareOptions): Promise<Tally> {
  const tally: Tally = {
    compared: 0, matched: 0, counts: emptyCounts(), timestampDifferences: 0, compactedAway: { source: 0, target: 0 },
    outsideRange: { source: 0, target: 0 }, lag: { records: 0, fromOffset: null }, syncs: { checked: 0, confirmed: 0 }, samples: [], stopped: null,
  }
  const { withTimestamps, identity } = options
  const recent = new RecentCopies(options.duplicateWindow)
  const abortedOnSource = new Bounded<number, number>(Math.max(options.duplicateWindow, 1))
  const recentMissing = new Bounded<number, Divergence | null>(1024)
  const recentExtra = new Bounded<number, Divergence | null>(1024)
  const pendingByKey = new Map<number, Array<{ side: 'source' | 'target', divergence: Divergence | null }>>()
  const pendingCap = 100_000
  let pendingCount = 0
  const syncsAt = new Map<number, number[]>()
  for (const sync of options.syncs) {
    const list = syncsAt.get(sync.upstream)
    if (list) list.push(sync.downstream)
    else syncsAt.set(sync.upstream, [sync.downstream])
  }
  /** syncs whose upstream record was found, but not at the sync's downstream offset: that may be a later copy */
  const unconfirmed = new Map<number, { downstream: number[], source: Rec, target: Rec }>()
  let seenCopy = false
  let progress = 0

  const s = new Cursor(source, (records) => { for (const r of records) abortedOnSource.set(r.hash, r.offset) })
  const t = new Cursor(target, () => {})

  const note = (kind: Exclude<DivergenceKind, 'window'>, src: Rec | null, tgt: Rec | null, detail: string): Divergence | null => {
    tally.counts[kind]++
    if (tally.samples.length >= options.maxSamples) return null
    const d: Divergence = { kind, source: src ? summarize(src, tgt) : null, target: tgt ? summarize(tgt, src) : null, detail }
    tally.samples.push(d)
    return d
  }
  const unnote = (d: Divergence | null, kind: Exclude<DivergenceKind, 'window'>) => {
    tally.counts[kind]--
    if (d) tally.samples.splice(tally.samples.indexOf(d), 1)
  }
  const compared = () => {
    tally.compared++
    if (++progress >= progressEvery && options.onProgress) {
      options.onProgress(progress)
      progress = 0
    }
  }

  /** A record of either side settles every earlier waiting record with its key (compacted topics). */
  const settle = (rec: Rec) => {
    const { keyHash } = keyOf(rec)
    const list = pendingByKey.get(keyHash)
    if (!list) return
    pendingByKey.delete(keyHash)
    pendingCount -= list.length
    // retained by one side, compacted away by the other
    for (const p of list) tally.compactedAway[p.side === 'source' ? 'target' : 'source']++
  }
  /** An unmatched record of a compacted topic: a tombstone may be gone from the other side; others wait for a later record with their key. */
  const defer = (rec: Rec, side: 'source' | 'target', other: Rec | null): boolean => {
    if (!options.compacted) return false
    const { keyHash, tombstone } = keyOf(rec)
    if (keyHash < 0) return false
    // this record supersedes earlier waiting ones with its key: those were legitimately compacted away
    if (pendingByKey.has(keyHash)) settle(rec)
    if (tombstone) {
      tally.compactedAway[side === 'source' ? 'target' : 'source']++
      return true
    }
    if (pendingCount >= pendingCap) return false
    const detail = side === 'source'
      ? 'no copy on the target, and no later record with this key explains it as compacted away'
      : 'copies no source record, and no later record with this key explains it as compacted away on the source'
    const divergence = tally.samples.length < options.maxSamples
      ? { kind: side === 'source' ? 'missing' as const : 'extra' as const, source: side === 'source' ? summarize(rec) : (other ? summarize(other) : null), target: side === 'target' ? summarize(rec) : (other ? summarize(other) : null), detail }
      : null
    const list = pendingByKey.get(keyHash)
    if (list) list.push({ side, divergence })
    else pendingByKey.set(keyHash, [{ side, divergence }])
    pendingCount++
    return true
  }

  const checkSyncs = (a: Rec, b: Rec) => {
    const downstream = syncsAt.get(a.offset)
    if (!downstream) return
    syncsAt.delete(a.offset)
    tally.syncs.checked += downstream.length
    const wrong = downstream.filter((d) => d !== b.offset)
    tally.syncs.confirmed += downstream.length - wrong.length
    if (wrong.length > 0) unconfirmed.set(a.offset, { downstream: wrong, source: a, target: b })
  }

  /** A source record and its identical copy. */
  const pair = (a: Rec, b: Rec, inOrder: boolean) => {
    tally.matched++
    compared()
    seenCopy = true
    if (inOrder && identity && a.offset !== b.offset) note('offset', a, b, `copied at target offset ${b.offset}, not at its source offset ${a.offset}: offsets are not preserved`)
    if (a.timestamp !== b.timestamp) tally.timestampDifferences++
    recent.push(a.bytes, a.start, a.end, a.hash, a.offset, b.offset)
    if (syncsAt.size > 0) checkSyncs(a, b)
    if (pendingCount > 0) {
      settle(a)
      settle(b)
    }
  }

  /** A target record no source record in view explains: duplicate, aborted, or one half of a far move. */
  const explainTarget = (b: Rec, place: Rec | null): boolean => {
    const copy = recent.find(b.hash)
    if (copy) {
      note('duplicate', place, b, `second copy of source offset ${copy.source} (first copy at target offset ${copy.target})`)
      const wrong = unconfirmed.get(copy.source)
      if (wrong?.downstream.includes(b.offset)) {
        // the sync names this later copy: MirrorMaker 2 wrote it when it copied the record again
        tally.syncs.confirmed++
        wrong.downstream = wrong.downstream.filter((d) => d !== b.offset)
        if (wrong.downstream.length === 0) unconfirmed.delete(copy.source)
      }
      return true
    }
    const aborted = abortedOnSource.get(b.hash)
    if (aborted !== undefined) {
      note('aborted', place, b, `copy of source offset ${aborted}, a record of an aborted transaction that no read_committed consumer of the source sees (MirrorMaker 2 copies read_uncommitted unless its source consumer has isolation.level=read_committed)`)
      return true
    }
    if (recentMissing.has(b.hash)) {
      const missing = recentMissing.get(b.hash)!
      recentMissing.delete(b.hash)
      unnote(missing, 'missing')
      tally.matched++
      note('order', null, b, `copy found far out of order at target offset ${b.offset}${missing?.source ? `, the source record is at offset ${missing.source.offset}` : ''}`)
      return true
    }
    return false
  }

  /** A source record whose copy was seen a moment ago and taken for an extra record. */
  const explainSource = (a: Rec): boolean => {
    if (!recentExtra.has(a.hash)) return false
    const extra = recentExtra.get(a.hash)!
    recentExtra.delete(a.hash)
    unnote(extra, 'extra')
    tally.matched++
    compared()
    note('order', a, null, `copy found far out of order${extra?.target ? `, earlier at target offset ${extra.target.offset}` : ''}`)
    return true
  }

  /**
   * Classifies the divergent block S / T (see the module comment); `Sx` / `Tx` are the records read
   * ahead beyond it. With `endOfTarget`, source records after the last one with a copy are lag: the
   * offset of the first is returned.
   */
  const block = (S: Rec[], T: Rec[], Sx: Rec[], Tx: Rec[], endOfTarget: boolean): number | null => {
    const sIndex = byHash(S)
    const sPaired = new Int32Array(S.length).fill(-1)
    const tPaired = new Int32Array(T.length).fill(-1)
    const pairs: Array<[number, number]> = []
    T.forEach((b, j) => {
      for (const i of sIndex.get(b.hash) ?? []) {
        if (sPaired[i]! < 0 && sameContent(S[i]!, b, withTimestamps)) {
          sPaired[i] = j
          tPaired[j] = i
          pairs.push([i, j])
          break
        }
      }
    })
    const inOrder = longestIncreasing(pairs.map(([i]) => i))
    const anchors = pairs.filter((_, k) => inOrder.has(k))
    const moved = pairs.filter((_, k) => !inOrder.has(k))
    let sxIndex: Map<number, number[]> | null = null
    let txIndex: Map<number, number[]> | null = null
    const takenAhead = { source: new Set<number>(), target: new Set<number>() }
    const findAhead = (records: Rec[], index: Map<number, number[]>, taken: Set<number>, rec: Rec): number => {
      for (const k of index.get(rec.hash) ?? []) if (!taken.has(k) && sameContent(records[k]!, rec, withTimestamps)) return k
      return -1
    }
    let lagFrom: number | null = null
    let sFrom = 0
    let tFrom = 0
    for (const [sTo, tTo] of [...anchors, [S.length, T.length] as [number, number]]) {
      const last = sTo === S.length
      const placeS = S[sFrom] ?? Sx[0] ?? null
      const placeT = T[tFrom] ?? Tx[0] ?? null
      const restS: Rec[] = []
      for (let i = sFrom; i < sTo; i++) if (sPaired[i]! < 0) restS.push(S[i]!)
      const restT: Rec[] = []
      for (let j = tFrom; j < tTo; j++) if (tPaired[j]! < 0) restT.push(T[j]!)
      if (options.lenientHead && !seenCopy) {
        // before the first copy of an unanchored start: one side retains records the other does not
        tally.outsideRange.source += restS.length
        tally.outsideRange.target += restT.length
      } else {
        const unexplainedT: Rec[] = []
        for (const b of restT) {
          sxIndex ??= byHash(Sx)
          const k = findAhead(Sx, sxIndex, takenAhead.source, b)
          if (k >= 0) {
            takenAhead.source.add(k)
            const a = Sx[k]!
            s.remove(a)
            pair(a, b, false)
            note('order', a, b, `the copy of source offset ${a.offset} is at target offset ${b.offset}, ahead of the source's order`)
          } else if (!explainTarget(b, placeS)) {
            unexplainedT.push(b)
          }
        }
        const unexplainedS: Rec[] = []
        for (const a of restS) {
          txIndex ??= byHash(Tx)
          const k = findAhead(Tx, txIndex, takenAhead.target, a)
          if (k >= 0) {
            takenAhead.target.add(k)
            const b = Tx[k]!
            t.remove(b)
            pair(a, b, false)
            note('order', a, b, `the copy of source offset ${a.offset} is at target offset ${b.offset}, after copies of later records`)
          } else if (!explainSource(a)) {
            unexplainedS.push(a)
          }
        }
        // what is left between the same two copies: altered copies when the keys agree
        const used = new Set<Rec>()
        const usedS = new Set<Rec>()
        let lastPaired = -1
        const keyed = unexplainedT.map((b) => keyOf(b).keyHash)
        unexplainedS.forEach((a, n) => {
          const key = keyOf(a).keyHash
          const j = unexplainedT.findIndex((b, x) => !used.has(b) && keyed[x] === key)
          if (j < 0) return
          const b = unexplainedT[j]!
          used.add(b)
          usedS.add(a)
          lastPaired = n
          compared()
          const fields = differingFields(a, b).filter((f) => f !== 'timestamp' || withTimestamps)
          note('mismatch', a, b, fields.length === 1 && fields[0] !== 'headers' ? `${fields[0]} differs` : `${fields.join(', ') || 'content'} differ`)
          if (pendingCount > 0) {
            settle(a)
            settle(b)
          }
        })
        unexplainedS.forEach((a, n) => {
          if (usedS.has(a)) return
          if (endOfTarget && last && n > lastPaired) {
            lagFrom ??= a.offset
            return
          }
          if (defer(a, 'source', placeT)) return
          compared()
          const d = note('missing', a, placeT, placeT ? `no copy on the target; the target holds offset ${placeT.offset} where it belongs` : 'no copy on the target')
          recentMissing.set(a.hash, d)
        })
        for (const b of unexplainedT) {
          if (used.has(b) || defer(b, 'target', placeS)) continue
          const d = note('extra', placeS, b, placeS ? `copies no source record; the source holds offset ${placeS.offset} at this place` : 'copies no source record')
          recentExtra.set(b.hash, d)
        }
      }
      if (!last) pair(S[sTo]!, T[tTo]!, true)
      sFrom = sTo + 1
      tFrom = tTo + 1
    }
    for (const [i, j] of moved) {
      pair(S[i]!, T[j]!, false)
      note('order', S[i]!, T[j]!, `the copy of source offset ${S[i]!.offset} is at target offset ${T[j]!.offset}, out of the source's order`)
    }
    return lagFrom
  }

  /** A difference at the heads: read ahead, find where the sides agree again, classify. Returns true to stop. */
  const diverge = async (): Promise<boolean> => {
    for (const w of [...firstWindows.filter((x) => x < options.window), options.window]) {
      await s.fill(w + confirmRun)
      await t.fill(w + confirmRun)
      const S = s.window(w + confirmRun)
      const T = t.window(w + confirmRun)
      const sEnds = s.done && S.length < w + confirmRun
      const tEnds = t.done && T.length < w + confirmRun
      const found = findResync(S, T, sEnds && tEnds, withTimestamps)
      const final = w === options.window || (sEnds && tEnds)
      // a small window's answer stands only when no better one can lie outside it
      if (found && (found[0] + found[1] <= w || (final && found[0] <= w && found[1] <= w))) {
        const [i, j] = found
        s.advance(i)
        t.advance(j)
        block(S.slice(0, i), T.slice(0, j), S.slice(i), T.slice(j), false)
        return false
      }
      if (tEnds && final) {
        // the target ends here: classify it all; the source records after the last copied one are lag
        s.advance(S.length)
        t.advance(T.length)
        const lagFrom = block(S, T, [], [], true)
        if (lagFrom !== null) tally.lag = { records: Math.max(0, options.sourceUntil - lagFrom), fromOffset: lagFrom }
        else if (!s.done || s.available > 0) {
          await s.fill(1)
          if (s.available > 0) {
            const next = s.head()
            tally.lag = { records: Math.max(0, options.sourceUntil - next.offset), fromOffset: next.offset }
          }
        }
        return true
      }
      if (sEnds && final) {
        s.advance(S.length)
        t.advance(T.length)
        block(S, T, [], [], false)
        return false
      }
      if (!final) continue
      const a = S[0]!
      const b = T[0]!
      const detail = options.lenientHead && !seenCopy
        ? `the two sides share no record within the first ${w} records of each (the start is not anchored): nothing was compared (raise --window, or give --since)`
        : `the two sides do not agree again within ${w} records: the rest of the partition was not compared (raise --window)`
      tally.samples.push({ kind: 'window', source: summarize(a), target: summarize(b), detail })
      tally.stopped = { source: a.offset, target: b.offset }
      return true
    }
    return true
  }

  /** The source is exhausted: what is left on the target. */
  const targetTail = async (): Promise<void> => {
    for (;;) {
      if (t.available === 0) await t.fill(1)
      if (t.available === 0) return
      if (options.lenientTail) {
        tally.outsideRange.target += Math.max(0, options.targetUntil - t.head().offset)
        return
      }
      const b = t.take()
      if (pendingCount > 0) settle(b)
      if (explainTarget(b, null) || defer(b, 'target', null)) continue
      recentExtra.set(b.hash, note('extra', null, b, 'copies no source record (after the end of the source range)'))
    }
  }

  for (;;) {
    if (s.available === 0) await s.fill(1)
    if (t.available === 0) await t.fill(1)
    if (s.available === 0) {
      await targetTail()
      break
    }
    if (t.available === 0) {
      const next = s.head()
      tally.lag = { records: Math.max(0, options.sourceUntil - next.offset), fromOffset: next.offset }
      break
    }
    let differ: boolean
    if (s.cols && t.cols) {
      // the common case: identical heads, compared column by column — nothing allocated, nothing
      // kept but counts and the ring of recent copies
      const a = s.cols
      const b = t.cols
      let i = s.i
      let j = t.i
      const end = i + Math.min(a.length - i, b.length - j)
      while (i < end) {
        // bytes, not hashes: the target side is not even hashed while the two agree
        if (!sameAt(a, i, b, j, withTimestamps)) break
        const ao = a.offset[i]!
        const bo = b.offset[j]!
        tally.matched++
        compared()
        if (identity && ao !== bo) {
          if (tally.samples.length < options.maxSamples) note('offset', recAt(a, i), recAt(b, j), `copied at target offset ${bo}, not at its source offset ${ao}: offsets are not preserved`)
          else tally.counts.offset++
        }
        if (a.timestamp[i] !== b.timestamp[j]) tally.timestampDifferences++
        recent.push(a.buffers[a.buffer[i]!]!, a.start[i]!, a.end[i]!, a.hash[i]!, ao, bo)
        if (syncsAt.size > 0 && syncsAt.has(ao)) checkSyncs(recAt(a, i), recAt(b, j))
        if (pendingCount > 0) {
          settle(recAt(a, i))
          settle(recAt(b, j))
        }
        i++
        j++
      }
      if (i > s.i) seenCopy = true
      differ = i < end
      s.i = i
      t.i = j
    } else {
      // after reading ahead: records as objects until they are used up
      s.toArray()
      t.toArray()
      const sb = s.buf
      const tb = t.buf
      let sp = s.pos
      let tp = t.pos
      const sEnd = sp + Math.min(sb.length - sp, tb.length - tp)
      while (sp < sEnd) {
        const a = sb[sp]!
        const b = tb[tp]!
        if (a.hash !== b.hash || !sameContent(a, b, withTimestamps)) break
        pair(a, b, true)
        sp++
        tp++
      }
      differ = sp < sEnd
      s.pos = sp
      t.pos = tp
    }
    if (differ && await diverge()) break
  }

  if (progress > 0 && options.onProgress) options.onProgress(progress)
  // what still waits at the end was never settled by a later record with its key
  for (const list of pendingByKey.values()) {
    for (const p of list) {
      const kind = p.side === 'source' ? 'missing' : 'extra'
      tally.counts[kind]++
      if (kind === 'missing') tally.compared++
      if (p.divergence && tally.samples.length < options.maxSamples) tally.samples.push(p.divergence)
    }
  }
  for (const [upstream, wrong] of unconfirmed) {
    for (const downstream of wrong.downstream) note('sync', wrong.source, wrong.target, `offset sync ${upstream}→${downstream}, but the copy of source offset ${upstream} is at target offset ${wrong.target.offset}`)
  }
  // stream order; at one place, the cause before its consequence (a copy elsewhere shifts offsets)
  const position = (d: Divergence) => Math.min(d.source?.offset ?? Infinity, d.target?.offset ?? Infinity)
  tally.samples.sort((x, y) => position(x) - position(y) || Number(x.kind === 'offset') - Number(y.kind === 'offset'))
  return tally
}
