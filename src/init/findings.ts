/**
 * @module init/findings
 * The decisions `rollgate init` takes from what it discovered, before any YAML is written: which
 * topics are data, which groups and connectors the plan lists (and why others are left out), what
 * replication runs, the default offset strategy, and what the operator must be warned about.
 *
 * Default offset strategy, chosen to never skip a record:
 * - `translate` when MirrorMaker 2 replicates: its offset-syncs map each committed source offset to a
 *   target offset at or before the first record the group has not processed;
 * - `reset-earliest` otherwise: without replication there is no offset mapping, and re-reading all
 *   that is retained is the only strategy that cannot lose a record without knowing the consumer.
 *   It replays (a lot): the operator narrows it (timestamp, exact, app-checkpoint) per group.
 */
import { type GroupSelection, selectGroups } from './groups.ts'
import { splitTopics, type TopicSplit } from './plumbing.ts'
import { detectReplication, type Naming, type ReplicationGuess } from './replication.ts'
import type { DiscoveredConnector, Discovery, Fetched } from './types.ts'

export type Side = 'source' | 'target'

export interface ListedConnector extends DiscoveredConnector { side: Side }

export interface Findings {
  topics: TopicSplit
  groups: GroupSelection
  replication: ReplicationGuess
  strategy: 'translate' | 'reset-earliest'
  /** subjects of the source registry; null when no registry was given */
  subjects: Fetched<string[]> | null
  connectors: {
    listed: ListedConnector[]
    left: Array<{ name: string, side: Side, reason: string }>
    /** Connect clusters given but not readable */
    unread: Array<{ side: Side, url: string, reason: string }>
    /** the sides whose Connect was given and read */
    read: Side[]
  }
  warnings: string[]
}

const mirrorConnector = /^org\.apache\.kafka\.connect\.mirror\./

function connectorFindings (discovery: Discovery): Findings['connectors'] {
  const found: Findings['connectors'] = { listed: [], left: [], unread: [], read: [] }
  const names = new Set<string>()
  for (const side of ['source', 'target'] as const) {
    const connect = discovery[side].connect
    if (connect === undefined) continue
    if (connect.status === 'unavailable') {
      found.unread.push({ side, url: connect.url, reason: connect.reason })
      continue
    }
    found.read.push(side)
    for (const connector of connect.value) {
      if (connector.className !== null && mirrorConnector.test(connector.className)) {
        found.left.push({ name: connector.name, side, reason: `MirrorMaker 2 connector (${connector.className}): replication, not a side effect` })
      } else if (names.has(connector.name)) {
        // the plan names a connector once (names are unique); the source one runs now, so it is listed
        found.left.push({ name: connector.name, side, reason: 'also runs on the source Connect cluster, listed there' })
      } else {
        names.add(connector.name)
        found.listed.push({ ...connector, side })
      }
    }
  }
  return found
}

export function findingsOf (discovery: Discovery, options: { naming?: Naming | undefined } = {}): Findings {
  const topics = splitTopics(discovery.source.topics)
  const dataNames = topics.data.map((topic) => topic.name)
  const groups = selectGroups(discovery.source.groups, new Set(dataNames))
  const replication = detectReplication({
    sourceTopics: discovery.source.topics.map((topic) => topic.name),
    targetTopics: discovery.target.topics.map((topic) => topic.name),
    dataTopics: dataNames,
    naming: options.naming,
  })
  const connectors = connectorFindings(discovery)
  const warnings = [...replication.warnings]
  if (topics.data.length === 0) warnings.push('the source lists no data topic: topics selects every topic by regex, narrow it')
  for (const side of ['source', 'target'] as const) {
    const registry = discovery[side].registry
    if (registry?.status === 'unavailable') {
      warnings.push(`${side} schema registry ${registry.url} could not be read (${registry.reason})${side === 'source' ? ': schemas left out of the plan' : ''}`)
    }
  }
  for (const { side, url, reason } of connectors.unread) warnings.push(`${side} Kafka Connect ${url} could not be read (${reason}): its connectors are left out of the plan`)
  return {
    topics,
    groups,
    replication,
    strategy: replication.kind === 'mirrormaker2' ? 'translate' : 'reset-earliest',
    subjects: discovery.source.registry ?? null,
    connectors,
    warnings,
  }
}
