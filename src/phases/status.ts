/**
 * @module phases/status
 * What `rollgate status` and the runbook report, computed from the journal alone: the phase, who owns
 * writes, the last verdict of each gate, and until when rollback stays available.
 */
import type { EvidenceReader } from '../journal/evidence.ts'
import type { Entry } from '../journal/entry.ts'
import { lastVerdicts } from '../gates/run.ts'
import type { GateName, GateResult } from '../gates/types.ts'
import type { Plan } from '../plan/schema.ts'
import { latestSnapshot } from '../snapshot/record.ts'
import { phaseHistory } from './history.ts'
import { nextPhase, type Phase, phaseInfo } from './phases.ts'
import { type RollbackAvailability, rollbackAvailability } from './rollback-availability.ts'

export interface MigrationStatus {
  phase: Phase
  enteredAt: string | null
  writeAuthority: 'source' | 'target'
  next: { phase: Phase, guardedBy: GateName[] } | null
  verdicts: Partial<Record<GateName, { result: GateResult, seq: number }>>
  /** the snapshot the rollback computation used */
  evidenceId: string | null
  evidenceCapturedAt: string | null
  rollback: RollbackAvailability
}

export function migrationStatus (plan: Plan, entries: readonly Entry[], evidence: EvidenceReader, now: Date): MigrationStatus {
  const history = phaseHistory(entries, evidence)
  const latest = latestSnapshot(entries, evidence)
  const next = nextPhase(history.phase)
  return {
    phase: history.phase,
    enteredAt: history.enteredAt,
    writeAuthority: phaseInfo[history.phase].writeAuthority,
    next: next ? { phase: next, guardedBy: phaseInfo[next].guardedBy } : null,
    verdicts: lastVerdicts(entries, evidence),
    evidenceId: latest?.evidenceId ?? null,
    evidenceCapturedAt: latest?.snapshot.capturedAt ?? null,
    rollback: rollbackAvailability(plan, history, latest?.snapshot ?? null, now),
  }
}
