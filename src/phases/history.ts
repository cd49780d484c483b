/**
 * @module phases/history
 * The current phase as the journal records it: the last `phase` entry (or `prepare` when none), when
 * it was entered, and the snapshot the move rested on.
 */
import type { EvidenceReader } from '../journal/evidence.ts'
import type { Entry } from '../journal/entry.ts'
import { readSnapshot } from '../snapshot/record.ts'
import { isPhase } from './phases.ts'
import type { PhaseHistory } from './rollback-availability.ts'

export function phaseHistory (entries: readonly Entry[], evidence: EvidenceReader): PhaseHistory {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type !== 'phase' || !isPhase(entry.data.to)) continue
    const id = entry.data.evidenceId
    return { phase: entry.data.to, enteredAt: entry.ts, entrySnapshot: id ? readSnapshot(evidence, id) : null }
  }
  return { phase: 'prepare', enteredAt: null, entrySnapshot: null }
}
