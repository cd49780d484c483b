/**
 * Benchmark (not a test): `rollgate offsets translate` (capture of 500 groups × 20 partitions on the
 * source + translation from every retained offset sync + MirrorMaker 2's checkpoints) against
 * `kafka-consumer-groups --describe --all-groups` on the same cluster and classpath, side by side,
 * each a fresh process per run as an operator would run it.
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/offsets.bench.ts [--groups 500 --topics 25 --partitions 20 --runs 3]
 */
import { parseArgs } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { produceSequenced } from '../src/sandbox/traffic.ts'
import { benchSandbox, createMissingTopics, javaTool, median, rollgateCli, timeMs, waitForCopies, writeBenchPlan } from './support.ts'

const { values: args } = parseArgs({
  options: {
    groups: { type: 'string', default: '500' },
    topics: { type: 'string', default: '25' },
    partitions: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
  },
})
const groupCount = Number(args.groups)
const topicCount = Number(args.topics)
const partitionsPerTopic = Number(args.partitions)
const runs = Number(args.runs)

const { source, target, lib } = benchSandbox()
const prefix = 'bench-off'
const topics = Array.from({ length: topicCount }, (_, i) => `${prefix}-t${String(i).padStart(3, '0')}`)
const groups = Array.from({ length: groupCount }, (_, g) => `${prefix}-g${String(g).padStart(4, '0')}`)

async function prepare (): Promise<void> {
  if ((await createMissingTopics(source, topics, partitionsPerTopic)).length) {
    await produceSequenced(source, topics.flatMap((topic) => Array.from({ length: partitionsPerTopic }, (_, partition) => ({ topic, partition, count: 300 }))))
  }
  const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [source], timeout: 60_000 })
  try {
    for (const [g, groupId] of groups.entries()) {
      const topic = topics[g % topicCount]!
      await admin.alterConsumerGroupOffsets({
        groupId,
        topics: [{ name: topic, partitionOffsets: Array.from({ length: partitionsPerTopic }, (_, partition) => ({ partition, offset: BigInt(50 + ((g * 7 + partition * 13) % 250)) })) }],
      })
    }
  } finally {
    await admin.close()
  }
  // MirrorMaker 2 must have copied the topics (new topics are picked up within 5 s in the sandbox)
  await waitForCopies(target, topics, partitionsPerTopic, 300)
}

const { plan } = writeBenchPlan('offsets', {
  topics: [`regex: "^${prefix}-"`],
  groups: groups.map((g) => `{ name: ${g}, strategy: translate, owner: bench }`),
})

await prepare()
const ours: number[] = []
const theirs: number[] = []
let translated = 0
for (let i = 0; i < runs + 1; i++) {
  const a = await timeMs(async () => {
    const { stdout } = await rollgateCli(['offsets', 'translate', '--format', 'json', '--plan', plan])
    translated = (JSON.parse(stdout) as { partitions: Array<{ to: number | null }> }).partitions.filter((p) => p.to !== null).length
  })
  const b = await timeMs(() => javaTool(lib, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', source, '--describe', '--all-groups']))
  if (i > 0) { ours.push(a); theirs.push(b) }
}
process.stdout.write(JSON.stringify({
  groups: groupCount,
  partitionsPerGroup: partitionsPerTopic,
  translatedPartitions: translated,
  runs,
  rollgateCaptureAndTranslateMs: { median: Math.round(median(ours)), all: ours.map(Math.round) },
  consumerGroupCommandDescribeAllGroupsMs: { median: Math.round(median(theirs)), all: theirs.map(Math.round) },
  ratio: Number((median(theirs) / median(ours)).toFixed(2)),
}, null, 2) + '\n')
