/**
 * @module gates/checks/replication-fixtures
 * Replication evidence matching gates/fixtures.ts: `orders` (6 partitions) and `payments` (3) with
 * 100 records each, copied whole by MirrorMaker 2 (identity naming, the last sync at record 99), the
 * oldest record an hour old, a heartbeat a second old, and `billing`'s checkpoints at its committed 90.
 * Builders take overrides so each test states only what it changes.
 */
import type { ReplicatedPartition, ReplicationEvidence, ReplicationSideEvidence, SyncReach } from '../../replication-health/types.ts'

export const replicationCapturedAt = '2026-03-02T10:00:00.000Z'
const at = Date.parse(replicationCapturedAt)
export const hourAgo = at - 3_600_000

/** A partition copied up to `copied` of `end` records, through a sync per record (exact mapping). */
export function replicatedPartition (topic: string, partition: number, extra: Partial<ReplicatedPartition> = {}, options: { end?: number, copied?: number, targetTopic?: string } = {}): ReplicatedPartition {
  const end = options.end ?? 100
  const copied = options.copied ?? end
  return {
    topic,
    partition,
    targetTopic: options.targetTopic ?? topic,
    source: { logStart: 0, logEnd: end, oldest: end > 0 ? { offset: 0, timestamp: hourAgo } : null },
    target: { logStart: 0, logEnd: copied, oldest: copied > 0 ? { offset: 0, timestamp: hourAgo } : null },
    mapped: copied > 0
      ? { position: copied, method: 'offset-syncs', sync: { seq: copied - 1, upstream: copied - 1, downstream: copied - 1 }, exact: false }
      : { position: 0, method: 'empty-copy' },
    firstUncopied: copied < end ? { offset: copied, timestamp: at - 5_000 } : null,
    ...extra,
  }
}

const reach = (topic: string, partition: number): SyncReach =>
  ({ topic, partition, valid: 2, oldest: { seq: 0, upstream: 0, downstream: 0 }, newest: { seq: 1, upstream: 99, downstream: 99 }, reset: null })

export function replicationEvidence (extra: Partial<ReplicationEvidence> = {}): ReplicationEvidence {
  const orders = Array.from({ length: 6 }, (_, p) => replicatedPartition('orders', p))
  const payments = Array.from({ length: 3 }, (_, p) => replicatedPartition('payments', p))
  return {
    capturedAt: replicationCapturedAt,
    kind: 'mirrormaker2',
    flow: { sourceAlias: 'source', targetAlias: 'target', naming: 'identity', offsetSyncs: { cluster: 'source', topic: 'mm2-offset-syncs.target.internal' }, checkpointsTopic: 'source.checkpoints.internal', heartbeatsTopic: 'heartbeats' },
    partitions: [...orders, ...payments],
    syncs: [...orders, ...payments].map((p) => reach(p.topic, p.partition)),
    groups: [{ group: 'billing', partitions: orders.map((p) => ({ topic: 'orders', partition: p.partition, committed: 90, logStart: 0, checkpoint: { upstream: 90, downstream: 90, writtenAt: at - 2_000 } })) }],
    heartbeat: { topic: 'heartbeats', newest: { offset: 4711, partition: 0, timestamp: at - 1_000 }, scanned: 3 },
    warnings: [],
    ...extra,
  }
}

export const replicationOk = (extra: Partial<ReplicationEvidence> = {}): ReplicationSideEvidence => ({ status: 'ok', evidence: replicationEvidence(extra) })
