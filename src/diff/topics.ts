/**
 * @module diff/topics
 * Topic parity: every topic the plan selects on the source against its copy on the target under
 * the plan's naming. What differs, and how much it matters:
 * - missing copy, or a named topic missing on the source: `fail`;
 * - partition count: `fail` — Kafka orders records per partition, and keys hash to partitions by
 *   count, so a different count changes ordering and placement (the seed: freeze partition counts);
 *   never allowed by the plan;
 * - replication factor: `warn` — durability, not what a client sees, and a target may legitimately
 *   differ (object-storage-backed targets report 1, a smaller cluster has fewer brokers). It is
 *   `fail` when the target's min.insync.replicas exceeds its replication factor: acks=all producers
 *   would be refused there. `allowedConfigDifferences: [replication.factor]` turns the warning into
 *   a noted pass;
 * - each behaviour config (kafka/topic-configs.ts, with why each matters) whose effective values
 *   differ: `fail`; reported by one side only: `unknown` (its behaviour on the other is not known).
 *   Effective values already resolve defaults on each cluster, so an override on one side equal to
 *   the other side's default is no difference. Allowed by the topic's selectors'
 *   `allowedConfigDifferences`: `pass`, kept with the note.
 * A standard topic only warns: `fail` and `unknown` become `warn` (plan schema: criticality).
 */
import type { Plan } from '../plan/schema.ts'
import type { Inventory, InventoryTopic } from '../snapshot/inventory.ts'
import { behaviourConfigs } from '../kafka/topic-configs.ts'
import { type Criticality, type EmptySelector, selectTopics, targetTopicName } from '../gates/select-topics.ts'
import type { CheckStatus } from '../gates/types.ts'
import { sameConfigValue } from './config-value.ts'
import type { Difference, TopicComparison, TopicSide } from './types.ts'

/** the name `allowedConfigDifferences` uses for the replication factor (not a topic config) */
export const replicationFactorKey = 'replication.factor'

const show = (value: string | null | undefined): string => (value === null || value === undefined ? '(no value)' : value)

/** A standard topic only warns: what would fail or stay unproven on a critical one is a warning. */
function weigh (criticality: Criticality, status: CheckStatus): CheckStatus {
  return criticality === 'standard' && (status === 'fail' || status === 'unknown') ? 'warn' : status
}

const sideOf = (t: InventoryTopic | undefined): TopicSide | null =>
  (t === undefined ? null : { partitions: t.partitionCount, replicationFactor: t.replicationFactor })

/** The selectors' allowed differences: config name → the plan field allowing it (first selector wins). */
function allowedBy (plan: Pick<Plan, 'topics'>, selectors: readonly number[]): Map<string, string> {
  const allowed = new Map<string, string>()
  for (const index of selectors) {
    for (const name of plan.topics[index]?.allowedConfigDifferences ?? []) {
      if (!allowed.has(name)) allowed.set(name, `topics[${index}].allowedConfigDifferences`)
    }
  }
  return allowed
}

const knownConfigs = Object.keys(behaviourConfigs).sort()

/** The configs to compare: the known behaviour configs, then any other either side reports (sorted). */
function configNames (source: Record<string, unknown>, target: Record<string, unknown>): readonly string[] {
  // no per-topic set and sort in the usual case: this runs for every topic of the plan
  let extra: string[] | null = null
  for (const name in source) if (!Object.hasOwn(behaviourConfigs, name)) (extra ??= []).push(name)
  for (const name in target) if (!Object.hasOwn(behaviourConfigs, name) && !Object.hasOwn(source, name)) (extra ??= []).push(name)
  return extra === null ? knownConfigs : [...knownConfigs, ...extra.sort()]
}

function compareConfigs (topic: string, copy: string, from: InventoryTopic, to: InventoryTopic, allowed: Map<string, string>, criticality: Criticality): { equal: number, differences: Difference[] } {
  const source = from.effectiveConfigs ?? {}
  const target = to.effectiveConfigs ?? {}
  const differences: Difference[] = []
  let equal = 0
  for (const name of configNames(source, target)) {
    const inSource = Object.hasOwn(source, name)
    const inTarget = Object.hasOwn(target, name)
    if (!inSource && !inTarget) continue
    const a = inSource ? source[name]! : null
    const b = inTarget ? target[name]! : null
    if (inSource && inTarget && sameConfigValue(name, a, b)) { equal++; continue }
    const why = behaviourConfigs[name] ?? 'changes what clients see'
    const values = inSource && inTarget
      ? `source ${show(a)}, target ${show(b)}`
      : inSource ? `source ${show(a)}, target does not report it` : `target ${show(b)}, source does not report it`
    const base = { kind: 'config' as const, subject: topic, key: name, source: inSource ? a : null, target: inTarget ? b : null, targetTopic: copy }
    const permit = allowed.get(name)
    if (permit !== undefined) {
      differences.push({ ...base, status: 'pass', allowed: permit, message: `${name}: ${values} — allowed by ${permit}` })
    } else if (inSource && inTarget) {
      differences.push({ ...base, status: weigh(criticality, 'fail'), message: `${name}: ${values} (${why})` })
    } else {
      differences.push({ ...base, status: weigh(criticality, 'unknown'), message: `${name}: ${values}: its behaviour there is not known (${why})` })
    }
  }
  return { equal, differences }
}

function compareReplication (topic: string, copy: string, from: InventoryTopic, to: InventoryTopic, allowed: Map<string, string>, criticality: Criticality): Difference | null {
  if (from.replicationFactor === to.replicationFactor) return null
  const base = { kind: 'replication-factor' as const, subject: topic, key: null, source: from.replicationFactor, target: to.replicationFactor, targetTopic: copy }
  const values = `replication factor ${from.replicationFactor} on source, ${to.replicationFactor} on target${copy === topic ? '' : ` ${copy}`}`
  const minIsr = Number(to.effectiveConfigs?.['min.insync.replicas'])
  if (Number.isInteger(minIsr) && minIsr > to.replicationFactor) {
    return { ...base, status: weigh(criticality, 'fail'), message: `${values}, below the target's min.insync.replicas ${minIsr}: producers with acks=all are refused there (NOT_ENOUGH_REPLICAS)` }
  }
  const permit = allowed.get(replicationFactorKey)
  if (permit !== undefined) return { ...base, status: 'pass', allowed: permit, message: `${values} — allowed by ${permit}` }
  return { ...base, status: 'warn', message: `${values}: durability differs, clients do not see it (a target may legitimately differ: allow it with allowedConfigDifferences: [${replicationFactorKey}])` }
}

export interface TopicDiff { topics: TopicComparison[], emptySelectors: EmptySelector[] }

export function diffTopics (plan: Pick<Plan, 'topics' | 'replication'>, source: Pick<Inventory, 'topics'>, target: Pick<Inventory, 'topics'>): TopicDiff {
  const selection = selectTopics(plan, source)
  const sourceBy = new Map(source.topics.map((t) => [t.name, t]))
  const targetBy = new Map(target.topics.map((t) => [t.name, t]))
  const naming = plan.replication.naming
  const topics = selection.topics.map((selected): TopicComparison => {
    const { name, criticality, selectors } = selected
    const copy = targetTopicName(plan, name)
    const from = sourceBy.get(name)
    const to = targetBy.get(copy)
    const comparison: TopicComparison = { topic: name, targetTopic: copy, criticality, selectors, source: sideOf(from), target: sideOf(to), equalConfigs: 0, differences: [] }
    if (from === undefined) {
      comparison.differences.push({
        kind: 'topic-missing', subject: name, key: null, source: null, target: sideOf(to), targetTopic: copy, status: weigh(criticality, 'fail'),
        message: `named in the plan but not on the source cluster${to ? ` (the target has ${copy})` : ''}: nothing to compare`,
      })
      return comparison
    }
    if (to === undefined) {
      comparison.differences.push({
        kind: 'topic-missing', subject: name, key: null, source: sideOf(from), target: null, targetTopic: copy, status: weigh(criticality, 'fail'),
        message: `no copy on the target: expected ${copy} (naming ${naming}) with ${from.partitionCount} partition(s) as on the source (rollgate topics create)`,
      })
      return comparison
    }
    if (from.partitionCount !== to.partitionCount) {
      comparison.differences.push({
        kind: 'partitions', subject: name, key: null, source: from.partitionCount, target: to.partitionCount, targetTopic: copy, status: weigh(criticality, 'fail'),
        message: `source has ${from.partitionCount} partition(s), target ${copy} has ${to.partitionCount}: per-partition order and key placement change`,
      })
    }
    const allowed = allowedBy(plan, selectors)
    const replication = compareReplication(name, copy, from, to, allowed, criticality)
    if (replication) comparison.differences.push(replication)
    const configs = compareConfigs(name, copy, from, to, allowed, criticality)
    comparison.equalConfigs = configs.equal
    comparison.differences.push(...configs.differences)
    return comparison
  })
  return { topics, emptySelectors: selection.empty }
}
