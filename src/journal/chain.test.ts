import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseEntry, seal, verifyChain, type Tail } from './chain.ts'
import { canonicalJson, sha256 } from './canonical.ts'
import type { EntryData } from './entry.ts'

const actor = 'alice@ops-1 rollgate gate replication'

function chain (n: number): string[] {
  const lines: string[] = []
  let tail: Tail | undefined
  for (let i = 0; i < n; i++) {
    const { entry, line } = seal('gate', { gate: 'replication', status: 'pass', evidenceId: null, checks: { pass: i, warn: 0, fail: 0, unknown: 0 }, resultId: 'r'.repeat(64) }, actor, tail)
    tail = entry
    lines.push(line)
  }
  return lines
}

test('an entry is exactly { seq, ts, actor, type, data, prev, hash }, in that order, hashed canonically', () => {
  const first = seal('phase', { from: null, to: 'prepare' }, actor, undefined)
  const second = seal('note', { decision: 'skip the shadow-read gate', reason: 'no consumers yet' }, actor, first.entry)
  const line = JSON.parse(second.line)
  assert.deepEqual(Object.keys(line), ['seq', 'ts', 'actor', 'type', 'data', 'prev', 'hash'])
  assert.deepEqual(line, second.entry)
  assert.equal(line.seq, 2)
  assert.equal(line.actor, actor)
  assert.equal(line.type, 'note')
  assert.equal(line.prev, first.entry.hash)
  assert.equal(new Date(line.ts).toISOString(), line.ts)
  const { hash, ...unsealed } = line
  assert.equal(hash, sha256(canonicalJson(unsealed)))
  assert.equal(first.entry.prev, null)
})

test('a sealed chain verifies, and names its last entry', () => {
  const lines = chain(5)
  assert.deepEqual(verifyChain(lines), { ok: true, entries: 5, last: { seq: 5, hash: JSON.parse(lines[4]!).hash } })
  assert.deepEqual(verifyChain([]), { ok: true, entries: 0, last: null })
})

test('an edited entry is reported at its seq', () => {
  const lines = chain(5)
  lines[2] = lines[2]!.replace('"status":"pass"', '"status":"fail"')
  assert.deepEqual(pick(verifyChain(lines)), { seq: 3, reason: 'tampered' })
  const actorEdited = chain(5)
  actorEdited[1] = actorEdited[1]!.replace('alice@', 'mallory@')
  assert.deepEqual(pick(verifyChain(actorEdited)), { seq: 2, reason: 'tampered' })
})

test('an edited entry whose hash was recomputed breaks the link of the next seq', () => {
  const lines = chain(5)
  const { hash: _old, ...rest } = JSON.parse(lines[2]!)
  rest.data.status = 'fail'
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

test('only a line with exactly the entry fields parses as an entry', () => {
  const entry = JSON.parse(chain(1)[0]!)
  assert.deepEqual(parseEntry(JSON.stringify(entry)), entry)
  // the shape before `type`/`data`: payload fields beside the envelope, `kind`, `at`
  assert.equal(parseEntry('{"kind":"phase","from":null,"to":"prepare","seq":1,"at":"2025-01-01T00:00:00.000Z","prev":null,"hash":"00"}'), undefined)
  assert.equal(parseEntry(JSON.stringify({ ...entry, extra: 1 })), undefined)
  assert.equal(parseEntry(JSON.stringify({ ...entry, type: 'rumour' })), undefined)
  assert.equal(parseEntry(JSON.stringify({ ...entry, data: [] })), undefined)
  assert.equal(parseEntry(JSON.stringify({ ...entry, seq: 0 })), undefined)
  const { actor: _actor, ...noActor } = entry
  assert.equal(parseEntry(JSON.stringify(noActor)), undefined)
})

test('seal refuses what a reader could not rely on: an unknown type, data that is no object, no actor', () => {
  assert.throws(() => seal('rumour' as 'note', { decision: 'x', reason: 'y' }, actor, undefined), /unknown journal entry type 'rumour'/)
  assert.throws(() => seal('note', [] as unknown as EntryData['note'], actor, undefined), /must be an object/)
  assert.throws(() => seal('phase', { from: null, to: 'prepare' }, '', undefined), /needs an actor/)
})

function pick (check: ReturnType<typeof verifyChain>): unknown {
  return check.ok ? check : { seq: check.seq, reason: check.reason }
}
