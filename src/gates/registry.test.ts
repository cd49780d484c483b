import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capturedAt, fixtureInput, fixtureMovedOn, fixturePlan, fixtureSnapshot, inventory, ok, sourceInventory, topic } from './fixtures.ts'
import { allChecks, evaluateChecks, evaluateGate, evaluateGates, gateChecks } from './registry.ts'
import type { SideEvidence } from '../snapshot/types.ts'
import { type Check, type GateInput, type GateResult, gateNames } from './types.ts'

const statuses = (result: GateResult) => result.checks.map((c) => `${c.status} ${c.id} ${c.subject}`)

const movedOn = (target?: SideEvidence): GateInput => fixtureMovedOn(target)

test('every gate has checks, and clusters.reachable among them, so none passes without evidence', () => {
  for (const name of gateNames) {
    const ids = gateChecks(name).map((c) => c.id)
    assert.ok(ids.includes('clusters.reachable'), name)
    assert.equal(new Set(ids).size, ids.length, `${name} lists a check twice`)
  }
  assert.deepEqual(gateChecks('pre-replication').map((c) => c.id), [
    'runbook.owned', 'clusters.reachable', 'topics.critical-exist-on-source', 'topics.critical-exist-on-target', 'topics.partition-count-frozen',
    'parity.topics', 'parity.acl', 'parity.quota', 'parity.credentials',
    'schemas.subjects-present', 'schemas.versions-match', 'schemas.ids-match', 'schemas.compatibility-match', 'schemas.mode-match',
    'target.no-client-writes', 'target.no-client-consumers',
  ])
  assert.deepEqual(gateChecks('replication').map((c) => c.id), [
    'clusters.reachable', 'topics.critical-exist-on-source', 'topics.critical-exist-on-target', 'topics.partition-count-frozen',
    'replication.lag', 'replication.heartbeats', 'replication.checkpoints', 'replication.retention', 'replication.sync-history',
  ])
  assert.deepEqual(gateChecks('exit').map((c) => c.id), ['runbook.owned', 'clusters.reachable', 'replication.retention', 'exit.point-of-no-return',
    'stragglers.producers-on-source', 'stragglers.consumers-on-source', 'connectors.no-double-sink'])
  assert.deepEqual(allChecks().map((c) => c.id).sort(), [
    'clusters.reachable', 'connectors.classified', 'connectors.no-double-sink', 'connectors.offsets-captured', 'connectors.target-sinks-held',
    'exit.point-of-no-return', 'gates.prior-passed', 'groups.critical-exist-on-source', 'offsets.inactive-on-target', 'offsets.replay-within-max',
    'offsets.source-position-captured', 'offsets.translated', 'parity.acl', 'parity.credentials', 'parity.quota', 'parity.topics',
    'replication.checkpoints', 'replication.group-offset-sync-excluded', 'replication.heartbeats', 'replication.lag', 'replication.retention',
    'replication.sync-history', 'rollback.documented', 'runbook.owned', 'schemas.compatibility-match', 'schemas.compatible-both-ways',
    'schemas.ids-match', 'schemas.mode-match', 'schemas.subjects-present', 'schemas.versions-match', 'shadow-read.invariants',
    'shadow-read.no-target-commits', 'shadow-read.parity', 'stragglers.consumers-on-source', 'stragglers.producers-on-source',
    'target.no-client-consumers', 'target.no-client-writes', 'topics.critical-exist-on-source', 'topics.critical-exist-on-target',
    'topics.partition-count-frozen',
  ])
})

test('the registry hands out copies', () => {
  gateChecks('exit').length = 0
  assert.notEqual(gateChecks('exit').length, 0)
})

test('all healthy: every gate passes, with the documented fields', () => {
  const results = evaluateGates(gateNames, movedOn())
  assert.deepEqual(results.map((r) => [r.gate, r.status]), gateNames.map((name) => [name, 'pass']))
  const pre = results[0]!
  assert.equal(pre.evaluatedAt, '2026-03-02T10:05:00.000Z')
  assert.equal(pre.evidenceId, fixtureInput().evidenceId)
  assert.deepEqual(statuses(pre), [
    ...['writeAuthority', 'criticalTopics', 'criticalGroups', 'schemaState', 'connectorSideEffects', 'clientSwitch', 'pointOfNoReturn'].map((f) => `pass runbook.owned runbook.${f}`),
    'pass clusters.reachable source',
    'pass clusters.reachable target',
    'pass topics.critical-exist-on-source orders',
    'pass topics.critical-exist-on-source payments',
    'pass topics.critical-exist-on-target orders',
    'pass topics.critical-exist-on-target payments',
    'pass topics.partition-count-frozen orders',
    'pass topics.partition-count-frozen payments',
    'pass parity.topics orders',
    'pass parity.topics payments',
    'pass parity.acl acls',
    'pass parity.quota quotas',
    'pass parity.credentials credentials',
    // the fixture plan configures no registry: schemas are out of its scope
    ...['subjects-present', 'versions-match', 'ids-match', 'compatibility-match', 'mode-match'].map((c) => `pass schemas.${c} schemas`),
    'pass target.no-client-writes orders',
    'pass target.no-client-consumers target',
  ])
  assert.deepEqual(statuses(results[1]!).slice(8), [
    'pass replication.lag orders', 'pass replication.lag payments', 'pass replication.heartbeats source->target', 'pass replication.checkpoints billing',
    'pass replication.retention orders', 'pass replication.retention orders', 'pass replication.retention payments', 'pass replication.retention payments',
    'pass replication.sync-history billing',
  ])
  assert.deepEqual(statuses(results[3]!).slice(6), [
    'pass shadow-read.parity orders', 'pass shadow-read.parity payments', 'pass shadow-read.parity verify',
    'pass shadow-read.invariants invariants', 'pass shadow-read.no-target-commits target',
    // the fixture plan configures no Connect: connectors are out of its scope
    'pass connectors.no-double-sink connectors', 'pass connectors.classified connectors', 'pass connectors.target-sinks-held connectors',
  ])
  assert.deepEqual(statuses(results[2]!), [
    'pass clusters.reachable source', 'pass clusters.reachable target', 'pass groups.critical-exist-on-source billing',
    'pass topics.critical-exist-on-target orders', 'pass topics.critical-exist-on-target payments',
    'pass offsets.source-position-captured billing', 'pass offsets.translated billing', 'pass offsets.replay-within-max billing',
    'pass offsets.inactive-on-target billing',
  ])
})

test('target unreachable: every check that needed it is unknown naming the cluster; the gate is unknown', () => {
  const snapshot = fixtureSnapshot({ target: { status: 'unreachable', bootstrap: ['automq-0:9093', 'automq-1:9093'], error: 'timed out after 15000ms', at: capturedAt } })
  const result = evaluateGate('pre-replication', fixtureInput({ snapshot }))
  assert.equal(result.status, 'unknown')
  const target = result.checks.filter((c) => c.subject === 'target')
  assert.deepEqual(target.map((c) => `${c.status} ${c.id}`), [
    'unknown clusters.reachable', 'unknown topics.critical-exist-on-target', 'unknown topics.partition-count-frozen',
    'unknown parity.topics', 'unknown parity.acl', 'unknown parity.quota', 'unknown parity.credentials', 'unknown target.no-client-consumers',
  ])
  for (const check of target) assert.match(check.message, /target cluster \(automq-0:9093, automq-1:9093\).*unreachable: timed out after 15000ms/)
  // what needed only the plan or the source still stands
  assert.ok(result.checks.filter((c) => c.subject !== 'target').every((c) => c.status === 'pass'))
  // every gate fails closed
  for (const gate of evaluateGates(gateNames, movedOn(snapshot.sides.target))) assert.equal(gate.status, 'unknown', gate.gate)
})

test('source unreachable: the target checks are unknown too, since the source says which topics to look for', () => {
  const snapshot = fixtureSnapshot({ source: { status: 'unreachable', bootstrap: ['source-kafka-0:9092'], error: 'ECONNREFUSED', at: capturedAt } })
  const result = evaluateGate('replication', fixtureInput({ snapshot }))
  assert.equal(result.status, 'unknown')
  assert.deepEqual(statuses(result), [
    'unknown clusters.reachable source', 'pass clusters.reachable target', 'unknown topics.critical-exist-on-source source',
    'unknown topics.critical-exist-on-target source', 'unknown topics.partition-count-frozen source',
    // the fixture's replication evidence stays whole: what reads only it still judges
    'unknown replication.lag source', 'pass replication.heartbeats source->target', 'pass replication.checkpoints billing',
    'unknown replication.retention source', 'pass replication.sync-history billing',
  ])
})

test('stale evidence: evidence checks are unknown saying how old; plan-only checks still judge', () => {
  const result = evaluateGate('pre-replication', fixtureInput({ now: new Date('2026-03-02T10:40:00.000Z') }))
  assert.equal(result.status, 'unknown')
  // runbook.owned and, with no registry in the plan, the schema checks judge the plan alone
  const planOnly = (id: string) => id === 'runbook.owned' || id.startsWith('schemas.')
  const evidenceChecks = result.checks.filter((c) => !planOnly(c.id))
  assert.equal(evidenceChecks.length, 10)
  for (const check of evidenceChecks) {
    assert.equal(check.status, 'unknown')
    assert.match(check.message, /40m old .*older than gates.evidenceMaxAge 15m/)
  }
  assert.ok(result.checks.filter((c) => planOnly(c.id)).every((c) => c.status === 'pass'))
})

test('no snapshot: every gate is unknown', () => {
  for (const gate of evaluateGates(gateNames, fixtureInput({ snapshot: null, evidenceId: null }))) {
    assert.equal(gate.status, 'unknown', gate.gate)
    assert.equal(gate.evidenceId, null)
    assert.ok(gate.checks.some((c) => c.status === 'unknown' && c.subject === 'snapshot'))
  }
})

test('a partition count that differs fails the gate', () => {
  const target = inventory('target', [topic('orders', 12), topic('payments', 3)])
  const result = evaluateGate('replication', fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) }))
  assert.equal(result.status, 'fail')
  const orders = result.checks.find((c) => c.id === 'topics.partition-count-frozen' && c.subject === 'orders')
  assert.deepEqual(orders, {
    id: 'topics.partition-count-frozen',
    status: 'fail',
    subject: 'orders',
    message: 'source has 6 partition(s), target orders has 12: partition counts must stay frozen, per-partition order depends on it',
    evidence: { source: 6, target: 12, targetTopic: 'orders' },
  })
})

test('prefix naming: the copy of orders is source.orders', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', sourceAlias: 'source', naming: 'prefix' } })
  const prefixed = inventory('target', [topic('source.orders', 6), topic('source.payments', 3)])
  const good = evaluateGate('pre-replication', fixtureInput({ plan, snapshot: fixtureSnapshot({ target: ok('target', prefixed) }) }))
  assert.equal(good.status, 'pass')
  const copy = good.checks.find((c) => c.id === 'topics.critical-exist-on-target' && c.subject === 'orders')
  assert.equal(copy?.message, 'on target as source.orders: 6 partition(s), replication factor 3')
  assert.deepEqual(copy?.evidence, { targetTopic: 'source.orders', naming: 'prefix', exists: true, partitions: 6, replicationFactor: 3 })
  // the identity-named target of the fixtures holds no prefixed copy
  const bad = evaluateGate('pre-replication', fixtureInput({ plan }))
  assert.equal(bad.status, 'fail')
  assert.deepEqual(bad.checks.filter((c) => c.id === 'topics.critical-exist-on-target').map((c) => c.message), [
    'no copy on the target cluster: expected source.orders (naming prefix)',
    'no copy on the target cluster: expected source.payments (naming prefix)',
  ])
})

test('a critical regex selecting nothing fails', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical' }, { regex: '^refunds\\.', criticality: 'critical' }] })
  const result = evaluateGate('pre-replication', fixtureInput({ plan }))
  assert.equal(result.status, 'fail')
  const empty = result.checks.filter((c) => c.status === 'fail')
  assert.deepEqual(empty.map((c) => `${c.id} ${c.subject}`), ['topics.critical-exist-on-source topics[1]'])
  assert.match(empty[0]!.message, /regex "\^refunds\\\\." selects no topic on the source cluster/)
})

test('evidence of another plan is not evidence of this one', () => {
  const result = evaluateGate('exit', fixtureInput({ planHash: 'edited-since' }))
  assert.equal(result.status, 'unknown')
  assert.match(result.checks.find((c) => c.id === 'clusters.reachable')!.message, /another version of the plan/)
})

test('a check that throws, returns nothing or returns garbage is unknown; the engine goes on', () => {
  const throws: Check = { id: 'broken.throws', title: 'throws', run: () => { throw new TypeError('cannot read properties of undefined (reading \'topics\')') } }
  const empty: Check = { id: 'broken.empty', title: 'returns nothing', run: () => [] }
  const garbage: Check = { id: 'broken.garbage', title: 'returns garbage', run: () => [{ status: 'ok' } as never] }
  const partial: Check = { id: 'broken.partial', title: 'no evidence key', run: () => [{ id: 'broken.partial', status: 'pass', subject: 's', message: 'm' } as never] }
  const result = evaluateChecks('exit', [throws, empty, garbage, partial, ...gateChecks('exit')], movedOn())
  assert.equal(result.status, 'unknown')
  assert.deepEqual(result.checks[0], {
    id: 'broken.throws',
    status: 'unknown',
    subject: 'check',
    message: 'the check failed to run: TypeError: cannot read properties of undefined (reading \'topics\')',
    evidence: { error: 'TypeError: cannot read properties of undefined (reading \'topics\')' },
  })
  assert.deepEqual(result.checks.slice(1, 4).map((c) => `${c.status} ${c.id}`), ['unknown broken.empty', 'unknown broken.garbage', 'pass broken.partial'])
  assert.equal(result.checks[3]!.evidence, null)
  // the registered checks after them still ran
  assert.ok(result.checks.some((c) => c.id === 'clusters.reachable' && c.status === 'pass'))
})

test('a gate with zero checks is unknown', () => {
  const result = evaluateChecks('offsets', [], fixtureInput())
  assert.equal(result.status, 'unknown')
  assert.deepEqual(result.checks, [])
})

test('checks are pure: evaluating does not change the input', () => {
  const input = fixtureInput()
  const before = JSON.stringify(input)
  evaluateGates(gateNames, input)
  assert.equal(JSON.stringify(input), before)
  assert.deepEqual(sourceInventory(), (input.snapshot!.sides.source as { inventory: unknown }).inventory)
})
