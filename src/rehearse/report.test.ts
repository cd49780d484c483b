import assert from 'node:assert/strict'
import { test } from 'node:test'
import { measure } from './measure.ts'
import { type RehearsalResult, summarize } from './rehearse.ts'
import { renderRehearsal } from './report.ts'

/** A finished after-cutover rehearsal: 40 duplicates at the rollback as predicted, no loss. */
function result (over: Partial<RehearsalResult> = {}): RehearsalResult {
  const prediction = { uncommittedAtStop: 40, rollbackReplay: 0, moveReplay: 0 }
  const objectives = { maxReplayRecords: 100, maxReplayMs: null, from: 'plan group orders-app' }
  const measurement = measure({
    produced: 2000,
    deliveries: {
      deliveries: 2040, distinct: 2000, missing: { count: 0, first: [] }, duplicates: { sequences: 40, extra: 40, first: [1, 2], producedSpanMs: 200 },
      atMove: 0, atRollback: 40, firstAfterRollback: 11_500, byStage: { 'before-move': 400, 'on-target': 600, 'after-rollback': 1040 },
    },
    sink: { mode: 'insert', rows: 2040, distinct: 2000, duplicateRows: 40 }, counted: null,
    rollbackAt: 10_000, rollbackRestoreMs: 900, prediction, rewinds: [],
  }, objectives)
  return {
    type: 'rollgate.rehearsal/v1', id: '20260302-100000-ab12', mode: 'after-cutover', sink: 'insert', startedAt: '2026-03-02T10:00:00.000Z', finishedAt: '2026-03-02T10:01:00.000Z',
    dir: '/state/rehearsals/20260302-100000-ab12', topic: 'rb-20260302-100000-ab12', reverseTopic: 'target.rb-20260302-100000-ab12', group: 'rb-group-20260302-100000-ab12',
    records: 2000, produced: { source: 1200, target: 800 }, partitions: 3, schemaIds: { source: 1, target: 1 }, sabotage: null,
    objectives, prediction,
    timeline: [{ atMs: 0, event: 'producing on the source' }, { atMs: 10_000, event: 'rollback started' }, { atMs: 11_500, event: 'first record processed on the source' }],
    rollback: {
      ok: true, from: 'producers-on-target', to: 'replicating', restoreMs: 900, replay: [{ group: 'rb-group-20260302-100000-ab12', records: 0 }], targetOnlyWrites: [],
      evidence: { targetCapture: null, translation: null, reverseTranslation: null, resetPlan: null },
      steps: [{ step: 'availability', status: 'done', detail: 'rollback available' }, { step: 'reset source groups', status: 'done', detail: 'x'.repeat(300) }],
    },
    measurement, error: null, ...over,
  }
}

test('the log line: verdict, restore time, duplicates and loss; a sabotage is named', () => {
  assert.equal(summarize(result()), 'rehearsal 20260302-100000-ab12 after-cutover (insert sink): PASS; restore 1500 ms, duplicates 40, loss 0')
  const sabotaged = result({ sabotage: { aheadPerPartition: 25 } })
  assert.match(summarize(sabotaged), /\(sabotaged: 25 ahead\)$/)
})

test('the report puts the verdict first, the three numbers against the prediction, the rollback steps and the timeline', () => {
  const text = renderRehearsal(result())
  const lines = text.split('\n')
  assert.equal(lines[0], 'REHEARSAL 20260302-100000-ab12: PASS — after-cutover, insert sink')
  assert.match(text, /^ {2}topic rb-20260302-100000-ab12 \(3 partitions\), reverse copy target\.rb-20260302-100000-ab12, group rb-group-20260302-100000-ab12$/m)
  assert.match(text, /value schema registered \(id 1 on the source, 1 on the target\)/)
  assert.match(text, /^ {2}restore time {3}1500 ms {3}\(rollback start → first record processed on the source\)$/m)
  assert.match(text, /^ {2}duplicates {5}40 sequence number\(s\) processed twice: 0 at the move, 40 at the rollback$/m)
  assert.match(text, /^ {2}predicted {6}at most 40 at the rollback \(40 processed on the target after its last commit \+ 0 re-read by the reverse translation\); 0 at the move$/m)
  assert.match(text, /^ {2}duplicate rows 40 \(non-idempotent insert\)$/m)
  assert.match(text, /^ {2}loss {11}0$/m)
  assert.match(text, /^ROLLBACK producers-on-target -> replicating: done, group resuming on the source after 900 ms$/m)
  // long step details are cut for the table, with an ellipsis
  assert.ok(text.includes(`${'x'.repeat(217)}...`) && !text.includes('x'.repeat(218)))
  assert.match(text, /^ {3}11\.5 s {2}first record processed on the source$/m)
  assert.ok(text.endsWith('plan, journal and sink of this rehearsal: /state/rehearsals/20260302-100000-ab12\n'))
})

test('a rehearsal that stopped says so and where it stopped; nothing measured reads as not measured', () => {
  const base = result()
  const text = renderRehearsal({
    ...base, rollback: null, error: 'the consumer never joined on the target',
    measurement: { ...base.measurement, restoreMs: null, duplicates: null, duplicateRows: null, loss: null },
  })
  assert.match(text, /restore time {3}not measured/)
  assert.match(text, /duplicates {5}not measured/)
  assert.match(text, /loss {11}not measured/)
  assert.doesNotMatch(text, /^ROLLBACK/m)
  assert.match(text, /\nSTOPPED: the consumer never joined on the target\n/)
})
