/**
 * @module demo/demo
 * The README's demo: a rollback-first migration on the local sandbox, told step by step. Each
 * capability adds its steps here; every step runs the real `rollgate` commands against real clusters.
 */
import { ClusterClient } from '../kafka/cluster-client.ts'
import { main as rollgate } from '../cli/main.ts'
import { targetTopicName } from '../sandbox/layout.ts'
import { sandboxUp } from '../sandbox/sandbox.ts'
import { consumeAndCommit, produceSequenced } from '../sandbox/traffic.ts'
import { ExitCode, RollgateError } from '../errors.ts'

const demoTopics = [
  { name: 'orders', partitions: 6, records: 6_000, configs: { 'retention.ms': String(7 * 24 * 3600_000) } },
  { name: 'payments', partitions: 3, records: 1_500, configs: { 'min.insync.replicas': '1' } },
  { name: 'inventory-events', partitions: 2, records: 800, configs: { 'cleanup.policy': 'compact' } },
]
const demoGroups = [
  { id: 'billing', topics: ['orders'], records: Infinity },
  { id: 'fulfillment', topics: ['orders'], records: 3_600 },
  { id: 'payments-audit', topics: ['payments'], records: Infinity },
]

const step = (n: number, total: number, text: string) => process.stdout.write(`\n\x1b[1m[${n}/${total}] ${text}\x1b[0m\n`)
const say = (text: string) => process.stdout.write(`    ${text}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function run (args: string[]): Promise<number> {
  process.stdout.write(`\n$ rollgate ${args.join(' ')}\n`)
  return rollgate(args)
}

async function ensureTopics (client: ClusterClient, bootstrap: string): Promise<boolean> {
  const { Admin } = await import('@platformatic/kafka')
  const existing = new Set(await client.listTopics())
  const missing = demoTopics.filter((t) => !existing.has(t.name))
  if (missing.length === 0) return false
  const admin = new Admin({ clientId: 'rollgate-demo', bootstrapBrokers: [bootstrap] })
  try {
    for (const t of missing) {
      await admin.createTopics({ topics: [t.name], partitions: t.partitions, replicas: 1 })
      await admin.incrementalAlterConfigs({
        resources: [{ resourceType: 2, resourceName: t.name, configs: Object.entries(t.configs).map(([name, value]) => ({ name, value, configOperation: 0 })) }],
      })
    }
  } finally {
    await admin.close()
  }
  return true
}

/** Waits until every demo topic's copy on the target holds as many records as the source. */
async function waitForReplication (source: ClusterClient, target: ClusterClient, naming: 'identity' | 'prefix', timeoutMs: number): Promise<number> {
  const t0 = Date.now()
  const partitions = demoTopics.flatMap((t) => Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition })))
  const want = await source.offsets(partitions, 'latest')
  const total = (offsets: Array<{ offset: number }>) => offsets.reduce((s, o) => s + o.offset, 0)
  for (;;) {
    const names = new Set(await target.listTopics())
    const copies = partitions.map((p) => ({ topic: targetTopicName(naming, p.topic), partition: p.partition }))
    if (copies.every((c) => names.has(c.topic))) {
      const have = await target.offsets(copies, 'latest')
      // MirrorMaker 2 may duplicate on retries, never lose: the copy holds at least the source's records
      if (total(have) >= total(want)) return (Date.now() - t0) / 1000
    }
    if (Date.now() - t0 > timeoutMs) throw new RollgateError('RG_DEMO_REPLICATION', `MirrorMaker 2 did not replicate the demo topics within ${timeoutMs / 1000} s; see the sandbox logs`, ExitCode.refused)
    await sleep(500)
  }
}

async function waitForGroupSync (target: ClusterClient, groups: string[], timeoutMs: number): Promise<number> {
  const t0 = Date.now()
  for (;;) {
    const committed = await target.committedOffsets(groups)
    if (groups.every((g) => (committed.get(g)?.length ?? 0) > 0)) return (Date.now() - t0) / 1000
    if (Date.now() - t0 > timeoutMs) return -1
    await sleep(500)
  }
}

export async function demo (): Promise<number> {
  const total = 5
  step(1, total, 'Sandbox: source and target Kafka (KRaft), MirrorMaker 2, a schema registry and Connect per side')
  const up = await sandboxUp({ log: (line) => say(line) })
  const { layout } = up
  say(`up in ${up.seconds.toFixed(1)} s — source ${layout.source.bootstrap}, target ${layout.target.bootstrap}, MirrorMaker 2 naming: ${layout.naming}`)
  say(`plan for the sandbox: ${layout.planFile}`)

  const source = new ClusterClient({ name: 'source', bootstrap: [layout.source.bootstrap] })
  const target = new ClusterClient({ name: 'target', bootstrap: [layout.target.bootstrap] })
  try {
    step(2, total, 'Production traffic on the source (the cluster that owns writes in phase `prepare`)')
    const created = await ensureTopics(source, layout.source.bootstrap)
    say(created ? `created ${demoTopics.map((t) => `${t.name} (${t.partitions} partitions)`).join(', ')}` : 'demo topics already exist: adding more traffic')
    const sent = await produceSequenced(layout.source.bootstrap, demoTopics.flatMap((t) =>
      Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition, count: Math.round(t.records / t.partitions) }))))
    say(`produced ${sent} records with acks=all`)

    step(3, total, 'Consumer groups that really consume and commit on the source')
    for (const g of demoGroups) {
      const n = await consumeAndCommit(layout.source.bootstrap, g.id, g.topics, g.records, { idleMs: 2_000 })
      say(`${g.id}: consumed and committed ${n} records of ${g.topics.join(', ')}`)
    }

    step(4, total, 'MirrorMaker 2 replicates source → target, with offset syncs and checkpoints')
    const seconds = await waitForReplication(source, target, layout.naming, 120_000)
    say(`every demo record is on the target (waited ${seconds.toFixed(1)} s after the consumers finished)`)
    const synced = await waitForGroupSync(target, demoGroups.map((g) => g.id), 60_000)
    say(synced >= 0 ? `MirrorMaker 2 translated the groups' offsets onto the target (waited ${synced.toFixed(1)} s)`
      : 'MirrorMaker 2 has not yet written the groups\' offsets to the target (they are Empty groups; it will)')
  } finally {
    await Promise.all([source.close(), target.close()])
  }

  step(5, total, 'Inventory of both sides, read by rollgate (batched admin calls, no consumer group joined)')
  for (const side of ['source', 'target']) {
    const code = await run(['inventory', '--side', side, '--plan', layout.planFile])
    if (code !== 0) return code
  }
  process.stdout.write('\nThe sandbox keeps running: `eval "$(./scripts/rollgate.sh sandbox env)"` to use it, ' +
    '`./scripts/rollgate.sh sandbox down` to stop it.\n')
  return 0
}

if (import.meta.main) {
  try {
    process.exitCode = await demo()
  } catch (error) {
    const { reportFailure } = await import('../cli/main.ts')
    process.exitCode = reportFailure(error)
  }
}
