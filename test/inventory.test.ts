/**
 * Integration: `rollgate inventory --format json` against what Kafka's own Java tools report on the
 * same sandbox cluster — 50 topics (mixed partition counts and config overrides) and 20 consumer
 * groups with committed offsets: same partitions, overrides, committed offsets, log end and lag.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import type { Inventory } from '../src/snapshot/inventory.ts'
import { parseGroupDescribe, parseTopicDescribe } from './support/java-output.ts'
import { rollgate } from './support/rollgate.ts'
import { javaTool, produce, sandbox, unique } from './support/sandbox.ts'

const overrideSets: Array<Record<string, string>> = [
  {},
  { 'retention.ms': '3600000' },
  { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '1000' },
  { 'max.message.bytes': '2097152', 'compression.type': 'zstd' },
  { 'retention.bytes': '1073741824', 'segment.ms': '600000', 'message.timestamp.type': 'LogAppendTime' },
]

test('inventory of 50 topics and 20 groups matches kafka-topics and kafka-consumer-groups', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  const prefix = unique('inv')
  const topics = Array.from({ length: 50 }, (_, i) => ({ name: `${prefix}-t${String(i).padStart(2, '0')}`, partitions: 1 + (i % 6), configs: overrideSets[i % overrideSets.length]! }))
  const groups = Array.from({ length: 20 }, (_, i) => `${prefix}-g${String(i).padStart(2, '0')}`)

  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: topics.map((t) => t.name), partitions: 1, replicas: 1 }).catch(() => {})
    // createTopics takes one partition count for the batch: make each topic its own size
    for (const t of topics) if (t.partitions > 1) await admin.createPartitions({ topics: [{ name: t.name, count: t.partitions }] })
    await admin.incrementalAlterConfigs({
      resources: topics.filter((t) => Object.keys(t.configs).length).map((t) => ({
        resourceType: 2, resourceName: t.name,
        configs: Object.entries(t.configs).map(([name, value]) => ({ name, value, configOperation: 0 })),
      })),
    })
    await produce(sb.source, topics.flatMap((t, i) => Array.from({ length: t.partitions }, (_, p) => ({ topic: t.name, partition: p, count: 3 + ((i + p) % 7) }))))
    // each group commits on a few topics, at offsets between 0 and the log end
    for (const [gi, group] of groups.entries()) {
      const mine = topics.filter((_, ti) => ti % 20 === gi || ti % 7 === gi % 7).slice(0, 4)
      await admin.alterConsumerGroupOffsets({
        groupId: group,
        topics: mine.map((t) => ({ name: t.name, partitionOffsets: Array.from({ length: t.partitions }, (_, p) => ({ partition: p, offset: BigInt((gi + p) % 4) })) })),
      })
    }
  } finally {
    await admin.close()
  }

  const result = await rollgate(['inventory', '--side', 'source', '--format', 'json', '--plan', sb.plan])
  assert.equal(result.code, 0, result.stderr)
  const inventory = JSON.parse(result.stdout) as Inventory

  const [topicsOut, groupsOut] = await Promise.all([
    javaTool(sb.kafkaLib, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', sb.source, '--describe', '--topic', `${prefix}-.*`]),
    javaTool(sb.kafkaLib, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sb.source, '--describe', '--all-groups']),
  ])
  const javaTopics = parseTopicDescribe(topicsOut)
  assert.equal(javaTopics.size, 50, 'kafka-topics sees the 50 topics')
  const ours = new Map(inventory.topics.filter((t) => t.name.startsWith(prefix)).map((t) => [t.name, t]))
  assert.equal(ours.size, 50, 'rollgate sees the 50 topics')
  for (const [name, java] of javaTopics) {
    const t = ours.get(name)
    assert.ok(t, `rollgate lists ${name}`)
    assert.equal(t.partitionCount, java.partitionCount, `${name} partition count`)
    assert.equal(t.replicationFactor, java.replicationFactor, `${name} replication factor`)
    assert.deepEqual(Object.fromEntries(Object.entries(t.configs).map(([k, c]) => [k, c.value])), java.configs, `${name} non-default configs`)
    assert.deepEqual(t.partitions.map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr })),
      [...java.partitions].sort((a, b) => a.partition - b.partition), `${name} partitions`)
    // the overrides we set are the ones both report
    const declared = topics.find((x) => x.name === name)!
    for (const [k, v] of Object.entries(declared.configs)) assert.deepEqual(t.configs[k], { value: v, source: 'dynamic-topic' }, `${name} ${k}`)
  }

  const javaRows = parseGroupDescribe(groupsOut).filter((r) => r.group.startsWith(prefix))
  const ourRows = inventory.groups.filter((g) => g.id.startsWith(prefix))
    .flatMap((g) => g.offsets.map((o) => ({ group: g.id, topic: o.topic, partition: o.partition, current: o.committed, logEnd: o.logEnd, lag: o.lag })))
  const key = (r: { group: string, topic: string, partition: number }) => `${r.group} ${r.topic} ${r.partition}`
  const sort = <T extends { group: string, topic: string, partition: number }>(rows: T[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)))
  assert.equal(new Set(javaRows.map((r) => r.group)).size, 20, 'kafka-consumer-groups sees the 20 groups')
  assert.ok(ourRows.length >= 20, 'the groups have committed offsets')
  assert.deepEqual(sort(ourRows), sort(javaRows), 'committed offsets, log end and lag per group and partition')
  for (const g of inventory.groups.filter((x) => x.id.startsWith(prefix))) {
    assert.equal(g.state, 'Empty', `${g.id} has no members`)
    assert.equal(g.totalLag, g.offsets.reduce((s, o) => s + (o.lag ?? 0), 0))
  }
})

test('inventory fails clearly on an unreachable cluster (exit 3) and on a bad side (exit 2)', { timeout: 60_000 }, async () => {
  const sb = sandbox()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-inv-'))
  try {
    // a copy of the sandbox plan whose source points at a port nothing listens on
    const plan = join(dir, 'rollgate.yaml')
    writeFileSync(plan, readFileSync(sb.plan, 'utf8').replace(sb.source, '127.0.0.1:9'))
    const unreachable = await rollgate(['inventory', '--side', 'source', '--plan', plan])
    assert.equal(unreachable.code, 3, unreachable.stderr)
    assert.match(unreachable.stderr, /^rollgate: source cluster: cannot reach it/)
    assert.doesNotMatch(unreachable.stderr, /\n\s+at /, 'no stack trace')

    const bad = await rollgate(['inventory', '--side', 'middle', '--plan', sb.plan])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /middle/)
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
