/**
 * @module replication/heartbeat.test
 * Heartbeat codec on bytes MirrorMaker 2 really wrote (checked against Kafka's HeartbeatFormatter).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadSandboxFixture } from './fixtures/fixture.ts'
import { decodeHeartbeat, encodeHeartbeat } from './heartbeat.ts'

const fixture = loadSandboxFixture()

test('decodes captured heartbeats as Kafka\'s HeartbeatFormatter read them; the timestamp is the record\'s', () => {
  assert.ok(fixture.heartbeats.length >= 1)
  for (const r of fixture.heartbeats) {
    const d = decodeHeartbeat(r.key, r.value)
    assert.ok(d.kind === 'ok', r.java)
    assert.deepEqual({ sourceClusterAlias: d.value.sourceClusterAlias, targetClusterAlias: d.value.targetClusterAlias, timestamp: String(d.value.timestamp) }, r.expected)
    assert.equal(d.value.sourceClusterAlias, fixture.sourceAlias)
    assert.equal(d.value.targetClusterAlias, fixture.targetAlias)
    // MirrorHeartbeatTask stamps the record with the same time it encodes
    assert.equal(d.value.timestamp, r.timestamp)
    assert.deepEqual(encodeHeartbeat(d.value).value, r.value)
    assert.deepEqual(encodeHeartbeat(d.value).key, r.key)
  }
})

test('round trip; version 1 and tombstones from the broker are skipped with a warning', () => {
  const hb = { sourceClusterAlias: 'eu', targetClusterAlias: 'us', timestamp: 1_700_000_000_123n }
  const { key, value } = encodeHeartbeat(hb)
  assert.deepEqual(decodeHeartbeat(key, value), { kind: 'ok', value: hb })

  const v1 = fixture.crafted.find((c) => c.what === 'heartbeat version 1')!
  const d1 = decodeHeartbeat(v1.key, v1.value)
  assert.ok(d1.kind === 'skipped' && d1.reason === 'unsupported-version' && d1.version === 1)
  assert.match(d1.warning, /source->target has version 1/)

  const tomb = fixture.crafted.find((c) => c.what === 'heartbeat tombstone')!
  const d2 = decodeHeartbeat(tomb.key, tomb.value)
  assert.ok(d2.kind === 'skipped' && d2.reason === 'tombstone')
  assert.deepEqual(d2.key, { sourceClusterAlias: 'source', targetClusterAlias: 'target' })
})

test('truncated heartbeats are decode errors', () => {
  const { key, value } = encodeHeartbeat({ sourceClusterAlias: 'a', targetClusterAlias: 'b', timestamp: 5n })
  for (let n = 0; n < key.length; n++) assert.equal(decodeHeartbeat(key.subarray(0, n), value).kind, 'invalid')
  for (let n = 0; n < value.length; n++) assert.equal(decodeHeartbeat(key, value.subarray(0, n)).kind, 'invalid')
  assert.equal(decodeHeartbeat(null, value).kind, 'invalid')
})
