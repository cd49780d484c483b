/**
 * @module kafka/record-digest
 * A record's identity across clusters: sha256 over its key, value and headers (and optionally its
 * timestamp), each length-prefixed so that no two different records share a digest by
 * concatenation. Null and empty are distinct. Offsets are never part of it: they differ by design.
 */
import { createHash } from 'node:crypto'

export interface DigestableRecord {
  key: Buffer | null
  value: Buffer | null
  headers: Array<[Buffer | null, Buffer | null]>
  timestamp?: number
}

function field (hash: ReturnType<typeof createHash>, bytes: Buffer | null): void {
  const length = Buffer.alloc(4)
  length.writeInt32BE(bytes === null ? -1 : bytes.length)
  hash.update(length)
  if (bytes) hash.update(bytes)
}

export function recordDigest (record: DigestableRecord, options: { withTimestamp?: boolean } = {}): string {
  const hash = createHash('sha256')
  field(hash, record.key)
  field(hash, record.value)
  const count = Buffer.alloc(4)
  count.writeInt32BE(record.headers.length)
  hash.update(count)
  for (const [k, v] of record.headers) { field(hash, k); field(hash, v) }
  if (options.withTimestamp) hash.update(String(record.timestamp ?? -1))
  return hash.digest('hex')
}
