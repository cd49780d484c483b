import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Journal } from './journal.ts'
import { withIntent } from './with-intent.ts'

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

function journalPath (): string {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-intent-')))
  return join(made.at(-1)!, 'journal.jsonl')
}

const change = { subject: 'group billing / orders-0', before: '1200', after: '1180' }

test('withIntent journals intent then outcome, keeps a failure message and rethrows it', async () => {
  const { journal } = Journal.open(journalPath())
  assert.equal(await withIntent(journal, { actionId: 'a1', action: 'offsets.apply', changes: [change] }, () => 'done'), 'done')
  await assert.rejects(
    withIntent(journal, { actionId: 'a2', action: 'offsets.apply', changes: [change] }, async () => { throw new Error('group is not empty') }),
    /group is not empty/
  )
  assert.deepEqual(journal.entries().map(({ type, data }) => ({ type, data })), [
    { type: 'intent', data: { actionId: 'a1', action: 'offsets.apply', changes: [change] } },
    { type: 'outcome', data: { actionId: 'a1', ok: true } },
    { type: 'intent', data: { actionId: 'a2', action: 'offsets.apply', changes: [change] } },
    { type: 'outcome', data: { actionId: 'a2', ok: false, error: 'group is not empty' } },
  ])
  assert.deepEqual(journal.pendingIntents(), [])
})

test('pendingIntents finds the intent a crashed mutation left without an outcome', () => {
  const { journal } = Journal.open(journalPath())
  journal.append('intent', { actionId: 'a1', action: 'offsets.apply', changes: [change] })
  journal.append('outcome', { actionId: 'a1', ok: true })
  // the process died between this intent and its outcome
  journal.append('intent', { actionId: 'a2', action: 'topic.create', changes: [{ subject: 'topic orders', before: null, after: { partitions: 6 } }] })
  const pending = journal.pendingIntents()
  assert.deepEqual(pending.map((intent) => [intent.seq, intent.data.actionId, intent.data.action]), [[3, 'a2', 'topic.create']])
})
