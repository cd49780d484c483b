import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type PartitionFacts, planRange, positionByTimestamp, spread, wantedSource } from './ranges.ts'

const facts = (extra: Partial<PartitionFacts> = {}): PartitionFacts => ({ source: { start: 0, end: 1000 }, target: { start: 0, end: 990 }, syncs: [], ...extra })
const syncs = [{ seq: 0, upstream: 0, downstream: 0 }, { seq: 1, upstream: 400, downstream: 410 }, { seq: 2, upstream: 800, downstream: 812 }]

test('offset-preserving: the same offsets on both sides, from the later log start', () => {
  const r = planRange('offset-preserving', facts({ source: { start: 100, end: 1000 }, target: { start: 250, end: 1000 } }), { kind: 'whole' })
  assert.equal(r.anchor, 'identity')
  assert.deepEqual([r.source, r.target], [{ from: 250, until: 1000 }, { from: 250, until: 1000 }])
  const cut = planRange('offset-preserving', facts(), { kind: 'offsets', from: 10, until: 20 })
  assert.deepEqual([cut.source, cut.target, cut.lenientTail], [{ from: 10, until: 20 }, { from: 10, until: 20 }, true])
})

test('MirrorMaker 2: both logs from 0 are anchored at their start; syncs in range are kept to check', () => {
  const r = planRange('mirrormaker2', facts({ syncs }), { kind: 'whole' })
  assert.equal(r.anchor, 'log-start')
  assert.deepEqual([r.source, r.target, r.lenientHead, r.lenientTail], [{ from: 0, until: 1000 }, { from: 0, until: 990 }, false, false])
  assert.equal(r.syncs.length, 3)
})

test('MirrorMaker 2: a later start is anchored at the newest valid sync at or below it', () => {
  const r = planRange('mirrormaker2', facts({ syncs }), { kind: 'offsets', from: 500, until: null })
  assert.equal(r.anchor, 'offset-sync')
  assert.deepEqual([r.source.from, r.target.from], [400, 410])
  assert.deepEqual(r.syncs.map((s) => s.upstream), [400, 800])
  // a cut end: the target stops at the first sync at or past it
  const cut = planRange('mirrormaker2', facts({ syncs }), { kind: 'offsets', from: 500, until: 700 })
  assert.deepEqual([cut.source.until, cut.target.until, cut.lenientTail], [700, 812, true])
})

test('MirrorMaker 2 without a usable sync: positioned by timestamp, records before the first copy outside the range', () => {
  const r = planRange('mirrormaker2', facts({ source: { start: 300, end: 1000 } }), { kind: 'whole' })
  assert.equal(r.anchor, 'timestamp')
  assert.equal(r.lenientHead, true)
  assert.equal(r.needsTimestamps, true)
  // the target's first record is older: it moves to the first target record as recent as the source's first
  const moved = positionByTimestamp(r, { source: 5000, target: 1000 }, { source: -1, target: 287 })
  assert.deepEqual([moved.source.from, moved.target.from], [300, 287])
  const other = positionByTimestamp(r, { source: 1000, target: 5000 }, { source: 420, target: -1 })
  assert.deepEqual([other.source.from, other.target.from], [420, 0])
})

test('since: offsets by time on both sides; nothing that recent is an empty range', () => {
  const f = facts({ source: { start: 300, end: 1000 }, sinceOffset: { source: 640, target: 633 } })
  assert.deepEqual(wantedSource(f, { kind: 'since', since: '1h', timestamp: 1 }), { from: 640, until: 1000 })
  const r = planRange('mirrormaker2', f, { kind: 'since', since: '1h', timestamp: 1 })
  assert.deepEqual([r.anchor, r.source.from, r.target.from, r.needsTimestamps], ['timestamp', 640, 633, false])
  assert.deepEqual(wantedSource(facts({ sinceOffset: { source: -1, target: -1 } }), { kind: 'since', since: '1h', timestamp: 1 }), { from: 1000, until: 1000 })
})

test('the syncs checked are spread over the range, never more than a fixed number', () => {
  assert.deepEqual(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [1, 4, 7, 10])
  assert.deepEqual(spread([1, 2], 4), [1, 2])
  const many = Array.from({ length: 5000 }, (_, k) => ({ seq: k, upstream: k * 100, downstream: k * 100 }))
  const r = planRange('mirrormaker2', facts({ source: { start: 0, end: 500_000 }, target: { start: 0, end: 500_000 }, syncs: many }), { kind: 'whole' })
  assert.equal(r.syncs.length, 1024)
  assert.deepEqual([r.syncs[0]!.upstream, r.syncs[1023]!.upstream], [0, 499_900])
})
