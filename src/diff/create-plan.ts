/**
 * @module diff/create-plan
 * Which target topics `rollgate topics create` makes, as a pure function: each critical topic the
 * plan selects on the source (standard ones too when asked) whose copy — named by the plan's
 * naming — is not on the target, with the source's partition count and its topic-level overrides
 * (`dynamic-topic` configs: what was set on the topic itself). Broker-level values are not copied:
 * each cluster resolves its own defaults, and parity (`rollgate diff`) then says whether the
 * effective values agree. A copy already on the target is left alone, whatever it looks like —
 * altering it is not creating it, and the diff reports how it differs.
 */
import type { Plan } from '../plan/schema.ts'
import type { Inventory, InventoryTopic } from '../snapshot/inventory.ts'
import { type Criticality, selectTopics, targetTopicName } from '../gates/select-topics.ts'

export type ReplicationChoice = 'source' | 'default' | number

export type CreationStatus = 'create' | 'exists' | 'absent-on-source'

export interface TopicCreation {
  topic: string
  targetTopic: string
  criticality: Criticality
  status: CreationStatus
  /** null when absent on the source */
  partitions: number | null
  /** -1: the target's default.replication.factor; null when absent on the source */
  replicationFactor: number | null
  /** the source topic's own overrides, to be set on the copy */
  configs: Record<string, string>
  /** overrides the source hides (sensitive): not copied */
  hidden: string[]
}

export interface CreationOptions {
  /** also standard topics (default: critical only) */
  standard?: boolean
  /** the copy's replication factor (default: the source topic's) */
  replicationFactor?: ReplicationChoice
}

type SourceTopic = Pick<InventoryTopic, 'name' | 'internal' | 'partitionCount' | 'replicationFactor' | 'configs'>

export function planTopicCreation (plan: Pick<Plan, 'topics' | 'replication'>, source: { topics: SourceTopic[] }, targetTopics: ReadonlySet<string>, options: CreationOptions = {}): TopicCreation[] {
  const choice = options.replicationFactor ?? 'source'
  const byName = new Map(source.topics.map((t) => [t.name, t]))
  // selectTopics reads only names and the internal flag
  return selectTopics(plan, source as unknown as Pick<Inventory, 'topics'>).topics
    .filter((t) => t.criticality === 'critical' || options.standard === true)
    .map((selected): TopicCreation => {
      const targetTopic = targetTopicName(plan, selected.name)
      const from = byName.get(selected.name)
      const base = { topic: selected.name, targetTopic, criticality: selected.criticality }
      if (from === undefined) return { ...base, status: 'absent-on-source', partitions: null, replicationFactor: null, configs: {}, hidden: [] }
      const overrides = Object.entries(from.configs).filter(([, c]) => c.source === 'dynamic-topic')
      const configs = Object.fromEntries(overrides.filter(([, c]) => c.value !== null).map(([name, c]) => [name, c.value as string]))
      const hidden = overrides.filter(([, c]) => c.value === null).map(([name]) => name)
      const replicationFactor = choice === 'source' ? from.replicationFactor : choice === 'default' ? -1 : choice
      return { ...base, status: targetTopics.has(targetTopic) ? 'exists' : 'create', partitions: from.partitionCount, replicationFactor, configs, hidden }
    })
}
