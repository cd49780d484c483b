import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capturedAt, fixtureInput, fixtureSnapshot } from '../gates/fixtures.ts'
import { evaluateChecks, evaluateGate, evaluateGates, gateChecks } from '../gates/registry.ts'
import { renderGateTable } from './gate-table.ts'

test('a gate: headline with status and counts, then STATUS / ID / SUBJECT / MESSAGE rows', () => {
  const snapshot = fixtureSnapshot({ target: { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'timed out after 15000ms', at: capturedAt } })
  const text = renderGateTable(evaluateGate('exit', fixtureInput({ snapshot })))
  const lines = text.trimEnd().split('\n')
  assert.equal(lines[0], `GATE exit: UNKNOWN  (10 check(s): 8 pass, 2 unknown; evaluated 2026-03-02T10:05:00.000Z, evidence ${fixtureInput().evidenceId})`)
  assert.match(lines[1]!, /^STATUS\s+ID\s+SUBJECT\s+MESSAGE$/)
  assert.match(lines[2]!, /^PASS\s+runbook\.owned\s+runbook\.writeAuthority\s+owned by platform-team; dashboard https:/)
  assert.equal(lines.at(-2), 'UNKNOWN  clusters.reachable     target                        target cluster (automq-0:9093) unreachable: timed out after 15000ms')
  assert.equal(lines.at(-1), 'UNKNOWN  replication.retention  target                        target cluster (automq-0:9093) was unreachable: timed out after 15000ms')
})

test('several gates end with a summary; control characters are shown, not sent to the terminal', () => {
  const results = evaluateGates(['pre-replication', 'exit'], fixtureInput())
  results[1]!.checks[0]!.message = 'evil\u001b[2Jgroup\nname'
  const text = renderGateTable(results)
  assert.ok(!text.includes('\u001b'))
  assert.ok(text.includes('evil\\x1b[2Jgroup\\nname'))
  assert.match(text, /\nGATE\s+STATUS\s+CHECKS\npre-replication\s+PASS\s+24 check\(s\): 24 pass\nexit\s+PASS\s+13 check\(s\): 13 pass\n$/)
})

test('a gate with no checks says nothing was proven', () => {
  assert.match(renderGateTable(evaluateChecks('offsets', [], fixtureInput())), /^GATE offsets: UNKNOWN {2}\(no checks ran: nothing proven;/)
  assert.ok(gateChecks('offsets').length > 0)
})
