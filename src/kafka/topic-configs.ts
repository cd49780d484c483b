/**
 * @module kafka/topic-configs
 * The topic configs that change what a client or a rollback sees, so parity checks compare them on
 * both clusters with their effective values (defaults resolved by each cluster itself: a vendor's
 * default is what its clients get). Why each matters is said beside it.
 */

export const behaviourConfigs: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete vs compact: what history exists to replay and to roll back to',
  'retention.ms': 'how long records stay: bounds the rollback window and replay',
  'retention.bytes': 'size-bounded retention: can cut history shorter than retention.ms',
  'min.insync.replicas': 'with acks=all, how many replicas must have a write: durability and producer errors',
  'max.message.bytes': 'largest record batch accepted: producers fail on the target if smaller',
  'message.timestamp.type': 'CreateTime vs LogAppendTime: timestamp-based offset mapping breaks with LogAppendTime',
  'message.timestamp.before.max.ms': 'records with older timestamps are rejected',
  'message.timestamp.after.max.ms': 'records with future timestamps are rejected',
  'compression.type': 'broker-side recompression: changes batch bytes and CPU, not content',
  'segment.ms': 'segment roll time: when retention and compaction can act',
  'segment.bytes': 'segment size: when retention and compaction can act',
  'min.compaction.lag.ms': 'how long a record is safe from compaction',
  'max.compaction.lag.ms': 'how long a record may stay uncompacted',
  'delete.retention.ms': 'how long tombstones stay: consumers that lag longer miss deletes',
  'min.cleanable.dirty.ratio': 'how eagerly the log is compacted',
  'unclean.leader.election.enable': 'allows data loss on leader failure',
  'local.retention.ms': 'tiered storage: local part of the retention',
  'local.retention.bytes': 'tiered storage: local part of the retention',
  'remote.storage.enable': 'tiered storage on or off',
}
