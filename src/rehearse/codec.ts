/**
 * @module rehearse/codec
 * The rehearsal's records: key `seq-<n>`, value the sequence number, when it was produced and to
 * which cluster. Schema-registered when a registry is given: Confluent wire format (magic byte 0,
 * 4-byte schema id) around Avro binary, which is small enough to write by hand (zig-zag varints and
 * length-prefixed strings). Without a registry, the same fields as JSON. Decoding reads either and
 * never looks the id up: ids differ between the source's and the target's registries, and the copy
 * of a record keeps the id of the registry it was produced against.
 */

export interface RehearsalRecord {
  seq: number
  /** ms since the epoch */
  producedAt: number
  /** the cluster it was produced to */
  origin: 'source' | 'target'
}

export const rehearsalSchema = JSON.stringify({
  type: 'record',
  name: 'RehearsalRecord',
  namespace: 'dev.rollgate.rehearse',
  fields: [
    { name: 'seq', type: 'long' },
    { name: 'producedAt', type: 'long' },
    { name: 'origin', type: 'string' },
  ],
})

export const recordKey = (seq: number): Buffer => Buffer.from(`seq-${seq}`)

/** Avro `long`: zig-zag, then base-128 varint. Exact for |n| < 2^52. */
function writeLong (out: number[], n: number): void {
  let z = n >= 0 ? n * 2 : -n * 2 - 1
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80)
    z = Math.floor(z / 0x80)
  }
  out.push(z)
}

function readLong (bytes: Buffer, at: { i: number }): number {
  let z = 0
  let scale = 1
  for (;;) {
    const b = bytes[at.i++]
    if (b === undefined) throw new Error('truncated Avro long')
    z += (b & 0x7f) * scale
    if (b < 0x80) break
    scale *= 0x80
  }
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2
}

export function encodeRecord (record: RehearsalRecord, schemaId: number | null): Buffer {
  if (schemaId === null) return Buffer.from(JSON.stringify(record))
  const out: number[] = []
  writeLong(out, record.seq)
  writeLong(out, record.producedAt)
  const origin = Buffer.from(record.origin)
  writeLong(out, origin.length)
  const header = Buffer.alloc(5)
  header.writeInt32BE(schemaId, 1)
  return Buffer.concat([header, Buffer.from(out), origin])
}

export function decodeRecord (value: Buffer): RehearsalRecord {
  if (value[0] === 0 && value.length >= 5) {
    const at = { i: 5 }
    const seq = readLong(value, at)
    const producedAt = readLong(value, at)
    const length = readLong(value, at)
    const origin = value.subarray(at.i, at.i + length).toString('utf8')
    if (origin !== 'source' && origin !== 'target') throw new Error(`not a rehearsal record: origin '${origin}'`)
    return { seq, producedAt, origin }
  }
  const parsed = JSON.parse(value.toString('utf8')) as RehearsalRecord
  if (!Number.isInteger(parsed.seq)) throw new Error('not a rehearsal record: no seq')
  return parsed
}
