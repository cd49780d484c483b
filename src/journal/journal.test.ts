import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
  const first = Journal.open(path).journal
  first.append({ kind: 'phase', from: null, to: 'prepare' })
  first.append({ kind: 'evidence', evidenceId: 'a'.repeat(64) })
  const { journal } = Journal.open(path)
  const third = journal.append({ kind: 'gate', gate: 'pre-replication', status: 'pass' })
  assert.equal(third.seq, 3)
  assert.equal(third.prev, journal.entries()[1]!.hash)
  assert.deepEqual(journal.verify(), { ok: true, entries: 3 })

  writeFileSync(path, readFileSync(path, 'utf8').replace('"to":"prepare"', '"to":"shadow-read"'))
  const check = journal.verify()
  assert.equal(check.ok, false)
  assert.equal(!check.ok && check.seq, 1)
  assert.equal(!check.ok && check.reason, 'tampered')
})

test('a torn last line is reported and dropped on open, and appends carry on', () => {
  const path = journalPath()
  Journal.open(path).journal.append({ kind: 'phase', from: null, to: 'prepare' })
  appendFileSync(path, '{"kind":"intent","actionId":"a1","seq":2,')
  const { journal, warning } = Journal.open(path)
  assert.match(warning ?? '', /torn last line \(\d+ bytes\)/)
  assert.equal(journal.append({ kind: 'phase', from: 'prepare', to: 'replicating' }).seq, 2)
  assert.deepEqual(journal.verify(), { ok: true, entries: 2 })
})

test('secrets reach the journal redacted', () => {
  const path = journalPath()
  const secret = { toJSON: () => '[redacted]', value: 'hunter2' }
  Journal.open(path).journal.append({ kind: 'intent', actionId: 'a1', action: 'client.switch', changes: [{ subject: 'password', before: secret, after: secret }] })
  const text = readFileSync(path, 'utf8')
  assert.doesNotMatch(text, /hunter2/)
  assert.match(text, /"before":"\[redacted\]"/)
})

test('appends are refused while the last complete line is unreadable: nothing can chain to it', () => {
  const path = journalPath()
  Journal.open(path).journal.append({ kind: 'phase', from: null, to: 'prepare' })
  appendFileSync(path, 'garbage\n')
  assert.throws(() => Journal.open(path).journal.append({ kind: 'phase', from: 'prepare', to: 'replicating' }), { code: 'RG_JOURNAL_REFUSED', message: /\(line 2\) .* is unreadable/ })
})
