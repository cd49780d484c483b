/**
 * @module gates/run
 * Evaluating gates as a recorded act: each verdict is stored whole as evidence and journaled with
 * its counts, so `status`, `runbook` and an auditor read exactly what was decided and on what.
 */
import type { EvidenceReader, EvidenceStore } from '../journal/evidence.ts'
import type { Entry, GateStatus } from '../journal/entry.ts'
import type { Journal } from '../journal/journal.ts'
import type { Plan } from '../plan/schema.ts'
import type { Snapshot } from '../snapshot/types.ts'
import { evaluateGates } from './registry.ts'
import { gatePhase } from '../phases/gate-phase.ts'
import { type GateInput, type GateName, type GateResult, gateNames } from './types.ts'
import type { OffsetCapture, OffsetTranslation } from '../offsets/types.ts'
import { newestShardSet } from '../verify/merge.ts'
import type { VerifyResult } from '../verify/types.ts'

export function recordVerdicts (results: readonly GateResult[], state: { journal: Journal, evidence: EvidenceStore }): void {
  for (const result of results) {
    const checks: Record<GateStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
    for (const c of result.checks) checks[c.status]++
    const resultId = state.evidence.put(result)
    state.journal.append('gate', { gate: result.gate, status: result.status, evidenceId: result.evidenceId, checks, resultId })
  }
}

export function runGates (plan: Plan, names: readonly GateName[], snapshot: Snapshot | null, evidenceId: string | null, state: { journal: Journal, evidence: EvidenceStore }, now: Date, planHash: string): GateResult[] {
  const offsets = latestOffsets(state.journal.entries(), state.evidence)
  const verify = latestVerify(state.journal.entries(), state.evidence)
  const phase = gatePhase(state.journal.entries(), state.evidence)
  // each gate sees the verdicts recorded before it, and those of the gates evaluated before it in this run
  const verdicts: Partial<Record<GateName, GateResult>> = Object.fromEntries(Object.entries(lastVerdicts(state.journal.entries(), state.evidence)).map(([g, v]) => [g, v.result]))
  const results: GateResult[] = []
  for (const name of names) {
    const [result] = evaluateGates([name], { plan, snapshot, evidenceId, now, planHash, offsets, verify, phase, verdicts: { ...verdicts } })
    results.push(result!)
    verdicts[name] = result!
  }
  recordVerdicts(results, state)
  return results
}

/** The last recorded verdict of each gate, with the journal seq that recorded it. */
export function lastVerdicts (entries: readonly Entry[], evidence: EvidenceReader): Partial<Record<GateName, { result: GateResult, seq: number }>> {
  const out: Partial<Record<GateName, { result: GateResult, seq: number }>> = {}
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type !== 'gate') continue
    const gate = entry.data.gate as GateName
    if (!(gateNames as readonly string[]).includes(gate) || out[gate]) continue
    out[gate] = { result: evidence.get(entry.data.resultId) as GateResult, seq: entry.seq }
  }
  return out
}

/** The latest recorded source-to-target offset translation with the capture it started from. */
export function latestOffsets (entries: readonly Entry[], evidence: EvidenceReader): GateInput['offsets'] {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type !== 'evidence' || entry.data.kind !== 'offsets-translation') continue
    const translation = evidence.get(entry.data.evidenceId) as OffsetTranslation
    if (translation.direction !== 'source-to-target') continue
    return { translation, translationId: entry.data.evidenceId, capture: evidence.get(translation.captureId) as OffsetCapture }
  }
  return null
}

/** The latest recorded verification (`rollgate verify`): the newest result of each shard of its split. */
export function latestVerify (entries: readonly Entry[], evidence: EvidenceReader): GateInput['verify'] {
  const newestFirst: Array<{ result: VerifyResult, evidenceId: string }> = []
  const shards = new Set<number>()
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type !== 'evidence' || entry.data.kind !== 'verify') continue
    const result = evidence.get(entry.data.evidenceId) as VerifyResult
    newestFirst.push({ result, evidenceId: entry.data.evidenceId })
    // results can be large: read no further than the newest split needs
    if (result.shard.count === newestFirst[0]!.result.shard.count) shards.add(result.shard.index)
    if (shards.size === newestFirst[0]!.result.shard.count) break
  }
  return newestShardSet(newestFirst)
}
