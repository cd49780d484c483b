/**
 * @module kafka/types
 * What the access layer returns: plain, JSON-friendly values (offsets as numbers, labels instead of
 * protocol enums), so evidence can be stored and compared without the client's types leaking out.
 */

export interface BrokerInfo { id: number, host: string, port: number, rack: string | null }

export interface ClusterInfo { clusterId: string, controllerId: number, brokers: BrokerInfo[] }

export interface PartitionInfo {
  partition: number
  leader: number
  leaderEpoch: number
  replicas: number[]
  isr: number[]
  offlineReplicas: number[]
}

export interface TopicInfo { name: string, id: string, internal: boolean, partitions: PartitionInfo[] }

/** Where a config value comes from, in Kafka's own words (DescribeConfigs ConfigSource). */
export type ConfigSource =
  | 'unknown' | 'dynamic-topic' | 'dynamic-broker' | 'dynamic-default-broker' | 'static-broker'
  | 'default' | 'dynamic-broker-logger' | 'client-metrics' | 'group'

export interface ConfigEntry {
  name: string
  /** null when the broker hides it (sensitive) or it has no value */
  value: string | null
  source: ConfigSource
  sensitive: boolean
  readOnly: boolean
}

export interface TopicPartition { topic: string, partition: number }

export interface PartitionOffset extends TopicPartition {
  offset: number
  /** for by-time lookups: the timestamp of the record found, -1 otherwise */
  timestamp: number
}

/** `earliest` = log start, `latest` = high watermark, `{ timestamp }` = first offset with ts >= t (-1: none) */
export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number }

export interface GroupListing { id: string, state: string, type: string | null, protocolType: string }

export interface GroupMemberInfo {
  memberId: string
  instanceId: string | null
  clientId: string
  host: string
  assignments: TopicPartition[]
}

export interface GroupDescription {
  id: string
  state: string
  protocolType: string
  protocol: string
  members: GroupMemberInfo[]
}

export interface CommittedOffset extends TopicPartition {
  offset: number
  leaderEpoch: number
  metadata: string | null
}

export interface AclBinding {
  resourceType: string
  resourceName: string
  patternType: string
  principal: string
  host: string
  operation: string
  permission: string
}

export interface QuotaEntry {
  /** e.g. { user: 'alice', 'client-id': null } — null is the default entity */
  entity: Record<string, string | null>
  values: Record<string, number>
}

export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`
