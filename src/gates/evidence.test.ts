import { test } from 'node:test'
import assert from 'node:assert/strict'
import { evidenceCheck, formatDuration, needSide, needSnapshot } from './evidence.ts'
import { capturedAt, fixtureInput, fixtureSnapshot, ok, sourceInventory } from './fixtures.ts'

const minutes = (n: number) => new Date(Date.parse(capturedAt) + n * 60_000)

test('formatDuration keeps the two largest units', () => {
  assert.equal(formatDuration(350), '350ms')
  assert.equal(formatDuration(42_000), '42s')
  assert.equal(formatDuration(16 * 60_000 + 5_000), '16m 5s')
  assert.equal(formatDuration(26 * 3_600_000 + 60_000), '1d 2h')
})

test('fresh evidence of this plan is usable', () => {
  const snapshot = needSnapshot(fixtureInput(), 'x')
  assert.equal(snapshot.ok, true)
  const source = needSide(fixtureInput(), 'source', 'x')
  assert.ok(source.ok && source.value.cluster.clusterId === 'src-cluster-id')
})

test('no snapshot is unknown', () => {
  const need = needSnapshot(fixtureInput({ snapshot: null }), 'x')
  assert.ok(!need.ok)
  assert.equal(need.unknown.status, 'unknown')
  assert.equal(need.unknown.subject, 'snapshot')
  assert.match(need.unknown.message, /no snapshot/)
})

test('evidence older than gates.evidenceMaxAge is unknown, saying how old', () => {
  const need = needSnapshot(fixtureInput({ now: minutes(16) }), 'x')
  assert.ok(!need.ok)
  assert.match(need.unknown.message, /evidence is 16m old \(captured 2026-03-02T10:00:00.000Z\), older than gates.evidenceMaxAge 15m/)
  assert.deepEqual(need.unknown.evidence, { evidenceId: fixtureInput().evidenceId, capturedAt, evaluatedAt: minutes(16).toISOString(), ageMs: 960_000, maxAgeMs: 900_000 })
  // exactly at the limit is still fresh
  assert.equal(needSnapshot(fixtureInput({ now: minutes(15) }), 'x').ok, true)
})

test('evidence dated after the evaluation time is unknown: a clock is wrong', () => {
  const need = needSnapshot(fixtureInput({ now: minutes(-1) }), 'x')
  assert.ok(!need.ok)
  assert.match(need.unknown.message, /1m after the evaluation time/)
})

test('an unreadable capture time, another document type or another plan is unknown', () => {
  const bad = needSnapshot(fixtureInput({ snapshot: fixtureSnapshot({}, { capturedAt: 'yesterday' }) }), 'x')
  assert.ok(!bad.ok)
  assert.match(bad.unknown.message, /no valid capture time/)
  const type = needSnapshot(fixtureInput({ snapshot: fixtureSnapshot({}, { type: 'rollgate.snapshot/v2' as 'rollgate.snapshot/v1' }) }), 'x')
  assert.ok(!type.ok)
  assert.match(type.unknown.message, /not a snapshot this rollgate reads/)
  const plan = needSnapshot(fixtureInput({ planHash: 'other' }), 'x')
  assert.ok(!plan.ok)
  assert.match(plan.unknown.message, /another version of the plan/)
  // no plan hash given: the caller did not ask for the comparison
  assert.equal(needSnapshot(fixtureInput({ planHash: undefined }), 'x').ok, true)
})

test('a side that was unreachable or partly read is unknown, naming the cluster and the error', () => {
  const unreachable = fixtureSnapshot({ target: { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'connection refused', at: capturedAt } })
  const need = needSide(fixtureInput({ snapshot: unreachable }), 'target', 'topics.x')
  assert.ok(!need.ok)
  assert.deepEqual(need.unknown, {
    id: 'topics.x',
    status: 'unknown',
    subject: 'target',
    message: 'target cluster (automq-0:9093) was unreachable: connection refused',
    evidence: { side: 'target', status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'connection refused', at: capturedAt },
  })
  const partial = fixtureSnapshot({ source: { status: 'error', bootstrap: ['s:9092'], error: 'DescribeConfigs: TOPIC_AUTHORIZATION_FAILED', at: capturedAt } })
  const needPartial = needSide(fixtureInput({ snapshot: partial }), 'source', 'x')
  assert.ok(!needPartial.ok)
  assert.match(needPartial.unknown.message, /^source cluster \(s:9092\) could not be fully read: DescribeConfigs: TOPIC_AUTHORIZATION_FAILED$/)
})

test('a side captured long before the snapshot is as stale as an old snapshot', () => {
  const old = { ...sourceInventory(), capturedAt: '2026-03-02T09:00:00.000Z' }
  const need = needSide(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', old) }) }), 'source', 'x')
  assert.ok(!need.ok)
  assert.match(need.unknown.message, /evidence of the source cluster \(source-kafka-0:9092\) is 1h 5m old/)
})

test('an evidence check does not run without its evidence, and names every missing side', () => {
  let ran = 0
  const check = evidenceCheck({ id: 'both', title: 'needs both', sides: ['source', 'target'], run: () => {
    ran++
    return []
  } })
  const down = (side: 'source' | 'target') => ({ status: 'unreachable' as const, bootstrap: [`${side}:9092`], error: 'timed out after 15s', at: capturedAt })
  const results = check.run(fixtureInput({ snapshot: fixtureSnapshot({ source: down('source'), target: down('target') }) }))
  assert.equal(ran, 0)
  assert.deepEqual(results.map((r) => [r.status, r.subject]), [['unknown', 'source'], ['unknown', 'target']])
  assert.deepEqual(check.run(fixtureInput({ snapshot: null })).map((r) => [r.status, r.subject]), [['unknown', 'snapshot']])
})
