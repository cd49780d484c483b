import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { type Delivery, RehearsalSink, type Stage } from './sink.ts'

const dir = mkdtempSync(join(tmpdir(), 'rollgate-sink-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const delivery = (seq: number, stage: Stage, processedAt: number): Delivery => ({
  seq, stage, cluster: stage === 'on-target' ? 'target' : 'source', topic: 't', partition: seq % 2, offset: seq, producedAt: 1000 + seq, processedAt,
})

function fill (sink: RehearsalSink): void {
  // 0-4 before the move, 3-7 on the target (3, 4 again), 6-9 after the rollback (6, 7 again), 11 never
  for (const s of [0, 1, 2, 3, 4]) sink.process(delivery(s, 'before-move', 10), 'source')
  for (const s of [3, 4, 5, 6, 7]) sink.process(delivery(s, 'on-target', 20), 'source')
  for (const s of [6, 7, 8, 9, 10, 12]) sink.process(delivery(s, 'after-rollback', 30 + s), 'source')
}

test('insert sink: replays are duplicate rows; the delivery log tells loss, duplicates per switch and the first record after the rollback', () => {
  const sink = new RehearsalSink(join(dir, 'insert.db'), 'insert')
  fill(sink)
  assert.deepEqual(sink.sinkFacts(), { mode: 'insert', rows: 16, distinct: 12, duplicateRows: 4 })
  const facts = sink.deliveryFacts(13, 25)
  assert.equal(facts.distinct, 12)
  assert.deepEqual(facts.missing, { count: 1, first: [11] })
  assert.equal(facts.duplicates.sequences, 4)
  assert.equal(facts.duplicates.extra, 4)
  assert.deepEqual(facts.duplicates.first, [3, 4, 6, 7])
  assert.equal(facts.duplicates.producedSpanMs, 4)
  assert.equal(facts.atMove, 2)
  assert.equal(facts.atRollback, 2)
  assert.equal(facts.firstAfterRollback, 36)
  assert.deepEqual(facts.byStage, { 'before-move': 5, 'on-target': 5, 'after-rollback': 6 })
  assert.equal(sink.processed(), 12)
  sink.close()
})

test('upsert sink: replays rewrite rows; missing numbers at both ends are found', () => {
  const sink = new RehearsalSink(join(dir, 'upsert.db'), 'upsert')
  fill(sink)
  assert.deepEqual(sink.sinkFacts(), { mode: 'upsert', rows: 12, distinct: 12, duplicateRows: 0 })
  assert.deepEqual(sink.deliveryFacts(15, null).missing, { count: 3, first: [11, 13, 14] })
  assert.equal(sink.deliveryFacts(15, null).firstAfterRollback, null)
  sink.close()
  const empty = new RehearsalSink(join(dir, 'empty.db'), 'upsert')
  assert.deepEqual(empty.deliveryFacts(3, null).missing, { count: 3, first: [0, 1, 2] })
  empty.close()
})
