/**
 * @module sandbox/traffic
 * Real traffic for the sandbox, the demo and the tests: sequenced records produced with acks=all,
 * and consumer groups that really join, consume and commit — so offsets, lag and MirrorMaker 2's
 * checkpoints are those of a working application, not hand-written numbers.
 */
import { Consumer, Producer } from '@platformatic/kafka'
import { ClusterClient } from '../kafka/cluster-client.ts'
import type { TopicPartition } from '../kafka/types.ts'
import type { KafkaConnection } from '../kafka/options.ts'

const utf8 = {
  serialize: (text?: string) => (text === undefined ? undefined : Buffer.from(text)),
  deserialize: (bytes?: Buffer) => (bytes === undefined ? undefined : bytes.toString('utf8')),
}

export interface ProduceBatch { topic: string, partition: number, count: number }

/**
 * Produces `count` records per batch: key `k<i>`, value `<topic>/<partition>/<i>`. Requests carry up
 * to 1,000 records across partitions, so thousands of small partitions fill in a few round trips.
 */
export async function produceSequenced (bootstrap: string, batches: ProduceBatch[], options: { start?: number } = {}): Promise<number> {
  await waitUntilLed(bootstrap, batches)
  const producer = new Producer({
    clientId: 'rollgate-traffic',
    bootstrapBrokers: [bootstrap],
    serializers: { key: utf8.serialize, value: utf8.serialize },
    acks: -1,
    // retries against partitions still electing a leader would otherwise write some batches twice
    idempotent: true,
    retries: 10,
    retryDelay: 200,
  })
  const start = options.start ?? 0
  let sent = 0
  try {
    let messages: Array<{ topic: string, partition: number, key: string, value: string }> = []
    const flush = async () => {
      if (messages.length) await producer.send({ messages })
      sent += messages.length
      messages = []
    }
    for (const b of batches) {
      for (let i = start; i < start + b.count; i++) {
        messages.push({ topic: b.topic, partition: b.partition, key: `k${i}`, value: `${b.topic}/${b.partition}/${i}` })
        if (messages.length >= 1_000) await flush()
      }
    }
    await flush()
  } finally {
    await producer.close()
  }
  return sent
}

/**
 * Waits until every partition's leader answers ListOffsets. Right after CreateTopics the metadata
 * already names a leader that still refuses writes (NOT_LEADER_OR_FOLLOWER); producing then would
 * exhaust the producer's retries, and resending would duplicate what other partitions accepted.
 */
export async function waitUntilLed (cluster: string | KafkaConnection, partitions: readonly TopicPartition[], timeoutMs = 60_000): Promise<void> {
  // a plan's connection carries its security: a secured cluster answers nothing else
  const client = new ClusterClient(typeof cluster === 'string' ? { name: 'cluster', bootstrap: [cluster], timeoutMs: 10_000 } : cluster)
  const until = Date.now() + timeoutMs
  try {
    for (;;) {
      try {
        await client.offsets(partitions, 'latest')
        return
      } catch (error) {
        if (Date.now() > until) throw error
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  } finally {
    await client.close()
  }
}

/**
 * A consumer group member that consumes up to `records` records from `topics` (from its committed
 * position, else the earliest), commits what it processed, and leaves the group.
 */
export async function consumeAndCommit (bootstrap: string, groupId: string, topics: string[], records: number, options: { idleMs?: number } = {}): Promise<number> {
  const consumer = new Consumer({
    clientId: `rollgate-traffic-${groupId}`,
    groupId,
    bootstrapBrokers: [bootstrap],
    deserializers: { key: utf8.deserialize, value: utf8.deserialize },
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  })
  let consumed = 0
  try {
    const stream = await consumer.consume({ topics, mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 200 })
    let idle: NodeJS.Timeout | undefined
    const stopWhenIdle = () => {
      clearTimeout(idle)
      idle = setTimeout(() => { stream.close().catch(() => {}) }, options.idleMs ?? 3_000)
    }
    stopWhenIdle()
    // a message's commit() commits its own partition (offset + 1): keep the last one per partition
    const pending = new Map<string, { commit: () => unknown }>()
    const commitAll = async () => {
      for (const message of pending.values()) await message.commit()
      pending.clear()
    }
    for await (const message of stream) {
      consumed++
      pending.set(`${message.topic}\u0000${message.partition}`, message)
      if (consumed % 500 === 0) await commitAll()
      if (consumed >= records) break
      stopWhenIdle()
    }
    clearTimeout(idle)
    await commitAll()
    await stream.close().catch(() => {})
  } finally {
    await consumer.close(true).catch(() => {})
  }
  return consumed
}
