/**
 * @module replication/heartbeat
 * MirrorMaker 2's heartbeat record (connect/mirror-client Heartbeat.java), written every
 * `emit.heartbeats.interval.seconds` to `heartbeats` on the flow's target and replicated onward as
 * `<alias>.heartbeats`. Its timestamp shows the flow is alive and how far behind it is.
 *
 *   key   = sourceClusterAlias STRING, targetClusterAlias STRING
 *   value = version INT16, then for version 0: timestamp INT64 (epoch milliseconds)
 *
 * Versions other than 0 and tombstones are skipped with a warning, as for checkpoints.
 */
import { type Decoded, type MaybeBytes, StructReader, StructWriter, decodeError, decodeSafely, isAbsent } from './wire.ts'

export const heartbeatVersion = 0

export interface HeartbeatKey {
  sourceClusterAlias: string
  targetClusterAlias: string
}

export interface Heartbeat extends HeartbeatKey {
  /** when MirrorMaker 2 emitted it, epoch milliseconds (INT64 on the wire) */
  timestamp: bigint
}

export function decodeHeartbeatKey (key: Uint8Array): HeartbeatKey {
  const r = new StructReader(key, 'heartbeat key')
  return { sourceClusterAlias: r.string('sourceClusterAlias'), targetClusterAlias: r.string('targetClusterAlias') }
}

export function decodeHeartbeat (key: MaybeBytes, value: MaybeBytes): Decoded<Heartbeat, HeartbeatKey> {
  return decodeSafely(() => {
    if (isAbsent(key)) throw decodeError('heartbeat record has no key')
    const k = decodeHeartbeatKey(key)
    const flow = `${k.sourceClusterAlias}->${k.targetClusterAlias}`
    if (isAbsent(value)) {
      return { kind: 'skipped', reason: 'tombstone', key: k, warning: `heartbeat tombstone for ${flow} skipped` }
    }
    const r = new StructReader(value, 'heartbeat value')
    const version = r.int16('version')
    if (version !== heartbeatVersion) {
      return { kind: 'skipped', reason: 'unsupported-version', key: k, version, warning: `heartbeat for ${flow} has version ${version}; only version ${heartbeatVersion} is known, record skipped` }
    }
    return { kind: 'ok', value: { ...k, timestamp: r.int64('timestamp') } }
  })
}

export function encodeHeartbeatKey (key: HeartbeatKey): Buffer {
  return new StructWriter('heartbeat key').string('sourceClusterAlias', key.sourceClusterAlias).string('targetClusterAlias', key.targetClusterAlias).bytes()
}

export function encodeHeartbeatValue (value: Pick<Heartbeat, 'timestamp'>, version = heartbeatVersion): Buffer {
  return new StructWriter('heartbeat value').int16('version', version).int64('timestamp', value.timestamp).bytes()
}

export function encodeHeartbeat (heartbeat: Heartbeat, version = heartbeatVersion): { key: Buffer, value: Buffer } {
  return { key: encodeHeartbeatKey(heartbeat), value: encodeHeartbeatValue(heartbeat, version) }
}
