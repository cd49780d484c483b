import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AbortedTransactions, isAbortMarker } from './aborted-transactions.ts'

const commit = Uint8Array.from([0, 0, 0, 1])
const abort = Uint8Array.from([0, 0, 0, 0])

test('markers: int16 version then int16 type, 0 is ABORT', () => {
  assert.equal(isAbortMarker(abort), true)
  assert.equal(isAbortMarker(commit), false)
  assert.equal(isAbortMarker(null), false)
  assert.equal(isAbortMarker(Uint8Array.from([0, 0])), false)
})

test('a producer that commits one transaction and aborts the next: only the aborted one is set aside', () => {
  // offsets: t0 data 0-1, COMMIT 2, t1 data 3-4, ABORT 5, t2 data 6, COMMIT 7
  const filter = new AbortedTransactions([{ producerId: 7n, firstOffset: 3n }])
  const seen = [
    filter.setsAside({ producerId: 7n, lastOffset: 1n, transactional: true, control: false }),
    filter.setsAside({ producerId: 7n, lastOffset: 2n, transactional: true, control: true, firstKey: commit }),
    filter.setsAside({ producerId: 7n, lastOffset: 4n, transactional: true, control: false }),
    filter.setsAside({ producerId: 7n, lastOffset: 5n, transactional: true, control: true, firstKey: abort }),
    filter.setsAside({ producerId: 7n, lastOffset: 6n, transactional: true, control: false }),
  ]
  assert.deepEqual(seen, [false, true, true, true, false])
})

test('two aborted transactions of one producer, listed out of order; other producers and non-transactional batches untouched', () => {
  const filter = new AbortedTransactions([{ producerId: 1n, firstOffset: 10n }, { producerId: 1n, firstOffset: 0n }])
  assert.equal(filter.setsAside({ producerId: 1n, lastOffset: 2n, transactional: true, control: false }), true)
  assert.equal(filter.setsAside({ producerId: 2n, lastOffset: 3n, transactional: true, control: false }), false)
  assert.equal(filter.setsAside({ producerId: -1n, lastOffset: 4n, transactional: false, control: false }), false)
  assert.equal(filter.setsAside({ producerId: 1n, lastOffset: 5n, transactional: true, control: true, firstKey: abort }), true)
  assert.equal(filter.setsAside({ producerId: 1n, lastOffset: 8n, transactional: true, control: false }), false)
  assert.equal(filter.setsAside({ producerId: 1n, lastOffset: 9n, transactional: true, control: true, firstKey: commit }), true)
  assert.equal(filter.setsAside({ producerId: 1n, lastOffset: 11n, transactional: true, control: false }), true)
})
