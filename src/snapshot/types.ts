/**
 * @module snapshot/types
 * The evidence document `rollgate snapshot` stores: what each side could give at capture time.
 * A side that could not be read is recorded with the reason, so every check that needed it is
 * `unknown` (fail closed) rather than silently passing on missing data.
 */
import type { ConnectSideEvidence } from '../connect/types.ts'
import type { BothWaysSideEvidence } from '../registry/both-ways.ts'
import type { RegistrySideEvidence } from '../registry/types.ts'
import type { ReplicationSideEvidence } from '../replication-health/types.ts'
import type { Mm2ConfigEvidence } from '../replication/mm2-config.ts'
import type { TargetWritesEvidence } from '../target-writes/types.ts'
import type { SourceProducersEvidence } from '../stragglers/types.ts'
import type { Inventory } from './inventory.ts'

export type SideName = 'source' | 'target'

export type SideEvidence =
  | { status: 'ok', bootstrap: string[], inventory: Inventory }
  /** could not be reached at all (exit code 3 territory): connection refused, timeout, auth */
  | { status: 'unreachable', bootstrap: string[], error: string, at: string }
  /** reached, but a call failed (e.g. not authorized): the part that failed is named in `error` */
  | { status: 'error', bootstrap: string[], error: string, at: string }

export interface Snapshot {
  /** document type and version, so evidence can be read back safely */
  type: 'rollgate.snapshot/v1'
  /**
   * absent: everything was captured. `pre-replication`: only what that gate and `rollgate diff` read
   * (capture.ts capturePreReplicationSnapshot); the other parts are absent and their checks `unknown`.
   */
  scope?: 'pre-replication'
  capturedAt: string
  /** sha256 of the plan file's text at capture time: evidence of another plan is not evidence of this one */
  planHash: string
  sides: Record<SideName, SideEvidence>
  /**
   * each side's schema registry (registry/types.ts). Absent in snapshots taken before rollgate
   * captured registries: the schema checks are then `unknown`.
   */
  registries?: Record<SideName, RegistrySideEvidence>
  /**
   * each registry's compatibility answers for the versions only the other side holds
   * (registry/both-ways.ts); null when a registry could not be captured. Absent in older snapshots:
   * `schemas.compatible-both-ways` is then `unknown` wherever versions differ.
   */
  schemaCompatibility?: BothWaysSideEvidence | null
  /**
   * replication progress and health for the critical topics and groups (replication-health/types.ts).
   * Absent in older snapshots: the replication checks are then `unknown`.
   */
  replication?: ReplicationSideEvidence
  /**
   * each side's Kafka Connect: connectors, state, topics, redacted config, offsets (connect/types.ts).
   * Absent in older snapshots: the connector checks are then `unknown`.
   */
  connect?: Record<SideName, ConnectSideEvidence>
  /**
   * producers with state on the source's critical topics (stragglers/types.ts), for the producer
   * straggler check after cutover. Absent in older snapshots: that check uses log ends alone.
   */
  sourceProducers?: SourceProducersEvidence
  /**
   * the MirrorMaker 2 settings deciding group offset sync (replication/mm2-config.ts), from the file
   * the plan names. Absent in older snapshots: the group-offset-sync check is then `unknown`.
   */
  mm2Config?: Mm2ConfigEvidence
  /**
   * whether anything but the replicator writes to the target's critical topics (target-writes/types.ts).
   * Absent in older snapshots: `target.no-client-writes` is then `unknown`.
   */
  targetWrites?: TargetWritesEvidence
}
