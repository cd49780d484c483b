import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tpKey } from '../kafka/types.ts'
import { changeSubject, changesInPlace, clampOffset, decideGroupReset, type GroupFacts, parseChangeSubject, refusalMessage } from './apply-rule.ts'
import type { GroupResetPlan } from './types.ts'

const plan = (offsets: Array<[topic: string, partition: number, planned: number]>, group = 'billing'): GroupResetPlan => ({
  group, cluster: 'target', offsets: offsets.map(([topic, partition, planned]) => ({ topic, partition, current: null, planned })),
})

const facts = (over: Partial<GroupFacts> = {}): GroupFacts => ({
  state: 'Empty',
  members: 0,
  committed: [{ topic: 'orders', partition: 0, offset: 10 }, { topic: 'orders', partition: 1, offset: 20 }],
  ranges: new Map([[tpKey('orders', 0), { logStart: 5, logEnd: 100 }], [tpKey('orders', 1), { logStart: 0, logEnd: 50 }]]),
  ...over,
})

test('a group that is not Empty or Dead is refused in kafka-consumer-groups\' exact words', () => {
  for (const state of ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling', 'Unknown']) {
    assert.deepEqual(decideGroupReset(plan([['orders', 0, 40]]), facts({ state, members: 1 })), {
      kind: 'refused',
      group: 'billing',
      message: `Error: Assignments can only be reset if the group 'billing' is inactive, but the current state is ${state}.`,
    })
  }
  assert.equal(refusalMessage('it\'s', 'Stable'), 'Error: Assignments can only be reset if the group \'it\'s\' is inactive, but the current state is Stable.')
})

test('Empty and Dead groups are reset: before is what is committed (null when nothing), after the planned offset', () => {
  for (const state of ['Empty', 'Dead']) {
    assert.deepEqual(decideGroupReset(plan([['orders', 0, 40], ['orders', 1, 30]]), facts({ state })), {
      kind: 'apply',
      group: 'billing',
      changes: [{ topic: 'orders', partition: 0, before: 10, after: 40 }, { topic: 'orders', partition: 1, before: 20, after: 30 }],
      atPlan: [],
      warnings: [],
    })
  }
  const dead = decideGroupReset(plan([['orders', 0, 40]]), facts({ state: 'Dead', committed: [] }))
  assert.equal(dead.kind, 'apply')
  assert.deepEqual(dead.kind === 'apply' && dead.changes, [{ topic: 'orders', partition: 0, before: null, after: 40 }])
})

test('offsets above the log end or below the log start are clamped with ConsumerGroupCommand\'s warnings', () => {
  assert.deepEqual(clampOffset('orders', 0, 101, { logStart: 5, logEnd: 100 }), {
    offset: 100, warning: 'New offset (101) is higher than latest offset for topic partition orders-0. Value will be set to 100',
  })
  assert.deepEqual(clampOffset('orders', 0, 4, { logStart: 5, logEnd: 100 }), {
    offset: 5, warning: 'New offset (4) is lower than earliest offset for topic partition orders-0. Value will be set to 5',
  })
  // the bounds themselves are in range: the log end is a valid position (nothing left to read)
  assert.deepEqual(clampOffset('orders', 0, 100, { logStart: 5, logEnd: 100 }), { offset: 100 })
  assert.deepEqual(clampOffset('orders', 0, 5, { logStart: 5, logEnd: 100 }), { offset: 5 })
  // like checkOffsetsRange, the log end is checked first (an empty, truncated log: start == end)
  assert.equal(clampOffset('orders', 0, -1, { logStart: 7, logEnd: 7 }).offset, 7)

  assert.deepEqual(decideGroupReset(plan([['orders', 0, 500], ['orders', 1, -3]]), facts()), {
    kind: 'apply',
    group: 'billing',
    changes: [
      { topic: 'orders', partition: 0, before: 10, after: 100, clampedFrom: 500 },
      { topic: 'orders', partition: 1, before: 20, after: 0, clampedFrom: -3 },
    ],
    atPlan: [],
    warnings: [
      'New offset (500) is higher than latest offset for topic partition orders-0. Value will be set to 100',
      'New offset (-3) is lower than earliest offset for topic partition orders-1. Value will be set to 0',
    ],
  })
})

test('partitions already at their (clamped) offset are not written; a group wholly at plan writes nothing', () => {
  assert.deepEqual(decideGroupReset(plan([['orders', 0, 10], ['orders', 1, 30]]), facts()), {
    kind: 'apply',
    group: 'billing',
    changes: [{ topic: 'orders', partition: 1, before: 20, after: 30 }],
    atPlan: [{ topic: 'orders', partition: 0, before: 10, after: 10 }],
    warnings: [],
  })
  assert.deepEqual(decideGroupReset(plan([['orders', 0, 10], ['orders', 1, 20]]), facts()), {
    kind: 'at-plan',
    group: 'billing',
    offsets: [{ topic: 'orders', partition: 0, before: 10, after: 10 }, { topic: 'orders', partition: 1, before: 20, after: 20 }],
    warnings: [],
  })
  // clamped to where it already is: at plan, the warning still said
  const clamped = decideGroupReset(plan([['orders', 1, 80]]), facts({ committed: [{ topic: 'orders', partition: 1, offset: 50 }] }))
  assert.equal(clamped.kind, 'at-plan')
  assert.deepEqual(clamped.kind === 'at-plan' && clamped.warnings, ['New offset (80) is higher than latest offset for topic partition orders-1. Value will be set to 50'])
})

test('a planned partition the cluster does not have, or one listed twice, is not applied', () => {
  assert.deepEqual(decideGroupReset(plan([['orders', 0, 40], ['orders', 7, 1], ['gone', 0, 1]]), facts()), {
    kind: 'invalid', group: 'billing', error: 'no partition orders-7, gone-0 on the target cluster: nothing written for group \'billing\'',
  })
  assert.deepEqual(decideGroupReset(plan([['orders', 0, 40], ['orders', 0, 41]]), facts()), {
    kind: 'invalid', group: 'billing', error: 'the reset plan lists orders-0 twice for group \'billing\'',
  })
  // the state is decided first: a live group is refused whatever its plan says
  assert.equal(decideGroupReset(plan([['gone', 0, 1]]), facts({ state: 'Stable' })).kind, 'refused')
})

test('journal subjects name the group and partition, and parse back even with odd group names', () => {
  assert.equal(changeSubject('billing', 'orders', 3), 'group billing / orders-3')
  for (const group of ['billing', 'a / b', 'x-1 / y-2', 'spaces and / slashes /', '']) {
    for (const [topic, partition] of [['orders', 3], ['a-1', 2], ['t.v_1-x', 0]] as const) {
      assert.deepEqual(parseChangeSubject(changeSubject(group, topic, partition)), { group, topic, partition })
    }
  }
  assert.equal(parseChangeSubject('topic orders'), null)
})

test('an interrupted apply is in place only when every partition it announced is committed at its after', () => {
  const changes = [{ subject: 'group g / t-0', after: 5 }, { subject: 'group g / t-1', after: 7 }]
  assert.equal(changesInPlace(changes, new Map([[tpKey('t', 0), 5], [tpKey('t', 1), 7]])), true)
  assert.equal(changesInPlace(changes, new Map([[tpKey('t', 0), 5], [tpKey('t', 1), 6]])), false)
  assert.equal(changesInPlace(changes, new Map([[tpKey('t', 0), 5]])), false)
  assert.equal(changesInPlace([{ subject: 'group g / t-0', after: '5' }], new Map([[tpKey('t', 0), 5]])), false)
})
