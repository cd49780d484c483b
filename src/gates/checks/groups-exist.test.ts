import { test } from 'node:test'
import assert from 'node:assert/strict'
import { billingGroup, fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { criticalGroupsExistOnSource } from './groups-exist.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`

test('a group on the source with committed offsets passes, with its facts', () => {
  const [result] = criticalGroupsExistOnSource.run(fixtureInput())
  assert.deepEqual(result, {
    id: 'groups.critical-exist-on-source',
    status: 'pass',
    subject: 'billing',
    message: 'on source (state Stable, 1 member(s)): committed offsets for 6 partition(s) of 1 topic(s), lag 60',
    evidence: { exists: true, strategy: 'translate', criticality: 'critical', state: 'Stable', members: 1, partitions: 6, topics: ['orders'], totalLag: 60 },
  })
})

test('missing groups fail when critical and their strategy needs committed offsets, else warn', () => {
  const plan = fixturePlan({
    groups: [
      { name: 'billing', strategy: 'translate', owner: 'billing-team' },
      { name: 'shipping', strategy: 'exact', owner: 'logistics' },
      { name: 'reporting', criticality: 'standard', strategy: 'timestamp', owner: 'bi' },
      { name: 'fraud', strategy: 'app-checkpoint', owner: 'risk' },
    ],
    replication: { kind: 'mirrormaker2' },
  })
  assert.deepEqual(criticalGroupsExistOnSource.run(fixtureInput({ plan })).map(line), [
    'pass billing: on source (state Stable, 1 member(s)): committed offsets for 6 partition(s) of 1 topic(s), lag 60',
    'fail shipping: not on the source cluster: strategy exact starts from its committed source offsets',
    'warn reporting: not on the source cluster: strategy timestamp starts from its committed source offsets',
    'warn fraud: not on the source cluster (strategy app-checkpoint does not need committed offsets; check the name)',
  ])
})

test('a group without committed offsets fails when its strategy needs them', () => {
  const source = inventory('source', [topic('orders', 6)], [billingGroup({ state: 'Empty', members: [], offsets: [], totalLag: 0 })])
  const input = fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', source) }) })
  assert.deepEqual(criticalGroupsExistOnSource.run(input).map(line), [
    'fail billing: on source (state Empty, 0 member(s)) but with no committed offsets: strategy translate starts from them',
  ])
  const reset = fixturePlan({ groups: [{ name: 'billing', strategy: 'reset-latest', owner: 'billing-team' }] })
  assert.deepEqual(criticalGroupsExistOnSource.run({ ...input, plan: reset }).map((r) => r.status), ['pass'])
})

test('a plan without groups warns', () => {
  assert.deepEqual(criticalGroupsExistOnSource.run(fixtureInput({ plan: fixturePlan({ groups: [] }) })).map((r) => `${r.status} ${r.subject}`), ['warn groups'])
})
