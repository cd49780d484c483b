/**
 * @module kafka/describe-producers
 * DescribeProducers (KIP-664, API key 61): the producers with state on each partition — producer ID,
 * epoch, last sequence and the timestamp of their last write — asked of each partition's leader,
 * one request per broker. The Admin client has no call for it, so it goes raw over a Connection, as
 * describe-groups does. A broker that does not list API 61 in ApiVersions (Kafka before 2.8, some
 * Kafka-compatible systems) makes the whole answer `unsupported`, so the caller can fall back to
 * watching log ends. Only idempotent or transactional producers have state; a producer with
 * `enable.idempotence=false` is invisible here (log-end movement still shows its writes).
 */
import { apiVersionsV3, type BaseOptions, Connection, describeProducersV0 } from '@platformatic/kafka'
import type { TopicPartition } from './types.ts'

const describeProducersKey = 61

export interface PartitionProducers extends TopicPartition {
  producers: Array<{ producerId: string, epoch: number, lastSequence: number, lastTimestamp: number }>
  /** the broker's error for this partition, when it had one */
  error?: string
}

export type ProducersAnswer =
  | { supported: true, partitions: PartitionProducers[] }
  | { supported: false, reason: string }

interface Leader { id: number, host: string, port: number }

export async function describeProducers (options: BaseOptions, leaders: Map<number, Leader>, partitions: Array<TopicPartition & { leader: number }>): Promise<ProducersAnswer> {
  const byLeader = new Map<number, Map<string, number[]>>()
  for (const p of partitions) {
    let topics = byLeader.get(p.leader)
    if (!topics) byLeader.set(p.leader, topics = new Map())
    topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition])
  }
  const answers = await Promise.all([...byLeader].map(async ([leaderId, topics]): Promise<ProducersAnswer> => {
    const leader = leaders.get(leaderId)
    if (!leader) throw new Error(`no broker ${leaderId} (the leader of ${[...topics.keys()].join(', ')}) in the metadata`)
    const connection = new Connection(options.clientId, options)
    try {
      await connection.connect(leader.host, leader.port)
      const versions = await apiVersionsV3.api.async(connection, 'rollgate', '0.1.0')
      const api = versions.apiKeys.find((k) => k.apiKey === describeProducersKey)
      if (!api || api.minVersion > 0) return { supported: false, reason: `broker ${leader.id} (${leader.host}:${leader.port}) does not support DescribeProducers v0` }
      const request = [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes }))
      let response: describeProducersV0.DescribeProducersResponse
      try {
        response = await describeProducersV0.api.async(connection, request)
      } catch (error) {
        // per-partition errors (e.g. NOT_LEADER_OR_FOLLOWER after a move) come back with the answer
        const partial = (error as { response?: describeProducersV0.DescribeProducersResponse }).response
        if (!partial) throw error
        response = partial
      }
      return {
        supported: true,
        partitions: response.topics.flatMap((t) => t.partitions.map((p): PartitionProducers => ({
          topic: t.name,
          partition: p.partitionIndex,
          producers: p.activeProducers.map((a) => ({ producerId: String(a.producerId), epoch: a.producerEpoch, lastSequence: a.lastSequence, lastTimestamp: Number(a.lastTimestamp) })),
          ...(p.errorCode !== 0 ? { error: `${p.errorMessage ?? 'error'} (code ${p.errorCode})` } : {}),
        }))),
      }
    } finally {
      await connection.close().catch(() => {})
    }
  }))
  const unsupported = answers.find((a) => !a.supported)
  if (unsupported) return unsupported
  const all = answers.flatMap((a) => (a.supported ? a.partitions : []))
  return { supported: true, partitions: all.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition) }
}
