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
import { cpSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { type RollbackResult, waitForSyncs } from '../src/actions/rollback.ts'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { ResetPlan } from '../src/offsets/types.ts'
import { produceSequenced } from '../src/sandbox/traffic.ts'
import { benchSandbox, createMissingTopics, javaTool, median, rollgateCli, say, timeMs, waitForCopies, writeBenchPlan } from './support.ts'

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

const { source, target, lib } = benchSandbox()
const tag = `bench-rb-p${partitions}`
const topics = Array.from({ length: topicCount }, (_, i) => `${tag}-t${String(i).padStart(3, '0')}`)
const groups = Array.from({ length: groupCount }, (_, g) => ({ id: `connect-${tag}-g${String(g).padStart(4, '0')}`, topic: topics[g % topicCount]! }))
const all = (topic: string) => Array.from({ length: partitions }, (_, partition) => ({ topic, partition }))

/** Topics with records, copied to the target with offset syncs to their end; every group "moved": committed on the target. */
async function prepare (): Promise<void> {
  const sourceClient = new ClusterClient({ name: 'source', bootstrap: [source], timeoutMs: 60_000 })
  const targetClient = new ClusterClient({ name: 'target', bootstrap: [target], timeoutMs: 60_000 })
  try {
    const create = await createMissingTopics(source, topics, partitions)
    if (create.length) await produceSequenced(source, create.flatMap((topic) => all(topic).map((p) => ({ ...p, count: records }))))
    await waitForCopies(target, topics, partitions, records)
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

const { dir, plan } = writeBenchPlan('rollback', {
  topics: [`regex: "^${tag}-"\n    criticality: critical`],
  groups: groups.map((g) => `{ name: ${g.id}, strategy: ${args.strategy}, owner: bench }`),
  gates: '{ timeout: 120s, evidenceMaxAge: 2h }',
})

say(`preparing ${groupCount} groups × ${partitions} partitions on ${topicCount} topic(s)`)
await prepare()
// the migration in phase shadow-read, once: each run starts from a copy of this state dir
const template = join(dir, 'template')
for (const phase of ['replicating', 'shadow-read']) {
  await rollgateCli(['advance', phase, '--execute', '--force', '--reason', 'benchmark', '--plan', plan, '--state-dir', template])
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
  ours.push(await timeMs(async () => {
    const { stdout } = await rollgateCli(['rollback', '--execute', '--format', 'json', '--plan', plan, '--state-dir', state])
    result = JSON.parse(stdout) as RollbackResult
  }))
  if (!result?.ok) throw new Error(`rollback did not complete: ${JSON.stringify(result?.steps)}`)
  const opened = await openStateDir(state, { readOnly: true })
  const reset = opened.evidence.get(result.evidence.resetPlan!) as ResetPlan
  opened.close()
  applied = reset.groups.reduce((s, g) => s + g.offsets.length, 0)
  say(`rollgate rollback: ${Math.round(ours.at(-1)!)} ms for ${reset.groups.length} groups, ${applied} partitions`)

  // the same offsets, by hand: one CSV and one kafka-consumer-groups --execute per group
  await baseline()
  const files = reset.groups.map((g) => {
    const file = join(dir, `${g.group}.csv`)
    writeFileSync(file, g.offsets.map((o) => `${o.topic},${o.partition},${o.planned}`).join('\n') + '\n')
    return { group: g.group, file }
  })
  theirs.push(await timeMs(async () => {
    for (const f of files) {
      await javaTool(lib, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', source, '--group', f.group, '--reset-offsets', '--from-file', f.file, '--execute'])
    }
  }))
  say(`ConsumerGroupCommand --from-file --execute × ${files.length}: ${Math.round(theirs.at(-1)!)} ms`)

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
