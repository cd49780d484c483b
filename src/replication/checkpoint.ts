/**
 * @module replication/checkpoint
 * MirrorMaker 2's checkpoint record (connect/mirror-client Checkpoint.java): MirrorMaker 2's own
 * translation of one source group's committed offset, written to `<source>.checkpoints.internal` on
 * the target (one partition, compacted; the last record per key wins).
 *
 *   key   = group STRING, topic STRING, partition INT32   (topic as renamed on the target)
 *   value = version INT16, then for version 0:
 *           upstreamOffset INT64, offset INT64, metadata STRING
 *
 * Only version 0 exists. A record with another version is skipped with a warning rather than read
 * as version 0: Kafka's reader only `assert`s the version (and so, with assertions off, would read a
 * future layout as v0), but a future version may lay its fields out differently, and a wrong offset
 * is worse than none. A null value (tombstone) is skipped the same way; its key is still reported so
 * a reader of the compacted topic can drop the checkpoint it deletes.
 */
import { type Decoded, type MaybeBytes, StructReader, StructWriter, decodeError, decodeSafely, isAbsent } from './wire.ts'

export const checkpointVersion = 0

export interface CheckpointKey {
  group: string
  /** the topic as named on the target (renamed by the replication policy) */
  topic: string
  partition: number
}

export interface Checkpoint extends CheckpointKey {
  /** the source group's committed offset MirrorMaker 2 translated */
  upstreamOffset: bigint
  /** its translation on the target (`offset` in Kafka's schema) */
  downstreamOffset: bigint
  /** the source commit's metadata, copied */
  metadata: string
}

export function decodeCheckpointKey (key: Uint8Array): CheckpointKey {
  const r = new StructReader(key, 'checkpoint key')
  return { group: r.string('group'), topic: r.string('topic'), partition: r.int32('partition') }
}

export function decodeCheckpoint (key: MaybeBytes, value: MaybeBytes): Decoded<Checkpoint, CheckpointKey> {
  return decodeSafely(() => {
    if (isAbsent(key)) throw decodeError('checkpoint record has no key')
    const k = decodeCheckpointKey(key)
    const where = `${k.group} ${k.topic}-${k.partition}`
    if (isAbsent(value)) {
      return { kind: 'skipped', reason: 'tombstone', key: k, warning: `checkpoint tombstone for ${where} skipped` }
    }
    const r = new StructReader(value, 'checkpoint value')
    const version = r.int16('version')
    if (version !== checkpointVersion) {
      return { kind: 'skipped', reason: 'unsupported-version', key: k, version, warning: `checkpoint for ${where} has version ${version}; only version ${checkpointVersion} is known, record skipped` }
    }
    const upstreamOffset = r.int64('upstreamOffset')
    const downstreamOffset = r.int64('offset')
    const metadata = r.string('metadata')
    return { kind: 'ok', value: { ...k, upstreamOffset, downstreamOffset, metadata } }
  })
}

export function encodeCheckpointKey (key: CheckpointKey): Buffer {
  return new StructWriter('checkpoint key').string('group', key.group).string('topic', key.topic).int32('partition', key.partition).bytes()
}

/**
 * Encodes a value. `version` other than 0 writes the v0 fields behind another version number —
 * only useful to make "unknown version" records for tests.
 */
export function encodeCheckpointValue (value: Pick<Checkpoint, 'upstreamOffset' | 'downstreamOffset' | 'metadata'>, version = checkpointVersion): Buffer {
  return new StructWriter('checkpoint value')
    .int16('version', version)
    .int64('upstreamOffset', value.upstreamOffset)
    .int64('offset', value.downstreamOffset)
    .string('metadata', value.metadata)
    .bytes()
}

export function encodeCheckpoint (checkpoint: Checkpoint, version = checkpointVersion): { key: Buffer, value: Buffer } {
  return { key: encodeCheckpointKey(checkpoint), value: encodeCheckpointValue(checkpoint, version) }
}
