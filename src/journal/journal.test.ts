import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { Journal } from './journal.ts'

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

function journalPath (): string {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-journal-')))
  return join(made.at(-1)!, 'journal.jsonl')
}

test('entries chain across reopen, and an entry edited on disk is found at its seq', () => {
  const path = journalPath()
  const first = Journal.open(path, { actor: 'alice@ops-1 rollgate advance prepare' }).journal
  first.append('phase', { from: null, to: 'prepare' })
  first.append('evidence', { evidenceId: 'a'.repeat(64), kind: 'snapshot' })
  const { journal } = Journal.open(path, { actor: 'bob@ops-2 rollgate gate pre-replication' })
  const third = journal.append('gate', { gate: 'pre-replication', status: 'pass', evidenceId: 'a'.repeat(64), checks: { pass: 4, warn: 0, fail: 0, unknown: 0 }, resultId: 'b'.repeat(64) })
  assert.equal(third.seq, 3)
  assert.equal(third.prev, journal.entries()[1]!.hash)
  assert.deepEqual(journal.entries().map((entry) => [entry.seq, entry.type, entry.actor]), [
    [1, 'phase', 'alice@ops-1 rollgate advance prepare'],
    [2, 'evidence', 'alice@ops-1 rollgate advance prepare'],
    [3, 'gate', 'bob@ops-2 rollgate gate pre-replication'],
  ])
  assert.deepEqual(journal.verify(), { ok: true, entries: 3, last: { seq: 3, hash: third.hash } })

  writeFileSync(path, readFileSync(path, 'utf8').replace('"to":"prepare"', '"to":"shadow-read"'))
  const check = journal.verify()
  assert.equal(check.ok, false)
  assert.equal(!check.ok && check.seq, 1)
  assert.equal(!check.ok && check.reason, 'tampered')
})

test('the default actor is user@host of this process', () => {
  const entry = Journal.open(journalPath()).journal.append('phase', { from: null, to: 'prepare' })
  assert.equal(entry.actor, `${userInfo().username}@${hostname()}`)
})

test('a torn last line is reported and dropped on open, and appends carry on', () => {
  const path = journalPath()
  Journal.open(path).journal.append('phase', { from: null, to: 'prepare' })
  appendFileSync(path, '{"seq":2,"ts":"2025-01-01T00:00:00.000Z","actor":"alice@ops-1","type":"intent",')
  const { journal, warning } = Journal.open(path)
  assert.match(warning ?? '', /torn last line \(\d+ bytes\)/)
  assert.equal(journal.append('phase', { from: 'prepare', to: 'replicating' }).seq, 2)
  assert.equal(journal.verify().ok, true)
  assert.equal(journal.entries().length, 2)
})

test('read-only, a torn last line is reported but left alone, and appends are refused', () => {
  const path = journalPath()
  Journal.open(path).journal.append('phase', { from: null, to: 'prepare' })
  appendFileSync(path, '{"seq":2,')
  const before = readFileSync(path, 'utf8')
  const { journal, warning } = Journal.open(path, { readOnly: true })
  assert.match(warning ?? '', /ignored an incomplete last line \(9 bytes\)/)
  assert.equal(readFileSync(path, 'utf8'), before)
  assert.equal(journal.verify().ok, true)
  assert.deepEqual(journal.entries().map((entry) => entry.seq), [1])
  assert.throws(() => journal.append('phase', { from: 'prepare', to: 'replicating' }), { code: 'RG_JOURNAL_REFUSED', message: /opened read-only/ })
  assert.equal(readFileSync(path, 'utf8'), before)
})

test('read-only, a journal that does not exist is not created', () => {
  const path = journalPath()
  assert.throws(() => Journal.open(path, { readOnly: true }), { code: 'RG_JOURNAL_NONE', message: /^no journal in .*; nothing has been recorded yet$/ })
  assert.equal(existsSync(path), false)
})

test('secrets reach the journal redacted', () => {
  const path = journalPath()
  const secret = { toJSON: () => '[redacted]', value: 'hunter2' }
  Journal.open(path).journal.append('intent', { actionId: 'a1', action: 'client.switch', changes: [{ subject: 'password', before: secret, after: secret }] })
  const text = readFileSync(path, 'utf8')
  assert.doesNotMatch(text, /hunter2/)
  assert.match(text, /"before":"\[redacted\]"/)
})

test('appends are refused while the last complete line is unreadable: nothing can chain to it', () => {
  const path = journalPath()
  Journal.open(path).journal.append('phase', { from: null, to: 'prepare' })
  appendFileSync(path, 'garbage\n')
  assert.throws(() => Journal.open(path).journal.append('phase', { from: 'prepare', to: 'replicating' }), { code: 'RG_JOURNAL_REFUSED', message: /\(line 2\) .* is unreadable/ })
})
