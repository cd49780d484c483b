/**
 * @module replication/wire.test
 * The Struct primitives against hand-computed Kafka encodings, and their refusals.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { StructReader, StructWriter, decodeSafely } from './wire.ts'

test('writes big-endian integers and INT16-length-prefixed UTF-8 strings, as Kafka\'s Type classes do', () => {
  const bytes = new StructWriter('t').int16('v', 1).int32('p', -2).int64('o', 258n).string('s', 'é').bytes()
  assert.equal(bytes.toString('hex'), '0001' + 'fffffffe' + '0000000000000102' + '0002' + 'c3a9')
})

test('reads back what it wrote, including INT64 extremes and the empty string', () => {
  const bytes = new StructWriter('t').int64('min', -(2n ** 63n)).int64('max', 2n ** 63n - 1n).string('e', '').string('u', 'tópico-ü').bytes()
  const r = new StructReader(bytes, 't')
  assert.equal(r.int64('min'), -(2n ** 63n))
  assert.equal(r.int64('max'), 2n ** 63n - 1n)
  assert.equal(r.string('e'), '')
  assert.equal(r.string('u'), 'tópico-ü')
  assert.equal(r.remaining, 0)
})

test('reads from a view into a larger buffer (byteOffset respected)', () => {
  const inner = new StructWriter('t').int32('p', 7).bytes()
  const big = Buffer.concat([Buffer.from([9, 9, 9]), inner, Buffer.from([9])])
  assert.equal(new StructReader(big.subarray(3, 7), 't').int32('p'), 7)
})

test('truncation and negative string lengths are decode errors naming the field and byte', () => {
  assert.throws(() => new StructReader(Buffer.from([0, 0, 0]), 'x key').int32('partition'),
    (e: unknown) => e instanceof RollgateError && e.code === 'RG_REPLICATION_DECODE' && /x key: truncated at byte 0 reading partition/.test(e.message))
  assert.throws(() => new StructReader(Buffer.from([0, 5, 0x61]), 'x').string('topic'), /topic \(needs 5 bytes, 1 left/)
  assert.throws(() => new StructReader(Buffer.from([0xff, 0xff]), 'x').string('topic'), /negative length -1/)
})

test('the writer refuses values the schema cannot carry', () => {
  const refused = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof RollgateError && e.code === 'RG_REPLICATION_ENCODE')
  refused(() => new StructWriter('t').int16('v', 32768))
  refused(() => new StructWriter('t').int32('p', 2 ** 31))
  refused(() => new StructWriter('t').int32('p', 1.5))
  refused(() => new StructWriter('t').int64('o', 2n ** 63n))
  refused(() => new StructWriter('t').string('s', 'x'.repeat(32768)))
  assert.equal(new StructWriter('t').string('s', 'x'.repeat(32767)).bytes().length, 32769)
})

test('decodeSafely turns decode errors into `invalid` but lets bugs through', () => {
  const r = decodeSafely(() => { new StructReader(Buffer.alloc(1), 't').int16('v'); return { kind: 'ok', value: 1 } })
  assert.equal(r.kind, 'invalid')
  assert.throws(() => decodeSafely(() => { throw new TypeError('bug') }), TypeError)
})
