/**
 * @module kafka/describe-groups
 * Describing groups of every kind without trusting member metadata to be the consumer protocol:
 * Kafka Connect workers, MirrorMaker 2 and Streams put their own bytes there, which the client's
 * own describeGroups tries to decode as consumer subscriptions (and throws). Classic groups go
 * through DescribeGroups v5, KIP-848 `consumer` groups through ConsumerGroupDescribe, one request
 * per coordinator for all its groups.
 */
import {
  type BaseOptions, Connection, consumerGroupDescribeV0, decodeConsumerProtocolAssignment, describeGroupsV5, FindCoordinatorKeyTypes,
  type Admin,
} from '@platformatic/kafka'
import type { GroupDescription, GroupMemberInfo, TopicPartition } from './types.ts'

function assignmentsOf (protocolType: string, bytes: Buffer): TopicPartition[] {
  if (protocolType !== 'consumer' || bytes.length === 0) return []
  try {
    return decodeConsumerProtocolAssignment(bytes).assignedPartitions
      .flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
  } catch {
    return [] // not decodable: the member is still listed, its assignment is simply not known
  }
}

export async function describeAnyGroups (admin: Admin, options: BaseOptions, groups: Array<{ id: string, type: string | null }>): Promise<GroupDescription[]> {
  if (groups.length === 0) return []
  const coordinators = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: groups.map((g) => g.id) })
  const byNode = new Map<number, { host: string, port: number, classic: string[], consumer: string[] }>()
  const typeOf = new Map(groups.map((g) => [g.id, g.type]))
  for (const c of coordinators) {
    let entry = byNode.get(c.nodeId)
    if (!entry) byNode.set(c.nodeId, entry = { host: c.host, port: c.port, classic: [], consumer: [] })
    ;(typeOf.get(c.key) === 'consumer' ? entry.consumer : entry.classic).push(c.key)
  }
  const results = await Promise.all([...byNode.values()].map(async (node) => {
    const connection = new Connection(options.clientId, options)
    try {
      await connection.connect(node.host, node.port)
      const out: GroupDescription[] = []
      if (node.classic.length) {
        const response = await describeGroupsV5.api.async(connection, node.classic, false)
        for (const g of response.groups) {
          out.push({
            id: g.groupId,
            state: g.groupState,
            protocolType: g.protocolType,
            protocol: g.protocolData,
            members: g.members.map((m): GroupMemberInfo => ({
              memberId: m.memberId, instanceId: m.groupInstanceId ?? null, clientId: m.clientId, host: m.clientHost,
              assignments: assignmentsOf(g.protocolType, m.memberAssignment),
            })),
          })
        }
      }
      if (node.consumer.length) {
        const response = await consumerGroupDescribeV0.api.async(connection, node.consumer, false)
        for (const g of response.groups) {
          out.push({
            id: g.groupId,
            state: g.groupState,
            protocolType: 'consumer',
            protocol: g.assignorName,
            members: g.members.map((m): GroupMemberInfo => ({
              memberId: m.memberId, instanceId: m.instanceId ?? null, clientId: m.clientId, host: m.clientHost,
              assignments: m.assignment.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition }))),
            })),
          })
        }
      }
      return out
    } finally {
      await connection.close().catch(() => {})
    }
  }))
  return results.flat().sort((a, b) => a.id.localeCompare(b.id))
}
