/**
 * @module replication/naming
 * How MirrorMaker 2 names things, per replication policy (connect/mirror-client ReplicationPolicy,
 * DefaultReplicationPolicy, IdentityReplicationPolicy): remote topics, the upstream topic of a
 * renamed one, and its internal topics (offset-syncs, checkpoints, heartbeats).
 *
 * - `default` (DefaultReplicationPolicy): a topic `t` from cluster `a` is `a<sep>t` on the target
 *   (`replication.policy.separator`, default `.`). Internal topic names use the same separator unless
 *   `replication.policy.internal.topic.separator.enabled=false`, which keeps `.` for them.
 * - `identity` (IdentityReplicationPolicy): names are kept — except heartbeats (any topic ending in
 *   `heartbeats`), which are still prefixed so that heartbeats of several flows do not collide. The
 *   source of an un-prefixed topic cannot be read from its name: it is the configured
 *   `source.cluster.alias`, or unknown.
 *
 * Splitting a name follows Java's `Pattern.split` (trailing empty parts are dropped), because that is
 * what decides whether MirrorMaker 2 sees a name as remote: `a.` is not remote, `.t` comes from `""`.
 */
import { ExitCode, RollgateError } from '../errors.ts'

export type PolicyKind = 'default' | 'identity'

export interface NamingPolicy {
  kind: PolicyKind
  /** `replication.policy.separator` */
  separator: string
  /** `replication.policy.internal.topic.separator.enabled` */
  internalTopicSeparatorEnabled: boolean
  /** identity only: `source.cluster.alias`, the source of every non-heartbeat topic */
  sourceClusterAlias?: string
}

export const defaultSeparator = '.'
export const heartbeatsTopic = 'heartbeats'

/** A policy with MirrorMaker 2's defaults for what is not given. */
export function namingPolicy (kind: PolicyKind, options: Partial<Omit<NamingPolicy, 'kind'>> = {}): NamingPolicy {
  const separator = options.separator ?? defaultSeparator
  if (separator === '') {
    throw new RollgateError('RG_REPLICATION_NAMING', 'replication.policy.separator must not be empty', ExitCode.badInput)
  }
  const policy: NamingPolicy = { kind, separator, internalTopicSeparatorEnabled: options.internalTopicSeparatorEnabled ?? true }
  if (kind === 'identity' && options.sourceClusterAlias !== undefined) policy.sourceClusterAlias = options.sourceClusterAlias
  return policy
}

/** Java's `Pattern.compile(Pattern.quote(sep)).split(s)`: a literal split that drops trailing empty parts. */
function javaSplit (s: string, separator: string): string[] {
  const parts = s.split(separator)
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  // Java returns [s] for an input with no match at all, including the empty string
  return s.includes(separator) ? parts : [s]
}

const looksLikeHeartbeat = (topic: string): boolean => topic.endsWith(heartbeatsTopic)

/** The name on the target of `topic` replicated from cluster `sourceAlias` (formatRemoteTopic). */
export function remoteTopic (policy: NamingPolicy, sourceAlias: string, topic: string): string {
  if (policy.kind === 'identity' && !looksLikeHeartbeat(topic)) return topic
  return `${sourceAlias}${policy.separator}${topic}`
}

/** The alias of the cluster `topic` was replicated from, or undefined when it is not a remote topic (topicSource). */
export function topicSource (policy: NamingPolicy, topic: string): string | undefined {
  if (policy.kind === 'identity' && !looksLikeHeartbeat(topic)) return policy.sourceClusterAlias
  const parts = javaSplit(topic, policy.separator)
  return parts.length < 2 ? undefined : parts[0]
}

/**
 * The name of `topic` one hop upstream, or undefined when it is not a remote topic (upstreamTopic).
 * Identity: every topic is its own upstream (heartbeats excepted).
 */
export function upstreamTopic (policy: NamingPolicy, topic: string): string | undefined {
  if (policy.kind === 'identity' && !looksLikeHeartbeat(topic)) return topic
  const source = topicSource({ ...policy, kind: 'default' }, topic)
  return source === undefined ? undefined : topic.slice(source.length + policy.separator.length)
}

/** The name at the origin, through any number of hops (originalTopic). */
export function originalTopic (policy: NamingPolicy, topic: string): string {
  let current = topic
  for (;;) {
    const upstream = upstreamTopic(policy, current)
    if (upstream === undefined || upstream === current) return current
    current = upstream
  }
}

const internalSeparator = (policy: NamingPolicy): string => (policy.internalTopicSeparatorEnabled ? policy.separator : '.')

/** `mm2-offset-syncs<sep><alias><sep>internal` (offsetSyncsTopic) */
export function offsetSyncsTopic (policy: NamingPolicy, clusterAlias: string): string {
  const sep = internalSeparator(policy)
  return `mm2-offset-syncs${sep}${clusterAlias}${sep}internal`
}

export type OffsetSyncsLocation = 'source' | 'target'

/**
 * Where a flow's offset-syncs topic lives (`offset-syncs.topic.location`, default `source`) and its
 * name: on the source it is named after the target alias, on the target after the source alias.
 */
export function offsetSyncsTopicFor (policy: NamingPolicy, flow: { sourceAlias: string, targetAlias: string, location?: OffsetSyncsLocation }): { cluster: OffsetSyncsLocation, topic: string } {
  const cluster = flow.location ?? 'source'
  return { cluster, topic: offsetSyncsTopic(policy, cluster === 'source' ? flow.targetAlias : flow.sourceAlias) }
}

/** `<sourceAlias><sep>checkpoints<sep>internal`, on the target cluster (checkpointsTopic) */
export function checkpointsTopic (policy: NamingPolicy, sourceAlias: string): string {
  const sep = internalSeparator(policy)
  return `${sourceAlias}${sep}checkpoints${sep}internal`
}

/**
 * The topic a checkpoint key names for an upstream topic (MirrorCheckpointTask.renameTopicPartition):
 * normally its remote name on the target; but a topic that itself came from the target cluster maps
 * back to its original name.
 */
export function checkpointTopic (policy: NamingPolicy, flow: { sourceAlias: string, targetAlias: string }, upstream: string): string {
  return topicSource(policy, upstream) === flow.targetAlias ? originalTopic(policy, upstream) : remoteTopic(policy, flow.sourceAlias, upstream)
}

/** The heartbeats topic written by the flow into `sourceAlias`'s cluster, as seen one hop downstream. */
export function remoteHeartbeatsTopic (policy: NamingPolicy, sourceAlias: string): string {
  return remoteTopic(policy, sourceAlias, heartbeatsTopic)
}

export function isHeartbeatsTopic (policy: NamingPolicy, topic: string): boolean {
  return originalTopic(policy, topic) === heartbeatsTopic
}

export function isCheckpointsTopic (policy: NamingPolicy, topic: string): boolean {
  const sep = internalSeparator(policy)
  return topic.endsWith(`${sep}checkpoints${sep}internal`)
}

/** MirrorMaker 2 never replicates these */
export function isMirrorInternalTopic (policy: NamingPolicy, topic: string): boolean {
  return topic.endsWith(`${internalSeparator(policy)}internal`)
}

/** Kafka's, Connect's and MirrorMaker 2's internal topics (isInternalTopic) */
export function isInternalTopic (policy: NamingPolicy, topic: string): boolean {
  return isMirrorInternalTopic(policy, topic) || topic.startsWith('__') || topic.startsWith('.') ||
    topic.endsWith('-internal') || topic.endsWith('.internal')
}
