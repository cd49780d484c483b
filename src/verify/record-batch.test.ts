import assert from 'node:assert/strict'
import { test } from 'node:test'
import { recordDigest } from '../kafka/record-digest.ts'
import { batch, marker } from './fixtures.ts'
import { BatchError, decodeBatches as decodeColumns, type DecodeOptions, differingFields, keyOf, recordFields, recsOf, sameContent, scanBatches } from './record-batch.ts'

const decodeBatches = (data: Buffer, options: DecodeOptions) => {
  const decoded = decodeColumns(data, options)
  return { ...decoded, records: recsOf(decoded.columns) }
}

const all: DecodeOptions = { from: 0, until: Number.MAX_SAFE_INTEGER, readCommitted: false, abortedTransactions: [], keepAborted: false, checkCrc: true }
const texts = (list: Array<{ offset: number } & Parameters<typeof recordFields>[0]>) => list.map((r) => `${r.offset}:${recordFields(r).value?.toString() ?? 'null'}`)

test('every codec the client has decodes to the same records, byte for byte', () => {
  const specs = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `value ${i} `.repeat(5), headers: [['trace', `t${i}`]] as Array<[string, string | null]> }))
  const plain = decodeBatches(batch(100, specs), all)
  for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    const decoded = decodeBatches(batch(100, specs, { compression }), all)
    assert.deepEqual(decoded.codecs, { [compression]: 1 })
    assert.equal(decoded.records.length, 50)
    decoded.records.forEach((r, i) => {
      assert.equal(r.offset, 100 + i)
      assert.ok(sameContent(r, plain.records[i]!, true), `${compression} record ${i}`)
    })
  }
  assert.deepEqual(plain.codecs, { none: 1 })
  assert.equal(plain.nextOffset, 150)
})

test('fields come back as written: null and empty are distinct, headers in order', () => {
  const [a, b, c] = decodeBatches(batch(0, [
    { key: null, value: 'x' },
    { key: '', value: null, headers: [['h1', null], ['h2', 'v']] },
    { key: 'k', value: '' },
  ]), all).records
  assert.deepEqual(recordFields(a!), { key: null, value: Buffer.from('x'), headers: [] })
  assert.deepEqual(recordFields(b!), { key: Buffer.alloc(0), value: null, headers: [[Buffer.from('h1'), null], [Buffer.from('h2'), Buffer.from('v')]] })
  assert.equal(keyOf(a!).keyHash, -1)
  assert.equal(keyOf(b!).tombstone, true)
  assert.equal(keyOf(c!).tombstone, false)
  assert.notEqual(keyOf(b!).keyHash, -1)
  assert.ok(!sameContent(b!, c!, false))
  // the report's digest is the one offset proofs use
  assert.equal(recordDigest(recordFields(c!)), recordDigest({ key: Buffer.from('k'), value: Buffer.alloc(0), headers: [] }))
})

test('differences are named field by field', () => {
  const [a] = decodeBatches(batch(0, [{ key: 'k', value: 'v', headers: [['h', '1']] }]), all).records
  const [b] = decodeBatches(batch(0, [{ key: 'k', value: 'v', headers: [['h', '2']], timestamp: 5 }]), all).records
  assert.deepEqual(differingFields(a!, b!), ['headers', 'timestamp'])
  assert.ok(!sameContent(a!, b!, false))
})

test('a range cuts records out of batches that straddle it', () => {
  const data = Buffer.concat([batch(10, ['a', 'b', 'c'].map((v) => ({ value: v }))), batch(13, ['d', 'e'].map((v) => ({ value: v })), { compression: 'lz4' })])
  assert.deepEqual(texts(decodeBatches(data, { ...all, from: 11, until: 14 }).records), ['11:b', '12:c', '13:d'])
  assert.equal(decodeBatches(data, { ...all, from: 11, until: 14 }).nextOffset, 15)
})

test('a batch cut by the fetch size limit is left for the next fetch', () => {
  const first = batch(0, [{ value: 'a' }])
  const second = batch(1, [{ value: 'b'.repeat(100) }])
  const cut = Buffer.concat([first, second.subarray(0, 40)])
  assert.deepEqual(texts(decodeBatches(cut, all).records), ['0:a'])
  assert.deepEqual(scanBatches(cut), { nextOffset: 1, complete: 1, incompleteSize: second.length })
  assert.deepEqual(scanBatches(second.subarray(0, 40)), { nextOffset: -1, complete: 0, incompleteSize: second.length })
})

test('a corrupted batch fails its CRC check', () => {
  const data = batch(0, [{ value: 'hello' }])
  data[data.length - 3] = data[data.length - 3]! ^ 0xff
  assert.throws(() => decodeBatches(data, all), (e: Error) => e instanceof BatchError && /CRC-32C/.test(e.message))
})

test('LogAppendTime gives every record the batch max timestamp', () => {
  const records = decodeBatches(batch(0, [{ value: 'a', timestamp: 1 }, { value: 'b', timestamp: 2 }], { logAppendTime: 99 }), all).records
  assert.deepEqual(records.map((r) => r.timestamp), [99, 99])
})

test('read_committed: aborted transactions set aside, markers skipped, as Kafka\'s CompletedFetch does', () => {
  // one producer: committed 0-1 (marker 2), aborted 3-4 (marker 5), committed 6 (marker 7); a plain record at 8
  const pid = 7n
  const data = Buffer.concat([
    batch(0, [{ value: 'c0' }, { value: 'c1' }], { producerId: pid, transactional: true }),
    marker(2, pid, 'commit'),
    batch(3, [{ value: 'a3' }, { value: 'a4' }], { producerId: pid, transactional: true, compression: 'zstd' }),
    marker(5, pid, 'abort'),
    batch(6, [{ value: 'c6' }], { producerId: pid, transactional: true }),
    marker(7, pid, 'commit'),
    batch(8, [{ value: 'p8' }]),
  ])
  const committed = decodeBatches(data, { ...all, readCommitted: true, abortedTransactions: [{ producerId: pid, firstOffset: 3n }], keepAborted: true })
  assert.deepEqual(texts(committed.records), ['0:c0', '1:c1', '6:c6', '8:p8'])
  assert.deepEqual(texts(committed.aborted), ['3:a3', '4:a4'])
  assert.equal(committed.abortedRecords, 2)
  assert.equal(committed.controlBatches, 3)
  assert.equal(committed.nextOffset, 9)
  // read_uncommitted sees every data record, never a marker
  assert.deepEqual(texts(decodeBatches(data, all).records), ['0:c0', '1:c1', '3:a3', '4:a4', '6:c6', '8:p8'])
  // without keepAborted, aborted records are not even decoded
  assert.deepEqual(decodeBatches(data, { ...all, readCommitted: true, abortedTransactions: [{ producerId: pid, firstOffset: 3n }] }).aborted, [])
})

test('only record format v2 is read', () => {
  const data = batch(0, [{ value: 'a' }])
  data.writeInt8(1, 16)
  assert.throws(() => decodeBatches(data, { ...all, checkCrc: false }), /magic 1/)
})
