import assert from 'node:assert/strict'
import { test } from 'node:test'
import { replicationJson } from './fixtures.ts'
import { lagView, snapshotLag } from './lag.ts'

const at = '2026-03-02T10:00:00.000Z'
const ms = Date.parse(at)

test('lag of one snapshot: records behind, age of the oldest uncopied record, unknown when not mapped', () => {
  const sample = snapshotLag({ capturedAt: at, replication: replicationJson(at, [
    { topic: 'orders', partition: 0, logEnd: 100, mapped: 100 },
    { topic: 'orders', partition: 1, logEnd: 100, mapped: 60, firstUncopiedTs: ms - 12_000 },
    { topic: 'orders', partition: 2, logEnd: 100, mapped: 60, firstUncopiedTs: null },
    { topic: 'payments', partition: 0, logEnd: 50, mapped: null },
  ]) })
  assert.deepEqual(sample?.partitions.map((p) => [p.topic, p.partition, p.records, p.seconds]), [
    ['orders', 0, 0, 0], ['orders', 1, 40, 12], ['orders', 2, 40, null], ['payments', 0, null, null],
  ])
  assert.match(sample!.partitions[3]!.note!, /no-sync: no offset sync yet/)
})

test('snapshots without replication evidence, or of another shape, add nothing and never throw', () => {
  for (const doc of [null, 'x', {}, { replication: null }, { replication: { status: 'error', error: 'x' } }, { replication: { status: 'ok', evidence: { partitions: 'no' } } },
    { replication: { status: 'ok', evidence: { capturedAt: 'not a date', partitions: [] } } }]) {
    assert.equal(snapshotLag(doc), null, JSON.stringify(doc))
  }
  const odd = snapshotLag({ capturedAt: at, replication: { status: 'ok', evidence: { partitions: [null, 3, { topic: 'a' }, { topic: 'a', partition: 0, source: 'x', mapped: 7 }] } } })
  assert.deepEqual(odd?.partitions.map((p) => [p.topic, p.records]), [['a', null]])
})

test('series per topic over time: records summed, seconds the worst partition', () => {
  const s1 = snapshotLag({ capturedAt: at, replication: replicationJson(at, [{ topic: 'orders', partition: 0, logEnd: 10, mapped: 5, firstUncopiedTs: ms - 3000 }, { topic: 'orders', partition: 1, logEnd: 10, mapped: 8, firstUncopiedTs: ms - 1000 }]) })!
  const at2 = '2026-03-02T10:01:00.000Z'
  const s2 = snapshotLag({ capturedAt: at2, replication: replicationJson(at2, [{ topic: 'orders', partition: 0, logEnd: 20, mapped: 20 }, { topic: 'orders', partition: 1, logEnd: 20, mapped: null }]) })!
  const view = lagView([s1, s2])
  assert.equal(view.available, true)
  assert.deepEqual(view.series, [{ topic: 'orders', points: [{ at, records: 7, seconds: 3, unknown: 0 }, { at: at2, records: 0, seconds: 0, unknown: 1 }] }])
  assert.equal(view.latest, s2)
  assert.deepEqual(lagView([]), { available: false, series: [], latest: null, samples: 0 })
})
