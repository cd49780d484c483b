import assert from 'node:assert/strict'
import { test } from 'node:test'
import { align, type DigestAt } from './align.ts'

const run = (start: number, digests: string) => [...digests].map((digest, i): DigestAt => ({ offset: start + i, digest }))

test('a faithful copy aligns record by record', () => {
  assert.deepEqual(align(run(100, 'abc'), run(40, 'abc')), { kind: 'aligned', pairs: [[100, 40], [101, 41], [102, 42]] })
})

test('duplicates from a retried batch are skipped, first copies kept', () => {
  // down: a b c b c d — the batch b c was written twice
  assert.deepEqual(align(run(0, 'abcd'), run(0, 'abcbcd')).pairs, [[0, 0], [1, 1], [2, 2], [3, 5]])
})

test('a new record repeating earlier content is matched, not skipped as a duplicate', () => {
  assert.deepEqual(align(run(0, 'xyx'), run(10, 'xyx')).pairs, [[0, 10], [1, 11], [2, 12]])
})

test('a missing or different record ends the proof where it happens', () => {
  const result = align(run(0, 'abcd'), run(0, 'abd'))
  assert.equal(result.kind, 'mismatch')
  assert.deepEqual(result.pairs, [[0, 0], [1, 1]])
  if (result.kind === 'mismatch') assert.deepEqual([result.upstream.offset, result.downstream.offset], [2, 2])
})

test('a copy that is not there yet aligns only what exists', () => {
  assert.deepEqual(align(run(0, 'abcd'), run(0, 'ab')), { kind: 'aligned', pairs: [[0, 0], [1, 1]] })
})
