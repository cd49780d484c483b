/**
 * @module gates/checks/critical-topics
 * The critical part of the plan's topic selection on the source, shared by the topic checks: which
 * critical topics the plan selects there, which critical regex selects nothing, and the result to
 * give when the plan marks no topic critical at all.
 */
import type { Plan } from '../../plan/schema.ts'
import type { Inventory } from '../../snapshot/inventory.ts'
import { type EmptySelector, type SelectedTopic, selectTopics } from '../select-topics.ts'
import type { CheckResult } from '../types.ts'

export interface CriticalTopics {
  topics: SelectedTopic[]
  empty: EmptySelector[]
  /** whether any selector of the plan is critical */
  anySelector: boolean
}

export function criticalTopics (plan: Plan, source: Inventory): CriticalTopics {
  const selection = selectTopics(plan, source)
  return {
    topics: selection.topics.filter((t) => t.criticality === 'critical'),
    empty: selection.empty.filter((s) => s.criticality === 'critical'),
    anySelector: plan.topics.some((t) => t.criticality === 'critical'),
  }
}

/** Nothing critical to check is a warning, not a pass: the seed asks for critical topics to be named. */
export function noCriticalTopics (id: string): CheckResult {
  return { id, status: 'warn', subject: 'topics', message: 'the plan marks no topic critical: nothing to check (set criticality: critical on the topics rollback depends on)', evidence: null }
}
