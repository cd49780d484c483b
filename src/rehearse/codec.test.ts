import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeRecord, encodeRecord } from './codec.ts'

test('a record round-trips in the Confluent wire format (Avro) and as JSON', () => {
  for (const record of [{ seq: 0, producedAt: 0, origin: 'source' as const }, { seq: 123_456_789, producedAt: 1_795_479_732_492, origin: 'target' as const }]) {
    const framed = encodeRecord(record, 42)
    assert.equal(framed[0], 0)
    assert.equal(framed.readInt32BE(1), 42)
    assert.deepEqual(decodeRecord(framed), record)
    assert.deepEqual(decodeRecord(encodeRecord(record, null)), record)
  }
})

test('Avro longs are zig-zag varints: 1 is 0x02, 64 is 0x80 0x01', () => {
  assert.deepEqual([...encodeRecord({ seq: 1, producedAt: 64, origin: 'source' }, 1).subarray(5, 8)], [0x02, 0x80, 0x01])
})
