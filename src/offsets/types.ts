/**
 * @module offsets/types
 * The evidence of the offset boundary: what a group had committed (capture), where that position
 * is on the other cluster and how sure we are (translation), and what rollgate would write (reset
 * plan). Plain JSON, stored content-addressed in the state dir and journaled.
 */
import type { OffsetStrategy } from '../plan/schema.ts'
import type { SideName } from '../snapshot/types.ts'

export interface CapturedPartition {
  topic: string
  partition: number
  /** committed offset; null when the group has committed nothing for a partition it is assigned */
  committed: number | null
  logStart: number
  /** high watermark */
  logEnd: number
  /** logEnd - committed, as kafka-consumer-groups LAG; null without a commit */
  lag: number | null
}

export interface CapturedGroup {
  group: string
  /** Kafka's group state (Empty, Stable, Dead, …) */
  state: string
  members: Array<{ memberId: string, clientId: string, host: string }>
  partitions: CapturedPartition[]
}

export interface OffsetCapture {
  type: 'rollgate.offsets-capture/v1'
  side: SideName
  capturedAt: string
  groups: CapturedGroup[]
}

/** How a translated position was obtained. */
export type TranslationMethod =
  | 'offset-syncs' // the safe rule over MirrorMaker 2's offset syncs
  | 'content-proof' // the copy of the last processed record found on the other side by digest
  | 'timestamp' // ListOffsets by the record's timestamp
  | 'identical' // offset-preserving replication: the same offset, verified by content
  | 'log-start' | 'log-end' // reset-earliest / reset-latest
  | 'none' // app-checkpoint: the application keeps its own position

export type UntranslatableReason =
  | 'no-sync' // MirrorMaker 2 has written no offset sync for the partition yet
  | 'below-oldest-sync'
  | 'range-deleted' // the records around the position are gone (retention) on one side
  | 'partition-missing' // the topic or partition does not exist on the other side
  | 'nothing-committed'
  | 'no-proof' // content-proof or identical could not be proven and no safe fallback applies

export interface RecordDigest { offset: number, digest: string }

export interface PartitionTranslation {
  group: string
  strategy: OffsetStrategy
  direction: 'source-to-target' | 'target-to-source'
  /** topic and partition on the side the position comes from */
  topic: string
  partition: number
  /** the name of the topic on the side it goes to (the replication policy may rename it) */
  toTopic: string
  /** the committed offset being translated */
  from: number | null
  /** the position to commit on the other side; null when untranslatable */
  to: number | null
  method: TranslationMethod
  /** records read again after switching (0 = exact); null when it cannot be bounded */
  replay: number | null
  /** records that would be skipped: always 0 for a result rollgate offers — never ahead */
  skipRisk: 0
  /** the matched digests proving `to` by content; null when there is no proof */
  proof: { from: RecordDigest, to: RecordDigest, aligned: number } | null
  /** why there is no proof, or why the method fell back */
  note: string | null
  untranslatable: UntranslatableReason | null
  /** MirrorMaker 2's own checkpoint for this group and partition, for comparison */
  mm2Checkpoint: { upstream: number, downstream: number } | null
}

export interface OffsetTranslation {
  type: 'rollgate.offsets-translation/v1'
  direction: 'source-to-target' | 'target-to-source'
  translatedAt: string
  /** the capture the translation starts from */
  captureId: string
  partitions: PartitionTranslation[]
}

export interface PlannedOffset {
  topic: string
  partition: number
  /** committed now on the cluster to be written (null: nothing committed) */
  current: number | null
  /** the offset to commit */
  planned: number
  /** set when `planned` was clamped into [log start, log end] as kafka-consumer-groups does */
  clampedFrom?: number
}

export interface GroupResetPlan {
  group: string
  /** the cluster whose committed offsets are written */
  cluster: SideName
  offsets: PlannedOffset[]
}

export interface ResetPlan {
  type: 'rollgate.reset-plan/v1'
  createdAt: string
  /** the evidence the plan was computed from (a translation, or an imported CSV) */
  basedOn: string
  groups: GroupResetPlan[]
  /** clamping and other notes, in kafka-consumer-groups' words where it has them */
  warnings: string[]
}
