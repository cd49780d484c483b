import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Entry, EntryData, EntryType } from './entry.ts'
import { summarizeEntry } from './summary.ts'

const id = '3f2a9c1b0d4e'.padEnd(64, '0')

function entry<T extends EntryType> (type: T, data: EntryData[T]): Entry {
  return { seq: 1, ts: '2025-06-01T10:00:00.000Z', actor: 'alice@ops-1', type, data, prev: null, hash: 'f'.repeat(64) } as Entry
}

test('each type has its one-line summary', () => {
  assert.equal(summarizeEntry(entry('evidence', { evidenceId: id, kind: 'snapshot', summary: 'source 50 topics, target 48 topics' })), 'snapshot 3f2a9c1b0d4e: source 50 topics, target 48 topics')
  assert.equal(summarizeEntry(entry('evidence', { evidenceId: id, kind: 'snapshot' })), 'snapshot 3f2a9c1b0d4e')
  assert.equal(summarizeEntry(entry('gate', { gate: 'replication', status: 'fail', evidenceId: id, checks: { pass: 11, warn: 0, fail: 1, unknown: 0 }, resultId: id })), 'replication fail (11 pass, 1 fail), evidence 3f2a9c1b0d4e')
  assert.equal(summarizeEntry(entry('gate', { gate: 'exit', status: 'unknown', evidenceId: null, checks: { pass: 0, warn: 0, fail: 0, unknown: 0 }, resultId: id })), 'exit unknown (no checks), evidence none')
  const change = (p: number) => ({ subject: `group billing / orders-${p}`, before: '1200', after: '1180' })
  assert.equal(summarizeEntry(entry('intent', { actionId: 'a1', action: 'offsets.apply', changes: [0, 1, 2, 3, 4].map(change) })),
    'offsets.apply a1: 5 changes (group billing / orders-0, group billing / orders-1, group billing / orders-2, +2 more)')
  assert.equal(summarizeEntry(entry('intent', { actionId: 'a2', action: 'noop', changes: [] })), 'noop a2: 0 changes')
  assert.equal(summarizeEntry(entry('outcome', { actionId: 'a1', ok: true })), 'a1 ok')
  assert.equal(summarizeEntry(entry('outcome', { actionId: 'a1', ok: false, error: 'group is not empty' })), 'a1 failed: group is not empty')
  assert.equal(summarizeEntry(entry('phase', { from: null, to: 'prepare' })), '(start) -> prepare')
  assert.equal(summarizeEntry(entry('phase', { from: 'shadow-read', to: 'producers-on-target', forced: true, reason: 'lag is metric lag' })), 'shadow-read -> producers-on-target FORCED: lag is metric lag')
  assert.equal(summarizeEntry(entry('note', { decision: 'advance although producer-cutover is fail', reason: 'vendor sign-off' })), 'advance although producer-cutover is fail: vendor sign-off')
})

test('a summary stays on one short line, whatever the data holds', () => {
  const long = summarizeEntry(entry('outcome', { actionId: 'a1', ok: false, error: `broker said:\n${'x'.repeat(300)}` }))
  assert.equal(long.length, 120)
  assert.match(long, /^a1 failed: broker said: x+\.\.\.$/)
  // data edited into another shape: shown as it is rather than failing the whole log
  assert.equal(summarizeEntry(entry('intent', { actionId: 'a1' } as unknown as EntryData['intent'])), '{"actionId":"a1"}')
})
