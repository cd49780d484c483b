import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixtureInput, fixturePlan, fixtureSnapshot } from '../fixtures.ts'
import { replicationCapturedAt, replicationOk } from './replication-fixtures.ts'
import { replicationHeartbeats } from './replication-heartbeats.ts'

const at = Date.parse(replicationCapturedAt)
const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
const withHeartbeat = (timestamp: number | null) => fixtureSnapshot({}, { replication: replicationOk({ heartbeat: { topic: 'heartbeats', newest: timestamp === null ? null : { offset: 7, partition: 0, timestamp }, scanned: 12 } }) })

test('a fresh heartbeat passes; one near the limit warns; an old one fails: MirrorMaker 2 has stopped', () => {
  assert.deepEqual(replicationHeartbeats.run(fixtureInput()).map(line), ['pass source->target: newest heartbeat of source->target in heartbeats on the target is 1s old (limit 1m, gates.lag.time)'])
  assert.equal(replicationHeartbeats.run(fixtureInput({ snapshot: withHeartbeat(at - 50_000) }))[0]!.status, 'warn')
  const [stopped] = replicationHeartbeats.run(fixtureInput({ snapshot: withHeartbeat(at - 5 * 60_000) }))
  assert.equal(line(stopped!), 'fail source->target: newest heartbeat of source->target in heartbeats on the target is 5m old (limit 1m, gates.lag.time): heartbeats have stopped arriving — MirrorMaker 2 is down or stalled')
  assert.deepEqual(stopped!.evidence, { topic: 'heartbeats', newest: { offset: 7, partition: 0, timestamp: at - 300_000 }, scanned: 12, ageMs: 300_000, limitMs: 60_000, warnFromMs: 48_000, capturedAt: replicationCapturedAt })
})

test('no heartbeat of the flow fails naming the aliases; a future one warns about clocks; unreadable is unknown', () => {
  assert.match(line(replicationHeartbeats.run(fixtureInput({ snapshot: withHeartbeat(null) }))[0]!), /^fail source->target: no heartbeat of flow source->target in heartbeats on the target \(12 record\(s\) read\): .*replication.sourceAlias\/targetAlias/)
  assert.match(line(replicationHeartbeats.run(fixtureInput({ snapshot: withHeartbeat(at + 30_000) }))[0]!), /^warn .*dated 30s after the capture/)
  const unread = fixtureSnapshot({}, { replication: replicationOk({ heartbeat: { unavailable: true, reason: 'TOPIC_AUTHORIZATION_FAILED' } }) })
  assert.equal(line(replicationHeartbeats.run(fixtureInput({ snapshot: unread }))[0]!), 'unknown source->target: heartbeats could not be read: TOPIC_AUTHORIZATION_FAILED')
})

test('the limit is gates.lag.time; other replication kinds warn that the check does not apply', () => {
  const plan = fixturePlan({ gates: { lag: { records: 10, time: '5m' } } })
  assert.equal(replicationHeartbeats.run(fixtureInput({ plan, snapshot: withHeartbeat(at - 2 * 60_000) }))[0]!.status, 'pass')
  const preserving = fixtureSnapshot({}, { replication: replicationOk({ kind: 'offset-preserving', flow: null, heartbeat: null }) })
  assert.match(line(replicationHeartbeats.run(fixtureInput({ snapshot: preserving }))[0]!), /^warn replication: not applicable: replication.kind offset-preserving/)
})
