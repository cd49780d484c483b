/**
 * @module server/data
 * Everything the dashboard shows, as one JSON document computed from the plan and the journal
 * alone (the same sources as `rollgate status` and the runbook): phase timeline, rollback
 * availability, the gate board, consumer groups, replication lag over time, the latest rehearsal
 * and shadow-read parity. Pure given its reader. Each section is computed on its own: a damaged
 * or missing piece of evidence empties that section and is listed in `problems`, the rest still
 * shows — the page is most needed exactly when something is wrong.
 */
import type { Entry, EvidenceReader } from '../journal/index.ts'
import { lastVerdicts, latestOffsets } from '../gates/run.ts'
import type { GateName } from '../gates/types.ts'
import { phaseHistory } from '../phases/history.ts'
import { nextPhase, type Phase, phaseInfo } from '../phases/phases.ts'
import type { RollbackAvailability } from '../phases/rollback-availability.ts'
import { migrationStatus } from '../phases/status.ts'
import type { Plan } from '../plan/schema.ts'
import { type BoardGate, gateBoard } from './board.ts'
import { type GroupsView, groupsView } from './groups.ts'
import { type KindEvidence, latestOfKind } from './kind-evidence.ts'
import { type LagSample, type LagView, lagView, snapshotLag } from './lag.ts'
import { type RollbackHeadline, rollbackHeadline } from './rollback-headline.ts'
import { phaseTimeline, type Timeline } from './timeline.ts'

/** Snapshots read for the lag chart: the newest ones only, so a long migration stays quick to show. */
export const maxLagSamples = 240

export interface DashboardData {
  generatedAt: string
  plan: { name: string | null, file: string, rollbackWindowSeconds: number, replication: string }
  journal: { entries: number, seq: number | null, lastAt: string | null }
  phase: { current: Phase, enteredAt: string | null, writeAuthority: 'source' | 'target', next: { phase: Phase, guardedBy: GateName[] } | null }
  timeline: Timeline
  rollback: RollbackHeadline
  /** the latest snapshot (the evidence rollback availability was computed on) */
  snapshot: { evidenceId: string, capturedAt: string, ageSeconds: number } | null
  gates: BoardGate[]
  groups: GroupsView
  lag: LagView
  /** the latest game-day result (`rollgate rehearse`), when one is recorded */
  rehearsal: KindEvidence | null
  /** the latest shadow-read record parity (`rollgate verify`), when one is recorded */
  verify: KindEvidence | null
  /** what could not be read, section by section */
  problems: string[]
}

export interface DashboardInput {
  plan: Plan
  planFile: string
  entries: readonly Entry[]
  evidence: EvidenceReader
  now: Date
  /** the lag figures of a recorded snapshot (default: read it and compute; the server memoizes) */
  lagOf?: (evidenceId: string) => LagSample | null
}

export function dashboardData (input: DashboardInput): DashboardData {
  const { plan, entries, evidence, now } = input
  const problems: string[] = []
  const attempt = <T>(what: string, compute: () => T, fallback: T): T => {
    try {
      return compute()
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`)
      return fallback
    }
  }

  const verdicts = attempt('gate verdicts', () => lastVerdicts(entries, evidence), {})
  const history = attempt('phase history', () => phaseHistory(entries, evidence), { phase: 'prepare' as Phase, enteredAt: null, entrySnapshot: null })
  const unknown: RollbackAvailability = { status: 'unknown', until: null, limits: [{ kind: 'no-evidence', subject: 'journal', message: 'the recorded evidence could not be read (see problems)', at: null }] }
  const status = attempt('rollback availability', () => migrationStatus(plan, entries, evidence, now), null)
  const gates = gateBoard(plan, verdicts)
  const statusOf = (gate: GateName) => gates.find((g) => g.gate === gate)?.status ?? 'not-evaluated'
  const next = nextPhase(history.phase)
  const last = entries.at(-1)
  const captured = status?.evidenceCapturedAt ? Date.parse(status.evidenceCapturedAt) : Number.NaN

  return {
    generatedAt: now.toISOString(),
    plan: { name: plan.name ?? null, file: input.planFile, rollbackWindowSeconds: plan.rollbackWindow / 1000, replication: plan.replication.kind },
    journal: { entries: entries.length, seq: last?.seq ?? null, lastAt: last?.ts ?? null },
    phase: {
      current: history.phase,
      enteredAt: history.enteredAt,
      writeAuthority: phaseInfo[history.phase].writeAuthority,
      next: next ? { phase: next, guardedBy: phaseInfo[next].guardedBy } : null,
    },
    timeline: phaseTimeline(entries, history.phase, statusOf, plan.runbook.pointOfNoReturn),
    rollback: rollbackHeadline(status?.rollback ?? unknown, history.phase, now),
    snapshot: status?.evidenceId && status.evidenceCapturedAt
      ? { evidenceId: status.evidenceId, capturedAt: status.evidenceCapturedAt, ageSeconds: Number.isNaN(captured) ? 0 : Math.max(0, (now.getTime() - captured) / 1000) }
      : null,
    gates,
    groups: attempt('consumer groups', () => groupsView(plan, latestOffsets(entries, evidence)), groupsView(plan, null)),
    lag: attempt('replication lag', () => lagView(lagSamples(entries, input.lagOf ?? ((id) => snapshotLag(evidence.get(id))), problems)), lagView([])),
    rehearsal: attempt('rehearsal', () => latestOfKind(entries, evidence, 'rehearsal'), null),
    verify: attempt('shadow-read parity', () => latestOfKind(entries, evidence, 'verify'), null),
    problems,
  }
}

/** Lag samples of the newest recorded snapshots, oldest first; an unreadable one is skipped and named. */
export function lagSamples (entries: readonly Entry[], lagOf: (evidenceId: string) => LagSample | null, problems: string[] = []): LagSample[] {
  const ids: string[] = []
  for (let i = entries.length - 1; i >= 0 && ids.length < maxLagSamples; i--) {
    const entry = entries[i]!
    if (entry.type === 'evidence' && entry.data.kind === 'snapshot') ids.push(entry.data.evidenceId)
  }
  const samples: LagSample[] = []
  for (const id of ids.reverse()) {
    try {
      const sample = lagOf(id)
      if (sample) samples.push(sample)
    } catch (error) {
      problems.push(`replication lag of snapshot ${id.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return samples
}
