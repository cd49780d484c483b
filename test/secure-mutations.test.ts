/**
 * @module test/secure-mutations
 * The README's least-privilege table for mutating commands, proven on the sandbox's secure cluster.
 * For each mutating command that runs against Kafka alone — `offsets apply`, `topics create`,
 * `rollback` (reset of the source groups, target-only writes copied back) — a SCRAM user of its own
 * holds exactly the README's read-only ACLs plus the command's listed ones, less one: `--execute`
 * fails naming that ACL (operation, resource) and leaves nothing half-applied without a record; with
 * the ACL granted, the same command succeeds and its effect is read back as the admin. `advance
 * --execute` (listed: none) runs as the rollback's principal while it holds only the read-only ACLs.
 * One cluster plays both sides (the target's copies are `source.<topic>`, written by the admin as
 * MirrorMaker 2 would, with its offset syncs).
 * The read-only ACLs are the README's `kafka-acls` lines (wildcards); the extra ones name only the
 * test's own topics and groups, so every grant is the narrowest the command can work with.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin, Producer } from '@platformatic/kafka'
import type { RollbackResult } from '../src/actions/rollback.ts'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { toClientOptions } from '../src/kafka/options.ts'
import { encodeOffsetSync } from '../src/replication/offset-sync.ts'
import { grantAcls, revokeAcls, upsertScramUser } from '../src/sandbox/secure-admin.ts'
import { type AclGrant, readOnlyAcls } from '../src/sandbox/secure-layout.ts'
import { type CliResult, rollgate } from './support/rollgate.ts'
import { eventually, unique } from './support/sandbox.ts'
import { adminConnection, createTopics, produceSame, scanForSecrets, type SecureSandbox, secretValues, secureSandbox } from './support/secure.ts'

const s: SecureSandbox = secureSandbox()
const admin = adminConnection(s)
const id = unique('mut')
const orders = `${id}-orders`
const copy = `source.${orders}`
const fresh = `${id}-fresh`
const freshCopy = `source.${fresh}`
const appGroup = `${id}-app`
const rollbackGroup = `${id}-rb`
/** the forward flow's target alias: names this test's own offset-syncs topic */
const alias = id
const syncsTopic = `mm2-offset-syncs.${alias}.internal`
const password = `${id}-pw-${Math.random().toString(36).slice(2)}`
const work = mkdtempSync(join(tmpdir(), 'rollgate-secure-mut-'))
const apiSecret = readFileSync(s.apiSecretFile, 'utf8').trim()
/** everything rollgate printed, for the secret scan */
const printed: Record<string, string> = {}
const tls = `tls: { ca: ${JSON.stringify(s.ca)} }`

/** `User:<user>` over SASL_SSL SCRAM-SHA-512, its password from the environment. */
const scramAs = (user: string) => `{ bootstrap: [${JSON.stringify(s.scram)}], security: { protocol: SASL_SSL, sasl: { mechanism: SCRAM-SHA-512, username: ${user}, password: "\${env:MUT_PASSWORD}" }, ${tls} } }`
const reader = `{ bootstrap: [${JSON.stringify(s.scram)}], security: { protocol: SASL_SSL, sasl: { mechanism: SCRAM-SHA-512, username: reader, password: "\${file:${s.readerPasswordFile}}" }, ${tls} } }`
const apiKey = `{ bootstrap: [${JSON.stringify(s.plain)}], security: { protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: "\${file:${s.apiKeyFile}}", password: "\${env:MUT_API_SECRET}" }, ${tls} } }`

/** A plan in a folder of its own (its state dir beside it). */
function writePlan (name: string, source: string, target: string, body: string): { plan: string, stateDir: string } {
  const dir = join(work, name)
  mkdirSync(dir, { recursive: true })
  const plan = join(dir, 'rollgate.yaml')
  writeFileSync(plan, `version: 1
name: secure mutations ${name}
clusters:
  source: ${source}
  target: ${target}
replication: { kind: mirrormaker2, naming: prefix, targetAlias: ${alias} }
rollbackWindow: 72h
${body}
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: app-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, ticket: MIG-3 }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 10s
`)
  return { plan, stateDir: join(dir, '.rollgate') }
}

async function cli (args: string[]): Promise<CliResult> {
  const t = Date.now()
  const r = await rollgate(args, { env: { MUT_PASSWORD: password, MUT_API_SECRET: apiSecret }, timeoutMs: 120_000 })
  console.log(`  rollgate ${args.filter((a) => !a.startsWith('/')).join(' ')}: exit ${r.code}, ${Date.now() - t} ms`)
  printed[`${Object.keys(printed).length}: rollgate ${args.join(' ')}`] = r.stdout + r.stderr
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .+:\d+:\d+/, `a stack trace:\n${r.stderr}`)
  return r
}

/** A SCRAM user holding exactly the README's read-only ACLs (its `kafka-acls` lines) and `extra`. */
async function principal (name: string, extra: AclGrant[]): Promise<string> {
  const user = `${id}-${name}`
  await upsertScramUser(admin, user, password)
  await grantAcls(admin, `User:${user}`, [...readOnlyAcls(), ...extra])
  return user
}

const topicAcl = (name: string, operation: AclGrant['operation']): AclGrant => ({ resourceType: 'TOPIC', resourceName: name, patternType: 'LITERAL', operation })
const groupAcl = (name: string, operation: AclGrant['operation']): AclGrant => ({ resourceType: 'GROUP', resourceName: name, patternType: 'LITERAL', operation })

interface JournalView { intents: Array<{ actionId: string, action: string }>, outcomes: Map<string, boolean>, phases: string[] }
async function journal (stateDir: string): Promise<JournalView> {
  const state = await openStateDir(stateDir, { readOnly: true })
  try {
    const entries = state.journal.entries()
    return {
      intents: entries.flatMap((e) => (e.type === 'intent' ? [{ actionId: e.data.actionId, action: e.data.action }] : [])),
      outcomes: new Map(entries.flatMap((e) => (e.type === 'outcome' ? [[e.data.actionId, e.data.ok] as const] : []))),
      phases: entries.flatMap((e) => (e.type === 'phase' ? [`${e.data.from}->${e.data.to}`] : [])),
    }
  } finally {
    state.close()
  }
}

async function asAdmin<T> (work: (client: ClusterClient) => Promise<T>): Promise<T> {
  const client = new ClusterClient(admin)
  try {
    return await work(client)
  } finally {
    await client.close()
  }
}

const committed = (group: string) => asAdmin(async (c) => (await c.committedOffsets([group])).get(group)?.map((o) => `${o.topic}-${o.partition}@${o.offset}`) ?? [])
const logEnds = (topic: string, partitions: number) => asAdmin(async (c) => (await c.offsets(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })), 'latest')).map((o) => o.offset))

before(async () => {
  await createTopics(admin, [
    { name: orders, partitions: 2 }, { name: copy, partitions: 2 },
    { name: fresh, partitions: 3, configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' } },
  ])
  const t0 = Date.now() - 60_000
  await produceSame(admin, [orders, copy], 2, 30, 'orders', t0)
  // MirrorMaker 2's offset syncs for the copy, as it writes them (one per record: the copy is 1:1)
  await createTopics(admin, [{ name: syncsTopic, partitions: 1, configs: { 'cleanup.policy': 'compact' } }])
  const writer = new Producer(toClientOptions(admin, 'rollgate-test-syncs'))
  try {
    await writer.send({ messages: [0, 1].flatMap((partition) => Array.from({ length: 30 }, (_, i) => ({
      topic: syncsTopic, partition: 0, ...encodeOffsetSync({ topic: orders, partition, upstreamOffset: BigInt(i), downstreamOffset: BigInt(i) }),
    }))) })
  } finally {
    await writer.close()
  }
  // the groups' positions on the source; the rollback group "moved" to the target and read further there
  await asAdmin((c) => eventually('the groups\' commits', 30_000, async () => {
    await c.commitOffsets(appGroup, [{ topic: orders, partition: 0, offset: 12 }, { topic: orders, partition: 1, offset: 20 }])
    await c.commitOffsets(rollbackGroup, [{ topic: copy, partition: 0, offset: 17 }, { topic: copy, partition: 1, offset: 23 }])
    return true
  }))
})

after(() => {
  rmSync(work, { recursive: true, force: true })
})

test('offsets apply --execute: READ on the group (beyond read-only); without it refused, named, nothing written', async () => {
  const user = await principal('apply', [])
  const { plan, stateDir } = writePlan('apply', reader, scramAs(user), `topics:
  - names: [${JSON.stringify(orders)}]
    criticality: critical
groups:
  - { name: ${appGroup}, strategy: exact, owner: app-team }`)
  const planned = await cli(['offsets', 'plan', '--plan', plan])
  assert.equal(planned.code, 0, planned.stdout + planned.stderr)

  const denied = await cli(['offsets', 'apply', '--execute', '--plan', plan])
  assert.equal(denied.code, 1, denied.stdout + denied.stderr)
  assert.match(denied.stdout + denied.stderr, new RegExp(`missing ACL READ on Group:${appGroup} \\(OffsetCommit: GROUP_AUTHORIZATION_FAILED, 30\\)`))
  assert.deepEqual((await committed(appGroup)).filter((o) => o.startsWith(copy)), [], 'nothing committed on the target copy')
  const j1 = await journal(stateDir)
  const applies = j1.intents.filter((i) => i.action === 'offsets.apply')
  assert.ok(applies.length > 0 && applies.every((i) => j1.outcomes.get(i.actionId) === false), 'the refused write is journaled with a failed outcome')

  await grantAcls(admin, `User:${user}`, [groupAcl(appGroup, 'READ')])
  const applied = await cli(['offsets', 'apply', '--execute', '--plan', plan])
  assert.equal(applied.code, 0, applied.stdout + applied.stderr)
  assert.deepEqual((await committed(appGroup)).filter((o) => o.startsWith(copy)), [`${copy}-0@12`, `${copy}-1@20`])
  const j2 = await journal(stateDir)
  assert.ok(j2.intents.every((i) => j2.outcomes.has(i.actionId)), 'every intent has an outcome')
})

test('topics create --execute: CREATE on the copy (beyond read-only); without it refused, named, nothing created', async () => {
  const user = await principal('create', [])
  const { plan, stateDir } = writePlan('create', reader, scramAs(user), `topics:
  - names: [${JSON.stringify(fresh)}]
    criticality: critical`)
  const denied = await cli(['topics', 'create', '--execute', '--plan', plan])
  assert.equal(denied.code, 1, denied.stdout + denied.stderr)
  assert.match(denied.stdout + denied.stderr, new RegExp(`missing ACL CREATE on Topic:${freshCopy.replaceAll('.', '\\.')} \\(CreateTopics: TOPIC_AUTHORIZATION_FAILED, 29\\)`))
  assert.ok(!(await asAdmin((c) => c.listTopics())).includes(freshCopy), 'nothing created')
  const j1 = await journal(stateDir)
  assert.ok(j1.intents.length === 1 && j1.outcomes.get(j1.intents[0]!.actionId) === false, 'the refused creation is journaled with a failed outcome')

  await grantAcls(admin, `User:${user}`, [topicAcl(freshCopy, 'CREATE')])
  const created = await cli(['topics', 'create', '--execute', '--plan', plan])
  assert.equal(created.code, 0, created.stdout + created.stderr)
  const [info] = await asAdmin((c) => c.describeTopics([freshCopy]))
  assert.equal(info?.partitions.length, 3)
  const configs = await asAdmin((c) => c.topicConfigs([freshCopy], { nonDefaultOnly: true }))
  assert.equal(configs.get(freshCopy)?.find((e) => e.name === 'retention.ms')?.value, '86400000', 'the source\'s configs are copied')
})

test('rollback --execute --replay-target-writes: READ on the groups, WRITE on the source topics; each missing one named, nothing half-applied', async () => {
  const user = await principal('rollback', [])
  const { plan, stateDir } = writePlan('rollback', scramAs(user), apiKey, `topics:
  - names: [${JSON.stringify(orders)}]
    criticality: critical
groups:
  - { name: ${rollbackGroup}, strategy: exact, owner: app-team }`)
  // advance --execute needs nothing beyond read-only (the journal is local; its snapshot reads): this principal has only that yet
  for (const phase of ['replicating', 'shadow-read', 'producers-on-target']) {
    const moved = await cli(['advance', phase, '--execute', '--force', '--reason', 'test: the gates are not under test', '--plan', plan])
    assert.equal(moved.code, 0, moved.stdout + moved.stderr)
  }
  // written to the target only, after producer cutover
  await produceSame(admin, [copy], 2, 5, 'target-only', Date.now())
  const rollback = ['rollback', '--execute', '--replay-target-writes', '--format', 'json', '--plan', plan]

  const pending = (j: JournalView) => j.intents.filter((i) => !j.outcomes.has(i.actionId)).map((i) => i.action)
  const stepOf = (r: CliResult, step: string) => (JSON.parse(r.stdout) as RollbackResult).steps.find((x) => x.step === step)

  // 1. no READ on the group: the reset is refused, named; nothing is copied back, the phase stays
  const noRead = await cli(rollback)
  assert.equal(noRead.code, 1, noRead.stdout + noRead.stderr)
  assert.equal(stepOf(noRead, 'reset source groups')?.status, 'refused', noRead.stdout)
  assert.match(stepOf(noRead, 'reset source groups')?.detail ?? '', new RegExp(`missing ACL READ on Group:${rollbackGroup} \\(OffsetCommit: GROUP_AUTHORIZATION_FAILED, 30\\)`))
  assert.equal(stepOf(noRead, 'target-only writes')?.status, 'skipped', 'no copy back while the groups are not in place')
  assert.deepEqual(await logEnds(orders, 2), [30, 30], 'nothing written to the source')
  assert.deepEqual((await committed(rollbackGroup)).filter((o) => o.startsWith(`${orders}-`)), [], 'the source group untouched')
  const j1 = await journal(stateDir)
  assert.deepEqual(pending(j1), [], 'every intent has an outcome')
  assert.equal(j1.phases.at(-1), 'shadow-read->producers-on-target')

  // one cluster plays both sides: the source group's commits are the "target" group's too; a real
  // target has none on the source's topic names — remove them after a reset, as a re-run then finds it
  const forgetSourceCommits = () => asAdmin(async () => {
    const client = new Admin(toClientOptions(admin, 'rollgate-test-admin'))
    try { await client.deleteConsumerGroupOffsets({ groupId: rollbackGroup, topics: [{ name: orders, partitionIndexes: [0, 1] }] }) } finally { await client.close() }
  })
  const refusedCopy = async (r: CliResult, acl: RegExp) => {
    assert.equal(r.code, 1, r.stdout + r.stderr)
    assert.match(r.stderr, acl)
    assert.deepEqual(await logEnds(orders, 2), [30, 30], 'nothing written to the source')
    assert.deepEqual((await committed(rollbackGroup)).filter((o) => o.startsWith(`${orders}-`)), [`${orders}-0@17`, `${orders}-1@23`], 'the groups were reset first')
    const j = await journal(stateDir)
    // the refused copy has its failed outcome; the rollback as a whole is left pending: the next run resumes it
    assert.deepEqual(pending(j), ['rollback'])
    assert.ok(j.intents.some((i) => i.action === 'records.copy-back' && j.outcomes.get(i.actionId) === false))
    assert.equal(j.phases.at(-1), 'shadow-read->producers-on-target')
    await forgetSourceCommits()
  }

  // 2. READ on the group, no WRITE at all: the groups are reset (journaled); the idempotent producer is refused, named
  await grantAcls(admin, `User:${user}`, [groupAcl(rollbackGroup, 'READ')])
  await refusedCopy(await cli(rollback), new RegExp(`not authorized for Produce to ${orders}: missing ACL IDEMPOTENT_WRITE on Cluster:kafka-cluster or WRITE on the topics it writes .*\\(InitProducerId: CLUSTER_AUTHORIZATION_FAILED, 31\\)`))
  // 2b. WRITE on some other topic only (so the producer starts): the write itself is refused, the topic named
  await grantAcls(admin, `User:${user}`, [topicAcl(`${id}-elsewhere`, 'WRITE')])
  await refusedCopy(await cli(rollback), new RegExp(`missing ACL WRITE on Topic:${orders} \\(Produce: TOPIC_AUTHORIZATION_FAILED, 29\\)`))
  await revokeAcls(admin, `User:${user}`, [topicAcl(`${id}-elsewhere`, 'WRITE')])

  // 3. WRITE on the source topic (no IDEMPOTENT_WRITE: Write on a topic implies it, KIP-679): the re-run resumes and completes
  await grantAcls(admin, `User:${user}`, [topicAcl(orders, 'WRITE')])
  const done = await cli(rollback)
  assert.equal(done.code, 0, done.stdout + done.stderr)
  const result = JSON.parse(done.stdout) as RollbackResult
  assert.ok(result.resumed?.startsWith('rollback-'), 'the interrupted rollback is resumed')
  assert.match(stepOf(done, 'target-only writes')?.detail ?? '', /^10 record\(s\) copied back/)
  assert.deepEqual(await logEnds(orders, 2), [35, 35])
  const copiedBack = await asAdmin(async (c) => {
    const reader = c.rangeReader()
    try {
      const values: string[] = []
      for (const partition of [0, 1]) for await (const r of reader.read(orders, partition, 30, 35)) values.push(r.value?.toString() ?? '')
      return values
    } finally {
      await reader.close()
    }
  })
  assert.deepEqual(copiedBack, [0, 1].flatMap((p) => Array.from({ length: 5 }, (_, i) => `target-only/${p}/${i}`)), 'the target-only writes, in order')
  assert.deepEqual((await committed(rollbackGroup)).filter((o) => o.startsWith(`${orders}-`)), [`${orders}-0@17`, `${orders}-1@23`])
  const j3 = await journal(stateDir)
  assert.deepEqual(pending(j3), [], 'every intent has an outcome')
  assert.equal(j3.phases.at(-1), 'producers-on-target->replicating')
})

test('no secret in what the mutating commands wrote or printed', () => {
  const { hits, bytesScanned, files } = scanForSecrets(secretValues(s, [password]), [work], printed)
  console.log(`secret scan: ${files} files + ${Object.keys(printed).length} outputs, ${bytesScanned} bytes`)
  assert.deepEqual(hits, [])
  assert.ok(files > 10 && Object.keys(printed).length >= 12)
})
