import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capturedAt, fixtureInput, fixtureMovedOn, fixtureSnapshot } from '../gates/fixtures.ts'
import { evaluateChecks, evaluateGate, evaluateGates, gateChecks } from '../gates/registry.ts'
import { renderGateTable } from './gate-table.ts'

test('a gate: headline with status and counts, then STATUS / ID / SUBJECT / MESSAGE rows', () => {
  const snapshot = fixtureSnapshot({ target: { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'timed out after 15000ms', at: capturedAt } })
  const result = evaluateGate('exit', fixtureMovedOn(snapshot.sides.target))
  const text = renderGateTable(result)
  const lines = text.trimEnd().split('\n')
  const count = (status: string) => result.checks.filter((c) => c.status === status).length
  assert.ok(count('unknown') >= 2)
  assert.equal(lines[0], `GATE exit: UNKNOWN  (${result.checks.length} check(s): ${count('pass')} pass, ${count('unknown')} unknown; evaluated 2026-03-02T10:05:00.000Z, evidence ${fixtureInput().evidenceId})`)
  assert.match(lines[1]!, /^STATUS\s+ID\s+SUBJECT\s+MESSAGE$/)
  assert.match(lines[2]!, /^PASS\s+runbook\.owned\s+runbook\.writeAuthority\s+owned by platform-team; dashboard https:/)
  assert.ok(lines.some((l) => /^UNKNOWN\s+clusters\.reachable\s+target\s+target cluster \(automq-0:9093\) unreachable: timed out after 15000ms$/.test(l)))
  assert.ok(lines.some((l) => /^UNKNOWN\s+replication\.retention\s+target\s+target cluster \(automq-0:9093\) was unreachable: timed out after 15000ms$/.test(l)))
})

test('several gates end with a summary; control characters are shown, not sent to the terminal', () => {
  const results = evaluateGates(['pre-replication', 'exit'], fixtureMovedOn())
  results[1]!.checks[0]!.message = 'evil\u001b[2Jgroup\nname'
  const text = renderGateTable(results)
  assert.ok(!text.includes('\u001b'))
  assert.ok(text.includes('evil\\x1b[2Jgroup\\nname'))
  const [pre, exit] = results.map((r) => r.checks.length)
  assert.match(text, new RegExp(`\\nGATE\\s+STATUS\\s+CHECKS\\npre-replication\\s+PASS\\s+${pre} check\\(s\\): ${pre} pass\\nexit\\s+PASS\\s+${exit} check\\(s\\): ${exit} pass\\n$`))
})

test('a gate with no checks says nothing was proven', () => {
  assert.match(renderGateTable(evaluateChecks('offsets', [], fixtureInput())), /^GATE offsets: UNKNOWN {2}\(no checks ran: nothing proven;/)
  assert.ok(gateChecks('offsets').length > 0)
})
