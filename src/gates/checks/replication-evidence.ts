/**
 * @module gates/checks/replication-evidence
 * What every `replication.*` check needs before it can judge: a usable snapshot with replication
 * evidence that was captured (not failed) and is fresh, and the inventories of the sides it reads.
 * Otherwise `unknown`, saying which is missing — the same fail-closed rules as gates/evidence.ts.
 */
import type { ReplicationEvidence } from '../../replication-health/types.ts'
import type { Inventory } from '../../snapshot/inventory.ts'
import type { SideName } from '../../snapshot/types.ts'
import { formatDuration, needSide, needSnapshot, unknownResult } from '../evidence.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'

export type NeedReplication = { ok: true, value: ReplicationEvidence } | { ok: false, unknown: CheckResult }

export function needReplication (input: GateInput, id: string): NeedReplication {
  const snapshot = needSnapshot(input, id)
  if (!snapshot.ok) return snapshot
  const unknown = (message: string, evidence: unknown = null): NeedReplication => ({ ok: false, unknown: unknownResult(id, 'replication', message, evidence) })
  const r = snapshot.value.replication
  if (r === undefined || r === null) return unknown('the snapshot holds no replication evidence (taken by an older rollgate): take a new snapshot')
  if (r.status !== 'ok') return unknown(`replication evidence could not be captured (${r.status}): ${r.error}`, { status: r.status, error: r.error, at: r.at })
  const age = input.now.getTime() - Date.parse(r.evidence.capturedAt)
  const maxAge = input.plan.gates.evidenceMaxAge
  if (Number.isNaN(age)) return unknown(`replication evidence has no valid capture time (${JSON.stringify(r.evidence.capturedAt)})`)
  if (age < 0) return unknown(`replication evidence is dated ${formatDuration(-age)} after the evaluation time (${r.evidence.capturedAt}): a clock is wrong`)
  if (age > maxAge) return unknown(`replication evidence is ${formatDuration(age)} old (captured ${r.evidence.capturedAt}), older than gates.evidenceMaxAge ${formatDuration(maxAge)}: take a new snapshot`)
  return { ok: true, value: r.evidence }
}

export interface ReplicationCheckSpec<S extends SideName> {
  id: string
  title: string
  /** inventories the check reads besides the replication evidence */
  sides: readonly S[]
  run: (input: GateInput, replication: ReplicationEvidence, inventories: { [K in S]: Inventory }) => CheckResult[]
}

/** A check on replication evidence: runs only when it and every side it names are usable. */
export function replicationCheck<S extends SideName> (spec: ReplicationCheckSpec<S>): Check {
  return {
    id: spec.id,
    title: spec.title,
    run: (input) => {
      const missing: CheckResult[] = []
      const inventories: Partial<Record<S, Inventory>> = {}
      for (const side of spec.sides) {
        const need = needSide(input, side, spec.id)
        if (need.ok) inventories[side] = need.value
        else missing.push(need.unknown)
      }
      const replication = needReplication(input, spec.id)
      // a missing snapshot is said once, not once per part
      if (!replication.ok && !missing.some((m) => m.subject === 'snapshot')) missing.push(replication.unknown)
      if (missing.length > 0 || !replication.ok) return missing
      return spec.run(input, replication.value, inventories as { [K in S]: Inventory })
    },
  }
}
