import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { GateResult } from '../gates/types.ts'
import { checkAdvanceRequest, decideAdvance } from './advance.ts'

const gate = (name: GateResult['gate'], status: GateResult['status']): GateResult => ({ gate: name, status, checks: [], evaluatedAt: '2026-03-02T10:00:00.000Z', evidenceId: null })

test('only the next phase can be requested, and --force needs a reason', () => {
  assert.equal(checkAdvanceRequest('prepare', { to: 'replicating', execute: false, force: false }), 'replicating')
  assert.throws(() => checkAdvanceRequest('prepare', { to: 'shadow-read', execute: false, force: false }), /only phase to advance to is replicating/)
  assert.throws(() => checkAdvanceRequest('prepare', { to: 'sideways', execute: false, force: false }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /unknown phase/.test(e.message))
  assert.throws(() => checkAdvanceRequest('prepare', { to: 'replicating', execute: true, force: true, reason: ' ' }), /--force needs --reason/)
  assert.throws(() => checkAdvanceRequest('target-authoritative', { to: 'prepare', execute: false, force: false }), /point of no return/)
})

test('passing gates: dry run by default, advanced with --execute', () => {
  const gates = [gate('replication', 'pass'), gate('offsets', 'warn')]
  assert.equal(decideAdvance('replicating', 'shadow-read', gates, { to: 'shadow-read', execute: false, force: false }).outcome, 'dry-run')
  const done = decideAdvance('replicating', 'shadow-read', gates, { to: 'shadow-read', execute: true, force: false })
  assert.equal(done.outcome, 'advanced')
  assert.match(done.message, /write authority: source/)
})

test('a failing or unknown gate refuses, unless forced with a reason', () => {
  const gates = [gate('shadow-read', 'pass'), gate('producer-cutover', 'unknown')]
  const refused = decideAdvance('shadow-read', 'producers-on-target', gates, { to: 'producers-on-target', execute: true, force: false })
  assert.equal(refused.outcome, 'refused')
  assert.match(refused.message, /producer-cutover is unknown/)
  const forced = decideAdvance('shadow-read', 'producers-on-target', gates, { to: 'producers-on-target', execute: true, force: true, reason: 'vendor sign-off' })
  assert.equal(forced.outcome, 'advanced-forced')
  assert.match(forced.message, /FORCED.*vendor sign-off.*write authority: target/)
})

test('a guarded phase with no verdict at all is never passed', () => {
  assert.equal(decideAdvance('prepare', 'replicating', [], { to: 'replicating', execute: true, force: false }).outcome, 'refused')
})
