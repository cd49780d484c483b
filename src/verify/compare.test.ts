import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type CompareOptions, comparePartition, findResync, longestIncreasing, type Tally } from './compare.ts'
import { at, feed, recs, seq } from './fixtures.ts'
import type { Rec } from './record-batch.ts'

const options = (extra: Partial<CompareOptions> = {}): CompareOptions => ({
  window: 64, duplicateWindow: 100, withTimestamps: false, identity: false, compacted: false, lenientHead: false, lenientTail: false,
  sourceUntil: 1_000_000, targetUntil: 1_000_000, syncs: [], maxSamples: 20, ...extra,
})

async function compare (source: Rec[], target: Rec[], extra: Partial<CompareOptions> = {}, chunk = 3, aborted: Rec[] = []): Promise<Tally> {
  const sourceUntil = extra.sourceUntil ?? (source.length ? source[source.length - 1]!.offset + 1 : 0)
  // unhashed, as they are read: hashes computed only where the sides differ
  return comparePartition(feed(source, chunk, aborted, false), feed(target, chunk + 1, [], false), options({ sourceUntil, ...extra }))
}

const nonZero = (t: Tally) => Object.fromEntries(Object.entries(t.counts).filter(([, n]) => n !== 0))
const where = (t: Tally) => t.samples.map((d) => `${d.kind} s${d.source?.offset ?? '-'} t${d.target?.offset ?? '-'}`)

/** 'abcdefghij…' as records with distinct keys. */
const letters = 'abcdefghijklmnopqrstuvwxyz'

test('a faithful copy at other offsets is clean', async () => {
  const t = await compare(seq(100, letters), seq(7, letters))
  assert.deepEqual(nonZero(t), {})
  assert.equal(t.matched, 26)
  assert.equal(t.compared, 26)
  assert.equal(t.lag.records, 0)
  assert.deepEqual(t.samples, [])
})

test('each injected fault is found with both offsets', async () => {
  // missing: d (source 3) is not copied; the target has e at 3 where d belongs
  let t = await compare(seq(0, 'abcdefg'), seq(0, 'abcefg'))
  assert.deepEqual(nonZero(t), { missing: 1 })
  assert.deepEqual(where(t), ['missing s3 t3'])
  assert.equal(t.compared, 7)

  // altered value (same key)
  const altered = seq(0, 'abcdefg')
  altered[3] = recs(3, [{ key: 'd', value: 'D!' }])[0]!
  t = await compare(seq(0, 'abcdefg'), altered)
  assert.deepEqual(nonZero(t), { mismatch: 1 })
  assert.equal(t.samples[0]!.detail, 'value differs')
  assert.deepEqual(where(t), ['mismatch s3 t3'])
  assert.equal(t.samples[0]!.source!.value.text, 'd')
  assert.equal(t.samples[0]!.target!.value.text, 'D!')

  // altered header
  const withHeaders = (offset: number, h: string) => recs(offset, [...'abcdefg'].map((c) => ({ key: c, value: c, headers: [['trace', c === 'e' ? h : 'x']] as Array<[string, string]> })))
  t = await compare(withHeaders(0, 'x'), withHeaders(0, 'changed'))
  assert.deepEqual(nonZero(t), { mismatch: 1 })
  assert.equal(t.samples[0]!.detail, 'headers differ')
  assert.deepEqual(where(t), ['mismatch s4 t4'])

  // two records swapped
  t = await compare(seq(0, 'abcdefg'), seq(0, 'abdcefg'))
  assert.deepEqual(nonZero(t), { order: 1 })
  assert.equal(t.matched, 7)
  assert.match(t.samples[0]!.detail, /out of the source's order/)

  // one duplicate
  t = await compare(seq(0, 'abcdefg'), seq(0, 'abccdefg'))
  assert.deepEqual(nonZero(t), { duplicate: 1 })
  assert.deepEqual(where(t), ['duplicate s3 t3'])
  assert.equal(t.samples[0]!.detail, 'second copy of source offset 2 (first copy at target offset 2)')

  // one extra record
  t = await compare(seq(0, 'abcdefg'), recs(0, ['a', 'b', 'c', 'd', { key: 'zz', value: 'intruder' }, 'e', 'f', 'g']))
  assert.deepEqual(nonZero(t), { extra: 1 })
  assert.deepEqual(where(t), ['extra s4 t4'])
})

test('offset-preserving: a shift after a missing record is reported once per record copied elsewhere', async () => {
  const t = await compare(seq(0, 'abcdefg'), seq(0, 'abcefg'), { identity: true })
  assert.deepEqual(nonZero(t), { missing: 1, offset: 3 })
  assert.deepEqual(where(t), ['missing s3 t3', 'offset s4 t3', 'offset s5 t4', 'offset s6 t5'])
  assert.deepEqual(nonZero(await compare(seq(5, 'abcdefg'), seq(5, 'abcdefg'), { identity: true })), {})
})

test('MirrorMaker 2 retries: a batch written twice is duplicates, and nothing else', async () => {
  const t = await compare(seq(0, 'abcdefghij'), seq(0, 'abcdefdefghij'))
  assert.deepEqual(nonZero(t), { duplicate: 3 })
  assert.equal(t.matched, 10)
})

test('a copy that is not complete yet is lag, not loss', async () => {
  const t = await compare(seq(0, 'abcdefghij'), seq(0, 'abcdef'), { sourceUntil: 10 })
  assert.deepEqual(nonZero(t), {})
  assert.deepEqual(t.lag, { records: 4, fromOffset: 6 })
  // a record lost before the copied end is loss; the rest is still lag
  const lossy = await compare(seq(0, 'abcdefghij'), seq(0, 'abcef'), { sourceUntil: 10 })
  assert.deepEqual(nonZero(lossy), { missing: 1 })
  assert.deepEqual(lossy.lag, { records: 4, fromOffset: 6 })
  // an altered last copy before the lag
  const tail = seq(0, 'abcdef')
  tail[5] = recs(5, [{ key: 'f', value: 'F' }])[0]!
  const altered = await compare(seq(0, 'abcdefghij'), tail, { sourceUntil: 10 })
  assert.deepEqual(nonZero(altered), { mismatch: 1 })
  assert.deepEqual(altered.lag, { records: 4, fromOffset: 6 })
})

test('records after the source range are extra, unless the range was cut', async () => {
  assert.deepEqual(nonZero(await compare(seq(0, 'abc'), seq(0, 'abcxy'))), { extra: 2 })
  const cut = await compare(seq(0, 'abc'), seq(0, 'abcxy'), { lenientTail: true, targetUntil: 5 })
  assert.deepEqual(nonZero(cut), {})
  assert.deepEqual(cut.outsideRange, { source: 0, target: 2 })
})

test('an unanchored start: records one side retains and the other does not are outside the range', async () => {
  const t = await compare(seq(0, 'cdefgh'), seq(0, 'abcdefgh'), { lenientHead: true })
  assert.deepEqual(nonZero(t), {})
  assert.deepEqual(t.outsideRange, { source: 0, target: 2 })
  // anchored, the same is extra
  assert.deepEqual(nonZero(await compare(seq(0, 'cdefgh'), seq(0, 'abcdefgh'))), { extra: 2 })
})

test('aborted transactions copied to the target are named as such', async () => {
  // source (read_committed): a b [x y aborted] c d; target got x y as plain records
  const source = at([[0, 'a'], [1, 'b'], [5, 'c'], [6, 'd']])
  const aborted = at([[2, 'x'], [3, 'y']])
  const target = seq(0, 'abxycd')
  const t = await compare(source, target, {}, 3, aborted)
  assert.deepEqual(nonZero(t), { aborted: 2 })
  assert.deepEqual(where(t), ['aborted s5 t2', 'aborted s5 t3'])
  assert.match(t.samples[0]!.detail, /copy of source offset 2, a record of an aborted transaction/)
})

test('compacted topics: what one side compacted away is not a difference; what no later record explains is', async () => {
  const r = (offset: number, key: string, value: string | null) => at([[offset, { key, value }]])[0]!
  // source kept everything; the target compacted k1=v1 (superseded by k1=v2) and the tombstone of k2
  const source = [r(0, 'k1', 'v1'), r(1, 'k2', 'a'), r(2, 'k2', null), r(3, 'k1', 'v2'), r(4, 'k3', 'z')]
  const target = [r(0, 'k2', 'a'), r(1, 'k1', 'v2'), r(2, 'k3', 'z')]
  const t = await compare(source, target, { compacted: true })
  assert.deepEqual(nonZero(t), {})
  assert.deepEqual(t.compactedAway, { source: 0, target: 2 })
  // k3 lost without a later k3: missing even on a compacted topic
  const lost = await compare(source, target.slice(0, 2), { compacted: true, sourceUntil: 5 })
  assert.deepEqual(lost.lag, { records: 1, fromOffset: 4 })
  const lostMiddle = await compare([...source, r(5, 'k4', 'w')], [...target.slice(0, 2), r(3, 'k4', 'w')], { compacted: true })
  assert.deepEqual(nonZero(lostMiddle), { missing: 1 })
  assert.equal(lostMiddle.samples[0]!.source!.offset, 4)
  // the same records on a topic that is not compacted are missing
  assert.deepEqual(nonZero(await compare(source, target)), { missing: 2 })
})

test('a difference longer than the window stops the partition instead of guessing', async () => {
  const source = recs(0, Array.from({ length: 40 }, (_, i) => `s${i}`))
  const target = recs(0, Array.from({ length: 40 }, (_, i) => (i < 2 ? `s${i}` : `t${i}`)))
  const t = await compare(source, target, { window: 8 })
  assert.deepEqual(t.stopped, { source: 2, target: 2 })
  assert.equal(t.samples[0]!.kind, 'window')
  assert.equal(t.matched, 2)
})

test('a long run of extras within the window is classified', async () => {
  const source = recs(0, Array.from({ length: 30 }, (_, i) => `s${i}`))
  const target = [...source.slice(0, 10), ...recs(10, Array.from({ length: 20 }, (_, i) => `x${i}`)), ...recs(30, Array.from({ length: 20 }, (_, i) => `s${i + 10}`))]
  const t = await compare(source, target, { window: 64 })
  assert.deepEqual(nonZero(t), { extra: 20 })
  assert.equal(t.matched, 30)
})

test('a record moved far is one order difference, not a loss and an extra', async () => {
  const names = Array.from({ length: 30 }, (_, i) => `r${i}`)
  const moved = [...names.slice(0, 5), ...names.slice(6, 25), names[5]!, ...names.slice(25)]
  const t = await compare(recs(0, names), recs(0, moved))
  assert.deepEqual(nonZero(t), { order: 1 })
  assert.equal(t.matched, 30)
})

test('MirrorMaker 2 offset syncs are checked against content; one naming another record is reported', async () => {
  const good = await compare(seq(0, 'abcdef'), seq(10, 'abcdef'), { syncs: [{ seq: 0, upstream: 0, downstream: 10 }, { seq: 1, upstream: 4, downstream: 14 }] })
  assert.deepEqual(good.syncs, { checked: 2, confirmed: 2 })
  assert.deepEqual(nonZero(good), {})
  const bad = await compare(seq(0, 'abcdef'), seq(10, 'abcdef'), { syncs: [{ seq: 0, upstream: 4, downstream: 15 }] })
  assert.deepEqual(nonZero(bad), { sync: 1 })
  assert.match(bad.samples[0]!.detail, /offset sync 4→15, but the copy of source offset 4 is at target offset 14/)
  // a sync naming the second copy written by a retry is right
  const retried = await compare(seq(0, 'abcdef'), seq(10, 'abcdcdef'), { syncs: [{ seq: 0, upstream: 2, downstream: 14 }] })
  assert.deepEqual(retried.syncs, { checked: 1, confirmed: 1 })
  assert.deepEqual(nonZero(retried), { duplicate: 2 })
})

test('timestamps: counted when they differ, a difference only when compared', async () => {
  const a = recs(0, [{ key: 'k', value: 'v', timestamp: 1 }, { key: 'l', value: 'w', timestamp: 2 }])
  const b = recs(0, [{ key: 'k', value: 'v', timestamp: 1 }, { key: 'l', value: 'w', timestamp: 3 }])
  const loose = await compare(a, b)
  assert.deepEqual(nonZero(loose), {})
  assert.equal(loose.timestampDifferences, 1)
  const strict = await compare(a, b, { withTimestamps: true })
  assert.deepEqual(nonZero(strict), { mismatch: 1 })
  assert.equal(strict.samples[0]!.detail, 'timestamp differs')
})

test('chunk boundaries do not change the answer', async () => {
  const source = seq(0, letters)
  const target = seq(0, 'abcdefghijlkmnopqrstuvwxyyz')
  const answers = new Set<string>()
  for (const chunk of [1, 2, 5, 30]) {
    const t = await comparePartition(feed(source, chunk), feed(target, chunk + 2), options({ sourceUntil: 26 }))
    answers.add(JSON.stringify([nonZero(t), where(t)]))
  }
  assert.equal(answers.size, 1, [...answers].join('\n'))
  assert.deepEqual(JSON.parse([...answers][0]!), [{ duplicate: 1, order: 1 }, ['order s11 t10', 'duplicate s25 t25']])
})

test('resync and longest in-order run, directly', () => {
  assert.deepEqual(findResync(seq(0, 'cdef'), seq(0, 'xdef'), false, false), [1, 1])
  assert.deepEqual(findResync(seq(0, 'cd'), seq(0, 'dc'), false, false), null)
  assert.deepEqual(findResync(seq(0, 'c'), seq(0, 'xc'), true, false), [0, 1])
  assert.deepEqual([...longestIncreasing([1, 0, 2, 3])].sort(), [1, 2, 3])
  assert.deepEqual([...longestIncreasing([])], [])
})
