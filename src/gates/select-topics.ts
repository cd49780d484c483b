/**
 * @module gates/select-topics
 * Which topics a plan means, read against one cluster's inventory: `names` as written (a named
 * topic the cluster lacks is kept, marked absent, so a check can say so), `regex` matched against
 * the cluster's topics, deduplicated, each with its criticality (critical wins when several
 * selectors pick a topic). A regex that selects nothing is reported: it is usually a plan error.
 * Also how a source topic is named on the target under the plan's replication naming.
 */
import type { Plan } from '../plan/schema.ts'
import type { Inventory } from '../snapshot/inventory.ts'

export type Criticality = Plan['topics'][number]['criticality']

export interface SelectedTopic {
  name: string
  criticality: Criticality
  /** indices into `plan.topics` of the selectors that pick it */
  selectors: number[]
  /** whether the inventory holds it (false only for a topic selected by name) */
  exists: boolean
}

export interface EmptySelector {
  /** index into `plan.topics` */
  index: number
  regex: string
  criticality: Criticality
}

export interface TopicSelection {
  /** sorted by name */
  topics: SelectedTopic[]
  /** regex selectors matching no topic of the inventory */
  empty: EmptySelector[]
}

export function selectTopics (plan: Pick<Plan, 'topics'>, inventory: Pick<Inventory, 'topics'>): TopicSelection {
  const present = new Set(inventory.topics.map((t) => t.name))
  // Internal topics (__consumer_offsets, …) are never migrated as data: a broad regex must not pick them.
  const candidates = inventory.topics.filter((t) => !t.internal).map((t) => t.name)
  const byName = new Map<string, SelectedTopic>()
  const empty: EmptySelector[] = []
  const pick = (name: string, index: number, criticality: Criticality) => {
    const seen = byName.get(name)
    if (seen === undefined) {
      byName.set(name, { name, criticality, selectors: [index], exists: present.has(name) })
      return
    }
    if (!seen.selectors.includes(index)) seen.selectors.push(index)
    if (criticality === 'critical') seen.criticality = 'critical'
  }
  plan.topics.forEach((selector, index) => {
    for (const name of selector.names ?? []) pick(name, index, selector.criticality)
    if (selector.regex !== undefined) {
      // Search semantics (RegExp#test), as plans write them with explicit anchors: '^inventory\.'.
      const pattern = new RegExp(selector.regex)
      const matches = candidates.filter((name) => pattern.test(name))
      if (matches.length === 0) empty.push({ index, regex: selector.regex, criticality: selector.criticality })
      for (const name of matches) pick(name, index, selector.criticality)
    }
  })
  const topics = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { topics, empty }
}

/** The name a source topic's copy has on the target: the same, or `<sourceAlias><separator><topic>`. */
export function targetTopicName (plan: Pick<Plan, 'replication'>, topic: string): string {
  const { naming, sourceAlias, separator } = plan.replication
  return naming === 'prefix' ? `${sourceAlias}${separator}${topic}` : topic
}
