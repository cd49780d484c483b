/**
 * @module kafka/cluster-client
 * `ClusterClient`: the narrow facade rollgate uses to read one Kafka cluster. Every call is bounded
 * by a timeout and batched (one ListOffsets per leader for all partitions, one OffsetFetch per
 * coordinator for all groups, DescribeConfigs per broker), and every error names the cluster and call.
 */
import {
  type BaseOptions, type ClusterMetadata, Admin, AclOperations, AclPermissionTypes, ConfigResourceTypes, ConfigSources, ListOffsetTimestamps,
  ResourcePatternTypes, ResourceTypes,
} from '@platformatic/kafka'
import { describeAnyGroups } from './describe-groups.ts'
import { bounded } from './errors.ts'
import { RangeReader } from './range-reader.ts'
import { defaultTimeoutMs, type KafkaConnection, toClientOptions } from './options.ts'
import type {
  AclBinding, ClusterInfo, CommittedOffset, ConfigEntry, ConfigSource, GroupDescription, GroupListing,
  OffsetSpec, PartitionOffset, QuotaEntry, TopicInfo, TopicPartition,
} from './types.ts'

const label = <T extends Record<string, number | bigint | string>>(table: T) => {
  const byValue = new Map<unknown, string>()
  for (const [name, value] of Object.entries(table)) if (!byValue.has(value)) byValue.set(value, name)
  return (value: unknown): string => byValue.get(value) ?? `UNKNOWN(${String(value)})`
}
const resourceTypeLabel = label(ResourceTypes)
const patternTypeLabel = label(ResourcePatternTypes)
const operationLabel = label(AclOperations)
const permissionLabel = label(AclPermissionTypes)

const configSourceNames: Record<number, ConfigSource> = {
  [ConfigSources.UNKNOWN]: 'unknown',
  [ConfigSources.DYNAMIC_TOPIC_CONFIG]: 'dynamic-topic',
  [ConfigSources.DYNAMIC_BROKER_CONFIG]: 'dynamic-broker',
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG]: 'dynamic-default-broker',
  [ConfigSources.STATIC_BROKER_CONFIG]: 'static-broker',
  [ConfigSources.DEFAULT_CONFIG]: 'default',
  [ConfigSources.DYNAMIC_BROKER_LOGGER_CONFIG]: 'dynamic-broker-logger',
  [ConfigSources.CLIENT_METRICS_CONFIG]: 'client-metrics',
  [ConfigSources.GROUP_CONFIG]: 'group',
}

/** Kafka offsets are int64; beyond 2^53 a JSON number would silently lose precision. */
function toNumber (value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`offset ${value} is beyond what rollgate can represent exactly`)
  }
  return Number(value)
}

/** Partitions per topic, each once: a request naming a partition twice is INVALID_REQUEST to the broker. */
function groupByTopic (partitions: Iterable<TopicPartition>): Map<string, number[]> {
  const byTopic = new Map<string, Set<number>>()
  for (const { topic, partition } of partitions) {
    const set = byTopic.get(topic)
    if (set) set.add(partition)
    else byTopic.set(topic, new Set([partition]))
  }
  return new Map([...byTopic].map(([topic, set]) => [topic, [...set]]))
}

/**
 * Metadata for `topics`, leaving out those the cluster does not know: a topic deleted (or not yet
 * propagated) between ListTopics and Metadata must not fail a whole inventory. The client rejects the
 * request naming one unknown topic at a time, so drop it and ask again.
 */
async function metadataSkippingUnknown (admin: Admin, topics: string[]): Promise<ClusterMetadata> {
  let wanted = topics
  for (;;) {
    try {
      return await admin.metadata({ topics: wanted, forceUpdate: true })
    } catch (error) {
      const unknown = /^Unknown topic (.+)\.$/.exec((error as Error).message)?.[1]
      if (unknown === undefined || !wanted.includes(unknown)) throw error
      wanted = wanted.filter((t) => t !== unknown)
      if (wanted.length === 0) return { id: '', brokers: new Map(), controllerId: -1, topics: new Map(), lastUpdate: Date.now() }
    }
  }
}

export class ClusterClient {
  readonly name: string
  readonly timeoutMs: number
  readonly #admin: Admin
  readonly #options: BaseOptions

  constructor (connection: KafkaConnection, clientId = `rollgate-${connection.name}`) {
    this.name = connection.name
    this.timeoutMs = connection.timeoutMs ?? defaultTimeoutMs
    this.#options = toClientOptions(connection, clientId)
    this.#admin = new Admin(this.#options)
  }

  #call<T> (call: string, work: (admin: Admin) => Promise<T>): Promise<T> {
    return bounded(this.name, call, this.timeoutMs, () => work(this.#admin))
  }

  async close (): Promise<void> {
    await this.#admin.close().catch(() => {})
  }

  /** A reader of record ranges on this cluster (no group, no commits); close it when done. */
  rangeReader (): RangeReader {
    return new RangeReader(this, this.#options)
  }

  async clusterInfo (): Promise<ClusterInfo> {
    const metadata = await this.#call('Metadata', (a) => a.metadata({ topics: [], forceUpdate: true }))
    return {
      clusterId: metadata.id,
      controllerId: metadata.controllerId,
      brokers: [...metadata.brokers].map(([id, b]) => ({ id, host: b.host, port: b.port, rack: b.rack ?? null }))
        .sort((a, b) => a.id - b.id),
    }
  }

  async listTopics (options: { includeInternal?: boolean } = {}): Promise<string[]> {
    const names = await this.#call('Metadata (list topics)', (a) => a.listTopics({ includeInternals: options.includeInternal ?? false }))
    return names.sort()
  }

  /** Partitions, leaders, replicas and ISR of the named topics (all non-internal ones when omitted). */
  async describeTopics (names?: string[]): Promise<TopicInfo[]> {
    const publicNames = new Set(await this.listTopics())
    const wanted = names ?? [...publicNames]
    if (wanted.length === 0) return []
    const metadata = await this.#call('Metadata (describe topics)', (a) => metadataSkippingUnknown(a, wanted))
    const topics: TopicInfo[] = []
    for (const name of wanted) {
      const topic = metadata.topics.get(name)
      if (!topic) continue
      topics.push({
        name,
        id: topic.id,
        internal: !publicNames.has(name),
        partitions: topic.partitions.map((p, partition) => ({
          partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: [...p.replicas],
          isr: [...p.isr],
          offlineReplicas: [...p.offlineReplicas],
        })),
      })
    }
    return topics.sort((a, b) => a.name.localeCompare(b.name))
  }

  /**
   * Every config of each topic with its source; `nonDefaultOnly` keeps those not at Kafka's built-in
   * default — set on the topic or inherited from broker-level settings — as kafka-topics lists them.
   */
  async topicConfigs (names: string[], options: { nonDefaultOnly?: boolean } = {}): Promise<Map<string, ConfigEntry[]>> {
    return this.#describeConfigs(ConfigResourceTypes.TOPIC, names, options.nonDefaultOnly ?? false)
  }

  async brokerConfigs (brokerIds: number[]): Promise<Map<string, ConfigEntry[]>> {
    return this.#describeConfigs(ConfigResourceTypes.BROKER, brokerIds.map(String), false)
  }

  async #describeConfigs (type: number, names: string[], nonDefaultOnly: boolean): Promise<Map<string, ConfigEntry[]>> {
    const result = new Map<string, ConfigEntry[]>()
    if (names.length === 0) return result
    const described = await this.#call('DescribeConfigs', (a) => a.describeConfigs({
      resources: names.map((resourceName) => ({ resourceType: type as never, resourceName, configurationKeys: null as never })),
      includeSynonyms: false,
      includeDocumentation: false,
    }))
    for (const resource of described) {
      const entries: ConfigEntry[] = []
      for (const c of resource.configs) {
        const source = configSourceNames[c.configSource] ?? 'unknown'
        if (nonDefaultOnly && source === 'default') continue
        entries.push({ name: c.name, value: c.isSensitive ? null : (c.value ?? null), source, sensitive: c.isSensitive, readOnly: c.readOnly })
      }
      result.set(resource.resourceName, entries.sort((a, b) => a.name.localeCompare(b.name)))
    }
    return result
  }

  /** One batched ListOffsets round per partition leader. */
  async offsets (partitions: readonly TopicPartition[], spec: OffsetSpec, options: { readCommitted?: boolean } = {}): Promise<PartitionOffset[]> {
    if (partitions.length === 0) return []
    const timestamp = spec === 'earliest' ? ListOffsetTimestamps.EARLIEST : spec === 'latest' ? ListOffsetTimestamps.LATEST : BigInt(spec.timestamp)
    const topics = [...groupByTopic(partitions)].map(([name, list]) => ({
      name, partitions: list.map((partitionIndex) => ({ partitionIndex, timestamp })),
    }))
    const what = spec === 'earliest' ? 'earliest' : spec === 'latest' ? 'latest' : 'by time'
    const listed = await this.#call(`ListOffsets (${what})`, (a) => a.listOffsets({ topics, isolationLevel: options.readCommitted ? 1 : 0 }))
    const out: PartitionOffset[] = []
    for (const topic of listed) {
      for (const p of topic.partitions) out.push({ topic: topic.name, partition: p.partitionIndex, offset: toNumber(p.offset), timestamp: toNumber(p.timestamp) })
    }
    return out
  }

  async listGroups (): Promise<GroupListing[]> {
    const groups = await this.#call('ListGroups', (a) => a.listGroups())
    return [...groups.values()].map((g) => ({ id: g.id, state: String(g.state), type: g.groupType ?? null, protocolType: g.protocolType }))
      .sort((a, b) => a.id.localeCompare(b.id))
  }

  /** State and members of many groups of any protocol: one request per coordinator. */
  async describeGroups (groups: Array<{ id: string, type: string | null }>): Promise<GroupDescription[]> {
    if (groups.length === 0) return []
    return this.#call('DescribeGroups', (a) => describeAnyGroups(a, this.#options, groups))
  }

  /** Committed offsets of many groups at once (OffsetFetch v8+ batches them per coordinator). */
  async committedOffsets (groupIds: string[]): Promise<Map<string, CommittedOffset[]>> {
    const result = new Map<string, CommittedOffset[]>()
    if (groupIds.length === 0) return result
    const fetched = await this.#call('OffsetFetch', (a) => a.listConsumerGroupOffsets({ groups: groupIds }))
    for (const group of fetched) {
      const offsets: CommittedOffset[] = []
      for (const topic of group.topics) {
        for (const p of topic.partitions) {
          if (p.committedOffset < 0n) continue // -1: nothing committed for this partition
          offsets.push({ topic: topic.name, partition: p.partitionIndex, offset: toNumber(p.committedOffset), leaderEpoch: p.committedLeaderEpoch, metadata: p.metadata ?? null })
        }
      }
      offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
      result.set(group.groupId, offsets)
    }
    return result
  }

  /**
   * Commits offsets for a group as kafka-consumer-groups --reset-offsets --execute does: an admin
   * OffsetCommit (generation -1, no member id), which the broker accepts only while the group has
   * no members. The leader epoch is always -1: an epoch is a fact of one cluster's log, and one
   * copied from elsewhere would make consumers validate their position against the wrong history.
   */
  async commitOffsets (group: string, offsets: Array<{ topic: string, partition: number, offset: number }>): Promise<void> {
    if (offsets.length === 0) return
    const byTopic = new Map<string, Array<{ partition: number, offset: bigint }>>()
    for (const { topic, partition, offset } of offsets) {
      const list = byTopic.get(topic)
      const entry = { partition, offset: BigInt(offset) }
      if (list) list.push(entry)
      else byTopic.set(topic, [entry])
    }
    const topics = [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets }))
    // the client sends committedLeaderEpoch -1 itself; nothing here can carry one
    // the group in the label: OffsetCommit's response does not name it, and a refusal must say which
    await this.#call(`OffsetCommit (group ${group})`, (a) => a.alterConsumerGroupOffsets({ groupId: group, topics }))
  }

  /** Every ACL binding of the cluster (DescribeAcls with a match-all filter). */
  async acls (): Promise<AclBinding[]> {
    const resources = await this.#call('DescribeAcls', (a) => a.describeAcls({
      filter: {
        resourceType: ResourceTypes.ANY,
        resourceName: null,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal: null,
        host: null,
        operation: AclOperations.ANY,
        permissionType: AclPermissionTypes.ANY,
      },
    }))
    const bindings: AclBinding[] = []
    for (const r of resources) {
      for (const acl of r.acls) {
        bindings.push({
          resourceType: resourceTypeLabel(r.resourceType),
          resourceName: r.resourceName,
          patternType: patternTypeLabel(r.resourcePatternType),
          principal: acl.principal,
          host: acl.host,
          operation: operationLabel(acl.operation),
          permission: permissionLabel(acl.permissionType),
        })
      }
    }
    return bindings.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
  }

  /** Every client quota (user, client-id, ip entities; defaults included). */
  async quotas (): Promise<QuotaEntry[]> {
    const entries = await this.#call('DescribeClientQuotas', (a) => a.describeClientQuotas({ components: [], strict: false }))
    return entries.map((e) => ({
      entity: Object.fromEntries(e.entity.map((c) => [c.entityType, c.entityName ?? null])),
      values: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
    })).sort((a, b) => JSON.stringify(a.entity).localeCompare(JSON.stringify(b.entity)))
  }
}
