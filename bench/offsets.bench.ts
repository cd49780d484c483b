/**
 * Benchmark (not a test): `rollgate offsets translate` (capture of 500 groups × 20 partitions on the
 * source + translation from every retained offset sync + MirrorMaker 2's checkpoints) against
 * `kafka-consumer-groups --describe --all-groups` on the same cluster and classpath, side by side,
 * each a fresh process per run as an operator would run it.
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/offsets.bench.ts [--groups 500 --topics 25 --partitions 20 --runs 3]
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { produceSequenced } from '../src/sandbox/traffic.ts'
import { javaTool, median, rollgateCli, timeMs } from './support.ts'

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

const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
const source = env.ROLLGATE_SOURCE_BOOTSTRAP!
const target = env.ROLLGATE_TARGET_BOOTSTRAP!
const lib = env.ROLLGATE_KAFKA_LIB!
const prefix = 'bench-off'
const topics = Array.from({ length: topicCount }, (_, i) => `${prefix}-t${String(i).padStart(3, '0')}`)
const groups = Array.from({ length: groupCount }, (_, g) => `${prefix}-g${String(g).padStart(4, '0')}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function prepare (): Promise<void> {
  const client = new ClusterClient({ name: 'source', bootstrap: [source], timeoutMs: 60_000 })
  const existing = new Set(await client.listTopics())
  const missing = topics.filter((t) => !existing.has(t))
  const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [source], timeout: 60_000 })
  try {
    if (missing.length) {
      await admin.createTopics({ topics: missing, partitions: partitionsPerTopic, replicas: 1 })
      for (;;) {
        const described = await client.describeTopics(missing)
        if (described.length === missing.length && described.every((t) => t.partitions.every((p) => p.leader >= 0))) break
        await sleep(500)
      }
      await produceSequenced(source, topics.flatMap((topic) => Array.from({ length: partitionsPerTopic }, (_, partition) => ({ topic, partition, count: 300 }))))
    }
    for (const [g, groupId] of groups.entries()) {
      const topic = topics[g % topicCount]!
      await admin.alterConsumerGroupOffsets({
        groupId,
        topics: [{ name: topic, partitionOffsets: Array.from({ length: partitionsPerTopic }, (_, partition) => ({ partition, offset: BigInt(50 + ((g * 7 + partition * 13) % 250)) })) }],
      })
    }
  } finally {
    await admin.close()
    await client.close()
  }
  // MirrorMaker 2 must have copied the topics (new topics are picked up within 5 s in the sandbox)
  const tc = new ClusterClient({ name: 'target', bootstrap: [target], timeoutMs: 60_000 })
  try {
    for (;;) {
      const names = new Set(await tc.listTopics())
      if (topics.every((t) => names.has(t))) {
        const ends = await tc.offsets(topics.flatMap((topic) => Array.from({ length: partitionsPerTopic }, (_, partition) => ({ topic, partition }))), 'latest')
        if (ends.every((e) => e.offset >= 300)) break
      }
      await sleep(1000)
    }
  } finally {
    await tc.close()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rollgate-bench-offsets-'))
const plan = join(dir, 'rollgate.yaml')
writeFileSync(plan, `version: 1
clusters:
  source: { bootstrap: [${JSON.stringify(source)}] }
  target: { bootstrap: [${JSON.stringify(target)}] }
replication: { kind: mirrormaker2, naming: ${env.ROLLGATE_NAMING} }
rollbackWindow: 72h
topics:
  - regex: "^${prefix}-"
groups:
${groups.map((g) => `  - { name: ${g}, strategy: translate, owner: bench }`).join('\n')}
runbook:
  writeAuthority: { owner: b, ticket: B-1 }
  criticalTopics: { owner: b, ticket: B-1 }
  criticalGroups: { owner: b, ticket: B-1 }
  schemaState: { owner: b, ticket: B-1 }
  connectorSideEffects: { owner: b, ticket: B-1 }
  clientSwitch: { owner: b, ticket: B-1 }
  pointOfNoReturn: { owner: b, ticket: B-1 }
gates: { timeout: 60s }
`)


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
