import assert from 'node:assert/strict'
import { test } from 'node:test'
import { measure, type Observations, type Objectives } from './measure.ts'
import type { DeliveryFacts } from './sink.ts'

const objectives: Objectives = { maxReplayRecords: 100, maxReplayMs: null, from: 'plan group orders-app' }

function facts (over: Partial<DeliveryFacts> = {}): DeliveryFacts {
  return {
    deliveries: 2040, distinct: 2000, missing: { count: 0, first: [] },
    duplicates: { sequences: 40, extra: 40, first: [1, 2], producedSpanMs: 200 }, atMove: 0, atRollback: 40,
    firstAfterRollback: 11_500, byStage: { 'before-move': 400, 'on-target': 600, 'after-rollback': 1040 }, ...over,
  }
}

function observed (over: Partial<Observations> = {}): Observations {
  return {
    produced: 2000, deliveries: facts(), sink: { mode: 'insert', rows: 2040, distinct: 2000, duplicateRows: 40 }, counted: null,
    rollbackAt: 10_000, rollbackRestoreMs: 900, prediction: { uncommittedAtStop: 40, rollbackReplay: 0, moveReplay: 0 }, rewinds: [], ...over,
  }
}

test('no loss, replay within maxReplay, the insert sink holds the predicted duplicate rows: pass, with the restore time', () => {
  const m = measure(observed(), objectives)
  assert.equal(m.status, 'pass', JSON.stringify(m.checks))
  assert.equal(m.restoreMs, 1500)
  assert.equal(m.loss, 0)
  assert.deepEqual(m.duplicates, { total: 40, atMove: 0, atRollback: 40 })
  assert.equal(m.predictedRollbackDuplicates, 40)
})

test('any loss fails, naming the first missing numbers', () => {
  const m = measure(observed({ deliveries: facts({ missing: { count: 75, first: [400, 401] } }) }), objectives)
  assert.equal(m.status, 'fail')
  assert.match(m.checks.find((c) => c.id === 'loss')!.message, /75 of 2000 sequence numbers never processed \(first: 400, 401\)/)
})

test('replay beyond maxReplay at either switch fails', () => {
  const m = measure(observed({ deliveries: facts({ atMove: 150 }) }), objectives)
  assert.equal(m.checks.find((c) => c.id === 'duplicates')!.status, 'fail')
  assert.match(m.checks.find((c) => c.id === 'duplicates')!.message, /150 at the move to the target > maxReplay 100/)
})

test('more duplicate rows than the rollback predicted, or rows that disagree with the delivery log, fail the sink check', () => {
  assert.equal(measure(observed({ prediction: { uncommittedAtStop: 10, rollbackReplay: 0, moveReplay: 0 } }), objectives).checks.find((c) => c.id === 'sink')!.status, 'fail')
  assert.equal(measure(observed({ sink: { mode: 'insert', rows: 2030, distinct: 2000, duplicateRows: 30 } }), objectives).checks.find((c) => c.id === 'sink')!.status, 'fail')
  assert.equal(measure(observed({ sink: { mode: 'upsert', rows: 2000, distinct: 2000, duplicateRows: 0 } }), objectives).checks.find((c) => c.id === 'sink')!.status, 'pass')
})

test('fail closed: no maxReplay, no delivery log, nothing processed after the rollback are unknown and fail', () => {
  assert.equal(measure(observed(), { ...objectives, maxReplayRecords: null }).checks.find((c) => c.id === 'duplicates')!.status, 'unknown')
  const none = measure(observed({ deliveries: null, sink: null }), objectives)
  assert.equal(none.status, 'fail')
  assert.deepEqual(none.checks.map((c) => c.status), ['unknown', 'unknown', 'unknown', 'pass', 'unknown'])
  const notRestored = measure(observed({ deliveries: facts({ firstAfterRollback: null }) }), objectives)
  assert.equal(notRestored.checks.find((c) => c.id === 'restore')!.status, 'unknown')
  assert.equal(notRestored.status, 'fail')
})

test('with the team\'s own consumer (hooks) the row count is the measurement', () => {
  const ok = measure(observed({ deliveries: null, sink: null, counted: 2030 }), objectives)
  assert.equal(ok.status, 'pass')
  assert.equal(ok.restoreMs, 900)
  const lost = measure(observed({ deliveries: null, sink: null, counted: 1990 }), objectives)
  assert.equal(lost.status, 'fail')
  assert.equal(lost.loss, 10)
})
