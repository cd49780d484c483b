/**
 * @module server/timeline
 * The phase timeline: the five phases in order, who owns writes in each, the gates guarding entry
 * to each with their last verdicts, when each was last entered (and whether by force), and where
 * the point of no return lies — entering `target-authoritative`, after which recovery is forward
 * only. Pure: read from the journal's `phase` entries and the board's verdicts.
 */
import type { Entry } from '../journal/index.ts'
import { isPhase, type Phase, phaseInfo, phases } from '../phases/phases.ts'
import type { GateName } from '../gates/types.ts'
import type { BoardStatus } from './board.ts'

export interface TimelineStep {
  phase: Phase
  writeAuthority: 'source' | 'target'
  guardedBy: Array<{ gate: GateName, status: BoardStatus }>
  /** what rollback means in this phase */
  rollback: string
  state: 'done' | 'current' | 'upcoming'
  /** the last time the journal recorded entering it; null: never (or the initial prepare) */
  enteredAt: string | null
  /** entered although its gate did not pass (`advance --force`) */
  forced: boolean
  /** entering this phase passes the point of no return */
  pointOfNoReturn: boolean
}

export interface Timeline {
  current: Phase
  steps: TimelineStep[]
  /** the phase whose entry is the point of no return, and whether it has been passed */
  pointOfNoReturn: { phase: Phase, passed: boolean, owner: string, note: string | null }
}

export const pointOfNoReturnPhase: Phase = 'target-authoritative'

export function phaseTimeline (entries: readonly Entry[], current: Phase, gateStatus: (gate: GateName) => BoardStatus, ponr: { owner: string, note?: string | undefined }): Timeline {
  const entered = new Map<Phase, { at: string, forced: boolean }>()
  for (const entry of entries) {
    if (entry.type === 'phase' && isPhase(entry.data.to)) entered.set(entry.data.to, { at: entry.ts, forced: entry.data.forced === true })
  }
  const at = phases.indexOf(current)
  const steps = phases.map((phase, i): TimelineStep => ({
    phase,
    writeAuthority: phaseInfo[phase].writeAuthority,
    guardedBy: phaseInfo[phase].guardedBy.map((gate) => ({ gate, status: gateStatus(gate) })),
    rollback: phaseInfo[phase].rollback,
    state: i < at ? 'done' : i === at ? 'current' : 'upcoming',
    enteredAt: entered.get(phase)?.at ?? null,
    forced: entered.get(phase)?.forced ?? false,
    pointOfNoReturn: phase === pointOfNoReturnPhase,
  }))
  return {
    current,
    steps,
    pointOfNoReturn: { phase: pointOfNoReturnPhase, passed: at >= phases.indexOf(pointOfNoReturnPhase), owner: ponr.owner, note: ponr.note ?? null },
  }
}
