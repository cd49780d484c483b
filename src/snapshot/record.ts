/**
 * @module snapshot/record
 * Snapshots as journal evidence: take one (both sides, stored content-addressed, journaled), read
 * one back by id, or find the latest. Evidence of another plan (different plan hash) is refused:
 * it is not evidence of this one.
 */
import type { Journal } from '../journal/journal.ts'
import type { EvidenceReader, EvidenceStore } from '../journal/evidence.ts'
import type { Entry } from '../journal/entry.ts'
import { ExitCode, RollgateError } from '../errors.ts'
import type { Plan } from '../plan/schema.ts'
import { capturePreReplicationSnapshot, captureSnapshot } from './capture.ts'
import type { SideEvidence, Snapshot } from './types.ts'

export interface RecordedSnapshot { snapshot: Snapshot, evidenceId: string }

function sideSummary (name: string, side: SideEvidence): string {
  if (side.status !== 'ok') return `${name} ${side.status}`
  return `${name} ${side.inventory.topics.length} topics/${side.inventory.groups.length} groups`
}

export async function takeSnapshot (plan: Plan, planText: string, state: { journal: Journal, evidence: EvidenceStore }, options: { scope?: 'pre-replication' } = {}): Promise<RecordedSnapshot> {
  const snapshot = options.scope === 'pre-replication' ? await capturePreReplicationSnapshot(plan, planText) : await captureSnapshot(plan, planText)
  const evidenceId = state.evidence.put(snapshot)
  state.journal.append('evidence', {
    evidenceId,
    // a scoped snapshot is never "the latest snapshot" (status, rollback, the dashboard read whole ones)
    kind: options.scope === undefined ? 'snapshot' : `snapshot.${options.scope}`,
    summary: `${sideSummary('source', snapshot.sides.source)}, ${sideSummary('target', snapshot.sides.target)}`,
  })
  return { snapshot, evidenceId }
}

export function readSnapshot (evidence: EvidenceReader, evidenceId: string): Snapshot {
  const document = evidence.get(evidenceId) as Partial<Snapshot> | null
  if (document?.type !== 'rollgate.snapshot/v1') {
    throw new RollgateError('RG_EVIDENCE_KIND', `evidence ${evidenceId} is not a rollgate snapshot`, ExitCode.badInput)
  }
  return document as Snapshot
}

/** The latest snapshot recorded in the journal, if any. */
export function latestSnapshot (entries: readonly Entry[], evidence: EvidenceReader): RecordedSnapshot | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type === 'evidence' && entry.data.kind === 'snapshot') {
      return { snapshot: readSnapshot(evidence, entry.data.evidenceId), evidenceId: entry.data.evidenceId }
    }
  }
  return null
}
