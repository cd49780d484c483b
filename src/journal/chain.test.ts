import { test } from 'node:test'
import assert from 'node:assert/strict'
import { seal, verifyChain, type Tail } from './chain.ts'
import { canonicalJson, sha256 } from './canonical.ts'

function chain (n: number): string[] {
  const lines: string[] = []
  let tail: Tail | undefined
  for (let i = 0; i < n; i++) {
    const { entry, line } = seal({ kind: 'gate', gate: 'replication', status: 'pass', run: i }, tail)
    tail = entry
    lines.push(line)
  }
  return lines
}

test('a sealed chain verifies', () => {
  assert.deepEqual(verifyChain(chain(5)), { ok: true, entries: 5 })
  assert.deepEqual(verifyChain([]), { ok: true, entries: 0 })
})

test('an edited entry is reported at its seq', () => {
  const lines = chain(5)
  lines[2] = lines[2]!.replace('"status":"pass"', '"status":"fail"')
  assert.deepEqual(pick(verifyChain(lines)), { seq: 3, reason: 'tampered' })
})

test('an edited entry whose hash was recomputed breaks the link of the next seq', () => {
  const lines = chain(5)
  const { hash: _old, ...rest } = JSON.parse(lines[2]!)
  rest.status = 'fail'
  lines[2] = canonicalJson({ ...rest, hash: sha256(canonicalJson(rest)) })
  assert.deepEqual(pick(verifyChain(lines)), { seq: 4, reason: 'tampered' })
})

test('a deleted entry is reported as missing at its seq', () => {
  const lines = chain(5)
  lines.splice(1, 1)
  assert.deepEqual(pick(verifyChain(lines)), { seq: 2, reason: 'missing' })
  assert.deepEqual(pick(verifyChain(chain(3).slice(1))), { seq: 1, reason: 'missing' })
})

test('a swapped pair is reported as reordered at the first seq out of place', () => {
  const lines = chain(5)
  ;[lines[1], lines[2]] = [lines[2]!, lines[1]!]
  assert.deepEqual(pick(verifyChain(lines)), { seq: 2, reason: 'reordered' })
})

test('a line that is not an entry is reported as unparsable', () => {
  const lines = chain(3)
  lines[1] = '{"seq":2,'
  assert.deepEqual(pick(verifyChain(lines)), { seq: 2, reason: 'unparsable' })
})

test('a payload cannot set envelope fields', () => {
  assert.throws(() => seal({ kind: 'phase', from: null, to: 'prepare', seq: 99 }, undefined), /must not set 'seq'/)
})

function pick (check: ReturnType<typeof verifyChain>): unknown {
  return check.ok ? check : { seq: check.seq, reason: check.reason }
}
