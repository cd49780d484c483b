import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { seal } from '../journal/chain.ts'
import type { Entry } from '../journal/index.ts'
import { gateBoard } from './board.ts'
import { phaseTimeline } from './timeline.ts'

test('the board: every gate in order, owned by its runbook field; a check about a group names the group\'s owner', () => {
  const board = gateBoard(fixturePlan(), {
    offsets: { seq: 7, result: { gate: 'offsets', status: 'unknown', evaluatedAt: '2026-03-02T10:00:00.000Z', evidenceId: null, checks: [
      { id: 'offsets.source-position-captured', status: 'unknown', subject: 'billing', message: 'no capture', evidence: null },
      { id: 'clusters.reachable', status: 'pass', subject: 'source', message: 'ok', evidence: { ms: 3 } },
    ] } },
  })
  assert.deepEqual(board.map((g) => [g.gate, g.owner, g.ownerField, g.guards]), [
    ['pre-replication', 'platform-team', 'runbook.criticalTopics', 'replicating'],
    ['replication', 'platform-team', 'runbook.criticalTopics', 'shadow-read'],
    ['offsets', 'billing-team', 'runbook.criticalGroups', 'shadow-read'],
    ['shadow-read', 'data-platform', 'runbook.connectorSideEffects', 'producers-on-target'],
    ['producer-cutover', 'checkout-team', 'runbook.clientSwitch', 'producers-on-target'],
    ['exit', 'head-of-platform', 'runbook.pointOfNoReturn', 'target-authoritative'],
  ])
  const offsets = board[2]!
  assert.deepEqual([offsets.status, offsets.seq, offsets.counts], ['unknown', 7, { pass: 1, warn: 0, fail: 0, unknown: 1 }])
  assert.deepEqual(offsets.checks.map((c) => c.owner), ['billing-team', null])
  assert.deepEqual(offsets.how, { command: 'rollgate gate offsets', dashboard: null, ticket: null })
  assert.equal(board[0]!.status, 'not-evaluated')
})

test('malformed checks inside a verdict become unknown checks, never pass', () => {
  const board = gateBoard(fixturePlan(), { exit: { seq: 1, result: { gate: 'exit', status: 'bogus', checks: [null, { status: 'pass!' }, 'x'] } as never } })
  assert.equal(board[5]!.status, 'unknown')
  assert.deepEqual(board[5]!.checks.map((c) => [c.id, c.status]), [['?', 'unknown'], ['?', 'unknown'], ['?', 'unknown']])
})

test('the timeline: states around the current phase, forced entries, and the point of no return once passed', () => {
  const entries: Entry[] = []
  const add = (to: string, forced?: boolean) => {
    const last = entries.at(-1)
    entries.push(seal('phase', { from: null, to, ...(forced ? { forced: true, reason: 'vendor sign-off' } : {}) }, 'test', last && { seq: last.seq, hash: last.hash }).entry)
  }
  add('replicating')
  add('shadow-read')
  add('producers-on-target', true)
  add('target-authoritative')
  const t = phaseTimeline(entries, 'target-authoritative', () => 'pass', { owner: 'head-of-platform', note: 'source retention expires' })
  assert.deepEqual(t.steps.map((s) => [s.phase, s.state, s.forced, s.enteredAt !== null]), [
    ['prepare', 'done', false, false], ['replicating', 'done', false, true], ['shadow-read', 'done', false, true],
    ['producers-on-target', 'done', true, true], ['target-authoritative', 'current', false, true],
  ])
  assert.deepEqual(t.pointOfNoReturn, { phase: 'target-authoritative', passed: true, owner: 'head-of-platform', note: 'source retention expires' })
  assert.deepEqual(t.steps[3]!.guardedBy, [{ gate: 'shadow-read', status: 'pass' }, { gate: 'producer-cutover', status: 'pass' }])
})
