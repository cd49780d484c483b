/**
 * Integration: the sandbox's MirrorMaker 2 really replicates the source to the target — the records
 * arrive (same keys and values, per partition, in order) and the checkpoints topic on the target holds
 * checkpoints for a consumer group that committed on the source.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Admin, Consumer } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { targetTopicName } from '../src/sandbox/layout.ts'
import { consumeAndCommit } from '../src/sandbox/traffic.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'

interface Raw { partition: number, offset: bigint, key: Buffer | undefined, value: Buffer | undefined }

/** Every record of `topic` from the beginning, read by a throwaway group that commits nothing. */
async function readAll (bootstrap: string, topic: string, expected: number): Promise<Raw[]> {
  const consumer = new Consumer({
    clientId: 'rollgate-test-reader', groupId: unique('reader'), bootstrapBrokers: [bootstrap],
    deserializers: { key: (b?: Buffer) => b, value: (b?: Buffer) => b },
  })
  const out: Raw[] = []
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 200 })
    const timer = setTimeout(() => { stream.close().catch(() => {}) }, 20_000)
    for await (const m of stream) {
      out.push({ partition: m.partition, offset: m.offset, key: m.key, value: m.value })
      if (out.length >= expected) break
    }
    clearTimeout(timer)
    await stream.close().catch(() => {})
  } finally {
    await consumer.close(true).catch(() => {})
  }
  return out
}

/** Checkpoint key (connect/mirror-client Checkpoint.java): group STRING, topic STRING, partition INT32. */
function checkpointKey (key: Buffer): { group: string, topic: string, partition: number } {
  const groupLength = key.readInt16BE(0)
  const group = key.toString('utf8', 2, 2 + groupLength)
  const topicLength = key.readInt16BE(2 + groupLength)
  const topic = key.toString('utf8', 4 + groupLength, 4 + groupLength + topicLength)
  return { group, topic, partition: key.readInt32BE(4 + groupLength + topicLength) }
}

test('MirrorMaker 2 replicates records and writes checkpoints for a group', { timeout: 180_000 }, async () => {
  const sb = sandbox()
  const topic = unique('mm2')
  const group = unique('mm2-group')
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produce(sb.source, [{ topic, partition: 0, count: 150 }, { topic, partition: 1, count: 120 }])
  const consumed = await consumeAndCommit(sb.source, group, [topic], 270)
  assert.equal(consumed, 270)

  const copy = targetTopicName(sb.naming, topic)
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    // new topics are picked up after refresh.topics.interval.seconds (5 s in the sandbox)
    const ends = await eventually(`${copy} on the target with every record`, 90_000, async () => {
      if (!(await target.listTopics()).includes(copy)) return undefined
      const latest = await target.offsets([{ topic: copy, partition: 0 }, { topic: copy, partition: 1 }], 'latest')
      return latest.every((o) => o.offset >= (o.partition === 0 ? 150 : 120)) ? latest : undefined
    })
    assert.equal(ends.length, 2)
  } finally {
    await target.close()
  }

  const records = await readAll(sb.target, copy, 270)
  for (const partition of [0, 1]) {
    const values = records.filter((r) => r.partition === partition).map((r) => r.value?.toString())
    const want = Array.from({ length: partition === 0 ? 150 : 120 }, (_, i) => `${topic}/${partition}/${i}`)
    // MirrorMaker 2 is at-least-once: dedupe adjacent retries, then the order must be the source's
    assert.deepEqual(values.filter((v, i) => v !== values[i - 1]), want, `partition ${partition} content and order`)
  }

  const checkpointsTopic = 'source.checkpoints.internal'
  const checkpoints = await eventually(`checkpoints for ${group}`, 90_000, async () => {
    const client = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
    try {
      const [end] = await client.offsets([{ topic: checkpointsTopic, partition: 0 }], 'latest')
      const all = await readAll(sb.target, checkpointsTopic, end!.offset)
      const mine = all.filter((r) => r.key && checkpointKey(r.key).group === group).map((r) => checkpointKey(r.key!))
      return mine.length > 0 ? mine : undefined
    } finally {
      await client.close()
    }
  })
  assert.ok(checkpoints.every((c) => c.topic === copy), 'checkpoints name the target topic')
  assert.ok(checkpoints.some((c) => c.partition === 0) || checkpoints.some((c) => c.partition === 1))
})
