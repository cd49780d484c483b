/**
 * @module gates/checks/schemas-evidence
 * What every `schemas.*` check needs before it can judge: a usable snapshot holding both sides'
 * registries, captured and fresh. Otherwise `unknown`, naming the registry and why — except when the
 * plan configures no registry on either side and has no `schemas` section: then schemas are not
 * part of this migration, as the plan states, and each check passes saying so (its clients use no
 * registry rollgate was told of; the runbook's `schemaState` owner answers for that statement).
 */
import { compareRegistries, type SchemaComparison } from '../../registry/compare.ts'
import type { RegistryEvidence, RegistrySideEvidence } from '../../registry/types.ts'
import type { SideName } from '../../snapshot/types.ts'
import { formatDuration, needSnapshot, unknownResult } from '../evidence.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'

type Registries = Record<SideName, RegistryEvidence>

const sides: readonly SideName[] = ['source', 'target']

function sideProblem (input: GateInput, id: string, side: SideName, evidence: RegistrySideEvidence | undefined): CheckResult | null {
  const label = `${side} schema registry`
  if (evidence === undefined || evidence === null) return unknownResult(id, side, `no evidence of the ${label} in the snapshot`)
  switch (evidence.status) {
    case 'ok': break
    case 'not-configured':
      return unknownResult(id, side, `clusters.${side}.schemaRegistry is not set in the plan: the ${side}'s schemas cannot be compared`, { side, status: 'not-configured' })
    case 'unreachable':
      return unknownResult(id, side, `${label} (${evidence.url}) was unreachable: ${evidence.error}`, { side, ...evidence })
    case 'error':
      return unknownResult(id, side, `${label} (${evidence.url}) could not be fully read: ${evidence.error}`, { side, ...evidence })
    default:
      return unknownResult(id, side, `${label}: unrecognised evidence status ${JSON.stringify((evidence as { status: unknown }).status)}`)
  }
  const captured = Date.parse(evidence.registry.capturedAt)
  const age = input.now.getTime() - captured
  if (Number.isNaN(age) || age < 0 || age > input.plan.gates.evidenceMaxAge) {
    return unknownResult(id, side, `evidence of the ${label} (captured ${evidence.registry.capturedAt}) is ${Number.isNaN(age) ? 'undated' : age < 0 ? 'dated after the evaluation time: a clock is wrong' : `${formatDuration(age)} old, older than gates.evidenceMaxAge ${formatDuration(input.plan.gates.evidenceMaxAge)}`}`,
      { side, capturedAt: evidence.registry.capturedAt, evaluatedAt: input.now.toISOString() })
  }
  return null
}

export type NeedRegistries = { ok: true, value: Registries } | { ok: false, results: CheckResult[] }

export function needRegistries (input: GateInput, id: string): NeedRegistries {
  // a statement of the plan alone: no evidence is needed to take it
  const configured = sides.filter((side) => input.plan.clusters[side].schemaRegistry !== undefined)
  if (configured.length === 0 && input.plan.schemas === undefined) {
    return { ok: false, results: [{ id, status: 'pass', subject: 'schemas', message: 'the plan configures no schema registry (clusters.*.schemaRegistry) and no schemas section: schemas are not part of this migration', evidence: { configured: [] } }] }
  }
  const snapshot = needSnapshot(input, id)
  if (!snapshot.ok) return { ok: false, results: [snapshot.unknown] }
  const registries = snapshot.value.registries
  if (registries === undefined || registries === null) {
    return { ok: false, results: [unknownResult(id, 'schemas', 'the snapshot holds no schema registry evidence (taken by an older rollgate): take a new snapshot')] }
  }
  const problems = sides.map((side) => sideProblem(input, id, side, registries[side])).filter((p): p is CheckResult => p !== null)
  if (problems.length > 0) return { ok: false, results: problems }
  const ok = (side: SideName) => (registries[side] as Extract<RegistrySideEvidence, { status: 'ok' }>).registry
  return { ok: true, value: { source: ok('source'), target: ok('target') } }
}

/** A `schemas.*` check: runs `judge` on the comparison of both registries once they are usable. */
export function schemaCheck (id: string, title: string, judge: (comparison: SchemaComparison, registries: Registries, input: GateInput) => CheckResult[]): Check {
  return {
    id,
    title,
    run: (input) => {
      const need = needRegistries(input, id)
      if (!need.ok) return need.results
      return judge(compareRegistries(input.plan, need.value.source, need.value.target), need.value, input)
    },
  }
}
