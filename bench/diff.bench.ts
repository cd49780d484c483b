/**
 * Benchmark (not a test): `rollgate diff` at scale — time and memory of
 * 1. the pure diff (diff/diff.ts) of two synthetic inventories of `--synthetic-topics` topics ×
 *    `--synthetic-partitions` partitions each, behaviour configs on every topic and one difference in
 *    fifty (no cluster involved; default: the issue's 2,000 topics / 20,000 partitions);
 * 2. the live diff between the sandbox's two clusters, as `rollgate diff` does it in process:
 *    the pre-replication snapshot (capturePreReplicationSnapshot: both sides, registries, target
 *    writes) + diff, and for comparison the whole snapshot the gates take (captureSnapshot), on `--topics` × `--partitions` topics the bench
 *    creates on the source, with their copies created on the target under prefix naming (so the
 *    bench does not wait on MirrorMaker 2). Small by default: this machine is shared. The issue's
 *    size is `--topics 2000 --partitions 10`.
 * The snapshot reads every topic of both clusters (not only the plan's), so on a shared sandbox its
 * time includes everything else the clusters hold: the report says how much that is.
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/diff.bench.ts [--topics 100 --partitions 10 --runs 3 --keep]
 *   node bench/diff.bench.ts --live false [--synthetic-topics 2000 --synthetic-partitions 10]
 */
import { parseArgs } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { differencesOf, diffInventories, summarizeDiff } from '../src/diff/diff.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { behaviourConfigs } from '../src/kafka/topic-configs.ts'
import { type Plan, planSchema } from '../src/plan/schema.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { capturePreReplicationSnapshot, captureSnapshot } from '../src/snapshot/capture.ts'
import type { Inventory, InventoryTopic } from '../src/snapshot/inventory.ts'
import { median, timeMs } from './support.ts'

const { values: args } = parseArgs({
  options: {
    'topics': { type: 'string', default: '100' },
    'partitions': { type: 'string', default: '10' },
    'runs': { type: 'string', default: '3' },
    'synthetic-topics': { type: 'string', default: '2000' },
    'synthetic-partitions': { type: 'string', default: '10' },
    'live': { type: 'string', default: 'true' },
    'keep': { type: 'boolean', default: false },
  },
})
const topicCount = Number(args.topics)
const partitionsPerTopic = Number(args.partitions)
const runs = Number(args.runs)
const mb = (bytes: number) => Math.round(bytes / 1048576 * 10) / 10

function memory () {
  const m = process.memoryUsage()
  return { heapUsedMB: mb(m.heapUsed), rssMB: mb(m.rss), maxRssMB: mb(process.resourceUsage().maxRSS * 1024) }
}

function planOf (topics: string[] | { regex: string }, source: string[], target: string[], alias: string): Plan {
  return planSchema.parse({
    version: 1,
    clusters: { source: { bootstrap: source }, target: { bootstrap: target } },
    replication: { kind: 'mirrormaker2', naming: 'prefix', sourceAlias: alias },
    rollbackWindow: '72h',
    topics: [Array.isArray(topics) ? { names: topics, criticality: 'critical' } : { ...topics, criticality: 'critical' }],
    runbook: Object.fromEntries(['writeAuthority', 'criticalTopics', 'criticalGroups', 'schemaState', 'connectorSideEffects', 'clientSwitch', 'pointOfNoReturn']
      .map((k) => [k, { owner: 'bench', ticket: 'BENCH-1' }])),
    gates: { timeout: '300s' },
  })
}

/** Synthetic inventories: every behaviour config on every topic, one difference in fifty topics. */
function synthetic (topics: number, partitions: number): { plan: Plan, source: Inventory, target: Inventory } {
  const effective = Object.fromEntries(Object.keys(behaviourConfigs).map((name) => [name, '1000']))
  const make = (side: string, name: string, i: number): InventoryTopic => ({
    name, id: `${side}-${i}`, internal: false, partitionCount: partitions, replicationFactor: 3,
    configs: { 'retention.ms': { value: '1000', source: 'dynamic-topic' } },
    effectiveConfigs: side === 'target' && i % 50 === 0 ? { ...effective, 'retention.ms': '999' } : effective,
    partitions: Array.from({ length: partitions }, (_, partition) => ({ partition, leader: partition % 3, replicas: [0, 1, 2], isr: [0, 1, 2], earliest: 0, latest: 1_000_000 })),
  })
  const names = Array.from({ length: topics }, (_, i) => `t${String(i).padStart(5, '0')}`)
  const inventory = (side: string, list: InventoryTopic[]): Inventory => ({
    side, capturedAt: new Date().toISOString(), cluster: { clusterId: side, controllerId: 0, brokers: [] }, topics: list, groups: [], acls: [], quotas: [],
  })
  return {
    plan: planOf({ regex: '^t' }, ['s:9092'], ['t:9092'], 'src'),
    source: inventory('source', names.map((n, i) => make('source', n, i))),
    target: inventory('target', names.map((n, i) => make('target', `src.${n}`, i))),
  }
}

const result: Record<string, unknown> = { node: process.version }

// --- 1. the pure diff
{
  const topics = Number(args['synthetic-topics'])
  const partitions = Number(args['synthetic-partitions'])
  const before = process.memoryUsage().heapUsed
  const { plan, source, target } = synthetic(topics, partitions)
  const built = process.memoryUsage().heapUsed
  const times: number[] = []
  let differences = 0
  for (let i = 0; i < 5; i++) times.push(await timeMs(async () => { differences = summarizeDiff(diffInventories(plan, source, target)).counts.fail }))
  result.pure = {
    topics, partitions: topics * partitions, differences,
    diffMs: { median: Math.round(median(times) * 10) / 10, all: times.map((t) => Math.round(t * 10) / 10) },
    inventoriesHeapMB: mb(built - before),
    memory: memory(),
  }
}

// --- 2. the live diff between the sandbox's clusters
if (args.live !== 'false') {
  const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
  const sourceBootstrap = env.ROLLGATE_SOURCE_BOOTSTRAP!
  const targetBootstrap = env.ROLLGATE_TARGET_BOOTSTRAP!
  // a name of its own per run: a topic of an earlier run may still be being deleted
  const prefix = `bench-diff-${topicCount}x${partitionsPerTopic}-${Date.now().toString(36)}`
  const alias = 'benchdiff'
  const names = Array.from({ length: topicCount }, (_, i) => `${prefix}-t${String(i).padStart(4, '0')}`)
  const copies = names.map((n) => `${alias}.${n}`)
  const sourceAdmin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [sourceBootstrap], timeout: 120_000 })
  const targetAdmin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [targetBootstrap], timeout: 120_000 })
  const createMissing = async (admin: Admin, wanted: string[]) => {
    const existing = new Set(await admin.listTopics())
    const missing = wanted.filter((t) => !existing.has(t))
    for (let i = 0; i < missing.length; i += 100) {
      await admin.createTopics({ topics: missing.slice(i, i + 100), partitions: partitionsPerTopic, replicas: 1, configs: [{ name: 'retention.ms', value: '86400000' }] })
    }
  }
  try {
    const setup = await timeMs(async () => {
      await createMissing(sourceAdmin, names)
      await createMissing(targetAdmin, copies)
      // new partitions need a leader before ListOffsets answers for them
      for (const [side, bootstrap, wanted] of [['source', sourceBootstrap, names], ['target', targetBootstrap, copies]] as const) {
        const client = new ClusterClient({ name: side, bootstrap: [bootstrap], timeoutMs: 120_000 })
        try {
          // at 20,000 partitions a broker takes minutes to lay out the logs it accepted, answering
          // slowly or not at all meanwhile: wait, within a bound, rather than fail the setup
          const until = Date.now() + 20 * 60_000
          for (;;) {
            const described = await client.describeTopics([...wanted]).catch((error: unknown) => {
              if (Date.now() > until) throw error
              return []
            })
            if (described.length === wanted.length && described.every((t) => t.partitions.every((p) => p.leader >= 0))) break
            await new Promise((resolve) => setTimeout(resolve, 500))
          }
        } finally {
          await client.close()
        }
      }
    })
    const plan = planOf(names, [sourceBootstrap], [targetBootstrap], alias)
    // a partition created moments ago (ours, or MirrorMaker 2's identity copies of ours) answers
    // NOT_LEADER_OR_FOLLOWER for a while, and the inventory reads every partition of the cluster:
    // an incomplete snapshot is taken again, and only complete ones are timed
    let incomplete = 0
    const completeSnapshot = async (capture = capturePreReplicationSnapshot) => {
      for (let attempt = 1; ; attempt++) {
        let snapshot = null as Awaited<ReturnType<typeof captureSnapshot>> | null
        const ms = await timeMs(async () => { snapshot = await capture(plan, 'bench') })
        const { source, target } = snapshot!.sides
        if (source.status === 'ok' && target.status === 'ok') return { ms, source: source.inventory, target: target.inventory }
        incomplete++
        if (attempt === 600) throw new Error(`snapshot incomplete: ${[source, target].map((s) => ('error' in s ? s.error : 'ok')).join('; ')}`)
        await new Promise((resolve) => setTimeout(resolve, 2_000))
      }
    }
    const warmUp = await timeMs(() => completeSnapshot())
    const snapshotTimes: number[] = []
    const diffTimes: number[] = []
    let summary = null
    let sample = null
    let clusters = null
    for (let i = 0; i < runs; i++) {
      const { ms, source, target } = await completeSnapshot()
      snapshotTimes.push(ms)
      let report = null as ReturnType<typeof diffInventories> | null
      diffTimes.push(await timeMs(async () => { report = diffInventories(plan, source, target) }))
      summary = summarizeDiff(report!)
      sample = differencesOf(report!).slice(0, 3).map((d) => `${d.status} ${d.kind} ${d.subject}${d.key ? ` ${d.key}` : ''}: ${d.message}`)
      clusters = Object.fromEntries(([['source', source], ['target', target]] as const).map(([side, inventory]) =>
        [side, { topics: inventory.topics.length, partitions: inventory.topics.reduce((sum, t) => sum + t.partitionCount, 0), groups: inventory.groups.length }]))
    }
    // the whole snapshot the gates take, once, for comparison (replication health, producers, Connect…)
    const whole = await completeSnapshot(captureSnapshot)
    result.live = {
      wholeSnapshotMs: Math.round(whole.ms),
      planTopics: topicCount,
      planPartitions: topicCount * partitionsPerTopic,
      clusters,
      setupMs: Math.round(setup),
      warmUpMs: Math.round(warmUp),
      incompleteSnapshotsRetaken: incomplete,
      runs,
      snapshotMs: { median: Math.round(median(snapshotTimes)), all: snapshotTimes.map(Math.round) },
      diffMs: { median: Math.round(median(diffTimes) * 10) / 10, all: diffTimes.map((t) => Math.round(t * 10) / 10) },
      totalMs: Math.round(median(snapshotTimes) + median(diffTimes)),
      summary,
      sample,
      memory: memory(),
    }
  } finally {
    if (!args.keep) {
      for (let i = 0; i < names.length; i += 200) await sourceAdmin.deleteTopics({ topics: names.slice(i, i + 200) }).catch(() => {})
      // the plan's copies, and MirrorMaker 2's identity copies of the source topics
      // (twice: MirrorMaker 2 may still be creating copies it listed before the source topics went)
      for (const pass of [0, 1]) {
        if (pass) await new Promise((resolve) => setTimeout(resolve, 10_000))
        const onTarget = new Set(await targetAdmin.listTopics())
        const leftovers = [...copies, ...names].filter((t) => onTarget.has(t))
        for (let i = 0; i < leftovers.length; i += 200) await targetAdmin.deleteTopics({ topics: leftovers.slice(i, i + 200) }).catch(() => {})
      }
    }
    await Promise.all([sourceAdmin.close(), targetAdmin.close()])
  }
  // one more check that cleanup is what it says: nothing of the bench left unless --keep
  if (!args.keep) {
    const client = new ClusterClient({ name: 'source', bootstrap: [sourceBootstrap], timeoutMs: 60_000 })
    result.leftOnSource = (await client.listTopics()).filter((t) => t.startsWith(prefix)).length
    await client.close()
  }
}

process.stdout.write(JSON.stringify(result, null, 2) + '\n')
