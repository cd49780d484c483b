/**
 * @module verify/preview
 * How a record appears in a report: offset, timestamp, a short preview of key, value and headers
 * (UTF-8 when printable, hex otherwise) and its sha256 digest as kafka/record-digest.ts computes it,
 * so the same record is recognisable in offset-translation proofs. Only built for the few records a
 * report shows.
 */
import { recordDigest } from '../kafka/record-digest.ts'
import { type Rec, recordFields } from './record-batch.ts'
import type { Preview, RecordSummary } from './types.ts'

export const previewBytes = 48

const printable = (text: string): boolean => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text)

export function preview (bytes: Buffer | null, limit = previewBytes, from = 0): Preview {
  if (bytes === null) return { text: 'null', encoding: 'utf8', length: null }
  const head = bytes.subarray(from, from + limit)
  const before = from > 0 ? '…' : ''
  const more = bytes.length > from + limit ? '…' : ''
  // a cut may split a multi-byte character: judge the text without its last few bytes' damage
  const text = head.toString('utf8')
  const clean = bytes.length > from + limit ? text.replace(/\ufffd+$/, '') : text
  if (printable(clean.replace(/^\ufffd+/, ''))) return { text: before + clean.replace(/^\ufffd+/, '') + more, encoding: 'utf8', length: bytes.length }
  return { text: before + head.toString('hex') + more, encoding: 'hex', length: bytes.length }
}

/** First byte at which two fields differ (-1: equal, or one is null). */
function firstDifference (a: Buffer | null, b: Buffer | null): number {
  if (a === null || b === null) return -1
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? -1 : n
}

/**
 * Where a field's preview starts: at 0, unless it differs from the other record's field beyond the
 * preview, where both previews would look the same — then a little before the first difference.
 */
function windowStart (mine: Buffer | null, theirs: Buffer | null | undefined, limit: number): number {
  if (theirs === undefined) return 0
  const d = firstDifference(mine, theirs)
  return d >= limit - 4 ? Math.max(0, d - 8) : 0
}

/** A record for a report; given the record it is compared with, differences past the preview are shown. */
export function summarize (rec: Rec, other?: Rec | null): RecordSummary {
  const fields = recordFields(rec)
  const them = other ? recordFields(other) : null
  return {
    offset: rec.offset,
    timestamp: rec.timestamp,
    key: preview(fields.key, previewBytes, windowStart(fields.key, them ? them.key : undefined, previewBytes)),
    value: preview(fields.value, previewBytes, windowStart(fields.value, them ? them.value : undefined, previewBytes)),
    headers: fields.headers.slice(0, 4).map(([k, v], i) => ({
      key: preview(k, 24, windowStart(k, them?.headers[i]?.[0], 24)),
      value: preview(v, 24, windowStart(v, them?.headers[i]?.[1], 24)),
    })),
    digest: recordDigest(fields),
  }
}

/** One line for a table: `k12="v…"`, hex marked as such. */
export function previewText (p: Preview): string {
  if (p.length === null) return 'null'
  return p.encoding === 'hex' ? `0x${p.text}` : JSON.stringify(p.text)
}
