/**
 * @module replication/offset-sync
 * MirrorMaker 2's offset-sync record (connect/mirror OffsetSync.java), the raw material of offset
 * translation: "upstream record `upstreamOffset` of this partition was written downstream at
 * `offset`". One record per sync in the single-partition, compacted offset-syncs topic.
 *
 *   key   = topic STRING, partition INT32          (the upstream, un-renamed topic)
 *   value = upstreamOffset INT64, offset INT64     (no version field)
 *
 * Offsets stay `bigint` here because they are INT64 on the wire; translate.ts converts them to
 * numbers (with a range check) where arithmetic happens.
 */
import { type Decoded, type MaybeBytes, StructReader, StructWriter, decodeError, decodeSafely, isAbsent } from './wire.ts'

export interface OffsetSyncKey {
  /** the upstream topic, as named on the source cluster */
  topic: string
  partition: number
}

export interface OffsetSync extends OffsetSyncKey {
  upstreamOffset: bigint
  /** where that upstream record was written on the target (`offset` in Kafka's schema) */
  downstreamOffset: bigint
}

export function decodeOffsetSyncKey (key: Uint8Array): OffsetSyncKey {
  const r = new StructReader(key, 'offset-sync key')
  return { topic: r.string('topic'), partition: r.int32('partition') }
}

/**
 * Decodes one record of the offset-syncs topic. A null value (tombstone — MirrorMaker 2 never writes
 * one, but a compacted topic may be given one by hand) is skipped with a warning: Kafka's own store
 * would fail on it.
 */
export function decodeOffsetSync (key: MaybeBytes, value: MaybeBytes): Decoded<OffsetSync, OffsetSyncKey> {
  return decodeSafely(() => {
    if (isAbsent(key)) throw decodeError('offset-sync record has no key')
    const k = decodeOffsetSyncKey(key)
    if (isAbsent(value)) {
      return { kind: 'skipped', reason: 'tombstone', key: k, warning: `offset-sync tombstone for ${k.topic}-${k.partition} skipped` }
    }
    const r = new StructReader(value, 'offset-sync value')
    const upstreamOffset = r.int64('upstreamOffset')
    const downstreamOffset = r.int64('offset')
    return { kind: 'ok', value: { ...k, upstreamOffset, downstreamOffset } }
  })
}

export function encodeOffsetSyncKey (key: OffsetSyncKey): Buffer {
  return new StructWriter('offset-sync key').string('topic', key.topic).int32('partition', key.partition).bytes()
}

export function encodeOffsetSyncValue (sync: Pick<OffsetSync, 'upstreamOffset' | 'downstreamOffset'>): Buffer {
  return new StructWriter('offset-sync value').int64('upstreamOffset', sync.upstreamOffset).int64('offset', sync.downstreamOffset).bytes()
}

export function encodeOffsetSync (sync: OffsetSync): { key: Buffer, value: Buffer } {
  return { key: encodeOffsetSyncKey(sync), value: encodeOffsetSyncValue(sync) }
}
