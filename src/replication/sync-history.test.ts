/**
 * @module replication/sync-history.test
 * Ordering, merging and cutting the sync stream of one partition.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { offsetNumber, orderedSyncs, syncHistory, syncPointsByPartition, toSyncPoint } from './sync-history.ts'

const s = (seq: number, upstream: number, downstream: number) => ({ seq, upstream, downstream })
const pairs = (h: { valid: readonly { upstream: number, downstream: number }[] }) => h.valid.map((x) => `${x.upstream}->${x.downstream}`)

test('orders by write order, merges a record read twice, refuses two syncs at one position', () => {
  assert.deepEqual(orderedSyncs([s(3, 30, 30), s(1, 10, 10), s(3, 30, 30), s(2, 20, 20)]).map((x) => x.seq), [1, 2, 3])
  assert.throws(() => orderedSyncs([s(1, 10, 10), s(1, 11, 10)]), (e: unknown) => e instanceof RollgateError && e.code === 'RG_REPLICATION_SYNC_CONFLICT')
})

test('the same sync written twice is kept once (the newer)', () => {
  const h = syncHistory([s(0, 0, 0), s(1, 100, 100), s(2, 100, 100)])
  assert.deepEqual(h.valid.map((x) => x.seq), [0, 2])
  assert.equal(h.received, 3)
  assert.equal(h.discarded, 0)
})

test('an upstream rewind discards the history before it, as OffsetSyncStore does', () => {
  const h = syncHistory([s(0, 0, 0), s(1, 100, 100), s(2, 200, 200), s(3, 150, 260), s(4, 251, 361)])
  assert.deepEqual(pairs(h), ['150->260', '251->361'])
  assert.equal(h.discarded, 3)
  assert.deepEqual(h.lastReset, { cause: 'upstream-rewind', at: s(3, 150, 260), previous: s(2, 200, 200) })
})

test('a restart at the same upstream offset is not a rewind: both copies stay', () => {
  const h = syncHistory([s(0, 100, 200), s(1, 100, 260)])
  assert.deepEqual(pairs(h), ['100->200', '100->260'])
  assert.equal(h.lastReset, undefined)
})

test('the target going backwards (or one position claimed twice) discards history too — unlike MirrorMaker 2', () => {
  const back = syncHistory([s(0, 0, 0), s(1, 100, 100), s(2, 150, 20)])
  assert.deepEqual(pairs(back), ['150->20'])
  assert.equal(back.lastReset?.cause, 'downstream-rewind')
  const same = syncHistory([s(0, 0, 0), s(1, 100, 100), s(2, 150, 100)])
  assert.deepEqual(pairs(same), ['150->100'])
  assert.equal(same.lastReset?.cause, 'downstream-rewind')
})

test('valid history is monotonic whatever the input', () => {
  let seed = 7
  const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n)
  for (let i = 0; i < 500; i++) {
    const syncs = Array.from({ length: rnd(30) }, (_, k) => s(k, rnd(50), rnd(50)))
    const h = syncHistory(syncs)
    for (let k = 1; k < h.valid.length; k++) {
      assert.ok(h.valid[k]!.upstream >= h.valid[k - 1]!.upstream)
      assert.ok(h.valid[k]!.downstream > h.valid[k - 1]!.downstream)
      assert.ok(h.valid[k]!.seq > h.valid[k - 1]!.seq)
    }
    if (syncs.length > 0) assert.equal(h.valid.at(-1)!.seq, syncs.length - 1, 'the newest sync is always valid')
  }
})

test('offsets become numbers only when exact; bad offsets are refused', () => {
  assert.equal(offsetNumber('x', 5n), 5)
  assert.equal(offsetNumber('x', BigInt(Number.MAX_SAFE_INTEGER - 1)), Number.MAX_SAFE_INTEGER - 1)
  const refused = (v: bigint | number) => assert.throws(() => offsetNumber('x', v), (e: unknown) => e instanceof RollgateError && e.code === 'RG_REPLICATION_OFFSET_RANGE')
  refused(BigInt(Number.MAX_SAFE_INTEGER))
  refused(-1n)
  refused(-1)
  refused(1.5)
  refused(Number.NaN)
  assert.deepEqual(toSyncPoint({ upstreamOffset: 10n, downstreamOffset: 7n }, 3n), s(3, 10, 7))
  assert.throws(() => syncHistory([s(0, -1, 0)]), /sync upstream offset -1/)
})

test('groups decoded syncs by upstream partition', () => {
  const by = syncPointsByPartition([
    { seq: 0n, sync: { topic: 'a', partition: 0, upstreamOffset: 0n, downstreamOffset: 0n } },
    { seq: 1n, sync: { topic: 'a', partition: 1, upstreamOffset: 0n, downstreamOffset: 0n } },
    { seq: 2n, sync: { topic: 'a', partition: 0, upstreamOffset: 101n, downstreamOffset: 101n } },
  ])
  assert.equal(by.size, 2)
  assert.deepEqual(by.get('a\u00000'), [s(0, 0, 0), s(2, 101, 101)])
})
