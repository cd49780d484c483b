/**
 * @module test/secure
 * rollgate against the sandbox's secure cluster (`sandbox up --secure`): every read-only command
 * as the read-only principals — source over SASL_SSL SCRAM-SHA-512 (`reader`), target over SASL_SSL
 * PLAIN with an API key and secret, as Confluent Cloud issues them, and the reader's client
 * certificate over mTLS. Both sides are the one secure cluster: the target's "copies" are
 * `source.<topic>` (prefix naming) with the same records, written by the admin as MirrorMaker 2 would.
 * A principal lacking one ACL gets the missing ACL named and `unknown` checks, never `pass`; the
 * read-only principal cannot apply offsets. Last, every byte rollgate wrote or printed is scanned
 * for every secret value.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { grantAcls, upsertScramUser } from '../src/sandbox/secure-admin.ts'
import { type AclGrant, readOnlyAcls } from '../src/sandbox/secure-layout.ts'
import { type CliResult, rollgate } from './support/rollgate.ts'
import { eventually, unique } from './support/sandbox.ts'
import { dashboardPaths, fetchDashboard } from './support/dashboard-fetch.ts'
import { adminConnection, createTopics, produceSame, scanForSecrets, type SecureSandbox, secretValues, secureSandbox } from './support/secure.ts'

const s: SecureSandbox = secureSandbox()
const admin = adminConnection(s)
const id = unique('sec')
const orders = `${id}-orders`
const payments = `${id}-payments`
const appGroup = `${id}-app`
const billingGroup = `${id}-billing`
const limitedUser = `${id}-limited`
const limitedPassword = `${id}-pw-${Math.random().toString(36).slice(2)}`
const work = mkdtempSync(join(tmpdir(), 'rollgate-secure-'))
/** everything rollgate printed, by command, for the secret scan */
const printed: Record<string, string> = {}

interface Side { bootstrap: string, security: string }
const tls = `tls: { ca: ${JSON.stringify(s.ca)} }`
const scramReader: Side = { bootstrap: s.scram, security: `{ protocol: SASL_SSL, sasl: { mechanism: SCRAM-SHA-512, username: reader, password: "\${file:${s.readerPasswordFile}}" }, ${tls} }` }
const plainApiKey: Side = { bootstrap: s.plain, security: `{ protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: "\${file:${s.apiKeyFile}}", password: "\${env:SECURE_API_SECRET}" }, ${tls} }` }
const mtlsReader: Side = { bootstrap: s.mtls, security: `{ protocol: SSL, tls: { ca: ${JSON.stringify(s.ca)}, cert: ${JSON.stringify(s.readerCert)}, key: ${JSON.stringify(s.readerKey)} } }` }
const scramLimited: Side = { bootstrap: s.scram, security: `{ protocol: SASL_SSL, sasl: { mechanism: SCRAM-SHA-512, username: ${limitedUser}, password: "\${env:LIMITED_PASSWORD}" }, ${tls} }` }

/** A plan in a folder of its own (its state dir beside it); the API secret and limited password come from the environment. */
function writeSecurePlan (name: string, source: Side, target: Side): string {
  const dir = join(work, name)
  const file = join(dir, 'rollgate.yaml')
  mkdirSync(dir, { recursive: true })
  writeFileSync(file, `version: 1
name: secure ${name}
clusters:
  source: { bootstrap: [${JSON.stringify(source.bootstrap)}], security: ${source.security} }
  target: { bootstrap: [${JSON.stringify(target.bootstrap)}], security: ${target.security} }
replication: { kind: mirrormaker2, naming: prefix }
rollbackWindow: 72h
topics:
  - names: [${JSON.stringify(orders)}, ${JSON.stringify(payments)}]
    criticality: critical
groups:
  - { name: ${appGroup}, strategy: exact, owner: app-team }
  - { name: ${billingGroup}, strategy: timestamp, owner: billing-team }
invariants:
  # a hook that prints a secret: its captured output must be redacted everywhere
  - name: leaky-probe
    owner: app-team
    source: { command: "cat ${s.readerPasswordFile}; echo; echo 40" }
    target: { command: "echo 40" }
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: app-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 10s
`)
  return file
}

const env = () => ({ SECURE_API_SECRET: readFileSync(s.apiSecretFile, 'utf8').trim(), LIMITED_PASSWORD: limitedPassword })

async function cli (label: string, args: string[]): Promise<CliResult> {
  const result = await rollgate(args, { env: env(), timeoutMs: 120_000 })
  printed[`${label}: rollgate ${args.join(' ')}`] = result.stdout + result.stderr
  return result
}

const noDenial = (r: CliResult, what: string) => {
  assert.doesNotMatch(r.stdout + r.stderr, /not authorized|AUTHORIZATION_FAILED|authentication failed/i, `${what} was refused:\n${r.stdout}\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, `${what} printed a stack trace:\n${r.stderr}`)
}

before(async () => {
  await createTopics(admin, [
    { name: orders, partitions: 2 }, { name: `source.${orders}`, partitions: 2 },
    { name: payments, partitions: 1, configs: { 'retention.ms': '86400000' } }, { name: `source.${payments}`, partitions: 1, configs: { 'retention.ms': '86400000' } },
  ])
  const t0 = Date.now() - 60_000
  await produceSame(admin, [orders, `source.${orders}`], 2, 30, 'orders', t0)
  await produceSame(admin, [payments, `source.${payments}`], 1, 10, 'payments', t0)
  const client = new ClusterClient(admin)
  try {
    // the first commit on a fresh cluster may meet __consumer_offsets still loading
    await eventually('the groups\' commits', 30_000, async () => {
      await client.commitOffsets(appGroup, [{ topic: orders, partition: 0, offset: 12 }, { topic: orders, partition: 1, offset: 20 }])
      await client.commitOffsets(billingGroup, [{ topic: payments, partition: 0, offset: 7 }])
      return true
    })
  } finally {
    await client.close()
  }
  // a principal with the read-only ACLs but for one: DescribeConfigs on payments, Describe on the billing group
  const limited: AclGrant[] = [
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'DESCRIBE' },
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'DESCRIBE_CONFIGS' },
    ...readOnlyAcls(`${id}-`, appGroup).filter((g) => !(g.resourceType === 'TOPIC' && g.operation === 'DESCRIBE_CONFIGS') && g.resourceType !== 'GROUP' && g.resourceType !== 'CLUSTER')
      .map((g) => ({ ...g, patternType: 'PREFIXED' as const })),
    { resourceType: 'TOPIC', resourceName: 'source.', patternType: 'PREFIXED', operation: 'DESCRIBE' },
    { resourceType: 'TOPIC', resourceName: 'source.', patternType: 'PREFIXED', operation: 'READ' },
    { resourceType: 'TOPIC', resourceName: 'source.', patternType: 'PREFIXED', operation: 'DESCRIBE_CONFIGS' },
    { resourceType: 'TOPIC', resourceName: orders, patternType: 'LITERAL', operation: 'DESCRIBE_CONFIGS' },
    { resourceType: 'GROUP', resourceName: appGroup, patternType: 'LITERAL', operation: 'DESCRIBE' },
  ]
  await upsertScramUser(admin, limitedUser, limitedPassword)
  await grantAcls(admin, `User:${limitedUser}`, limited)
})

after(() => {
  rmSync(work, { recursive: true, force: true })
})

test('sandbox env prints the secure endpoints and file paths, never a secret; the secret files are 0600', async () => {
  const r = await cli('env', ['sandbox', 'env'])
  assert.equal(r.code, 0, r.stderr)
  for (const key of ['ROLLGATE_SECURE_SCRAM_BOOTSTRAP', 'ROLLGATE_SECURE_PLAIN_BOOTSTRAP', 'ROLLGATE_SECURE_MTLS_BOOTSTRAP', 'ROLLGATE_SECURE_READER_PASSWORD_FILE', 'ROLLGATE_SECURE_API_SECRET_FILE']) {
    assert.match(r.stdout, new RegExp(`export ${key}='`), key)
  }
  for (const file of [s.readerPasswordFile, s.adminPasswordFile, s.apiSecretFile, s.apiKeyFile, s.adminKey, s.readerKey]) {
    assert.equal(statSync(file).mode & 0o777, 0o600, `${file} must be 0600`)
  }
})

test('every read-only command works as the read-only principals (SCRAM source, PLAIN API key target)', async () => {
  const plan = writeSecurePlan('readonly', scramReader, plainApiKey)
  const p = ['--plan', plan]
  const timings: string[] = []
  const run = async (args: string[], codes: number[]) => {
    const t = Date.now()
    const r = await cli('readonly', [...args, ...p])
    timings.push(`${args.join(' ')} ${Date.now() - t} ms (exit ${r.code})`)
    noDenial(r, args.join(' '))
    assert.ok(codes.includes(r.code), `${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`)
    return r
  }

  for (const side of ['source', 'target']) {
    const r = await run(['inventory', '--side', side, '--format', 'json'], [0])
    const inventory = JSON.parse(r.stdout) as { topics: Array<{ name: string, configs: Record<string, unknown> }>, groups: Array<{ id: string }>, acls: unknown }
    const names = inventory.topics.map((t) => t.name)
    assert.ok(names.includes(side === 'source' ? orders : `source.${orders}`), `${side} inventory lists the test topic`)
    assert.ok(Array.isArray(inventory.acls), 'ACLs are readable with Describe on the cluster')
    if (side === 'source') assert.ok(inventory.groups.some((g) => g.id === appGroup))
  }
  await run(['snapshot'], [0])
  await run(['diff'], [0, 1])
  const gates = await run(['gate', '--all', '--format', 'json'], [0, 1])
  assert.doesNotMatch(gates.stdout, /not authorized/)
  const capture = await run(['offsets', 'capture', '--format', 'json'], [0])
  assert.match(capture.stdout, new RegExp(appGroup))
  const translate = await run(['offsets', 'translate', '--format', 'json'], [0, 1])
  assert.match(translate.stdout, new RegExp(billingGroup))
  await run(['offsets', 'plan'], [0, 1])
  const verify = await run(['verify', '--format', 'json'], [0, 1])
  assert.match(verify.stdout + verify.stderr, /leaky-probe/)
  await run(['status'], [0, 1])
  await run(['runbook'], [0])
  console.log(`read-only commands:\n  ${timings.join('\n  ')}`)
})

test('mTLS with the reader\'s client certificate reads the cluster', async () => {
  const plan = writeSecurePlan('mtls', mtlsReader, scramReader)
  const r = await cli('mtls', ['inventory', '--side', 'source', '--format', 'json', '--plan', plan])
  noDenial(r, 'inventory over mTLS')
  assert.equal(r.code, 0, r.stderr)
  assert.ok((JSON.parse(r.stdout) as { topics: Array<{ name: string }> }).topics.some((t) => t.name === orders))
})

test('the read-only principal cannot apply offsets: the missing ACL is named', async () => {
  const plan = writeSecurePlan('apply', scramReader, plainApiKey)
  const planned = await cli('apply', ['offsets', 'plan', '--plan', plan])
  assert.ok([0, 1].includes(planned.code), planned.stderr)
  const r = await cli('apply', ['offsets', 'apply', '--execute', '--plan', plan])
  assert.notEqual(r.code, 0, `offsets apply as the read-only principal must not succeed:\n${r.stdout}\n${r.stderr}`)
  assert.match(r.stdout + r.stderr, new RegExp(`missing ACL READ on Group:${appGroup} \\(OffsetCommit: GROUP_AUTHORIZATION_FAILED, 30\\)`), `${r.stdout}\n${r.stderr}`)
})

test('a principal lacking DescribeConfigs on one topic and Describe on one group: missing ACLs named, checks unknown', async () => {
  const plan = writeSecurePlan('limited', scramLimited, plainApiKey)
  const inventory = await cli('limited', ['inventory', '--side', 'source', '--format', 'json', '--plan', plan])
  assert.notEqual(inventory.code, 0)
  assert.match(inventory.stderr, new RegExp(`missing ACL (DESCRIBE_CONFIGS on Topic:${payments}|DESCRIBE on Group:${billingGroup})`), inventory.stderr)

  const capture = await cli('limited', ['offsets', 'capture', '--format', 'json', '--plan', plan])
  assert.match(capture.stdout + capture.stderr, new RegExp(`DESCRIBE on Group:${billingGroup}`), capture.stdout + capture.stderr)

  const gate = await cli('limited', ['gate', 'pre-replication', '--format', 'json', '--plan', plan])
  assert.equal(gate.code, 1, gate.stdout + gate.stderr)
  const result = JSON.parse(gate.stdout) as { status: string, checks: Array<{ id: string, status: string, detail?: string, message?: string }> }
  assert.notEqual(result.status, 'pass')
  const sourceChecks = result.checks.filter((c) => c.status !== 'skip')
  assert.ok(sourceChecks.some((c) => c.status === 'unknown'), JSON.stringify(result.checks, null, 2))
  assert.ok(!sourceChecks.some((c) => c.status === 'pass' && /topic|parity|config/i.test(c.id)), `no topic/config check may pass without the source's configs:\n${JSON.stringify(result.checks, null, 2)}`)
  assert.match(gate.stdout, new RegExp(`DESCRIBE_CONFIGS on Topic:${payments}|DESCRIBE on Group:${billingGroup}`))
  for (const check of ['parity.topics', 'topics.partition-count-frozen', 'parity.acl']) {
    const found = result.checks.find((c) => c.id === check)
    assert.equal(found?.status, 'unknown', `${check}: ${JSON.stringify(found)}`)
    assert.match(found?.message ?? '', /missing ACL/, check)
  }
})

test('the dashboard (rollgate serve) on the read-only run\'s state: every page, /api/* endpoint and /metrics answers', async () => {
  // the plan whose state holds the snapshot, gates, offsets and verify evidence of the read-only run
  const plan = join(work, 'readonly', 'rollgate.yaml')
  const { bodies, statuses } = await fetchDashboard(plan, env())
  for (const path of dashboardPaths()) assert.equal(statuses[path], 200, `${path}: ${bodies[path]}`)
  assert.match(bodies['/api/gates'] ?? '', /pre-replication/)
  assert.match(bodies['/metrics'] ?? '', /^rollgate_/m)
  for (const [path, body] of Object.entries(bodies)) printed[`dashboard ${path}`] = body
})

test('no secret in anything rollgate wrote or printed', () => {
  const secrets = secretValues(s, [limitedPassword])
  assert.ok(secrets.length >= 4)
  // the scan finds a secret where there is one (gzipped too), so an empty result means something
  assert.equal(scanForSecrets(secrets, [], { control: `x${secrets[2]}y` }).hits.length, 1)
  const { hits, bytesScanned, files, gunzipped } = scanForSecrets(secrets, [work, join(process.env.ROLLGATE_SANDBOX_DIR!, 'logs')], printed)
  console.log(`secret scan: ${secrets.length} secrets, ${files} files (${gunzipped} gzipped evidence) + ${Object.keys(printed).length} outputs, ${bytesScanned} bytes`)
  assert.deepEqual(hits, [])
  // the scan must have read real output: the journal's evidence and every command's output
  assert.ok(gunzipped >= 5, `only ${gunzipped} evidence files were scanned`)
  assert.ok(Object.keys(printed).length >= 15 && bytesScanned > 100_000, 'the scan read what the commands wrote')
  assert.ok(dashboardPaths().every((path) => printed[`dashboard ${path}`] !== undefined), 'the scan read every dashboard page and endpoint')
})
