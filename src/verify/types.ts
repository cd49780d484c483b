/**
 * @module verify/types
 * The evidence `rollgate verify` records: per topic and partition, what was read on each side, how
 * the two were lined up, and every kind of difference with the first ones shown record by record.
 * Plain JSON, stored content-addressed and journaled (kind `verify`); the shadow-read gate reads it.
 */
import type { CodecName } from './record-batch.ts'

/** How the start of the two ranges was made to correspond. */
export type Anchor =
  /** offset-preserving replication: the same offset on both sides */
  | 'identity'
  /** a MirrorMaker 2 offset sync names the copy of the first source record */
  | 'offset-sync'
  /** both logs start at offset 0: replication copied from the beginning */
  | 'log-start'
  /** nothing proves where the copy starts: the target is positioned by timestamp, and records before the first match are outside the range, not differences */
  | 'timestamp'

export type DivergenceKind =
  | 'missing' // a source record with no copy on the target (before the last copied one: loss, not lag)
  | 'extra' // a target record that copies no source record
  | 'aborted' // a target record copying a record of an aborted transaction on the source
  | 'duplicate' // a second copy of a source record already copied
  | 'mismatch' // the copy differs in key, value, headers (or timestamp when compared)
  | 'order' // a copy found out of the source's order
  | 'offset' // offset-preserving replication: the copy is at another offset
  | 'sync' // a MirrorMaker 2 offset sync names a target record that is not the copy of its source record
  | 'window' // a difference longer than the alignment window: the rest of the partition was not compared

export interface Preview {
  /** the bytes as UTF-8 text when they are printable, else hex; cut to a few dozen bytes */
  text: string
  encoding: 'utf8' | 'hex'
  /** length in bytes; null for a null key or value */
  length: number | null
}

export interface RecordSummary {
  offset: number
  timestamp: number
  key: Preview
  value: Preview
  headers: Array<{ key: Preview, value: Preview }>
  /** sha256 of key, value and headers as kafka/record-digest.ts computes it */
  digest: string
}

export interface Divergence {
  kind: DivergenceKind
  /** the source record concerned, or the source record at that place in the stream */
  source: RecordSummary | null
  /** the target record concerned, or the target record at that place in the stream */
  target: RecordSummary | null
  /** e.g. `value, headers differ`, `copy of source offset 1041 (first copy at target 1041)` */
  detail: string
}

export type Counts = Record<Exclude<DivergenceKind, 'window'>, number>

export interface SideRange {
  /** first offset read, and the offset reading stopped before */
  from: number
  until: number
  logStart: number
  /** high watermark, or last stable offset under read_committed, when verification started */
  logEnd: number
  /** records read (after skipping control and aborted records) */
  records: number
  bytes: number
  codecs: Partial<Record<CodecName, number>>
  /** records of aborted transactions read and set aside (read_committed) */
  abortedRecords: number
}

export type PartitionStatus =
  /** every source record in range has an identical copy, in order, and nothing else is there */
  | 'clean'
  | 'diverged'
  /** could not be read to the end (an error, or a difference longer than the window): nothing is proven past `stoppedAt` */
  | 'incomplete'

export interface PartitionReport {
  partition: number
  status: PartitionStatus
  anchor: Anchor
  source: SideRange
  target: SideRange
  /** source records whose copy was looked for (matched, mismatched or missing) */
  compared: number
  /** source records with an identical copy */
  matched: number
  counts: Counts
  /** matched pairs whose timestamps differ (a difference only when timestamps are compared) */
  timestampDifferences: number
  /** compacted topic: records one side retains and the other compacted away (a later record with the same key exists, or a tombstone) */
  compactedAway: { source: number, target: number }
  /** records before the first match (start not anchored) or after the end of a cut range: not compared */
  outsideRange: { source: number, target: number }
  /** not yet replicated: source offsets after the last one copied (offsets, as Kafka counts lag) */
  lag: { records: number, fromOffset: number | null }
  /** MirrorMaker 2: offset syncs within the range checked against content */
  syncs: { checked: number, confirmed: number }
  firstDivergence: Divergence | null
  /** the first few divergences, in stream order */
  samples: Divergence[]
  /** why the partition is incomplete */
  error: string | null
  durationMs: number
}

export interface TopicReport {
  topic: string
  /** the copy's name on the target */
  targetTopic: string
  criticality: 'critical' | 'standard'
  /** cleanup.policy includes compact on either side: compared what both retain */
  compacted: boolean
  partitions: PartitionReport[]
}

export type RangeSpec =
  | { kind: 'whole' }
  | { kind: 'since', since: string, timestamp: number }
  | { kind: 'offsets', from: number | null, until: number | null }

export interface InvariantSide {
  probe: 'command' | 'http'
  value: number | null
  /** why there is no value (non-zero exit, timeout, not a number, HTTP error); secrets redacted */
  error: string | null
  /** the output, cut short and redacted of the plan's secrets */
  output: string
  durationMs: number
}

export interface InvariantResult {
  name: string
  owner: string
  tolerance: number
  source: InvariantSide
  target: InvariantSide
  /** |source - target|, null when a side has no value */
  difference: number | null
  status: 'pass' | 'fail' | 'unknown'
}

export interface VerifyResult {
  type: 'rollgate.verify/v1'
  /** sha256 of the plan text: evidence of another plan is not evidence of this one */
  planHash: string
  startedAt: string
  finishedAt: string
  shard: { index: number, count: number }
  replication: 'mirrormaker2' | 'offset-preserving' | 'none'
  settings: {
    isolation: 'read_committed' | 'read_uncommitted'
    range: RangeSpec
    withTimestamps: boolean
    window: number
    duplicateWindow: number
    workers: number
  }
  /** what the comparison means here, in words: transactions, compaction, the alignment used */
  notes: string[]
  topics: TopicReport[]
  /** plan invariants, evaluated by the first shard only (null on the others or when skipped) */
  invariants: InvariantResult[] | null
  /** Kafka requests made, by API name: only reads (no FindCoordinator, JoinGroup, OffsetCommit …) */
  requests: Record<string, number>
  run: { durationMs: number, compared: number, recordsPerSecond: number, peakRssBytes: number, warnings: string[] }
}
