/**
 * Integration: `rollgate diff`, the pre-replication gate's parity checks and `rollgate topics create`
 * on the sandbox, with scripted drift.
 *
 * MirrorMaker 2 copies every source topic to the target under its own name and syncs topic configs
 * every few seconds (reverting drift injected on those copies), so the drift test uses prefix naming
 * with a source alias of its own: the plan's copies (`<alias>.<topic>`) are topics MirrorMaker 2 never
 * writes, created and drifted here. The second test uses what MirrorMaker 2 itself leaves different
 * under identity naming: it does not copy message.timestamp.type (nor min.insync.replicas,
 * unclean.leader.election.enable), so a LogAppendTime source topic gets a CreateTime copy.
 *
 * The sandbox has no authorizer on either cluster (DescribeAcls answers SECURITY_DISABLED on both):
 * ACL parity is shown holding for that reason — nothing is enforced on either side — and said so;
 * binding-level ACL drift is covered by the unit tests (src/diff/acls.test.ts).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, test } from 'node:test'
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, sandbox, sleep, unique } from './support/sandbox.ts'

const dirs: string[] = []
const cleanups: Array<() => Promise<void>> = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

// the shared sandbox holds thousands of topics: a snapshot of it takes a while on a busy machine
const cliTimeout = 400_000

interface Difference { kind: string, subject: string, key: string | null, source: unknown, target: unknown, status: string, message: string, targetTopic?: string }
interface DiffJson {
  evidenceId: string
  snapshotId: string
  compared: boolean
  topics: Array<{ topic: string, targetTopic: string, differences: Difference[] }>
  acls: { status: string, note?: string | null, reason?: string }
  quotas: { status: string, differences: Difference[] }
  summary: { clean: boolean, counts: Record<string, number> }
}
interface GateJson { gate: string, status: string, evidenceId: string, checks: Array<{ id: string, status: string, subject: string, message: string, evidence: unknown }> }

function planFile (p: { source: string, target: string, topics: string[], naming: 'identity' | 'prefix', alias?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-diff-'))
  dirs.push(dir)
  const file = join(dir, 'rollgate.yaml')
  writeFileSync(file, `version: 1
name: diff integration test
clusters:
  source: { bootstrap: [${JSON.stringify(p.source)}] }
  target: { bootstrap: [${JSON.stringify(p.target)}] }
replication: { kind: mirrormaker2, naming: ${p.naming}${p.alias ? `, sourceAlias: ${p.alias}` : ''} }
rollbackWindow: 72h
topics:
  - names: [${p.topics.map((t) => JSON.stringify(t)).join(', ')}]
    criticality: critical
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate diff }
  criticalGroups: { owner: test-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 120s
`)
  return file
}

async function diff (plan: string, extra: string[] = []): Promise<{ code: number, json: DiffJson, stderr: string }> {
  const r = await rollgate(['diff', '--format', 'json', '--plan', plan, ...extra], { timeoutMs: cliTimeout })
  assert.ok(r.stdout.startsWith('{'), `diff printed no JSON (exit ${r.code}): ${r.stdout}${r.stderr}`)
  return { code: r.code, json: JSON.parse(r.stdout) as DiffJson, stderr: r.stderr }
}

async function preReplication (plan: string, evidenceId?: string): Promise<{ code: number, gate: GateJson }> {
  const r = await rollgate(['gate', 'pre-replication', '--format', 'json', '--plan', plan, ...(evidenceId ? ['--evidence', evidenceId] : [])], { timeoutMs: cliTimeout })
  assert.ok(r.stdout.startsWith('{'), `gate printed no JSON (exit ${r.code}): ${r.stdout}${r.stderr}`)
  return { code: r.code, gate: JSON.parse(r.stdout) as GateJson }
}

const allDifferences = (d: DiffJson): Difference[] => [...d.topics.flatMap((t) => t.differences), ...(d.quotas.status === 'compared' ? d.quotas.differences : [])]
const show = (d: Difference) => `${d.status} ${d.kind} ${d.subject}${d.key ? ` ${d.key}` : ''}: ${JSON.stringify(d.source)} -> ${JSON.stringify(d.target)}`

test('scripted drift (partitions, retention, cleanup policy, quota, missing topic) is reported by diff and fails pre-replication once per difference; corrected, the gate passes', { timeout: 1_500_000 }, async () => {
  const sb = sandbox()
  const base = unique('diff')
  const alias = unique('rgd').replace('-', '')
  const names = { parts: `${base}-parts`, retention: `${base}-retention`, cleanup: `${base}-cleanup`, missing: `${base}-missing` }
  const copy = (topic: string) => `${alias}.${topic}`
  const clientId = `${base}-client`
  const source = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source], timeout: 60_000 })
  const target = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.target], timeout: 60_000 })
  const quota = (value: number | null) => ({
    entries: [{ entities: [{ entityType: 'client-id' as const, entityName: clientId }], ops: [value === null ? { key: 'producer_byte_rate' as const, remove: true as const } : { key: 'producer_byte_rate' as const, value, remove: false as const }] }],
  })
  cleanups.push(async () => {
    const sourceTopics = Object.values(names)
    await source.deleteTopics({ topics: sourceTopics }).catch(() => {})
    // MirrorMaker 2's identity copies and the plan's prefixed copies
    const onTarget = new Set(await target.listTopics())
    const targetTopics = [...sourceTopics, ...sourceTopics.map(copy)].filter((t) => onTarget.has(t))
    if (targetTopics.length) await target.deleteTopics({ topics: targetTopics }).catch(() => {})
    await source.alterClientQuotas(quota(null)).catch(() => {})
    await target.alterClientQuotas(quota(null)).catch(() => {})
    await Promise.all([source.close(), target.close()])
  })

  // the source: defaults everywhere, except the topic that is missing on the target (its overrides must travel)
  await source.createTopics({ topics: [names.parts], partitions: 3, replicas: 1 })
  await source.createTopics({ topics: [names.retention, names.cleanup], partitions: 1, replicas: 1 })
  await source.createTopics({ topics: [names.missing], partitions: 2, replicas: 1, configs: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact' }] })
  await source.alterClientQuotas(quota(1_048_576))
  // the plan's copies, drifted: one partition short, a shorter retention, compaction instead of deletion
  await target.createTopics({ topics: [copy(names.parts)], partitions: 2, replicas: 1 })
  await target.createTopics({ topics: [copy(names.retention)], partitions: 1, replicas: 1, configs: [{ name: 'retention.ms', value: '86400000' }] })
  await target.createTopics({ topics: [copy(names.cleanup)], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] })

  const plan = planFile({ source: sb.source, target: sb.target, topics: Object.values(names), naming: 'prefix', alias })

  // --- diff: every difference with both values, exit 1
  const drifted = await diff(plan)
  assert.equal(drifted.code, 1, drifted.stderr)
  assert.equal(drifted.json.compared, true)
  const mine = allDifferences(drifted.json).filter((d) => d.subject.includes(base))
  assert.deepEqual(mine.map(show).sort(), [
    `fail config ${names.cleanup} cleanup.policy: "delete" -> "compact"`,
    `fail config ${names.retention} retention.ms: "604800000" -> "86400000"`,
    `fail partitions ${names.parts}: 3 -> 2`,
    `fail quota client-id=${clientId} producer_byte_rate: 1048576 -> null`,
    `fail topic-missing ${names.missing}: {"partitions":2,"replicationFactor":1} -> null`,
  ].sort())
  assert.ok(mine.filter((d) => d.kind !== 'quota').every((d) => d.targetTopic === copy(d.subject)), 'topics compared with their prefixed copies')
  // no authorizer on either cluster: ACL parity rests on that, and says so
  assert.equal(drifted.json.acls.status, 'compared')
  assert.match(drifted.json.acls.note ?? '', /neither cluster has an authorizer \(DescribeAcls: SECURITY_DISABLED on both\)/)
  // the table names the same differences with both values
  const table = await rollgate(['diff', '--evidence', drifted.json.snapshotId, '--plan', plan], { timeoutMs: cliTimeout })
  assert.equal(table.code, 1)
  assert.match(table.stdout, new RegExp(`^fail\\s+partitions\\s+${names.parts} -> ${copy(names.parts)}\\s+-\\s+3\\s+2\\s+source has 3 partition\\(s\\), target ${copy(names.parts)} has 2`, 'm'))
  assert.match(table.stdout, new RegExp(`^fail\\s+config\\s+${names.retention} -> ${copy(names.retention)}\\s+retention\\.ms\\s+604800000\\s+86400000\\s+retention\\.ms: source 604800000, target 86400000`, 'm'))

  // --- the gate on the same evidence: fails, one check per difference naming the object and both values
  const failing = await preReplication(plan, drifted.json.snapshotId)
  assert.equal(failing.code, 1)
  assert.equal(failing.gate.status, 'fail')
  const notPassing = failing.gate.checks.filter((c) => c.status !== 'pass')
  const about = (needle: string) => notPassing.filter((c) => c.subject.includes(needle))
  assert.deepEqual(notPassing.filter((c) => c.subject.includes(base)).map((c) => `${c.status} ${c.id} ${c.subject}`).sort(), [
    `fail parity.config ${names.cleanup}`,
    `fail parity.config ${names.retention}`,
    `fail parity.quota client-id=${clientId}`,
    `fail topics.critical-exist-on-target ${names.missing}`,
    `fail topics.partition-count-frozen ${names.parts}`,
  ].sort())
  assert.match(about(names.parts)[0]!.message, /source has 3 partition\(s\), target .* has 2/)
  assert.match(about(names.retention)[0]!.message, /retention\.ms: source 604800000, target 86400000/)
  assert.match(about(names.cleanup)[0]!.message, /cleanup\.policy: source delete, target compact/)
  assert.match(about(names.missing)[0]!.message, new RegExp(`expected ${copy(names.missing)} \\(naming prefix\\)`))
  assert.match(about(clientId)[0]!.message, /producer_byte_rate 1048576 on the source, none on the target/)
  assert.deepEqual(about(names.retention)[0]!.evidence, { key: 'retention.ms', source: '604800000', target: '86400000', targetTopic: copy(names.retention) })

  // --- topics create: a dry run changes nothing; --execute creates the missing copy, journaled; a re-run converges
  const dry = await rollgate(['topics', 'create', '--format', 'json', '--plan', plan], { timeoutMs: cliTimeout })
  assert.equal(dry.code, 0, dry.stdout + dry.stderr)
  const planned = JSON.parse(dry.stdout) as { execute: boolean, topics: Array<{ topic: string, targetTopic: string, status: string, partitions: number, configs: Record<string, string> }> }
  assert.deepEqual(planned.topics.map((t) => `${t.targetTopic} ${t.status}`).sort(), [
    `${copy(names.cleanup)} exists`, `${copy(names.missing)} would-create`, `${copy(names.parts)} exists`, `${copy(names.retention)} exists`,
  ].sort())
  assert.deepEqual(planned.topics.find((t) => t.topic === names.missing)?.configs, { 'cleanup.policy': 'compact', 'retention.ms': '3600000' })
  assert.ok(!(await target.listTopics()).includes(copy(names.missing)), 'a dry run creates nothing')

  // two runs that died after journaling their intent: one before CreateTopics (its topic is missing),
  // one after (its topic is there); the next run closes both with what the target shows
  const crashed = await openStateDir(join(dirname(plan), '.rollgate'), { actor: 'test: a run killed mid-way' })
  try {
    crashed.journal.append('intent', { actionId: 'crashed-before-create', action: 'topic.create', changes: [{ subject: `topic ${copy(names.missing)}`, before: null, after: { partitions: 2 } }] })
    crashed.journal.append('intent', { actionId: 'crashed-after-create', action: 'topic.create', changes: [{ subject: `topic ${copy(names.parts)}`, before: null, after: { partitions: 3 } }] })
  } finally {
    crashed.close()
  }

  const executed = await rollgate(['topics', 'create', '--execute', '--plan', plan], { timeoutMs: cliTimeout })
  assert.equal(executed.code, 0, executed.stdout + executed.stderr)
  assert.match(executed.stdout, new RegExp(`${names.missing}\\s+${copy(names.missing)}\\s+created\\s+2\\s+1\\s+cleanup\\.policy=compact,retention\\.ms=3600000`))
  assert.match(executed.stdout, /interrupted crashed-before-create .*closed: superseded by this run/)
  assert.match(executed.stdout, /interrupted crashed-after-create .*closed: the topic is on the target/)
  const log = await rollgate(['log', '--format', 'json', '--plan', plan])
  type LogEntry = { type: string, data: { action?: string, actionId?: string, ok?: boolean, changes?: Array<{ subject: string, before: unknown, after: unknown }> } }
  const entries = JSON.parse(log.stdout) as LogEntry[]
  const outcomeOf = (actionId: string) => entries.find((e) => e.type === 'outcome' && e.data.actionId === actionId)
  assert.equal(outcomeOf('crashed-before-create')?.data.ok, false)
  assert.equal(outcomeOf('crashed-after-create')?.data.ok, true)
  const intents = entries.filter((e) => e.type === 'intent' && e.data.action === 'topic.create' && !e.data.actionId!.startsWith('crashed'))
  assert.equal(intents.length, 1)
  assert.deepEqual(intents[0]!.data.changes, [{ subject: `topic ${copy(names.missing)}`, before: null, after: { partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } } }])
  const outcome = entries.findIndex((e) => e.type === 'outcome' && e.data.actionId === intents[0]!.data.actionId)
  assert.ok(outcome > entries.indexOf(intents[0]!) && entries[outcome]!.data.ok === true, 'intent journaled before, outcome ok after')

  const again = await rollgate(['topics', 'create', '--execute', '--format', 'json', '--plan', plan], { timeoutMs: cliTimeout })
  assert.equal(again.code, 0, again.stdout + again.stderr)
  const rerun = JSON.parse(again.stdout) as { counts: Record<string, number>, pending: unknown[] }
  assert.deepEqual(rerun.counts, { 'created': 0, 'would-create': 0, 'exists': 4, 'absent-on-source': 0, 'failed': 0 })
  assert.deepEqual(rerun.pending, [], 'nothing left pending')
  const relog = JSON.parse((await rollgate(['log', '--format', 'json', '--plan', plan])).stdout) as LogEntry[]
  assert.equal(relog.filter((e) => e.type === 'intent' && e.data.action === 'topic.create').length, 3, 'a converged re-run journals no new creation')

  // --- correct the rest: partitions added, overrides removed (the target's defaults equal the source's), the quota set
  await target.createPartitions({ topics: [{ name: copy(names.parts), count: 3 }] })
  await target.incrementalAlterConfigs({
    resources: [
      { resourceType: ConfigResourceTypes.TOPIC, resourceName: copy(names.retention), configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.DELETE }] },
      { resourceType: ConfigResourceTypes.TOPIC, resourceName: copy(names.cleanup), configs: [{ name: 'cleanup.policy', configOperation: IncrementalAlterConfigOperationTypes.DELETE }] },
    ],
  } as never)
  await target.alterClientQuotas(quota(1_048_576))

  const corrected = await diff(plan)
  const left = allDifferences(corrected.json).filter((d) => d.subject.includes(base))
  assert.deepEqual(left.map(show), [], 'every scripted difference corrected')
  const passing = await preReplication(plan, corrected.json.snapshotId)
  const blocking = passing.gate.checks.filter((c) => c.status !== 'pass' && c.status !== 'warn')
  assert.deepEqual(blocking.map((c) => `${c.status} ${c.id} ${c.subject}: ${c.message}`), [])
  assert.equal(passing.gate.status, 'pass')
  assert.equal(passing.code, 0)
  for (const id of ['parity.topics', 'parity.acl', 'parity.quota']) assert.ok(passing.gate.checks.some((c) => c.id === id && c.status === 'pass'), id)
  // the created copy carries the source's overrides: its configs compare equal
  assert.match(passing.gate.checks.find((c) => c.id === 'parity.topics' && c.subject === names.missing)!.message, new RegExp(`same on the target as ${copy(names.missing)}: 2 partition\\(s\\), replication factor 1, \\d+ behaviour config\\(s\\) equal`))
  // nothing differs any more (quotas are cluster-wide: this holds while no other test leaves one behind)
  assert.equal(corrected.code, 0, JSON.stringify(allDifferences(corrected.json).map(show)))
  assert.equal(corrected.json.summary.clean, true)
})

test('identity naming: MirrorMaker 2 leaves message.timestamp.type behind; diff and the gate name both values; set on the target, the gate passes', { timeout: 1_500_000 }, async () => {
  const sb = sandbox()
  const name = unique('diff-lat')
  const source = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source], timeout: 60_000 })
  const target = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.target], timeout: 60_000 })
  cleanups.push(async () => {
    await source.deleteTopics({ topics: [name] }).catch(() => {})
    await target.deleteTopics({ topics: [name] }).catch(() => {})
    await Promise.all([source.close(), target.close()])
  })
  await source.createTopics({ topics: [name], partitions: 2, replicas: 1, configs: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] })
  const targetClient = new ClusterClient({ name: 'target', bootstrap: [sb.target], timeoutMs: 60_000 })
  try {
    await eventually(`${name} copied by MirrorMaker 2`, 180_000, async () => ((await targetClient.listTopics()).includes(name) ? true : undefined))
  } finally {
    await targetClient.close()
  }
  const plan = planFile({ source: sb.source, target: sb.target, topics: [name], naming: 'identity' })

  const drifted = await diff(plan)
  assert.equal(drifted.code, 1)
  assert.deepEqual(drifted.json.topics.flatMap((t) => t.differences).map(show), [`fail config ${name} message.timestamp.type: "LogAppendTime" -> "CreateTime"`])
  const failing = await preReplication(plan, drifted.json.snapshotId)
  assert.equal(failing.gate.status, 'fail')
  const check = failing.gate.checks.filter((c) => c.status !== 'pass')
  assert.deepEqual(check.map((c) => `${c.status} ${c.id} ${c.subject}`).filter((l) => l.includes(name)), [`fail parity.config ${name}`])
  assert.match(check.find((c) => c.subject === name)!.message, /message\.timestamp\.type: source LogAppendTime, target CreateTime/)

  await target.incrementalAlterConfigs({
    resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: name, configs: [{ name: 'message.timestamp.type', value: 'LogAppendTime', configOperation: IncrementalAlterConfigOperationTypes.SET }] }],
  } as never)
  // past MirrorMaker 2's config sync interval (5 s): it does not sync this config, so it does not revert it
  await sleep(8_000)
  const passing = await preReplication(plan)
  assert.deepEqual(passing.gate.checks.filter((c) => c.status !== 'pass' && c.status !== 'warn').map((c) => `${c.status} ${c.id} ${c.subject}: ${c.message}`), [])
  assert.equal(passing.gate.status, 'pass')
  assert.equal(passing.code, 0)
})

test('a target that cannot be reached: diff compares nothing and exits 3 naming it; topics create exits 3 before journaling anything', { timeout: 400_000 }, async () => {
  const sb = sandbox()
  // nothing listens on port 9: what a stopped broker looks like to a client
  const plan = planFile({ source: sb.source, target: '127.0.0.1:9', topics: ['orders'], naming: 'identity' })
  const result = await diff(plan)
  assert.equal(result.code, 3, result.stderr)
  assert.equal(result.json.compared, false)
  const sides = (result.json as unknown as { sides: Array<{ side: string, status: string, error: string | null }> }).sides
  assert.deepEqual(sides.map((s) => `${s.side} ${s.status}`), ['source ok', 'target unreachable'])
  assert.match(sides[1]!.error ?? '', /target cluster: .*connection refused/)
  const create = await rollgate(['topics', 'create', '--execute', '--plan', plan], { timeoutMs: cliTimeout })
  assert.equal(create.code, 3)
  assert.match(create.stderr, /target cluster: cannot reach it/)
  const log = JSON.parse((await rollgate(['log', '--format', 'json', '--plan', plan])).stdout) as Array<{ type: string }>
  assert.ok(!log.some((e) => e.type === 'intent'), 'nothing journaled as about to change')
})
