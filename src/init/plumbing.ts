/**
 * @module init/plumbing
 * Which source topics are plumbing — Kafka's, MirrorMaker 2's, Connect's or a schema registry's own
 * topics — and so are not listed as data to migrate. Each rule says why, because a plan that
 * silently drops a topic is worse than one that lists too many.
 *
 * The list follows what MirrorMaker 2 itself never replicates (ReplicationPolicy.isInternalTopic and
 * DefaultTopicFilter's `topics.exclude` of `.*[\-\.]internal, .*\.replica, __.*`): a topic it does not
 * replicate would otherwise fail every "exists on the target" check. Names are matched narrowly on
 * purpose — `mm2-*` or `connect-*` as a prefix would also drop user topics such as `connect-events`;
 * MirrorMaker 2's and Connect's own topics are caught by their real names.
 * Kafka Streams `-changelog` / `-repartition` topics are kept: they are application state.
 */
import type { DiscoveredTopic } from './types.ts'

interface Rule { pattern: RegExp, reason: string }

export const plumbingRules: readonly Rule[] = [
  { pattern: /^__/, reason: 'Kafka internal (__*)' },
  { pattern: /^\./, reason: 'hidden (.*), never replicated by MirrorMaker 2' },
  { pattern: /^(?:.+\.)?heartbeats$/, reason: 'MirrorMaker 2 heartbeats' },
  { pattern: /^mm2-(?:offset-syncs|configs|offsets|status)\./, reason: 'MirrorMaker 2 internal (mm2-offset-syncs, mm2-configs, mm2-offsets, mm2-status)' },
  { pattern: /\.checkpoints\.internal$/, reason: 'MirrorMaker 2 checkpoints' },
  { pattern: /[-.]internal$/, reason: 'internal (*.internal, *-internal: Connect and MirrorMaker 2 storage)' },
  { pattern: /\.replica$/, reason: 'MirrorMaker legacy (*.replica)' },
  // Connect's storage topics as deployments name them: connect-configs (Kafka's sample config),
  // docker-connect-offsets (Confluent images), connect-cluster-status (Strimzi), my_connect_statuses (Debezium)
  { pattern: /(?:^|[-_.])connect[-_.](?:[\w.-]*[-_.])?(?:configs|offsets|status|statuses)$/, reason: 'Kafka Connect storage (config, offset, status topics)' },
  { pattern: /^_schemas$/, reason: 'schema registry storage (_schemas)' },
  { pattern: /^kafkasql-(?:journal|snapshots)$/, reason: 'Apicurio Registry storage (kafkasql-*)' },
  { pattern: /^_confluent[-.]/, reason: 'Confluent Platform internal (_confluent-*)' },
]

/** Why `topic` is plumbing, or undefined when it is data to migrate. */
export function plumbingReason (topic: string): string | undefined {
  return plumbingRules.find((rule) => rule.pattern.test(topic))?.reason
}

export interface TopicSplit {
  /** data topics, in the order given */
  data: DiscoveredTopic[]
  /** plumbing topics with the reason each was left out */
  plumbing: Array<{ name: string, reason: string }>
}

export function splitTopics (topics: readonly DiscoveredTopic[]): TopicSplit {
  const split: TopicSplit = { data: [], plumbing: [] }
  for (const topic of topics) {
    const reason = plumbingReason(topic.name)
    if (reason === undefined) split.data.push(topic)
    else split.plumbing.push({ name: topic.name, reason })
  }
  return split
}
