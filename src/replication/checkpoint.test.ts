/**
 * @module replication/checkpoint.test
 * Checkpoint codec on bytes MirrorMaker 2 really wrote (checked against Kafka's CheckpointFormatter),
 * round trips, and tombstones / unknown versions / truncation, as read back from a real broker.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCheckpoint, encodeCheckpoint, encodeCheckpointKey, encodeCheckpointValue } from './checkpoint.ts'
import { loadSandboxFixture } from './fixtures/fixture.ts'

const fixture = loadSandboxFixture()
const crafted = (what: string) => fixture.crafted.find((c) => c.what.startsWith(what))!

test('decodes every captured checkpoint exactly as Kafka\'s CheckpointFormatter read it', () => {
  assert.ok(fixture.checkpoints.length >= 3, 'a checkpoint per committed partition')
  for (const r of fixture.checkpoints) {
    const d = decodeCheckpoint(r.key, r.value)
    assert.equal(d.kind, 'ok', r.java)
    if (d.kind !== 'ok') continue
    const v = d.value
    assert.deepEqual(
      { group: v.group, topic: v.topic, partition: String(v.partition), upstreamOffset: String(v.upstreamOffset), downstreamOffset: String(v.downstreamOffset), metadata: v.metadata },
      r.expected, r.java)
    assert.equal(v.group, fixture.group)
    assert.equal(v.topic, fixture.targetTopic, 'the key names the topic as renamed on the target')
    // version 0, then two INT64 and an empty STRING
    assert.equal(r.value!.readInt16BE(0), 0)
  }
})

test('the last captured checkpoint per partition carries the committed offset', () => {
  const last = new Map<number, bigint>()
  for (const r of fixture.checkpoints) {
    const d = decodeCheckpoint(r.key, r.value)
    if (d.kind === 'ok') last.set(d.value.partition, d.value.upstreamOffset)
  }
  assert.deepEqual([...last.entries()].sort((a, b) => a[0] - b[0]), fixture.committed.map((c, p) => [p, BigInt(c)]))
})

test('re-encoding a captured checkpoint gives MirrorMaker 2\'s bytes back, byte for byte', () => {
  for (const r of fixture.checkpoints) {
    const d = decodeCheckpoint(r.key, r.value)
    assert.ok(d.kind === 'ok')
    const again = encodeCheckpoint(d.value)
    assert.deepEqual(again.key, r.key)
    assert.deepEqual(again.value, r.value)
  }
})

test('encode → decode round trip, with metadata and unicode', () => {
  const cases = [
    { group: 'g', topic: 'orders', partition: 0, upstreamOffset: 0n, downstreamOffset: 0n, metadata: '' },
    { group: 'grupo-ñ', topic: 'source.orders', partition: 11, upstreamOffset: 2n ** 62n, downstreamOffset: 17n, metadata: '{"app":"billing","n":1}' },
  ]
  for (const cp of cases) {
    const { key, value } = encodeCheckpoint(cp)
    assert.deepEqual(decodeCheckpoint(key, value), { kind: 'ok', value: cp })
  }
})

test('a tombstone read back from the broker is skipped with a warning and its key', () => {
  const r = crafted('checkpoint tombstone')
  assert.equal(r.value, null)
  const d = decodeCheckpoint(r.key, r.value)
  assert.ok(d.kind === 'skipped')
  assert.equal(d.reason, 'tombstone')
  assert.deepEqual(d.key, { group: fixture.group, topic: fixture.targetTopic, partition: d.key!.partition })
  assert.match(d.warning, new RegExp(`checkpoint tombstone for ${fixture.group} `))
})

test('version 1 is skipped with a warning naming the version — not read as version 0', () => {
  const r = crafted('checkpoint version 1')
  const d = decodeCheckpoint(r.key, r.value)
  assert.ok(d.kind === 'skipped')
  assert.equal(d.reason, 'unsupported-version')
  assert.equal(d.version, 1)
  assert.match(d.warning, /has version 1; only version 0 is known/)
  for (const version of [-1, 2, 32767]) {
    const v = decodeCheckpoint(encodeCheckpointKey({ group: 'g', topic: 't', partition: 0 }), encodeCheckpointValue({ upstreamOffset: 1n, downstreamOffset: 1n, metadata: '' }, version))
    assert.ok(v.kind === 'skipped' && v.version === version)
  }
  // even a version whose body is missing: the version alone decides
  const bare = decodeCheckpoint(encodeCheckpointKey({ group: 'g', topic: 't', partition: 0 }), Buffer.from([0, 9]))
  assert.ok(bare.kind === 'skipped' && bare.reason === 'unsupported-version')
})

test('truncated keys and values from the broker are typed decode errors', () => {
  for (const what of ['checkpoint value truncated', 'checkpoint key truncated']) {
    const r = crafted(what)
    const d = decodeCheckpoint(r.key, r.value)
    assert.ok(d.kind === 'invalid', what)
    assert.equal(d.error.code, 'RG_REPLICATION_DECODE')
  }
  assert.match((decodeCheckpoint(crafted('checkpoint value truncated').key, crafted('checkpoint value truncated').value) as { error: Error }).error.message, /reading offset/)
  const { key, value } = encodeCheckpoint({ group: 'g', topic: 't', partition: 0, upstreamOffset: 1n, downstreamOffset: 1n, metadata: 'm' })
  for (let n = 0; n < key.length; n++) assert.equal(decodeCheckpoint(key.subarray(0, n), value).kind, 'invalid', `key cut at ${n}`)
  for (let n = 0; n < value.length; n++) assert.equal(decodeCheckpoint(key, value.subarray(0, n)).kind, 'invalid', `value cut at ${n}`)
  assert.equal(decodeCheckpoint(undefined, value).kind, 'invalid')
})

test('random bytes never throw: every outcome is a result', () => {
  let seed = 42
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0)
  for (let i = 0; i < 2000; i++) {
    const key = Buffer.from(Array.from({ length: next() % 40 }, () => next() & 0xff))
    const value = Buffer.from(Array.from({ length: next() % 40 }, () => next() & 0xff))
    const d = decodeCheckpoint(key, value)
    assert.ok(['ok', 'skipped', 'invalid'].includes(d.kind))
  }
})
