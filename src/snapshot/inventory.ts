/**
 * @module snapshot/inventory
 * What one cluster holds, as evidence: topics (partitions, replicas, config overrides, earliest and
 * latest offsets), consumer groups (state, members, committed offsets and lag as
 * kafka-consumer-groups computes it), ACLs and client quotas. Batched: a fixed number of round
 * trips whatever the number of topics and groups. A part that could not be read is recorded as
 * unavailable with the reason — never as empty.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { AclBinding, ClusterInfo, ConfigSource, QuotaEntry, TopicPartition } from '../kafka/types.ts'
import { tpKey } from '../kafka/types.ts'
import { RollgateError } from '../errors.ts'
import { behaviourConfigs } from '../kafka/topic-configs.ts'

export interface InventoryPartition {
  partition: number
  leader: number
  replicas: number[]
  isr: number[]
  /** log start offset */
  earliest: number
  /** high watermark (read_uncommitted log end, as kafka-consumer-groups uses) */
  latest: number
}

export interface InventoryTopic {
  name: string
  id: string
  internal: boolean
  partitionCount: number
  replicationFactor: number
  /**
   * Every config not at Kafka's built-in default, as kafka-topics --describe lists them: set on the
   * topic (`dynamic-topic`) or inherited from a broker-level setting (`dynamic-default-broker`, …).
   * A broker-level value matters as much as a topic override: the other cluster may not share it.
   */
  configs: Record<string, { value: string | null, source: ConfigSource }>
  /**
   * The effective value of each behaviour-relevant config (kafka/topic-configs.ts), whatever its
   * source: each cluster resolves its own defaults, and a default is what its clients get.
   */
  effectiveConfigs: Record<string, string | null>
  partitions: InventoryPartition[]
}

export interface InventoryGroupOffset {
  topic: string
  partition: number
  committed: number
  /** high watermark; null when the partition no longer exists */
  logEnd: number | null
  /** logEnd - committed, as kafka-consumer-groups LAG; null when logEnd is unknown */
  lag: number | null
}

export interface InventoryGroup {
  id: string
  state: string
  type: string | null
  protocolType: string
  protocol: string
  members: Array<{ memberId: string, clientId: string, host: string, instanceId: string | null, assignments: TopicPartition[] }>
  offsets: InventoryGroupOffset[]
  totalLag: number | null
}

/** A part of the evidence that could not be read: kept distinct from "there is none". */
export interface Unavailable { unavailable: true, reason: string }

export interface Inventory {
  side: string
  capturedAt: string
  cluster: ClusterInfo
  topics: InventoryTopic[]
  groups: InventoryGroup[]
  acls: AclBinding[] | Unavailable
  quotas: QuotaEntry[] | Unavailable
  /**
   * users with SCRAM credentials (diff/scram-capture.ts): names and mechanisms, never secrets.
   * Captured by the snapshot beside the inventory; absent in older snapshots (credential parity `unknown`).
   */
  credentials?: Array<{ user: string, mechanisms: string[] }> | Unavailable
}

export interface InventoryOptions {
  /** include internal topics such as __consumer_offsets */
  includeInternal?: boolean
}

async function orUnavailable<T> (work: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await work()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // a cluster without an authorizer answers DescribeAcls with SECURITY_DISABLED: say that plainly
    const reason = /SECURITY_DISABLED/.test(message) ? 'the cluster has no authorizer configured (SECURITY_DISABLED): ACLs are not enforced' : message
    return { unavailable: true, reason }
  }
}

/**
 * A topic created or deleted while the inventory reads it (MirrorMaker 2 creating a checkpoints
 * topic, a team deleting a scratch topic) is listed by Metadata and then unknown to ListOffsets for
 * a moment. That is not an unreadable cluster: the inventory is read again, up to three times.
 */
const topicInFlux = /unknown topic|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE|NOT_LEADER_OR_FOLLOWER/i

export async function captureInventory (client: ClusterClient, options: InventoryOptions = {}): Promise<Inventory> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await captureOnce(client, options)
    } catch (error) {
      if (attempt >= 3 || !topicInFlux.test(error instanceof Error ? error.message : String(error))) throw error
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt))
    }
  }
}

async function captureOnce (client: ClusterClient, options: InventoryOptions): Promise<Inventory> {
  const capturedAt = new Date().toISOString()
  const cluster = await client.clusterInfo()
  const names = await client.listTopics({ includeInternal: options.includeInternal ?? false })
  const [described, configs, groupList] = await Promise.all([
    client.describeTopics(names),
    client.topicConfigs(names),
    client.listGroups(),
  ])
  const groupIds = groupList.map((g) => g.id)
  const [descriptions, committed] = await Promise.all([client.describeGroups(groupList), client.committedOffsets(groupIds)])

  // every partition we need a log end for: all topics, plus committed partitions of topics not listed (internal ones)
  const partitions: TopicPartition[] = described.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })))
  const known = new Set(partitions.map((p) => tpKey(p.topic, p.partition)))
  const existing = new Map(described.map((t) => [t.name, t.partitions.length]))
  const extra: TopicPartition[] = []
  for (const offsets of committed.values()) {
    for (const o of offsets) {
      const key = tpKey(o.topic, o.partition)
      if (!known.has(key)) { known.add(key); extra.push(o) }
    }
  }
  const extraTopics = [...new Set(extra.map((p) => p.topic))]
  const extraDescribed = extraTopics.length ? await client.describeTopics(extraTopics) : []
  for (const t of extraDescribed) existing.set(t.name, t.partitions.length)
  const extraExisting = extra.filter((p) => p.partition < (existing.get(p.topic) ?? 0))

  const [earliest, latest] = await Promise.all([
    client.offsets(partitions, 'earliest'),
    client.offsets([...partitions, ...extraExisting], 'latest'),
  ])
  const earliestBy = new Map(earliest.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const latestBy = new Map(latest.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const need = (map: Map<string, number>, topic: string, partition: number, what: string): number => {
    const value = map.get(tpKey(topic, partition))
    if (value === undefined) throw new RollgateError('RG_INVENTORY_PARTIAL', `${client.name} cluster: no ${what} offset returned for ${topic}-${partition}`, 1)
    return value
  }

  const topics: InventoryTopic[] = described.map((t) => ({
    name: t.name,
    id: t.id,
    internal: t.internal,
    partitionCount: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    configs: Object.fromEntries((configs.get(t.name) ?? []).filter((c) => c.source !== 'default').map((c) => [c.name, { value: c.value, source: c.source }])),
    effectiveConfigs: Object.fromEntries((configs.get(t.name) ?? []).filter((c) => c.name in behaviourConfigs).map((c) => [c.name, c.value])),
    partitions: t.partitions.map((p) => ({
      partition: p.partition,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
      earliest: need(earliestBy, t.name, p.partition, 'earliest'),
      latest: need(latestBy, t.name, p.partition, 'latest'),
    })),
  }))

  const listing = new Map(groupList.map((g) => [g.id, g]))
  const groups: InventoryGroup[] = descriptions.map((d) => {
    const offsets = (committed.get(d.id) ?? []).map((o): InventoryGroupOffset => {
      const logEnd = latestBy.get(tpKey(o.topic, o.partition)) ?? null
      return { topic: o.topic, partition: o.partition, committed: o.offset, logEnd, lag: logEnd === null ? null : logEnd - o.offset }
    })
    const lags = offsets.map((o) => o.lag)
    return {
      id: d.id,
      state: d.state,
      type: listing.get(d.id)?.type ?? null,
      protocolType: d.protocolType || (listing.get(d.id)?.protocolType ?? ''),
      protocol: d.protocol,
      members: d.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, instanceId: m.instanceId, assignments: m.assignments })),
      offsets,
      totalLag: lags.some((l) => l === null) ? null : lags.reduce<number>((sum, l) => sum + (l ?? 0), 0),
    }
  })

  const [acls, quotas] = await Promise.all([orUnavailable(() => client.acls()), orUnavailable(() => client.quotas())])
  return { side: client.name, capturedAt, cluster, topics, groups, acls, quotas }
}
