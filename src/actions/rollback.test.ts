import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ResetPlan } from '../offsets/types.ts'
import { keepSourceProgress, rollbackPhase } from './rollback.ts'

test('rollback returns write authority to the source: to replicating, or prepare from replicating', () => {
  assert.equal(rollbackPhase('producers-on-target'), 'replicating')
  assert.equal(rollbackPhase('shadow-read'), 'replicating')
  assert.equal(rollbackPhase('replicating'), 'prepare')
})

test('a source position past the target progress is kept; one behind moves forward', () => {
  const plan: ResetPlan = {
    type: 'rollgate.reset-plan/v1', createdAt: 'now', basedOn: 'x', warnings: [],
    groups: [{ group: 'billing', cluster: 'source', offsets: [
      { topic: 'orders', partition: 0, current: 1800, planned: 1415 },
      { topic: 'orders', partition: 1, current: 100, planned: 250 },
      { topic: 'orders', partition: 2, current: null, planned: 7 },
    ] }],
  }
  const kept = keepSourceProgress(plan)
  assert.deepEqual(kept.groups[0]!.offsets.map((o) => o.planned), [1800, 250, 7])
  assert.deepEqual(kept.warnings, ['billing orders-0: the source position 1800 is past its target progress (1415 on the source): kept'])
  assert.equal(plan.groups[0]!.offsets[0]!.planned, 1415, 'the input is not changed')
})
