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

export function preview (bytes: Buffer | null, limit = previewBytes): Preview {
  if (bytes === null) return { text: 'null', encoding: 'utf8', length: null }
  const head = bytes.subarray(0, limit)
  const more = bytes.length > limit ? '…' : ''
  // a cut may split a multi-byte character: judge the text without its last few bytes' damage
  const text = head.toString('utf8')
  const clean = bytes.length > limit ? text.replace(/\ufffd+$/, '') : text
  if (printable(clean)) return { text: clean + more, encoding: 'utf8', length: bytes.length }
  return { text: head.toString('hex') + more, encoding: 'hex', length: bytes.length }
}

export function summarize (rec: Rec): RecordSummary {
  const fields = recordFields(rec)
  return {
    offset: rec.offset,
    timestamp: rec.timestamp,
    key: preview(fields.key),
    value: preview(fields.value),
    headers: fields.headers.slice(0, 4).map(([k, v]) => ({ key: preview(k, 24), value: preview(v, 24) })),
    digest: recordDigest(fields),
  }
}

/** One line for a table: `k12="v…"`, hex marked as such. */
export function previewText (p: Preview): string {
  if (p.length === null) return 'null'
  return p.encoding === 'hex' ? `0x${p.text}` : JSON.stringify(p.text)
}
