import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { parsePlan } from '../plan/load.ts'
import { rehearsalPlan } from './plan.ts'

const team = `version: 1
name: orders platform
clusters:
  source: { bootstrap: [127.0.0.1:19092], security: { protocol: SASL_PLAINTEXT, sasl: { mechanism: PLAIN, username: svc, password: "\${file:secrets/pw}" } } }
  target: { bootstrap: [127.0.0.1:19094] }
replication: { kind: mirrormaker2 }
rollbackWindow: 72h
topics:
  - names: [orders]
    criticality: critical
groups:
  - { name: billing, strategy: translate, owner: billing-team, maxReplay: { records: 5000, time: 5m } }
  - { name: audit, strategy: exact, owner: audit-team }
clients:
  - { name: checkout, owner: checkout-team, switchToTarget: ./to-target.sh, switchToSource: ./to-source.sh }
runbook:
  writeAuthority: { owner: p, ticket: T-1 }
  criticalTopics: { owner: p, ticket: T-1 }
  criticalGroups: { owner: p, ticket: T-1 }
  schemaState: { owner: p, ticket: T-1 }
  connectorSideEffects: { owner: p, ticket: T-1 }
  clientSwitch: { owner: p, ticket: T-1 }
  pointOfNoReturn: { owner: p, ticket: T-1 }
gates: { timeout: 10s }
`
const clients = [{ name: 'rehearsal-consumer', switchToTarget: 'printf target > f', switchToSource: 'printf source > f' }]
// the team's plan directory, with the secret its plan references relative to it
const dir = mkdtempSync(join(tmpdir(), 'rollgate-rehearsal-plan-'))
after(() => rmSync(dir, { recursive: true, force: true }))
mkdirSync(join(dir, 'secrets'))
writeFileSync(join(dir, 'secrets', 'pw'), 'hunter2\n')
const base = { text: team, dir, topic: 'rb-1', group: 'connect-rb-1', builtIn: { strategy: 'exact', maxReplayRecords: 100 }, clients }

test('the rehearsal plan is the team\'s narrowed to its topic and group, rehearsed as a plan group, with its own clients', () => {
  const { text, objectivesFrom } = rehearsalPlan({ ...base, like: 'billing' })
  assert.equal(objectivesFrom, 'plan group billing')
  const plan = parsePlan(text, '/tmp/rehearsal/rollgate.yaml', { })
  assert.deepEqual(plan.topics.map((t) => [t.names, t.criticality]), [[['rb-1'], 'critical']])
  assert.deepEqual(plan.groups.map((g) => [g.name, g.strategy, g.owner, g.maxReplay]), [['connect-rb-1', 'translate', 'billing-team', { records: 5000, time: 300_000 }]])
  assert.deepEqual(plan.clients.map((c) => [c.name, c.switchToSource]), [['rehearsal-consumer', 'printf source > f']])
  assert.equal(plan.gates.timeout, 60_000, 'a rehearsal does not fail on its own snapshot\'s timeout')
  assert.match(plan.name ?? '', /rehearsal of orders platform: rb-1/)
  // references stay references, anchored to the team's plan
  assert.ok(text.includes(`\${file:${join(dir, 'secrets', 'pw')}}`), text)
  assert.equal(plan.clusters.source.security.sasl?.password?.reveal(), 'hunter2')
})

test('without a plan group the built-in objectives apply, and --max-replay overrides; an unknown group is bad input', () => {
  const builtIn = rehearsalPlan(base)
  assert.match(builtIn.objectivesFrom, /^built-in objectives .*maxReplay 100 records/)
  assert.deepEqual(parsePlan(builtIn.text, '/tmp/r/rollgate.yaml', {}).groups[0]!.maxReplay, { records: 100 })
  const overridden = rehearsalPlan({ ...base, like: 'billing', maxReplay: 7 })
  assert.deepEqual(parsePlan(overridden.text, '/tmp/r/rollgate.yaml', {}).groups[0]!.maxReplay, { records: 7, time: 300_000 })
  assert.equal(parsePlan(rehearsalPlan({ ...base, like: 'audit' }).text, '/tmp/r/rollgate.yaml', {}).groups[0]!.maxReplay, undefined)
  assert.throws(() => rehearsalPlan({ ...base, like: 'nope' }), /--group nope: the plan has no such group \(it has: billing, audit\)/)
})
