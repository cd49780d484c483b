/**
 * @module replication-health/types
 * Evidence of replication progress and health, captured with each snapshot for the plan's critical
 * topics and groups: raw facts only (log ranges, the source position of the target's copy end, the
 * timestamps of a few records, the newest heartbeat, checkpoints, offset-sync reach). Lag figures
 * and verdicts are computed from them by pure functions (lag.ts, the replication checks).
 */
import type { Plan } from '../plan/schema.ts'
import type { SyncPoint } from '../replication/sync-history.ts'
import type { Unavailable } from '../snapshot/inventory.ts'

/** A record seen: its offset and timestamp (epoch ms, CreateTime unless the topic says LogAppendTime). */
export interface RecordStamp { offset: number, timestamp: number }

export interface LogFacts {
  /** log start offset */
  logStart: number
  /** high watermark */
  logEnd: number
  /**
   * the oldest retained record: the first one at or after the log start that has a timestamp
   * (ListOffsets by timestamp 0, which answers it with its timestamp); null: the log holds none
   */
  oldest: RecordStamp | null | Unavailable
}

/**
 * The source position of the target's copy end: every source record below it is known to be on the
 * target. MirrorMaker 2: the target log end mapped back through the offset syncs by the safe reverse
 * rule (replication/translate.ts translateToSource) — never ahead, so lag is never under-stated.
 * Offset-preserving replication: the target log end itself. An empty copy with no sync yet: the
 * source log start (nothing copied; the first record to copy is the oldest retained one).
 */
export type MappedPosition =
  | { position: number, method: 'offset-syncs', sync: SyncPoint, exact: boolean }
  | { position: number, method: 'identity' }
  | { position: number, method: 'empty-copy' }
  | { position: null, reason: 'no-target-copy' | 'no-sync' | 'below-oldest-sync' | 'no-replication' | 'syncs-unavailable', detail: string }

export interface ReplicatedPartition {
  /** the source topic */
  topic: string
  partition: number
  /** its copy's name on the target under the plan's naming */
  targetTopic: string
  source: LogFacts
  /** null: the target has no such partition (no copy, or fewer partitions) */
  target: LogFacts | null
  mapped: MappedPosition
  /**
   * the first source record at or after the mapped position: the oldest one not known to be on the
   * target, whose age is the time lag. null when there is none (caught up, or only transaction
   * markers remain); absent-by-design when nothing was mapped.
   */
  firstUncopied: RecordStamp | null | Unavailable
}

/** Offset syncs still valid for one upstream partition (replication/sync-history.ts). */
export interface SyncReach {
  topic: string
  partition: number
  /** valid syncs (since the last rewind) rollgate can translate with */
  valid: number
  oldest: SyncPoint | null
  newest: SyncPoint | null
  /** why older syncs no longer count, when a rewind cut the history */
  reset: string | null
}

export interface GroupPartitionProgress {
  topic: string
  partition: number
  /** the group's committed offset on the source */
  committed: number
  /** the source partition's log start: a group at or below it has nothing retained behind it */
  logStart: number | null
  /** MirrorMaker 2's latest checkpoint for it, with when it was written (record timestamp) */
  checkpoint: { upstream: number, downstream: number, writtenAt: number } | null
}

export interface GroupProgress { group: string, partitions: GroupPartitionProgress[] }

export interface HeartbeatSeen {
  topic: string
  /** the newest heartbeat of the flow (sourceAlias → targetAlias); null: none in the topic */
  newest: { offset: number, partition: number, timestamp: number } | null
  /** records read to find it */
  scanned: number
}

export interface ReplicationEvidence {
  capturedAt: string
  kind: Plan['replication']['kind']
  /** the MirrorMaker 2 flow the facts were read for; null for other kinds */
  flow: { sourceAlias: string, targetAlias: string, naming: 'identity' | 'prefix', offsetSyncs: { cluster: 'source' | 'target', topic: string }, checkpointsTopic: string, heartbeatsTopic: string } | null
  /** every partition of the critical topics present on the source */
  partitions: ReplicatedPartition[]
  /** offset-sync reach per upstream partition of critical topics and critical groups' topics (MirrorMaker 2 only) */
  syncs: SyncReach[] | Unavailable | null
  /** critical groups' positions on the source and MirrorMaker 2's checkpoints for them (MirrorMaker 2 only) */
  groups: GroupProgress[] | Unavailable | null
  /** MirrorMaker 2 only */
  heartbeat: HeartbeatSeen | Unavailable | null
  /** what was skipped while reading (undecodable records, …) */
  warnings: string[]
}

/** The replication evidence of a snapshot: captured, or failed with the reason (fail closed). */
export type ReplicationSideEvidence =
  | { status: 'ok', evidence: ReplicationEvidence }
  | { status: 'unreachable' | 'error', error: string, at: string }

export const isUnavailable = (value: unknown): value is Unavailable =>
  typeof value === 'object' && value !== null && (value as Unavailable).unavailable === true
