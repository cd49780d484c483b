/**
 * Benchmark (not a test): `rollgate rollback --execute` of N groups × P partitions that moved to the
 * target (capture on the target, reverse translation proven by content, guarded journaled reset on
 * the source, phase back) against what an operator does by hand: `kafka-consumer-groups
 * --reset-offsets --from-file <csv> --execute`, one group at a time, with the very offsets rollgate
 * computed. Same cluster, same classpath, each a fresh process per run as an operator would run it.
 * Before every run the source groups are put back to the same baseline, so every run writes.
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/rollback.bench.ts [--groups 100 --partitions 12 --topics 10 --runs 1 --strategy exact]
 *
 * The groups are named `connect-…`: MirrorMaker 2's group offset sync (on in the sandbox) leaves them alone.
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { type RollbackResult, waitForSyncs } from '../src/actions/rollback.ts'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { ResetPlan } from '../src/offsets/types.ts'
import { sandboxAssets } from '../src/sandbox/artifacts.ts'
import { findJava } from '../src/sandbox/prerequisites.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { produceSequenced } from '../src/sandbox/traffic.ts'

const run = promisify(execFile)
const { values: args } = parseArgs({
  options: {
    groups: { type: 'string', default: '100' },
    partitions: { type: 'string', default: '12' },
    topics: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
    strategy: { type: 'string', default: 'exact' },
  },
})
const groupCount = Number(args.groups)
const partitions = Number(args.partitions)
const topicCount = Math.min(Number(args.topics), groupCount)
const runs = Number(args.runs)
const records = 300

const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
const source = env.ROLLGATE_SOURCE_BOOTSTRAP!
const target = env.ROLLGATE_TARGET_BOOTSTRAP!
const lib = env.ROLLGATE_KAFKA_LIB!
const tag = `bench-rb-p${partitions}`
const topics = Array.from({ length: topicCount }, (_, i) => `${tag}-t${String(i).padStart(3, '0')}`)
const groups = Array.from({ length: groupCount }, (_, g) => ({ id: `connect-${tag}-g${String(g).padStart(4, '0')}`, topic: topics[g % topicCount]! }))
const all = (topic: string) => Array.from({ length: partitions }, (_, partition) => ({ topic, partition }))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const bin = join(import.meta.dirname, '..', 'bin', 'rollgate.js')
const log = (line: string) => process.stderr.write(`${line}\n`)

/** Topics with records, copied to the target with offset syncs to their end; every group "moved": committed on the target. */
async function prepare (): Promise<void> {
  const sourceClient = new ClusterClient({ name: 'source', bootstrap: [source], timeoutMs: 60_000 })
  const targetClient = new ClusterClient({ name: 'target', bootstrap: [target], timeoutMs: 60_000 })
  try {
    const existing = new Set(await sourceClient.listTopics())
    const create = topics.filter((t) => !existing.has(t))
    if (create.length) {
      const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [source], timeout: 60_000 })
      try {
        await admin.createTopics({ topics: create, partitions, replicas: 1 })
      } finally {
        await admin.close()
      }
      await produceSequenced(source, create.flatMap((topic) => all(topic).map((p) => ({ ...p, count: records }))))
    }
    for (;;) {
      try {
        const names = new Set(await targetClient.listTopics())
        if (topics.every((t) => names.has(t)) && (await targetClient.offsets(topics.flatMap(all), 'latest')).every((e) => e.offset >= records)) break
      } catch {
        // copies just created by MirrorMaker 2 may not have a leader yet
      }
      await sleep(1000)
    }
    const { missing: unsynced } = await waitForSyncs(sourceClient, 'mm2-offset-syncs.target.internal', topics.flatMap(all).map((p) => ({ ...p, upTo: records })), 120_000)
    if (unsynced.length) throw new Error(`MirrorMaker 2 has not synced ${unsynced.length} partition(s) to their end`)
    // the groups read it all on the target, or all but the last record: positions MirrorMaker 2's syncs
    // cover (its tasks restart as new topics appear and re-copy; the syncs before a restart no longer
    // hold, and rollback refuses to translate below the oldest that does)
    const ends = new Map((await targetClient.offsets(topics.flatMap(all), 'latest')).map((e) => [`${e.topic}-${e.partition}`, e.offset]))
    await Promise.all(groups.map((g, i) => targetClient.commitOffsets(g.id, all(g.topic).map((p) => ({ ...p, offset: ends.get(`${p.topic}-${p.partition}`)! - ((i + p.partition) % 2) })))))
  } finally {
    await Promise.all([sourceClient.close(), targetClient.close()])
  }
}

/** Every source group back at offset 10: each run has the same writes to do. */
async function baseline (): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [source], timeout: 60_000 })
  try {
    for (const g of groups) {
      await admin.alterConsumerGroupOffsets({ groupId: g.id, topics: [{ name: g.topic, partitionOffsets: all(g.topic).map((p) => ({ partition: p.partition, offset: 10n })) }] })
    }
  } finally {
    await admin.close()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rollgate-bench-rollback-'))
const plan = join(dir, 'rollgate.yaml')
writeFileSync(plan, `version: 1
clusters:
  source: { bootstrap: [${JSON.stringify(source)}] }
  target: { bootstrap: [${JSON.stringify(target)}] }
replication: { kind: mirrormaker2, naming: ${env.ROLLGATE_NAMING} }
rollbackWindow: 72h
topics:
  - regex: "^${tag}-"
    criticality: critical
groups:
${groups.map((g) => `  - { name: ${g.id}, strategy: ${args.strategy}, owner: bench }`).join('\n')}
runbook:
  writeAuthority: { owner: b, ticket: B-1 }
  criticalTopics: { owner: b, ticket: B-1 }
  criticalGroups: { owner: b, ticket: B-1 }
  schemaState: { owner: b, ticket: B-1 }
  connectorSideEffects: { owner: b, ticket: B-1 }
  clientSwitch: { owner: b, ticket: B-1 }
  pointOfNoReturn: { owner: b, ticket: B-1 }
gates: { timeout: 120s, evidenceMaxAge: 2h }
`)

async function time (what: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await what()
  return Number(process.hrtime.bigint() - t0) / 1e6
}
const java = findJava(17, 'Kafka tools').bin
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

log(`preparing ${groupCount} groups × ${partitions} partitions on ${topicCount} topic(s)`)
await prepare()
// the migration in phase shadow-read, once: each run starts from a copy of this state dir
const template = join(dir, 'template')
for (const phase of ['replicating', 'shadow-read']) {
  await run(process.execPath, [bin, 'advance', phase, '--execute', '--force', '--reason', 'benchmark', '--plan', plan, '--state-dir', template], { maxBuffer: 1 << 30 })
}

const ours: number[] = []
const theirs: number[] = []
let applied = 0
for (let i = 0; i < runs; i++) {
  await baseline()
  const state = join(dir, `run-${i}`)
  cpSync(template, state, { recursive: true })
  rmSync(join(state, 'lock'), { force: true })
  let result: RollbackResult | undefined
  ours.push(await time(async () => {
    const { stdout } = await run(process.execPath, [bin, 'rollback', '--execute', '--format', 'json', '--plan', plan, '--state-dir', state], { maxBuffer: 1 << 30 })
    result = JSON.parse(stdout) as RollbackResult
  }))
  if (!result?.ok) throw new Error(`rollback did not complete: ${JSON.stringify(result?.steps)}`)
  const opened = await openStateDir(state, { readOnly: true })
  const reset = opened.evidence.get(result.evidence.resetPlan!) as ResetPlan
  opened.close()
  applied = reset.groups.reduce((s, g) => s + g.offsets.length, 0)
  log(`rollgate rollback: ${Math.round(ours.at(-1)!)} ms for ${reset.groups.length} groups, ${applied} partitions`)

  // the same offsets, by hand: one CSV and one kafka-consumer-groups --execute per group
  await baseline()
  const files = reset.groups.map((g) => {
    const file = join(dir, `${g.group}.csv`)
    writeFileSync(file, g.offsets.map((o) => `${o.topic},${o.partition},${o.planned}`).join('\n') + '\n')
    return { group: g.group, file }
  })
  theirs.push(await time(async () => {
    for (const f of files) {
      await run(java, [`-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`, '-cp', `${lib}/*`,
        'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', source, '--group', f.group, '--reset-offsets', '--from-file', f.file, '--execute'], { maxBuffer: 1 << 30 })
    }
  }))
  log(`ConsumerGroupCommand --from-file --execute × ${files.length}: ${Math.round(theirs.at(-1)!)} ms`)

  // both wrote the same thing
  const check = new ClusterClient({ name: 'source', bootstrap: [source] })
  try {
    const committed = await check.committedOffsets(reset.groups.map((g) => g.group))
    for (const g of reset.groups) {
      const now = new Map((committed.get(g.group) ?? []).map((o) => [`${o.topic}-${o.partition}`, o.offset]))
      for (const o of g.offsets) if (now.get(`${o.topic}-${o.partition}`) !== o.planned) throw new Error(`${g.group} ${o.topic}-${o.partition}: ${now.get(`${o.topic}-${o.partition}`)} != ${o.planned}`)
    }
  } finally {
    await check.close()
  }
}
rmSync(dir, { recursive: true, force: true })

process.stdout.write(JSON.stringify({
  groups: groupCount,
  partitionsPerGroup: partitions,
  partitionsReset: applied,
  strategy: args.strategy,
  runs,
  rollgateRollbackMs: { median: Math.round(median(ours)), all: ours.map(Math.round) },
  consumerGroupCommandOneGroupAtATimeMs: { median: Math.round(median(theirs)), all: theirs.map(Math.round), perGroup: Math.round(median(theirs) / groupCount) },
  ratio: Number((median(theirs) / median(ours)).toFixed(2)),
}, null, 2) + '\n')
