import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { partitionCountFrozen } from './partition-count.ts'
import { criticalTopicsExistOnSource, criticalTopicsExistOnTarget } from './topics-exist.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`

test('a critical topic named in the plan but absent from the source fails', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders', 'refunds'], criticality: 'critical' }] })
  assert.deepEqual(criticalTopicsExistOnSource.run(fixtureInput({ plan })).map(line), [
    'pass orders: on source: 6 partition(s), replication factor 3',
    'fail refunds: named in the plan but not on the source cluster',
  ])
})

test('a missing copy on the target fails and is not compared for partitions', () => {
  const target = inventory('target', [topic('orders', 6)])
  const input = fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) })
  assert.deepEqual(criticalTopicsExistOnTarget.run(input).map(line), [
    'pass orders: on target: 6 partition(s), replication factor 3',
    'fail payments: no copy on the target cluster: expected payments (naming identity)',
  ])
  assert.deepEqual(partitionCountFrozen.run(input).map(line), ['pass orders: 6 partition(s) on both sides'])
})

test('nothing comparable is unknown, not pass', () => {
  const input = fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', inventory('target', [])) }) })
  assert.deepEqual(partitionCountFrozen.run(input).map(line), ['unknown topics: no critical topic exists on both sides: no partition count compared'])
  const plan = fixturePlan({ topics: [{ regex: '^refunds$', criticality: 'critical' }] })
  assert.deepEqual(criticalTopicsExistOnTarget.run(fixtureInput({ plan })).map((r) => `${r.status} ${r.subject}`), ['unknown topics'])
})

test('a plan with no critical topic warns: nothing was checked', () => {
  const plan = fixturePlan({ topics: [{ regex: '.*' }] })
  for (const check of [criticalTopicsExistOnSource, criticalTopicsExistOnTarget, partitionCountFrozen]) {
    const results = check.run(fixtureInput({ plan }))
    assert.deepEqual(results.map((r) => `${r.status} ${r.subject}`), ['warn topics'], check.id)
  }
})

test('standard topics are not judged by the critical checks, nor is a standard regex that selects nothing', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical' }, { names: ['payments', 'audit'] }, { regex: '^nothing' }] })
  assert.deepEqual(criticalTopicsExistOnSource.run(fixtureInput({ plan })).map((r) => `${r.status} ${r.subject}`), ['pass orders'])
})
