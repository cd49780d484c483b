/**
 * @module replication/translate.property.test
 * Never ahead, exhaustively: thousands of seeded MirrorMaker 2 runs (gaps, crashes and re-copies,
 * foreign records, target truncation, source recreation — fixtures/replicator-sim.ts); for every
 * source offset and every target offset of each run, both directions are checked against the final
 * target log, with the syncs given shuffled, duplicated and sometimes cut to a suffix.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { forwardTruth, prng, reverseTruth, simulate } from './fixtures/replicator-sim.ts'
import type { SyncPoint } from './sync-history.ts'
import { syncHistory } from './sync-history.ts'
import { mm2Translate, translateToSource, translateToTarget } from './translate.ts'

const runs = 3000

/** The syncs as a reader may get them: unordered, some read twice, maybe only a suffix (compaction). */
function asRead (syncs: SyncPoint[], rand: () => number): SyncPoint[] {
  const from = rand() < 0.2 ? Math.floor(rand() * syncs.length) : 0
  const out = syncs.slice(from)
  for (const s of syncs.slice(from)) if (rand() < 0.1) out.push({ ...s })
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

test(`source → target is never ahead of the true copy and replays no more than its bound (${runs} runs)`, () => {
  let checked = 0
  let translatedCount = 0
  let exactZero = 0
  const seen = { crashes: 0, truncations: 0, recreations: 0, foreign: 0, resets: 0 }
  for (let seed = 1; seed <= runs; seed++) {
    const run = simulate(seed)
    const rand = prng(seed * 7919)
    const input = asRead(run.syncs, rand)
    const history = syncHistory(input)
    const { safeLimit, copiesBelow } = forwardTruth(run)
    for (const k of Object.keys(run.events) as Array<keyof typeof run.events>) seen[k] += run.events[k]
    if (history.lastReset) seen.resets++
    for (let u = 0; u <= run.upstreamEnd; u++) {
      const r = translateToTarget(history, u)
      checked++
      if (r.kind !== 'translated') {
        assert.ok(history.valid.every((s) => s.upstream > u), `seed ${seed} u ${u}: untranslatable only when every valid sync is above u`)
        continue
      }
      translatedCount++
      assert.ok(r.offset <= safeLimit[u]!, `seed ${seed} u ${u}: translated ${r.offset} is ahead of a record's last copy at ${safeLimit[u]} (${JSON.stringify(run.options)})`)
      const replay = copiesBelow(u, r.offset)
      assert.ok(replay <= r.replayBound, `seed ${seed} u ${u}: ${replay} records re-read, bound ${r.replayBound}`)
      if (r.replayBound === 0) exactZero++
    }
  }
  // the generator did exercise what it claims to
  assert.ok(seen.crashes > 100 && seen.truncations > 10 && seen.recreations > 3 && seen.foreign > 100 && seen.resets > 50, JSON.stringify(seen))
  assert.ok(translatedCount > checked / 2 && exactZero > 1000, `${translatedCount} of ${checked} translated, ${exactZero} with zero replay`)
})

test(`target → source is never ahead of the first record the target group has not seen (${runs} runs)`, () => {
  let translatedCount = 0
  let checked = 0
  for (let seed = 1; seed <= runs; seed++) {
    const run = simulate(seed)
    const rand = prng(seed * 104729)
    const history = syncHistory(asRead(run.syncs, rand))
    const { unseenMin, rereadOnlyOnSource } = reverseTruth(run)
    for (let d = 0; d <= run.target.length; d++) {
      const r = translateToSource(history, d)
      checked++
      if (r.kind !== 'translated') {
        assert.ok(history.valid.every((s) => s.downstream > d), `seed ${seed} d ${d}: untranslatable only below the oldest valid sync`)
        continue
      }
      translatedCount++
      assert.ok(r.offset <= unseenMin[d]!, `seed ${seed} d ${d}: source position ${r.offset} skips unseen record ${unseenMin[d]} (${JSON.stringify(run.options)})`)
      const reread = rereadOnlyOnSource(r.offset, d)
      assert.ok(reread <= r.replayBound, `seed ${seed} d ${d}: ${reread} records re-read only because of the rollback, bound ${r.replayBound}`)
    }
  }
  assert.ok(translatedCount > checked / 2, `${translatedCount} of ${checked} translated`)
})

test('MirrorMaker 2 holding only the latest sync answers what the safe rule answers from that sync alone', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const run = simulate(seed)
    const input = asRead(run.syncs, prng(seed))
    const newest = run.syncs.filter((s) => input.some((x) => x.seq === s.seq)).at(-1)!
    for (let u = 0; u <= run.upstreamEnd; u++) {
      const mm2 = mm2Translate(input, u, 'latest')
      const alone = translateToTarget([newest], u)
      const dense = translateToTarget(input, u)
      if (mm2.kind === 'offset') {
        assert.ok(alone.kind === 'translated' && alone.offset === mm2.offset, `seed ${seed} u ${u}`)
        // the dense rule never re-reads more than MirrorMaker 2 (here: it picks the same newest sync)
        assert.ok(dense.kind === 'translated' && dense.offset >= mm2.offset, `seed ${seed} u ${u}: dense ${JSON.stringify(dense)} vs mm2 ${mm2.offset}`)
      } else {
        assert.equal(mm2.kind, 'too-old')
        assert.ok(alone.kind === 'untranslatable' && alone.reason === 'below-oldest-sync', `seed ${seed} u ${u}`)
      }
    }
  }
})

test('MirrorMaker 2 holding every sync agrees with the safe rule whenever the target never went backwards', () => {
  let compared = 0
  for (let seed = 1; seed <= 400; seed++) {
    const run = simulate(seed, { pTruncate: 0 })
    const input = asRead(run.syncs, prng(seed))
    for (let u = 0; u <= run.upstreamEnd; u++) {
      const mm2 = mm2Translate(input, u, 'all')
      const ours = translateToTarget(input, u)
      if (mm2.kind === 'offset') {
        compared++
        assert.ok(ours.kind === 'translated' && ours.offset === mm2.offset && ours.sync.upstream === mm2.sync.upstream, `seed ${seed} u ${u}`)
      } else {
        assert.equal(ours.kind, 'untranslatable')
      }
    }
  }
  assert.ok(compared > 5000, `${compared} compared`)
})
