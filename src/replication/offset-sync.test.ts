/**
 * @module replication/offset-sync.test
 * Offset-sync codec on bytes MirrorMaker 2 really wrote (checked against Kafka's OffsetSyncFormatter),
 * round trips, and the records it must survive.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadSandboxFixture } from './fixtures/fixture.ts'
import { decodeOffsetSync, encodeOffsetSync, encodeOffsetSyncKey, encodeOffsetSyncValue } from './offset-sync.ts'

const fixture = loadSandboxFixture()

test('decodes every captured offset sync exactly as Kafka\'s OffsetSyncFormatter read it', () => {
  assert.ok(fixture.offsetSyncs.length >= 6, 'the fixture has syncs for every partition')
  for (const r of fixture.offsetSyncs) {
    const d = decodeOffsetSync(r.key, r.value)
    assert.equal(d.kind, 'ok', r.java)
    if (d.kind !== 'ok') continue
    assert.deepEqual(
      { topic: d.value.topic, partition: String(d.value.partition), upstreamOffset: String(d.value.upstreamOffset), downstreamOffset: String(d.value.downstreamOffset) },
      { topic: r.expected.topic, partition: r.expected.partition, upstreamOffset: r.expected.upstreamOffset, downstreamOffset: r.expected.downstreamOffset },
      r.java)
    assert.equal(d.value.topic, fixture.topic)
  }
})

test('re-encoding a captured sync gives MirrorMaker 2\'s bytes back, byte for byte', () => {
  for (const r of fixture.offsetSyncs) {
    const d = decodeOffsetSync(r.key, r.value)
    assert.ok(d.kind === 'ok')
    const again = encodeOffsetSync(d.value)
    assert.deepEqual(again.key, r.key)
    assert.deepEqual(again.value, r.value)
  }
})

test('encode → decode round trip, including INT64 extremes and non-ASCII topics', () => {
  const cases = [
    { topic: 'orders', partition: 0, upstreamOffset: 0n, downstreamOffset: 0n },
    { topic: 'a.b-c_d', partition: 2 ** 31 - 1, upstreamOffset: 2n ** 63n - 1n, downstreamOffset: 1n },
    { topic: 'tópico', partition: 7, upstreamOffset: 123456789012345n, downstreamOffset: -1n },
  ]
  for (const sync of cases) {
    const { key, value } = encodeOffsetSync(sync)
    assert.equal(value.length, 16, 'two INT64, no version')
    assert.deepEqual(decodeOffsetSync(key, value), { kind: 'ok', value: sync })
  }
})

test('a tombstone is skipped with a warning and its key, never a crash', () => {
  const crafted = fixture.crafted.find((c) => c.what === 'offset-sync tombstone')!
  assert.equal(crafted.value, null, 'the broker kept the null value')
  const d = decodeOffsetSync(crafted.key, crafted.value)
  assert.equal(d.kind, 'skipped')
  if (d.kind !== 'skipped') return
  assert.equal(d.reason, 'tombstone')
  assert.deepEqual(d.key, { topic: fixture.topic, partition: 0 })
  assert.match(d.warning, /tombstone .* skipped/)
  assert.equal(decodeOffsetSync(crafted.key, undefined).kind, 'skipped')
})

test('truncated or garbage bytes are a typed decode error', () => {
  const crafted = fixture.crafted.find((c) => c.what.startsWith('offset-sync value of 12 bytes'))!
  const d = decodeOffsetSync(crafted.key, crafted.value)
  assert.ok(d.kind === 'invalid')
  assert.equal(d.error.code, 'RG_REPLICATION_DECODE')
  assert.match(d.error.message, /offset-sync value: truncated at byte 8 reading offset/)

  const key = encodeOffsetSyncKey({ topic: 'orders', partition: 1 })
  const value = encodeOffsetSyncValue({ upstreamOffset: 5n, downstreamOffset: 6n })
  for (let n = 0; n < key.length; n++) assert.equal(decodeOffsetSync(key.subarray(0, n), value).kind, 'invalid', `key cut at ${n}`)
  for (let n = 0; n < value.length; n++) assert.equal(decodeOffsetSync(key, value.subarray(0, n)).kind, 'invalid', `value cut at ${n}`)
  assert.equal(decodeOffsetSync(null, value).kind, 'invalid', 'no key')
  assert.equal(decodeOffsetSync(Buffer.from([0x80, 0x00]), value).kind, 'invalid', 'negative topic length')
})

test('bytes after the last field are ignored, as Kafka\'s Schema.read ignores them', () => {
  const { key, value } = encodeOffsetSync({ topic: 't', partition: 0, upstreamOffset: 1n, downstreamOffset: 2n })
  const d = decodeOffsetSync(Buffer.concat([key, Buffer.from([1])]), Buffer.concat([value, Buffer.from([1, 2])]))
  assert.deepEqual(d, { kind: 'ok', value: { topic: 't', partition: 0, upstreamOffset: 1n, downstreamOffset: 2n } })
})
