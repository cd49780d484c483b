import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { RollgateError } from '../errors.ts'
import { loadPlan, parsePlan } from './load.ts'
import type { ClusterConnection } from './schema.ts'
import { Secret } from './secret.ts'

const here = dirname(fileURLToPath(import.meta.url))
const fullPlan = join(here, 'fixtures', 'full.yaml')
const env = { CC_API_KEY: 'CCKEY', CC_API_SECRET: 'cc-api-secret-value', CC_SR_KEY: 'SRKEY', CC_SR_SECRET: 'sr-secret-value', CONNECT_TOKEN: 'connect-token-value' }
const secretValues = [env.CC_API_SECRET, env.CC_SR_SECRET, env.CONNECT_TOKEN, 'automq-scram-fixture-password']

// The smallest valid plan; tests break one line and assert where the error points.
const minimal = `version: 1
clusters:
  source:
    bootstrap: [localhost:9092]
  target:
    bootstrap: [localhost:9093]
replication:
  kind: mirrormaker2
rollbackWindow: 72h
topics:
  - names: [orders]
groups:
  - name: payments
    strategy: translate
    owner: payments-team
runbook:
  writeAuthority: { owner: platform, ticket: MIG-1 }
  criticalTopics: { owner: platform, ticket: MIG-1 }
  criticalGroups: { owner: platform, ticket: MIG-1 }
  schemaState: { owner: platform, ticket: MIG-1 }
  connectorSideEffects: { owner: platform, ticket: MIG-1 }
  clientSwitch: { owner: platform, ticket: MIG-1 }
  pointOfNoReturn: { owner: platform, ticket: MIG-1 }
`

function edit (from: string, to: string): string {
  assert.ok(minimal.includes(from), from)
  return minimal.replace(from, to)
}

/** The lines of the error a broken plan gets, after checking it is a bad-input RollgateError. */
function errorsOf (text: string, file = 'plan.yaml', environment: Record<string, string> = {}): string[] {
  try {
    parsePlan(text, file, environment)
  } catch (error) {
    assert.ok(error instanceof RollgateError, String(error))
    assert.equal(error.code, 'RG_PLAN_INVALID')
    assert.equal(error.exitCode, 2)
    return error.message.split('\n')
  }
  return assert.fail('the plan was accepted')
}

test('the full example plan loads, with defaults, durations in ms and secrets as Secret', async () => {
  const plan = await loadPlan(fullPlan, env)
  assert.equal(plan.rollbackWindow, 72 * 3_600_000)
  assert.deepEqual(plan.replication, { kind: 'mirrormaker2', sourceAlias: 'confluent', targetAlias: 'automq', naming: 'identity', separator: '.', offsetSyncsLocation: 'target' })
  assert.deepEqual(plan.topics[1], { regex: '^inventory\\.', criticality: 'standard', allowedConfigDifferences: [] })
  assert.equal(plan.groups[1]?.criticality, 'critical')
  assert.deepEqual(plan.gates, { evidenceMaxAge: 600_000, timeout: 20_000, lag: { records: 1000, time: 60_000 } })

  const source: ClusterConnection = plan.clusters.source
  assert.equal(source.security.sasl?.username, 'CCKEY')
  assert.equal(source.security.sasl?.password?.reveal(), env.CC_API_SECRET)
  const target: ClusterConnection = plan.clusters.target
  assert.equal(target.security.sasl?.password?.reveal(), 'automq-scram-fixture-password')
  assert.equal(target.security.tls?.ca, join(here, 'fixtures', 'certs', 'automq-ca.pem'), 'TLS paths made absolute')
  assert.ok(plan.clusters.target.connect?.auth?.token instanceof Secret)
})

test('no secret value appears in the plan as JSON or as inspected', async () => {
  const plan = await loadPlan(fullPlan, env)
  for (const text of [JSON.stringify(plan), inspect(plan, { depth: null, showHidden: true })]) {
    for (const value of secretValues) assert.ok(!text.includes(value), value)
    assert.ok(text.includes('[redacted]'))
  }
})

test('the minimal plan loads, with defaults everywhere', () => {
  const plan = parsePlan(minimal, 'plan.yaml', {})
  assert.deepEqual(plan.clusters.source, { bootstrap: ['localhost:9092'], security: { protocol: 'PLAINTEXT' } })
  assert.deepEqual(plan.replication, { kind: 'mirrormaker2', sourceAlias: 'source', targetAlias: 'target', naming: 'identity', separator: '.', offsetSyncsLocation: 'source' })
  assert.deepEqual(plan.gates, { evidenceMaxAge: 900_000, timeout: 15_000, lag: { records: 1000, time: 60_000 } })
  assert.deepEqual([plan.connectors, plan.clients, plan.invariants], [[], [], []])
})

test('YAML syntax errors are reported at their position', () => {
  assert.deepEqual(errorsOf(edit('  kind: mirrormaker2', '  kind: mirrormaker2\n  kind: none')), [
    'plan.yaml:9:3: Map keys must be unique',
  ])
  assert.deepEqual(errorsOf(edit('[localhost:9093]', '[localhost:9093')), [
    'plan.yaml:7:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ])
})

test('a wrong type, bad option, bad duration or bad format points at the value', () => {
  assert.deepEqual(errorsOf(edit('72h', '72')), ['plan.yaml:9:17: rollbackWindow: Invalid input: expected string, received number'])
  assert.deepEqual(errorsOf(edit('72h', '3 days')), ['plan.yaml:9:17: rollbackWindow: expected a duration such as 30s, 15m, 72h, 7d or ISO-8601 PT72H'])
  assert.deepEqual(errorsOf(edit('strategy: translate', 'strategy: translated')), [
    'plan.yaml:14:15: groups[0].strategy: Invalid option: expected one of "translate"|"exact"|"timestamp"|"identical"|"app-checkpoint"|"reset-earliest"|"reset-latest"',
  ])
  assert.deepEqual(errorsOf(edit('[localhost:9093]', '[localhost]')), ['plan.yaml:6:17: clusters.target.bootstrap[0]: expected host:port'])
  assert.deepEqual(errorsOf(edit('version: 1', 'version: 2')), ['plan.yaml:1:10: version: unsupported plan version: this rollgate reads version 1'])
})

test('an unknown key points at the key; a missing key at its parent map', () => {
  assert.deepEqual(errorsOf(edit('    bootstrap: [localhost:9092]', '    boostrap: [localhost:9092]')), [
    'plan.yaml:4:5: clusters.source.bootstrap: missing (required)',
    'plan.yaml:4:5: clusters.source: unknown key "boostrap"',
  ])
  assert.deepEqual(errorsOf(edit('    owner: payments-team\n', '')), ['plan.yaml:13:5: groups[0].owner: missing (required)'])
  assert.deepEqual(errorsOf(edit('    bootstrap: [localhost:9093]\n', '')), [
    'plan.yaml:5:3: clusters.target: Invalid input: expected object, received null',
  ])
  assert.deepEqual(errorsOf(edit('  clientSwitch: { owner: platform, ticket: MIG-1 }', '  clientSwitch: { owner: platform }')), [
    'plan.yaml:22:17: runbook.clientSwitch: needs a command, dashboard or ticket',
  ])
})

test('a literal secret is refused without echoing it', () => {
  const lines = errorsOf(edit('    bootstrap: [localhost:9092]',
    '    bootstrap: [localhost:9092]\n    security: { protocol: SASL_PLAINTEXT, sasl: { mechanism: PLAIN, username: app, password: hunter2 } }'))
  assert.deepEqual(lines, [
    'plan.yaml:5:94: clusters.source.security.sasl.password: secrets are never written inline in a plan: use ${env:VAR} or ${file:path}',
  ])
})

test('dangling references are reported once, at the string holding them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-plan-'))
  const file = join(dir, 'rollgate.yaml')
  const text = edit('    bootstrap: [localhost:9092]',
    '    bootstrap: ["${env:SOURCE_BOOTSTRAP}"]\n    security: { protocol: SSL, tls: { ca: ca.pem } }')
    .replace('    bootstrap: [localhost:9093]', '    bootstrap: [localhost:9093]\n    schemaRegistry: { url: "http://sr:8081", auth: { username: u, password: "${file:sr-password}" } }')
  assert.deepEqual(errorsOf(text, file), [
    `${file}:4:17: clusters.source.bootstrap[0]: \${env:SOURCE_BOOTSTRAP}: environment variable SOURCE_BOOTSTRAP is not set`,
    `${file}:5:43: clusters.source.security.tls.ca: cannot read ${join(dir, 'ca.pem')} (ENOENT)`,
    `${file}:8:77: clusters.target.schemaRegistry.auth.password: \${file:sr-password}: cannot read ${join(dir, 'sr-password')} (ENOENT)`,
  ])
  writeFileSync(join(dir, 'sr-password'), 'sr-pass\n')
  writeFileSync(join(dir, 'ca.pem'), 'PEM')
  const plan = parsePlan(text, file, { SOURCE_BOOTSTRAP: 'kafka:9092' })
  assert.deepEqual(plan.clusters.source.bootstrap, ['kafka:9092'])
  assert.equal(plan.clusters.target.schemaRegistry?.auth?.password?.reveal(), 'sr-pass')
})

test('plan-wide rules: a strategy needs its replication kind; names are unique', () => {
  assert.deepEqual(errorsOf(edit('kind: mirrormaker2', 'kind: none')), [
    'plan.yaml:14:15: groups[0].strategy: strategy translate needs replication.kind mirrormaker2',
  ])
  assert.deepEqual(errorsOf(edit('groups:\n', 'groups:\n  - { name: payments, strategy: exact, owner: x }\n')), [
    'plan.yaml:14:11: groups[1].name: duplicate name payments',
  ])
})

test('every problem is reported at once, in file order', () => {
  const text = edit('72h', '3 days')
    .replace('strategy: translate', 'strategy: translated')
    .replace('    bootstrap: [localhost:9092]', '    boostrap: [localhost:9092]')
    .replace('{ owner: platform, ticket: MIG-1 }\n  criticalGroups', '{ ticket: MIG-1 }\n  criticalGroups')
    .replace('    bootstrap: [localhost:9093]', '    bootstrap: [localhost:9093]\n    security: { protocol: SSL, tls: { ca: absent-ca.pem } }')
  assert.deepEqual(errorsOf(text).map((line) => line.split(': ').slice(0, 2).join(': ')), [
    'plan.yaml:4:5: clusters.source.bootstrap',
    'plan.yaml:4:5: clusters.source',
    'plan.yaml:7:43: clusters.target.security.tls.ca',
    'plan.yaml:10:17: rollbackWindow',
    'plan.yaml:15:15: groups[0].strategy',
    'plan.yaml:19:19: runbook.criticalTopics.owner',
  ])
})

test('a missing plan file is a clear bad-input error', async () => {
  await assert.rejects(loadPlan(join(here, 'fixtures', 'absent.yaml')), (error: unknown) => {
    assert.ok(error instanceof RollgateError)
    assert.equal(error.exitCode, 2)
    assert.match(error.message, /^cannot read plan file .*absent\.yaml: no such file \(rollgate init writes one\)$/)
    return true
  })
})

test('the fixture keeps its secrets out of the text', () => {
  const text = readFileSync(fullPlan, 'utf8')
  for (const value of secretValues) assert.ok(!text.includes(value))
})
