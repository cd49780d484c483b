/**
 * @module verify/fixtures
 * Record batches for the verify tests, built by the client library's own encoder (so the decoder
 * is tested against bytes a producer really writes), with what a producer cannot set by hand —
 * base offsets, transaction markers — patched in and the CRC recomputed. Tests only.
 */
import { type CompressionAlgorithmValue, createRecordsBatch, crc32c } from '@platformatic/kafka'
import type { Chunk, Pull } from './compare.ts'
import { columnsOf, decodeBatches, type Rec, recsOf } from './record-batch.ts'

export interface Spec {
  key?: string | null
  value?: string | null
  headers?: Array<[string, string | null]>
  timestamp?: number
}

const bytes = (text: string | null | undefined): Buffer | undefined => (text === null || text === undefined ? undefined : Buffer.from(text))

export interface BatchOptions {
  compression?: CompressionAlgorithmValue
  producerId?: bigint
  transactional?: boolean
  logAppendTime?: number
}

/** One record batch at `baseOffset` holding `specs` (null/absent key or value: null). */
export function batch (baseOffset: number, specs: Spec[], options: BatchOptions = {}): Buffer {
  const messages = specs.map((s, i) => ({
    topic: 't',
    key: bytes(s.key),
    value: (s.value === null ? null : Buffer.from(s.value ?? `v${baseOffset + i}`)) as Buffer,
    headers: new Map((s.headers ?? []).map(([k, v]) => [Buffer.from(k), (v === null ? null : Buffer.from(v)) as Buffer])),
    timestamp: BigInt(s.timestamp ?? 1_700_000_000_000 + baseOffset + i),
  }))
  const built = createRecordsBatch(messages, {
    compression: options.compression ?? 'none',
    producerId: options.producerId ?? -1n,
    transactionalId: options.transactional ? 'tx' : undefined,
  } as never)
  const out = Buffer.from(built.buffer)
  out.writeBigInt64BE(BigInt(baseOffset), 0)
  if (options.logAppendTime !== undefined) {
    out.writeInt16BE(out.readInt16BE(21) | 0x08, 21)
    out.writeBigInt64BE(BigInt(options.logAppendTime), 35)
    out.writeUInt32BE(crc32c(out.subarray(21)), 17)
  }
  return out
}

/** A transaction marker (control batch) at `offset`: COMMIT or ABORT for `producerId`. */
export function marker (offset: number, producerId: bigint, type: 'commit' | 'abort'): Buffer {
  const key = Buffer.alloc(4)
  key.writeInt16BE(0, 0)
  key.writeInt16BE(type === 'commit' ? 1 : 0, 2)
  const built = createRecordsBatch([{ topic: 't', key, value: Buffer.alloc(6), timestamp: 1_700_000_000_000n }], { producerId, transactionalId: 'tx' } as never)
  const out = Buffer.from(built.buffer)
  out.writeBigInt64BE(BigInt(offset), 0)
  out.writeInt16BE(out.readInt16BE(21) | 0x20, 21)
  out.writeUInt32BE(crc32c(out.subarray(21)), 17)
  return out
}

/** Decoded records of `specs` at consecutive offsets from `baseOffset`. */
export function recs (baseOffset: number, specs: Array<Spec | string>): Rec[] {
  const list = specs.map((s) => (typeof s === 'string' ? { key: s, value: s } : s))
  if (list.length === 0) return []
  return recsOf(decodeBatches(batch(baseOffset, list), { from: 0, until: Number.MAX_SAFE_INTEGER, readCommitted: false, abortedTransactions: [], keepAborted: false, checkCrc: true }).columns)
}

/** Records at explicit offsets (gaps allowed), one batch each. */
export function at (pairs: Array<[number, Spec | string]>): Rec[] {
  return pairs.flatMap(([offset, spec]) => recs(offset, [spec]))
}

/**
 * A feed handing out `records` in chunks of `size`, `aborted` records alongside the first chunk;
 * `hashed: false` leaves the hashes to be computed on demand, as the target side's are.
 */
export function feed (records: readonly Rec[], size = 3, aborted: readonly Rec[] = [], hashed = true): Pull {
  const chunks: Chunk[] = []
  for (let i = 0; i < records.length; i += size) {
    const columns = columnsOf(records.slice(i, i + size))
    if (!hashed) columns.hash.fill(Number.NaN)
    chunks.push({ columns, aborted: [] })
  }
  if (aborted.length) (chunks[0] ??= { columns: columnsOf([]), aborted: [] }).aborted = [...aborted]
  let k = 0
  return async () => chunks[k++] ?? null
}

/** `text` keys/values at offsets from `start`: `recs(0, 'abcd')` style shorthand. */
export const seq = (start: number, letters: string): Rec[] => recs(start, [...letters])
