/**
 * @module replication/translate.test
 * The translation rules case by case, then on the syncs and checkpoints a real MirrorMaker 2 wrote
 * (fixtures/mm2-sandbox.json): rollgate reproduces every checkpoint it emitted and is never ahead of
 * the true copies.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { decodeCheckpoint } from './checkpoint.ts'
import { loadSandboxFixture } from './fixtures/fixture.ts'
import { decodeOffsetSync } from './offset-sync.ts'
import { type SyncPoint, syncHistory } from './sync-history.ts'
import { mm2Translate, translate, translateToSource, translateToTarget } from './translate.ts'

const s = (seq: number, upstream: number, downstream: number): SyncPoint => ({ seq, upstream, downstream })
const every101 = [s(0, 0, 0), s(1, 101, 101), s(2, 202, 202)]

test('exact hit: the sync names the committed record — no replay', () => {
  const r = translateToTarget(every101, 101)
  assert.deepEqual(r, { kind: 'translated', direction: 'source-to-target', offset: 101, exact: true, sync: s(1, 101, 101), next: s(2, 202, 202), replayBound: 0 })
})

test('between syncs: one past the older sync, never dead reckoning', () => {
  const r = translateToTarget(every101, 180)
  assert.ok(r.kind === 'translated')
  assert.equal(r.offset, 102, 'not 180: records between syncs may be missing downstream')
  assert.equal(r.replayBound, 78, 'upstream 102..179 re-read at most')
  assert.deepEqual(r.next, s(2, 202, 202))
  const justAfter = translateToTarget(every101, 102)
  assert.ok(justAfter.kind === 'translated' && justAfter.offset === 102 && justAfter.replayBound === 0 && !justAfter.exact)
  const beyond = translateToTarget(every101, 10_000)
  assert.ok(beyond.kind === 'translated' && beyond.offset === 203 && beyond.next === undefined && beyond.replayBound === 10_000 - 202 - 1)
})

test('below the oldest sync: untranslatable (MirrorMaker 2 says -1 and writes no checkpoint); no sync: no answer', () => {
  const syncs = [s(5, 50, 10), s(6, 151, 111)]
  const r = translateToTarget(syncs, 20)
  assert.ok(r.kind === 'untranslatable' && r.reason === 'below-oldest-sync')
  assert.deepEqual(r.oldest, s(5, 50, 10))
  assert.equal(r.reset, undefined)
  assert.match(r.detail, /upstream offset 20 is below the oldest valid offset sync \(upstream 50\)/)
  assert.deepEqual(mm2Translate(syncs, 20, 'all'), { kind: 'too-old', offset: -1, sync: s(5, 50, 10) })

  const none = translateToTarget([], 20)
  assert.ok(none.kind === 'untranslatable' && none.reason === 'no-sync')
  assert.deepEqual(mm2Translate([], 20), { kind: 'no-sync' })
  assert.equal(translateToSource([], 0).kind, 'untranslatable')
})

test('duplicates and order do not matter', () => {
  const messy = [s(2, 202, 202), s(0, 0, 0), s(1, 101, 101), s(1, 101, 101), s(2, 202, 202)]
  for (const u of [0, 1, 100, 101, 150, 202, 300]) assert.deepEqual(translateToTarget(messy, u), translateToTarget(every101, u))
  const rewritten = [...every101, s(3, 202, 202)]
  const r = translateToTarget(rewritten, 250)
  assert.ok(r.kind === 'translated' && r.offset === 203 && r.sync.seq === 3, 'the same sync written again: the newer')
})

test('upstream rewind (a restart re-copying records): history before it is no longer used', () => {
  // copied 0..~230 to 0..230, restarted from 150: records 150.. copied again from 260
  const syncs = [...every101, s(3, 150, 260), s(4, 251, 361)]
  const r = translateToTarget(syncs, 120)
  assert.ok(r.kind === 'untranslatable' && r.reason === 'below-oldest-sync' && r.reset?.cause === 'upstream-rewind')
  assert.match(r.detail, /discarded by a upstream-rewind at offset-syncs offset 3/)
  const r2 = translateToTarget(syncs, 170)
  assert.ok(r2.kind === 'translated' && r2.offset === 261 && r2.replayBound === 19)
  assert.deepEqual(mm2Translate(syncs, 120, 'all'), { kind: 'too-old', offset: -1, sync: s(3, 150, 260) }, 'MirrorMaker 2 discards it too')
})

test('a restart at the same upstream offset: the later copy wins', () => {
  const syncs = [s(0, 100, 200), s(1, 100, 260)]
  assert.ok(translateToTarget(syncs, 100).kind === 'translated' && (translateToTarget(syncs, 100) as { offset: number }).offset === 260)
  assert.equal((translateToTarget(syncs, 101) as { offset: number }).offset, 261)
})

test('target going backwards: rollgate refuses what MirrorMaker 2 would still translate', () => {
  // the target partition was recreated: upstream 150 is now at target offset 20
  const syncs = [s(0, 0, 0), s(1, 100, 100), s(2, 150, 20)]
  const r = translateToTarget(syncs, 120)
  assert.ok(r.kind === 'untranslatable' && r.reset?.cause === 'downstream-rewind')
  // MirrorMaker 2 keeps 100->100 and answers 101 — a position in the new log that holds upstream ~231
  assert.deepEqual(mm2Translate(syncs, 120, 'all'), { kind: 'offset', offset: 101, sync: s(1, 100, 100) })
  assert.equal((translateToTarget(syncs, 150) as { offset: number }).offset, 20)
  assert.equal((translateToSource(syncs, 50) as { offset: number }).offset, 151)
  assert.equal(translateToSource(syncs, 10).kind, 'untranslatable')
})

test('compaction gaps upstream: the next sync bounds the replay', () => {
  // 101..109 compacted away upstream: MirrorMaker 2 syncs 110 right after 100
  const syncs = [s(0, 100, 200), s(1, 110, 201)]
  const r = translateToTarget(syncs, 105)
  assert.ok(r.kind === 'translated')
  assert.equal(r.offset, 201)
  assert.equal(r.replayBound, 0, 'nothing lies between target 200 and 201')
})

test('target → source: exact, between syncs, below the oldest, re-copied offsets', () => {
  assert.deepEqual(translateToSource(every101, 101), { kind: 'translated', direction: 'target-to-source', offset: 101, exact: true, sync: s(1, 101, 101), next: s(2, 202, 202), replayBound: 0 })
  const mid = translateToSource(every101, 150)
  assert.ok(mid.kind === 'translated' && mid.offset === 102 && mid.replayBound === 48, 'read 101..149 on the target; the source resumes after 101')
  const gap = translateToSource([s(0, 100, 200), s(1, 110, 201)], 201)
  assert.ok(gap.kind === 'translated' && gap.offset === 110 && gap.exact)
  const below = translateToSource([s(0, 50, 10)], 5)
  assert.ok(below.kind === 'untranslatable' && below.reason === 'below-oldest-sync')
  assert.match(below.detail, /downstream offset 5 is below .*downstream 10/)
  // upstream 100 copied twice (a restart there, or a recreated source reaching 100 again): between
  // the two copies, the source position stays on 100
  const twice = translateToSource([s(0, 100, 200), s(1, 100, 260)], 230)
  assert.ok(twice.kind === 'translated' && twice.offset === 100 && twice.replayBound === 30)
  assert.equal((translateToSource([s(0, 100, 200), s(1, 100, 260)], 270) as { offset: number }).offset, 101)
})

test('inputs are validated; translate() dispatches by direction', () => {
  const refused = (f: () => unknown, code: string) => assert.throws(f, (e: unknown) => e instanceof RollgateError && e.code === code)
  refused(() => translateToTarget(every101, -1), 'RG_REPLICATION_OFFSET_RANGE')
  refused(() => translateToSource(every101, 1.5), 'RG_REPLICATION_OFFSET_RANGE')
  refused(() => translate('sideways' as never, every101, 1), 'RG_REPLICATION_DIRECTION')
  assert.deepEqual(translate('source-to-target', every101, 150), translateToTarget(every101, 150))
  assert.deepEqual(translate('target-to-source', syncHistory(every101), 150), translateToSource(every101, 150))
})

// ---- on what a real MirrorMaker 2 wrote -------------------------------------------------------

const fixture = loadSandboxFixture()
const syncsByPartition = new Map<number, Array<SyncPoint & { timestamp: bigint }>>()
for (const r of fixture.offsetSyncs) {
  const d = decodeOffsetSync(r.key, r.value)
  assert.ok(d.kind === 'ok')
  const list = syncsByPartition.get(d.value.partition) ?? []
  list.push({ seq: Number(r.offset), upstream: Number(d.value.upstreamOffset), downstream: Number(d.value.downstreamOffset), timestamp: r.timestamp })
  syncsByPartition.set(d.value.partition, list)
}

/** Where each upstream record of partition p was copied (fresh topic, one copy each: in order). */
function copies (p: number): Map<number, number> {
  const upstream: number[] = []
  if (p < 2) for (let i = 0; i < fixture.produced[p]!; i++) upstream.push(i)
  // partition 2: three transactions of 10 records, each followed by its commit marker
  else for (let t = 0; t < 3; t++) for (let i = 0; i < 10; i++) upstream.push(t * 11 + i)
  return new Map(upstream.map((u, i) => [u, i]))
}

test('real syncs: MirrorMaker 2 syncs the first record, every offset.lag.max + 1 records, each gap, and the last record', () => {
  assert.equal(fixture.offsetLagMax, '100')
  const ups = (p: number) => syncsByPartition.get(p)!.map((x) => x.upstream)
  assert.deepEqual(ups(0).filter((u) => u % 101 === 0), [0, 101, 202])
  assert.equal(ups(0).at(-1), fixture.produced[0]! - 1)
  assert.deepEqual(ups(1).filter((u) => u % 101 === 0), [0, 101])
  assert.equal(ups(1).at(-1), fixture.produced[1]! - 1)
  // after each transaction marker (offsets 10, 21) the next record is a gap: synced at once
  assert.deepEqual(syncsByPartition.get(2)!.slice(0, 3).map((x) => [x.upstream, x.downstream]), [[0, 0], [11, 10], [22, 20]])
  assert.deepEqual(syncsByPartition.get(2)!.at(-1)!.upstream, 31)
  for (const [p, list] of syncsByPartition) {
    const map = copies(p)
    for (const x of list) assert.equal(map.get(x.upstream), x.downstream, `partition ${p}: sync ${x.upstream}->${x.downstream} names the true copy`)
  }
})

test('real checkpoints: rollgate reproduces each one from the syncs written before it, and MirrorMaker 2\'s rule does too', () => {
  assert.ok(fixture.checkpoints.length >= 3)
  for (const r of fixture.checkpoints) {
    const d = decodeCheckpoint(r.key, r.value)
    assert.ok(d.kind === 'ok')
    const known = syncsByPartition.get(d.value.partition)!.filter((x) => x.timestamp <= r.timestamp)
    const ours = translateToTarget(known, Number(d.value.upstreamOffset))
    assert.ok(ours.kind === 'translated', r.java)
    assert.equal(ours.offset, Number(d.value.downstreamOffset), r.java)
    const mm2 = mm2Translate(known, Number(d.value.upstreamOffset), 'all')
    assert.ok(mm2.kind === 'offset' && mm2.offset === ours.offset, r.java)
  }
})

test('real syncs, every offset, both ways: never ahead of the true copies', () => {
  for (const [p, list] of syncsByPartition) {
    const map = copies(p)
    const end = fixture.logEndOffsets[p]!
    const positions = [...map.entries()].sort((a, b) => a[1] - b[1])
    for (let u = 0; u <= end; u++) {
      const r = translateToTarget(list, u)
      assert.ok(r.kind === 'translated')
      // the first record the group still has to read, and where its copy is
      const firstNeeded = positions.find(([up]) => up >= u)
      const truth = firstNeeded ? firstNeeded[1] : positions.length
      assert.ok(r.offset <= truth, `p${p} u ${u}: ${r.offset} > ${truth}`)
      assert.ok(truth - r.offset <= r.replayBound, `p${p} u ${u}: replay ${truth - r.offset} > bound ${r.replayBound}`)
    }
    for (let d = 0; d <= positions.length; d++) {
      const r = translateToSource(list, d)
      assert.ok(r.kind === 'translated')
      const truth = d < positions.length ? positions[d]![0] : end
      assert.ok(r.offset <= truth, `p${p} d ${d}: ${r.offset} > ${truth}`)
    }
  }
  // the committed group, as MirrorMaker 2 checkpointed it: replay 78 on p0, 3 on p2 (true copy of 15 is at 14)
  const p0 = translateToTarget(syncsByPartition.get(0)!, 180)
  const p2 = translateToTarget(syncsByPartition.get(2)!, 15)
  assert.ok(p0.kind === 'translated' && p0.offset === 102 && p0.replayBound === 78)
  assert.ok(p2.kind === 'translated' && p2.offset === 11 && p2.replayBound === 3 && copies(2).get(15) === 14)
})
