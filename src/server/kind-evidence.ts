/**
 * @module server/kind-evidence
 * The latest journaled evidence of one kind (`rehearsal`, `verify`, …) as the dashboard shows it:
 * when it was recorded, its one-line summary and its figures. The dashboard shows these kinds when
 * present but depends on none of their shapes: a document that is missing, damaged or of an
 * unexpected shape is reported as such, never crashes the page.
 */
import type { Entry, EvidenceReader } from '../journal/index.ts'
import { type Figure, figures } from './figures.ts'

export interface KindEvidence {
  kind: string
  evidenceId: string
  /** the journal entry that recorded it */
  seq: number
  recordedAt: string
  summary: string | null
  /** how many entries of this kind the journal holds */
  count: number
  figures: Figure[]
  /** set when the document could not be read; `figures` is then empty */
  error: string | null
}

export function latestOfKind (entries: readonly Entry[], evidence: EvidenceReader, kind: string): KindEvidence | null {
  let count = 0
  let latest: Entry | undefined
  for (const entry of entries) {
    if (entry.type !== 'evidence' || entry.data.kind !== kind) continue
    count++
    latest = entry
  }
  if (latest === undefined || latest.type !== 'evidence') return null
  const base = { kind, evidenceId: latest.data.evidenceId, seq: latest.seq, recordedAt: latest.ts, summary: latest.data.summary ?? null, count }
  try {
    return { ...base, figures: figures(evidence.get(latest.data.evidenceId)), error: null }
  } catch (error) {
    return { ...base, figures: [], error: error instanceof Error ? error.message : String(error) }
  }
}
