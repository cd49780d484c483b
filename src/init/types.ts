/**
 * @module init/types
 * What `rollgate init` learns from both clusters, as plain data: the shell (discover.ts) fills it
 * from live clusters, registries and Connect; the pure parts (plumbing, groups, replication, the
 * plan document) read only this, so they are tested on fixtures.
 */

export interface DiscoveredTopic { name: string, partitions: number }

export interface DiscoveredGroup {
  id: string
  /** ListGroups group type: classic, consumer, share, streams (null when the broker does not say) */
  type: string | null
  /** `consumer` for consumers that subscribe, empty for groups that only commit offsets */
  protocolType: string
  state: string
  /** topics this group has committed offsets on (sorted, unique) */
  committedTopics: string[]
}

export interface DiscoveredConnector {
  name: string
  /** `source` or `sink` as Connect reports it; null when Connect did not say */
  type: string | null
  /** `connector.class`; null when Connect did not say */
  className: string | null
}

/**
 * The answer of an HTTP service init asked: what it said, or why it could not be read. An
 * unreadable answer is kept distinct from an empty one (fail closed: "none" is never assumed).
 */
export type Fetched<T> =
  | { status: 'ok', url: string, value: T }
  | { status: 'unavailable', url: string, reason: string }

export interface SideDiscovery {
  bootstrap: string[]
  clusterId: string
  /** every non-internal topic the cluster lists, plumbing included (filtering is a decision, not discovery) */
  topics: DiscoveredTopic[]
  /** consumer groups with their committed topics (read on the source only: the target's are empty here) */
  groups: DiscoveredGroup[]
  /** subjects of the schema registry, when one was given */
  registry?: Fetched<string[]>
  /** connectors of the Connect cluster, when one was given (the URLs as given) */
  connect?: Fetched<DiscoveredConnector[]> & { urls: string[] }
}

export interface Discovery {
  /** ISO time discovery started */
  discoveredAt: string
  source: SideDiscovery
  target: SideDiscovery
}
