/**
 * @module diff/diff
 * `rollgate diff` as a pure function of the plan and both sides' inventories: topics (presence,
 * partitions, replication factor, behaviour configs), ACLs and client quotas, each difference with
 * both values, and client credentials (SCRAM users, the plan's client principals). What counts: a difference the plan allows is reported and does not count; every
 * other one does, `warn` included (a diff says what differs, the gates say what blocks), and so
 * does a part that could not be compared (no difference proven is not none).
 */
import type { Plan } from '../plan/schema.ts'
import type { Inventory } from '../snapshot/inventory.ts'
import type { CheckStatus } from '../gates/types.ts'
import { diffAcls } from './acls.ts'
import { diffCredentials } from './credentials.ts'
import { diffQuotas } from './quotas.ts'
import { diffTopics } from './topics.ts'
import type { DiffReport, Difference, PartName } from './types.ts'

type Sides = Pick<Inventory, 'topics' | 'acls' | 'quotas' | 'credentials'>

export function diffInventories (plan: Pick<Plan, 'topics' | 'replication'> & Partial<Pick<Plan, 'clients'>>, source: Sides, target: Sides): DiffReport {
  const { topics, emptySelectors } = diffTopics(plan, source, target)
  return {
    type: 'rollgate.diff/v1',
    naming: plan.replication.naming,
    topics,
    emptySelectors,
    acls: diffAcls(plan, source.acls, target.acls),
    quotas: diffQuotas(plan, source.quotas, target.quotas),
    credentials: diffCredentials(plan, source.credentials, target.credentials),
  }
}

export const parts: readonly PartName[] = ['acls', 'quotas', 'credentials']

/** Every difference of the report, topics first, in report order. */
export function differencesOf (report: DiffReport): Difference[] {
  const out = report.topics.flatMap((t) => t.differences)
  for (const part of parts) {
    const comparison = report[part]
    if (comparison.status === 'compared') out.push(...comparison.differences)
  }
  return out
}

export interface DiffSummary {
  /** differences by verdict; `pass` counts the allowed ones */
  counts: Record<CheckStatus, number>
  /** parts that could not be compared */
  unknownParts: PartName[]
  /** nothing differs but what the plan allows, and every part was compared */
  clean: boolean
}

export function summarizeDiff (report: DiffReport): DiffSummary {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
  for (const d of differencesOf(report)) counts[d.status]++
  const unknownParts = parts.filter((p) => report[p].status === 'unknown')
  return { counts, unknownParts, clean: counts.warn + counts.fail + counts.unknown === 0 && unknownParts.length === 0 }
}
