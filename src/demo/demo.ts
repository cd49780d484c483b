/**
 * @module demo/demo
 * The README's demo: a rollback-first migration on the local sandbox, told step by step. Each
 * capability adds its steps here; every step runs the real `rollgate` commands against real clusters.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { main as rollgate } from '../cli/main.ts'
import { defaultStateDir, openStateDir } from '../journal/index.ts'
import { rehearse } from '../rehearse/rehearse.ts'
import { renderRehearsal } from '../rehearse/report.ts'
import { reverseFlow, type SandboxLayout, targetTopicName } from '../sandbox/layout.ts'
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
  const total = 11
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

  // a fresh migration each run: its own plan and journal beside the sandbox
  const dir = join(layout.dir, 'demo')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const plan = join(dir, 'rollgate.yaml')

  step(6, total, 'The plan: discovered from both clusters, then owned by the team')
  await run(['init', '--source-bootstrap', layout.source.bootstrap, '--target-bootstrap', layout.target.bootstrap,
    '--source-registry', layout.source.registryUrl, '--source-connect', layout.source.connectUrl, '--plan', join(dir, 'discovered.yaml')])
  say('init leaves TODO owners on purpose: the gates refuse them. The team\'s plan fills them in:')
  writeFileSync(plan, demoPlan(layout))
  say(plan)
  if (await run(['validate', '--plan', plan]) !== 0) return ExitCode.badInput

  step(7, total, 'Evidence and the first gate: is the target ready before anything moves?')
  await run(['diff', '--plan', plan])
  await run(['snapshot', '--plan', plan])
  await run(['gate', 'pre-replication', '--plan', plan])
  await run(['advance', 'replicating', '--execute', '--plan', plan])

  step(8, total, 'The offset boundary: each group\'s position on the target, proven — MirrorMaker 2\'s checkpoint beside it')
  await run(['offsets', 'translate', '--plan', plan])
  say('fulfillment (strategy exact) lands on the copy of its last processed record, proven by content: zero replay.')
  say('MirrorMaker 2\'s own checkpoint (MM2-CHECKPOINT) would have it re-read every record since the last offset sync.')
  await run(['offsets', 'translate', '--direction', 'target-to-source', '--plan', plan])

  step(9, total, 'Shadow read: every record of the critical topics compared on both clusters, read-only (no group joined)')
  await run(['verify', '--plan', plan, '--progress', 'none'])

  step(10, total, 'All six gates, the migration\'s status and its runbook')
  await run(['gate', '--all', '--format', 'markdown', '--plan', plan])
  await run(['status', '--plan', plan])
  await run(['runbook', '--output', join(dir, 'runbook.md'), '--plan', plan])
  await run(['runbook', '--format', 'html', '--output', join(dir, 'runbook.html'), '--plan', plan])
  await run(['journal', 'verify', '--plan', plan])

  step(11, total, 'Game day: the consumer moves to the target, producers follow, then a rollback is forced mid-stream — measured')
  say('rehearsed as the plan\'s group billing (its maxReplay is the objective), after producer cutover: the target\'s writes reach')
  say(`the source through the sandbox's reverse MirrorMaker 2 flow (${reverseFlow.topics} -> ${reverseFlow.sourceAlias}.…); a non-idempotent SQLite sink`)
  process.stdout.write('\n$ rollgate rehearse --mode after-cutover --sink insert --records 1000 --group billing\n')
  const state = await openStateDir(defaultStateDir(plan))
  try {
    const rehearsal = await rehearse({
      planText: readFileSync(plan, 'utf8'), planDir: dir, state, mode: 'after-cutover', sink: 'insert', records: 1000, partitions: 3,
      rate: 400, processRate: 250, commitEvery: 100, sabotageAhead: null, group: 'billing',
      reverseFlow: { sourceAlias: reverseFlow.sourceAlias, targetAlias: reverseFlow.targetAlias, separator: '.' },
      topicPrefix: 'rb-', groupPrefix: 'connect-rb-', schema: true, log: say,
    })
    process.stdout.write(`\n${renderRehearsal(rehearsal)}`)
  } finally {
    state.close()
  }

  process.stdout.write('\nThe sandbox keeps running: `eval "$(./scripts/rollgate.sh sandbox env)"` to use it, ' +
    '`./scripts/rollgate.sh sandbox down` to stop it.\n' +
    `The demo's plan, journal and runbook are in ${dir}.\n`)
  return 0
}

/** The team's plan for the demo topics and groups, every field owned. */
function demoPlan (layout: SandboxLayout): string {
  const side = (s: SandboxLayout['source']) => `{ bootstrap: [${JSON.stringify(s.bootstrap)}], schemaRegistry: { url: ${JSON.stringify(s.registryUrl)} }, connect: { urls: [${JSON.stringify(s.connectUrl)}] } }`
  return `# The demo migration's plan: what \`rollgate init\` discovered, owned and decided by the team.
version: 1
name: demo orders platform
clusters:
  source: ${side(layout.source)}
  target: ${side(layout.target)}
replication: { kind: mirrormaker2, naming: ${layout.naming} }
rollbackWindow: 72h
topics:
  - names: [orders, payments]
    criticality: critical
  - names: [inventory-events]
groups:
  - { name: billing, strategy: translate, owner: billing-team, maxReplay: { records: 5000 } }
  - { name: fulfillment, strategy: exact, owner: fulfillment-team }
  - { name: payments-audit, strategy: timestamp, owner: payments-team }
clients:
  - { name: checkout, owner: checkout-team, switchToTarget: "echo switch checkout to target", switchToSource: "echo switch checkout to source" }
# after producer cutover, the target's own writes reach the source through the reverse MirrorMaker 2 flow
rollback: { owner: platform-team, targetOnlyWrites: reverse-replicate, reverseFlow: "${reverseFlow.sourceAlias}->${reverseFlow.targetAlias}" }
runbook:
  writeAuthority: { owner: platform-team, command: rollgate status }
  criticalTopics: { owner: platform-team, command: rollgate gate replication }
  criticalGroups: { owner: platform-team, command: rollgate offsets translate }
  schemaState: { owner: data-team, ticket: DEMO-1 }
  connectorSideEffects: { owner: data-team, ticket: DEMO-2 }
  clientSwitch: { owner: checkout-team, command: "echo switch checkout to target" }
  pointOfNoReturn: { owner: head-of-platform, ticket: DEMO-3, note: the exit gate passes and the source stops being written }
`
}

if (import.meta.main) {
  try {
    process.exitCode = await demo()
  } catch (error) {
    const { reportFailure } = await import('../cli/main.ts')
    process.exitCode = reportFailure(error)
  }
}
