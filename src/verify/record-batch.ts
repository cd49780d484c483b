/**
 * @module verify/record-batch
 * Decodes the record batches of one partition from a Fetch response (record format v2) the way a
 * Java consumer reads them, without building an object per field: each record is its offset, its
 * timestamp, and the byte range holding its key, value and headers as encoded (`start`, `end`).
 * Comparison works on those bytes, so nothing is converted or copied on the common path.
 *
 * What a consumer does and this does too:
 * - batches are checked against their CRC-32C (as `check.crcs=true`, the consumer default);
 * - compressed batches (gzip, snappy, lz4, zstd — every codec the client library has) are inflated;
 * - control batches (transaction markers) are skipped, never compared;
 * - with read_committed, batches of aborted transactions are set aside exactly as Kafka's
 *   CompletedFetch does: the response's aborted transactions whose first offset is at or below a
 *   batch's last offset mark that producer aborted, until its ABORT marker;
 * - a LogAppendTime batch gives every record the batch's max timestamp.
 * Records below `from` (a batch starting before the fetch offset) or from `until` on are dropped.
 *
 * The encoded form of key/value/headers is what every Kafka client writes (zigzag varints, minimal
 * length): comparing it is comparing the content. A record re-encoded with non-minimal varints would
 * show as a difference — never as a false match.
 */
import { createRequire } from 'node:module'
import { compressionsAlgorithmsByBitmask, crc32c as clientCrc32c } from '@platformatic/kafka'
import { contentHash } from './content-hash.ts'

/**
 * CRC-32C of a batch. The client library's function copies its input before the native call
 * (1.3 GB/s measured, against 3.4 GB/s for the same native code called directly — ~7% of verify's
 * CPU); the native module the library itself loads is called directly when it is installed.
 */
const crc32c: (bytes: Uint8Array) => number = (() => {
  try {
    const native = createRequire(import.meta.url)('@node-rs/crc32') as { crc32c?: (bytes: Uint8Array) => number }
    if (typeof native.crc32c === 'function') return native.crc32c
  } catch {
    // not installed (an optional dependency of the client library): its own implementation
  }
  return (bytes: Uint8Array) => clientCrc32c(bytes as Buffer)
})()

export interface Rec {
  offset: number
  timestamp: number
  /** the (inflated) bytes of the record's batch; shared by every record of the batch */
  bytes: Buffer
  /** [start, end): key length, key, value length, value, header count, headers — as encoded */
  start: number
  end: number
  /** contentHash of [start, end): to find records, never to prove them equal */
  hash: number
}

export interface AbortedTransaction { producerId: bigint, firstOffset: bigint }

export const codecNames = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
export type CodecName = (typeof codecNames)[number]

export interface DecodeOptions {
  from: number
  until: number
  readCommitted: boolean
  /** the Fetch response's aborted transactions for this partition (read_committed only) */
  abortedTransactions: readonly AbortedTransaction[]
  /** keep the records of aborted transactions (to recognise them if they turn up on the other side) */
  keepAborted: boolean
  checkCrc: boolean
  /**
   * hash every record now (default); without, `hash` is NaN until `recAt` needs it: the side that is
   * only compared byte for byte while the two agree never pays for hashing
   */
  hash?: boolean
}

/**
 * Decoded records as columns: one object per chunk, not per record, so reading a million records
 * leaves the garbage collector almost nothing to do (one object per record measured ~100 MB of
 * heap growth per million on this workload). `recAt` makes a `Rec` for the few that need one.
 */
export interface Columns {
  length: number
  offset: Float64Array
  timestamp: Float64Array
  start: Int32Array
  end: Int32Array
  hash: Float64Array
  /** index into `buffers` of each record's bytes */
  buffer: Uint32Array
  buffers: Buffer[]
}

export interface Decoded {
  columns: Columns
  /** records of aborted transactions, when `keepAborted` */
  aborted: Rec[]
  /** offset after the last complete batch (the next fetch offset) */
  nextOffset: number
  /** complete batches by codec */
  codecs: Partial<Record<CodecName, number>>
  controlBatches: number
  abortedRecords: number
}

/** Columns no longer read, by capacity (a power of two): reused, so a chunk allocates no arrays. */
const pool = new Map<number, Columns[]>()
const pooledPerSize = 64

export function emptyColumns (capacity: number): Columns {
  const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)))
  const reused = pool.get(size)?.pop()
  if (reused) return reused
  return {
    length: 0,
    offset: new Float64Array(size),
    timestamp: new Float64Array(size),
    start: new Int32Array(size),
    end: new Int32Array(size),
    hash: new Float64Array(size),
    buffer: new Uint32Array(size),
    buffers: [],
  }
}

/** Hands columns back for reuse: the caller holds no `Columns` reference to them any more (`Rec`s made by `recAt` are copies). */
export function releaseColumns (c: Columns): void {
  const size = c.offset.length
  const list = pool.get(size) ?? []
  if (list.length >= pooledPerSize) return
  c.length = 0
  c.buffers = []
  list.push(c)
  pool.set(size, list)
}

export function recAt (c: Columns, i: number): Rec {
  const bytes = c.buffers[c.buffer[i]!]!
  let hash = c.hash[i]!
  if (Number.isNaN(hash)) hash = c.hash[i] = contentHash(bytes, c.start[i]!, c.end[i]!)
  return { offset: c.offset[i]!, timestamp: c.timestamp[i]!, bytes, start: c.start[i]!, end: c.end[i]!, hash }
}

/** Records `[from, to)` of the columns as objects. */
export function recsOf (c: Columns, from = 0, to = c.length): Rec[] {
  const out: Rec[] = new Array(Math.max(0, to - from))
  for (let i = from; i < to; i++) out[i - from] = recAt(c, i)
  return out
}

/** Objects back into columns (tests, and chunks built by hand). */
export function columnsOf (records: readonly Rec[]): Columns {
  const c = emptyColumns(records.length)
  const index = new Map<Buffer, number>()
  for (const r of records) {
    let k = index.get(r.bytes)
    if (k === undefined) {
      k = c.buffers.push(r.bytes) - 1
      index.set(r.bytes, k)
    }
    const i = c.length++
    c.offset[i] = r.offset
    c.timestamp[i] = r.timestamp
    c.start[i] = r.start
    c.end[i] = r.end
    c.hash[i] = r.hash
    c.buffer[i] = k
  }
  return c
}

/** Same bytes for record `i` of `a` and record `j` of `b` (and the same timestamp when asked). */
export function sameAt (a: Columns, i: number, b: Columns, j: number, withTimestamp: boolean): boolean {
  const aStart = a.start[i]!
  const aEnd = a.end[i]!
  const bStart = b.start[j]!
  const bEnd = b.end[j]!
  return aEnd - aStart === bEnd - bStart &&
    a.buffers[a.buffer[i]!]!.compare(b.buffers[b.buffer[j]!]!, bStart, bEnd, aStart, aEnd) === 0 &&
    (!withTimestamp || a.timestamp[i] === b.timestamp[j])
}

const headerSize = 61
const controlBit = 0x20
const transactionalBit = 0x10
const logAppendTimeBit = 0x08

export class BatchError extends Error {}

/** An INT64 offset as a number (offsets stay far below 2^53). */
const int64 = (bytes: Buffer, at: number): number => bytes.readInt32BE(at) * 4294967296 + bytes.readUInt32BE(at + 4)

/** Offset after the last complete batch in `data`, and the size of an incomplete batch that follows, if any. */
export function scanBatches (data: Buffer): { nextOffset: number, complete: number, incompleteSize: number } {
  let at = 0
  let nextOffset = -1
  let complete = 0
  while (at + 12 <= data.length) {
    const size = 12 + data.readInt32BE(at + 8)
    if (at + size > data.length || size < headerSize) return { nextOffset, complete, incompleteSize: size }
    nextOffset = int64(data, at) + data.readInt32BE(at + 23) + 1
    complete++
    at += size
  }
  return { nextOffset, complete, incompleteSize: 0 }
}

// varint readers share one cursor: records are read strictly in order
let cursor = 0

function varint (bytes: Buffer): number {
  let value = 0
  let shift = 0
  let byte: number
  do {
    byte = bytes[cursor++]!
    value |= (byte & 0x7f) << shift
    shift += 7
  } while ((byte & 0x80) !== 0 && shift < 35)
  return (value >>> 1) ^ -(value & 1)
}

function varlong (bytes: Buffer): number {
  let value = 0
  let scale = 1
  let byte: number
  do {
    byte = bytes[cursor++]!
    value += (byte & 0x7f) * scale
    scale *= 128
  } while ((byte & 0x80) !== 0 && scale < 2 ** 70)
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2
}

/** ABORT (0) or COMMIT (1) of a control batch's first record (key: version INT16, type INT16). */
function controlType (records: Buffer): number {
  cursor = 0
  varint(records) // length
  cursor++ // attributes
  varlong(records) // timestamp delta
  varint(records) // offset delta
  const keyLength = varint(records)
  if (keyLength < 4) return -1
  return records.readInt16BE(cursor + 2)
}

export function decodeBatches (data: Buffer, options: DecodeOptions): Decoded {
  // room for every record the complete batches hold (their headers say how many)
  let capacity = 0
  for (let at = 0; at + 61 <= data.length;) {
    const size = 12 + data.readInt32BE(at + 8)
    if (at + size > data.length || size < headerSize) break
    capacity += Math.max(0, data.readInt32BE(at + 57))
    at += size
  }
  const out: Decoded = { columns: emptyColumns(capacity), aborted: [], nextOffset: -1, codecs: {}, controlBatches: 0, abortedRecords: 0 }
  const columns = out.columns
  const hashing = options.hash ?? true
  // read_committed bookkeeping, per response as in Kafka's CompletedFetch
  const pending = [...options.abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0))
  const abortedProducers = new Set<bigint>()
  let at = 0
  while (at + 12 <= data.length) {
    const size = 12 + data.readInt32BE(at + 8)
    if (at + size > data.length) break // the partial batch a size limit cut off: fetched again next time
    if (size < headerSize) throw new BatchError(`record batch at byte ${at} is ${size} bytes, shorter than a batch header`)
    const baseOffset = int64(data, at)
    const magic = data.readInt8(at + 16)
    if (magic !== 2) throw new BatchError(`record batch at offset ${baseOffset} has magic ${magic}: only record format v2 (Kafka 0.11+) is read`)
    if (options.checkCrc) {
      const expected = data.readUInt32BE(at + 17)
      const actual = crc32c(data.subarray(at + 21, at + size))
      if (actual !== expected) throw new BatchError(`record batch at offset ${baseOffset} fails its CRC-32C check (stored ${expected}, computed ${actual})`)
    }
    const attributes = data.readInt16BE(at + 21)
    const lastOffset = baseOffset + data.readInt32BE(at + 23)
    out.nextOffset = lastOffset + 1
    const codec = attributes & 0x07
    const name = codecNames[codec] ?? 'none'
    out.codecs[name] = (out.codecs[name] ?? 0) + 1
    const control = (attributes & controlBit) !== 0
    const transactional = (attributes & transactionalBit) !== 0
    const producerId = data.readBigInt64BE(at + 43)
    const count = data.readInt32BE(at + 57)
    let records = data.subarray(at + headerSize, at + size)
    const batchStart = at
    at += size
    if (lastOffset < options.from || baseOffset >= options.until) continue
    let aborted = false
    if (options.readCommitted && producerId >= 0n) {
      while (pending.length > 0 && pending[0]!.firstOffset <= BigInt(lastOffset)) abortedProducers.add(pending.shift()!.producerId)
      if (control) {
        if (controlType(records) === 0) abortedProducers.delete(producerId)
      } else if (transactional && abortedProducers.has(producerId)) {
        aborted = true
      }
    }
    if (control) {
      out.controlBatches++
      continue
    }
    if (aborted) out.abortedRecords += count
    if (aborted && !options.keepAborted) continue
    if (codec !== 0) {
      const algorithm = compressionsAlgorithmsByBitmask[codec]
      if (!algorithm) throw new BatchError(`record batch at offset ${baseOffset} uses compression codec ${codec}, which this client cannot read`)
      records = algorithm.decompressSync(records)
    }
    const baseTimestamp = int64(data, batchStart + 27)
    const maxTimestamp = int64(data, batchStart + 35)
    const logAppendTime = (attributes & logAppendTimeBit) !== 0
    const buffer = aborted ? -1 : columns.buffers.push(records) - 1
    cursor = 0
    for (let i = 0; i < count; i++) {
      const length = varint(records)
      const end = cursor + length
      cursor++ // attributes (unused in v2)
      const timestampDelta = varlong(records)
      const offset = baseOffset + varint(records)
      const start = cursor
      cursor = end
      if (offset < options.from || offset >= options.until) continue
      const timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta
      if (aborted) {
        out.aborted.push({ offset, timestamp, bytes: records, start, end, hash: contentHash(records, start, end) })
        continue
      }
      const k = columns.length++
      columns.offset[k] = offset
      columns.timestamp[k] = timestamp
      columns.start[k] = start
      columns.end[k] = end
      columns.hash[k] = hashing ? contentHash(records, start, end) : Number.NaN
      columns.buffer[k] = buffer
    }
    if (cursor !== records.length) throw new BatchError(`record batch at offset ${baseOffset}: ${count} record(s) end at byte ${cursor} of ${records.length}`)
  }
  return out
}

/** Same key, value and headers, byte for byte (and timestamp when asked). */
export function sameContent (a: Rec, b: Rec, withTimestamp: boolean): boolean {
  return a.hash === b.hash && a.end - a.start === b.end - b.start &&
    a.bytes.compare(b.bytes, b.start, b.end, a.start, a.end) === 0 &&
    (!withTimestamp || a.timestamp === b.timestamp)
}

export interface RecordFields {
  key: Buffer | null
  value: Buffer | null
  headers: Array<[Buffer | null, Buffer | null]>
}

function bytesField (bytes: Buffer): Buffer | null {
  const length = varint(bytes)
  if (length < 0) return null
  const value = bytes.subarray(cursor, cursor + length)
  cursor += length
  return value
}

/** The key, value and headers of a record (for reports and the rare field-by-field look). */
export function recordFields (rec: Rec): RecordFields {
  cursor = rec.start
  const key = bytesField(rec.bytes)
  const value = bytesField(rec.bytes)
  const count = varint(rec.bytes)
  const headers: Array<[Buffer | null, Buffer | null]> = []
  for (let i = 0; i < count; i++) headers.push([bytesField(rec.bytes), bytesField(rec.bytes)])
  return { key, value, headers }
}

/** Hash of the key alone (-1 for a null key) and whether the value is null (a tombstone). */
export function keyOf (rec: Rec): { keyHash: number, tombstone: boolean } {
  cursor = rec.start
  const keyLength = varint(rec.bytes)
  const keyHash = keyLength < 0 ? -1 : contentHash(rec.bytes, cursor, cursor + keyLength)
  cursor += Math.max(0, keyLength)
  return { keyHash, tombstone: varint(rec.bytes) < 0 }
}

/** Which of key, value, headers differ between two records. */
export function differingFields (a: Rec, b: Rec): Array<'key' | 'value' | 'headers' | 'timestamp'> {
  const x = recordFields(a)
  const y = recordFields(b)
  const same = (p: Buffer | null, q: Buffer | null) => (p === null || q === null ? p === q : p.equals(q))
  const out: Array<'key' | 'value' | 'headers' | 'timestamp'> = []
  if (!same(x.key, y.key)) out.push('key')
  if (!same(x.value, y.value)) out.push('value')
  if (x.headers.length !== y.headers.length || x.headers.some(([k, v], i) => !same(k, y.headers[i]![0]) || !same(v, y.headers[i]![1]))) out.push('headers')
  if (a.timestamp !== b.timestamp) out.push('timestamp')
  return out
}
