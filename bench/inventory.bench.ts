/**
 * Benchmark (not a test): `rollgate inventory` of a source cluster with 2,000 partitions and 200
 * consumer groups, against Kafka's own tools on the same cluster and classpath —
 * `kafka-consumer-groups --describe --all-groups` plus `kafka-topics --describe` — run side by side,
 * alternating, each as the operator would run it (a fresh process per run).
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/inventory.bench.ts [--topics 200 --partitions 10 --groups 200 --runs 3]
 */
import { parseArgs } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { produceSequenced } from '../src/sandbox/traffic.ts'
import { benchSandbox, createMissingTopics, javaTool, median, rollgateCli, timeMs } from './support.ts'

const { values: args } = parseArgs({
  options: {
    topics: { type: 'string', default: '200' },
    partitions: { type: 'string', default: '10' },
    groups: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
  },
})
const topicCount = Number(args.topics)
const partitionsPerTopic = Number(args.partitions)
const groupCount = Number(args.groups)
const runs = Number(args.runs)

const { source: bootstrap, lib, plan } = benchSandbox()
const prefix = 'bench-inv'

async function prepare (): Promise<void> {
  const topics = Array.from({ length: topicCount }, (_, i) => `${prefix}-t${String(i).padStart(4, '0')}`)
  if ((await createMissingTopics(bootstrap, topics, partitionsPerTopic)).length) {
    await produceSequenced(bootstrap, topics.flatMap((topic) => Array.from({ length: partitionsPerTopic }, (_, partition) => ({ topic, partition, count: 5 }))))
  }
  const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [bootstrap], timeout: 60_000 })
  try {
    for (let g = 0; g < groupCount; g++) {
      const groupId = `${prefix}-g${String(g).padStart(4, '0')}`
      const mine = [topics[g % topicCount]!, topics[(g * 7 + 3) % topicCount]!]
      await admin.alterConsumerGroupOffsets({
        groupId,
        topics: mine.map((name) => ({ name, partitionOffsets: Array.from({ length: partitionsPerTopic }, (_, partition) => ({ partition, offset: BigInt((g + partition) % 5) })) })),
      })
    }
  } finally {
    await admin.close()
  }
}


const tool = (main: string, extra: string[]) => javaTool(lib, main, ['--bootstrap-server', bootstrap, ...extra])
const rollgate = () => rollgateCli(['inventory', '--side', 'source', '--format', 'json', '--plan', plan])


await prepare()
const ours: number[] = []
const theirs: number[] = []
let inventorySize = 0
for (let i = 0; i < runs + 1; i++) {
  // the first round warms the broker's caches for both sides; it is not counted
  const a = await timeMs(async () => { inventorySize = (await rollgate()).stdout.length })
  const b = await timeMs(async () => {
    await tool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--describe', '--all-groups'])
    await tool('org.apache.kafka.tools.TopicCommand', ['--describe'])
  })
  if (i > 0) { ours.push(a); theirs.push(b) }
}
const client = new ClusterClient({ name: 'source', bootstrap: [bootstrap] })
const partitions = (await client.describeTopics()).reduce((s, t) => s + t.partitions.length, 0)
const groups = (await client.listGroups()).length
await client.close()
const result = {
  cluster: { partitions, groups },
  runs,
  rollgateInventoryMs: { median: Math.round(median(ours)), all: ours.map(Math.round) },
  javaToolsMs: { median: Math.round(median(theirs)), all: theirs.map(Math.round), tools: 'ConsumerGroupCommand --describe --all-groups + TopicCommand --describe' },
  ratio: Number((median(theirs) / median(ours)).toFixed(2)),
  inventoryJsonBytes: inventorySize,
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n')
