/**
 * @module gates/types
 * The shape of a verdict (ARCHITECTURE.md, "A gate result in JSON"): a gate is a list of checks, a
 * check a pure function of the plan and the evidence. Nothing is `pass` by default: missing, stale
 * or partial evidence is `unknown`, and `unknown` fails its gate.
 */
import type { Plan } from '../plan/schema.ts'
import type { Snapshot } from '../snapshot/types.ts'
import type { Phase } from '../phases/phases.ts'
import type { OffsetCapture, OffsetTranslation } from '../offsets/types.ts'
import type { ShardSet } from '../verify/merge.ts'

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown'

export const gateNames = ['pre-replication', 'replication', 'offsets', 'shadow-read', 'producer-cutover', 'exit'] as const
export type GateName = (typeof gateNames)[number]

export interface CheckResult {
  /** stable id, e.g. `runbook.owned`, `topics.exist-on-target` */
  id: string
  status: CheckStatus
  /** what the check is about: a topic, group, subject, connector, cluster or plan field */
  subject: string
  message: string
  /** the facts the verdict rests on, small and JSON (values compared, ages, counts) */
  evidence: unknown
}

export interface GateResult {
  gate: GateName
  status: CheckStatus
  checks: CheckResult[]
  evaluatedAt: string
  /** id of the evidence document (content address in the state dir) the checks read */
  evidenceId: string | null
}

/** Everything a check may read. Pure data: a check never calls a cluster. */
export interface GateInput {
  plan: Plan
  /** null when no snapshot could be taken or found: every evidence-based check is `unknown` */
  snapshot: Snapshot | null
  evidenceId: string | null
  /**
   * the latest recorded source-to-target offset translation and the capture it started from
   * (`rollgate offsets translate`); absent: every offsets check is `unknown`
   */
  offsets?: { translation: OffsetTranslation, translationId: string, capture: OffsetCapture } | null
  /**
   * the latest record-level verification (`rollgate verify`): the newest result of each shard of
   * one split; absent: every shadow-read parity and invariant check is `unknown`
   */
  verify?: ShardSet | null
  /**
   * the phase the journal records (phases/gate-phase.ts); absent: checks that depend on the phase
   * (a sink on the target before it is allowed, producers on the source after cutover) are `unknown`
   */
  phase?: GatePhase | null
  /**
   * the latest recorded verdict of each gate (the journal's, then those evaluated earlier in the
   * same run), for gates that demand others passed (producer-cutover); absent: such checks are `unknown`
   */
  verdicts?: Partial<Record<GateName, GateResult>> | null
  /** evaluation time, injected so checks are deterministic in tests */
  now: Date
  /**
   * sha256 of the plan file's text being evaluated. When given, a snapshot captured under another
   * plan hash is not evidence for this plan: every evidence-based check is `unknown`.
   */
  planHash?: string
}

/** The current phase, when it was entered, and the producer cutover it stands on (with its snapshot). */
export interface GatePhase {
  current: Phase
  enteredAt: string | null
  /**
   * when the current phase is producers-on-target or later: the moment producers moved (the phase
   * entry, or the last client switch to the target after it) and the first snapshot after it
   */
  producerCutover: { at: string, baseline: { evidenceId: string, snapshot: Snapshot } | null } | null
}

export interface Check {
  id: string
  /** one line for the runbook checklist: what this check demands */
  title: string
  run: (input: GateInput) => CheckResult[]
}
