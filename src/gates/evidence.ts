/**
 * @module gates/evidence
 * The fail-closed rules, in one place so no check can forget them. Evidence is usable only when a
 * snapshot exists, is a document this version reads, was taken for this plan, is no older than
 * `gates.evidenceMaxAge`, and the side a check reads was captured (not unreachable, not partial).
 * Otherwise the check is `unknown` with a message saying exactly which of these is missing.
 * Checks that read evidence are built with `evidenceCheck`, which applies all of it before they run.
 */
import type { Inventory } from '../snapshot/inventory.ts'
import type { SideEvidence, SideName, Snapshot } from '../snapshot/types.ts'
import type { Check, CheckResult, GateInput } from './types.ts'

export type Need<T> = { ok: true, value: T } | { ok: false, unknown: CheckResult }

/** An `unknown` result: the form every missing-evidence verdict takes. */
export function unknownResult (id: string, subject: string, message: string, evidence: unknown = null): CheckResult {
  return { id, status: 'unknown', subject, message, evidence }
}

const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]]

/** A duration for people: `2h 5m`, `42s`, `350ms` (two largest units are enough to judge an age). */
export function formatDuration (ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  if (Math.abs(ms) < 1_000) return `${Math.round(ms)}ms`
  const parts: string[] = []
  let rest = Math.abs(ms)
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size)
    if (amount > 0 && parts.length < 2) parts.push(`${amount}${unit}`)
    if (amount > 0) rest -= amount * size
  }
  return (ms < 0 ? '-' : '') + parts.join(' ')
}

/** Why evidence captured at `capturedAt` cannot be used at `input.now`, or null when it is fresh. */
function ageProblem (input: GateInput, what: string, capturedAt: unknown): { message: string, evidence: unknown } | null {
  const maxAge = input.plan.gates.evidenceMaxAge
  const captured = typeof capturedAt === 'string' ? Date.parse(capturedAt) : Number.NaN
  const now = input.now.getTime()
  if (Number.isNaN(captured)) {
    return { message: `${what} has no valid capture time (capturedAt: ${JSON.stringify(capturedAt ?? null)})`, evidence: { capturedAt: capturedAt ?? null } }
  }
  if (Number.isNaN(now)) return { message: 'the evaluation time is not a valid date', evidence: { capturedAt } }
  const age = now - captured
  const evidence = { capturedAt, evaluatedAt: input.now.toISOString(), ageMs: age, maxAgeMs: maxAge }
  // Evidence from the future means a clock is wrong, and then so may be every age we compute.
  if (age < 0) return { message: `${what} is dated ${formatDuration(-age)} after the evaluation time (${capturedAt}): a clock is wrong`, evidence }
  if (age > maxAge) {
    return { message: `${what} is ${formatDuration(age)} old (captured ${capturedAt}), older than gates.evidenceMaxAge ${formatDuration(maxAge)}: take a new snapshot`, evidence }
  }
  return null
}

/** The snapshot, if it can be used at all: present, readable, of this plan, fresh. */
export function needSnapshot (input: GateInput, id: string): Need<Snapshot> {
  const snapshot = input.snapshot
  const unknown = (message: string, evidence: unknown = null): Need<Snapshot> =>
    ({ ok: false, unknown: unknownResult(id, 'snapshot', message, { evidenceId: input.evidenceId, ...(evidence as object) }) })
  if (snapshot === null || snapshot === undefined) return unknown('no evidence: no snapshot was taken or found (rollgate snapshot captures one)')
  if (snapshot.type !== 'rollgate.snapshot/v1') return unknown(`evidence is not a snapshot this rollgate reads (type ${JSON.stringify(snapshot.type ?? null)}, expected rollgate.snapshot/v1)`)
  if (input.planHash !== undefined && snapshot.planHash !== input.planHash) {
    return unknown(`evidence was captured for another version of the plan (plan hash ${snapshot.planHash} at capture, ${input.planHash} now): take a new snapshot`,
      { snapshotPlanHash: snapshot.planHash, planHash: input.planHash })
  }
  const stale = ageProblem(input, 'evidence', snapshot.capturedAt)
  if (stale) return unknown(stale.message, stale.evidence)
  return { ok: true, value: snapshot }
}

/** How to name a cluster in a message: its side and bootstrap servers. */
export function clusterLabel (side: SideName, evidence: Pick<SideEvidence, 'bootstrap'> | undefined): string {
  const bootstrap = Array.isArray(evidence?.bootstrap) && evidence.bootstrap.length > 0 ? ` (${evidence.bootstrap.join(', ')})` : ''
  return `${side} cluster${bootstrap}`
}

/** The inventory of one side, if the snapshot is usable and that side was captured whole. */
export function needSide (input: GateInput, side: SideName, id: string): Need<Inventory> {
  const snapshot = needSnapshot(input, id)
  if (!snapshot.ok) return snapshot
  const evidence: SideEvidence | undefined = snapshot.value.sides?.[side]
  const label = clusterLabel(side, evidence)
  const unknown = (message: string, facts: unknown): Need<Inventory> => ({ ok: false, unknown: unknownResult(id, side, message, facts) })
  if (evidence === undefined || evidence === null) return unknown(`no evidence of the ${side} cluster in the snapshot`, { side })
  const facts = { side, status: evidence.status, bootstrap: evidence.bootstrap, ...('error' in evidence ? { error: evidence.error, at: evidence.at } : {}) }
  switch (evidence.status) {
    case 'ok': break
    case 'unreachable': return unknown(`${label} was unreachable: ${evidence.error}`, facts)
    case 'error': return unknown(`${label} could not be fully read: ${evidence.error}`, facts)
    default: return unknown(`${label}: unrecognised evidence status ${JSON.stringify((evidence as { status: unknown }).status)}`, facts)
  }
  // a side captured well before the snapshot was written is as stale as an old snapshot
  const stale = ageProblem(input, `evidence of the ${label}`, evidence.inventory?.capturedAt)
  if (stale) return unknown(stale.message, { side, ...(stale.evidence as object) })
  return { ok: true, value: evidence.inventory }
}

export interface EvidenceCheckSpec<S extends SideName> {
  id: string
  title: string
  /** the sides the check reads; none: it reads only the snapshot (which must still be usable) */
  sides: readonly S[]
  run: (input: GateInput, inventories: { [K in S]: Inventory }, snapshot: Snapshot) => CheckResult[]
}

/**
 * A check that reads evidence. It runs only when the snapshot and every side it names are usable;
 * otherwise it yields one `unknown` per missing piece (both sides named when both are missing).
 */
export function evidenceCheck<S extends SideName> (spec: EvidenceCheckSpec<S>): Check {
  return {
    id: spec.id,
    title: spec.title,
    run: (input) => {
      const snapshot = needSnapshot(input, spec.id)
      if (!snapshot.ok) return [snapshot.unknown]
      const inventories: Partial<Record<S, Inventory>> = {}
      const missing: CheckResult[] = []
      for (const side of spec.sides) {
        const inventory = needSide(input, side, spec.id)
        if (inventory.ok) inventories[side] = inventory.value
        else missing.push(inventory.unknown)
      }
      if (missing.length > 0) return missing
      return spec.run(input, inventories as { [K in S]: Inventory }, snapshot.value)
    },
  }
}
