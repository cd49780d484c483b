/**
 * @module phases/phases
 * The migration's phases (ARCHITECTURE.md "Phases and authority"), who owns writes in each, and the
 * gates that guard entering each. Moving authority is only ever one step forward; rollback moves back.
 */
import type { GateName } from '../gates/types.ts'

export const phases = ['prepare', 'replicating', 'shadow-read', 'producers-on-target', 'target-authoritative'] as const
export type Phase = (typeof phases)[number]

export interface PhaseInfo {
  phase: Phase
  /** the cluster that owns new writes */
  writeAuthority: 'source' | 'target'
  /** gates that must pass to enter this phase (from the previous one) */
  guardedBy: GateName[]
  /** what rollback means here, in plain language */
  rollback: string
}

export const phaseInfo: Record<Phase, PhaseInfo> = {
  prepare: {
    phase: 'prepare', writeAuthority: 'source', guardedBy: [],
    rollback: 'nothing to roll back: no client uses the target',
  },
  replicating: {
    phase: 'replicating', writeAuthority: 'source', guardedBy: ['pre-replication'],
    rollback: 'stop replication; the source still owns every write and every committed offset',
  },
  'shadow-read': {
    phase: 'shadow-read', writeAuthority: 'source', guardedBy: ['replication', 'offsets'],
    rollback: 'stop the shadow readers; source positions are untouched as long as they committed nothing there',
  },
  'producers-on-target': {
    phase: 'producers-on-target', writeAuthority: 'target', guardedBy: ['shadow-read', 'producer-cutover'],
    rollback: 'switch clients back to the source; target-only writes must be replicated back, replayed, or accepted as a documented loss window',
  },
  'target-authoritative': {
    phase: 'target-authoritative', writeAuthority: 'target', guardedBy: ['exit'],
    rollback: 'none: the point of no return has passed; recovery is forward only',
  },
}

export function isPhase (value: string): value is Phase {
  return (phases as readonly string[]).includes(value)
}

export function nextPhase (phase: Phase): Phase | null {
  return phases[phases.indexOf(phase) + 1] ?? null
}
