/**
 * @module snapshot/types
 * The evidence document `rollgate snapshot` stores: what each side could give at capture time.
 * A side that could not be read is recorded with the reason, so every check that needed it is
 * `unknown` (fail closed) rather than silently passing on missing data.
 */
import type { RegistrySideEvidence } from '../registry/types.ts'
import type { ReplicationSideEvidence } from '../replication-health/types.ts'
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
   * replication progress and health for the critical topics and groups (replication-health/types.ts).
   * Absent in older snapshots: the replication checks are then `unknown`.
   */
  replication?: ReplicationSideEvidence
}
