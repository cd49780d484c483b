import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { renderRunbook, type RunbookInput } from './runbook.ts'

const input = (extra: Partial<RunbookInput> = {}): RunbookInput => ({
  plan: fixturePlan({ clients: [{ name: 'checkout', owner: 'checkout-team', switchToTarget: 'switch --to automq', switchToSource: 'switch --to <confluent> & "old"' }] }),
  planFile: 'rollgate.yaml',
  phase: 'shadow-read',
  availability: { status: 'limited', until: null, limits: [{ kind: 'source-retention', subject: 'orders', message: 'source retention of orders (24 h) is shorter than the rollback window (72 h)', at: null }] },
  verdicts: {
    replication: { seq: 7, result: { gate: 'replication', status: 'pass', evaluatedAt: '2026-03-02T10:00:00.000Z', evidenceId: 'abc', checks: [{ id: 'clusters.reachable', status: 'pass', subject: 'target', message: 'reachable', evidence: null }] } },
  },
  generatedAt: '2026-03-02T10:05:00.000Z',
  ...extra,
})

test('the markdown runbook names every seed field with its owner, the gates and the rollback steps', () => {
  const md = renderRunbook(input(), 'markdown')
  for (const field of ['Write authority', 'Critical topics', 'Critical consumer groups', 'Schema state', 'Connector side effects', 'Client switch', 'Point of no return']) {
    assert.match(md, new RegExp(`\\| ${field} \\|`), field)
  }
  assert.match(md, /\| Point of no return \| head-of-platform \| ticket: CHG-2291 \|/)
  assert.match(md, /### replication: pass\n\nEvaluated 2026-03-02T10:00:00.000Z \(journal entry 7, evidence `abc`\)\.\n\n- \[x\] PASS clusters\.reachable \[target\]: reachable/)
  assert.match(md, /### exit: not evaluated/)
  assert.match(md, /Status: \*\*limited\*\*/)
  assert.match(md, /Switch checkout back to the source \(checkout-team\): `switch --to <confluent> & "old"`/)
  assert.match(md, /Phase: \*\*shadow-read\*\*; write authority: \*\*source\*\*/)
})

test('the HTML runbook is escaped and carries the same content', () => {
  const html = renderRunbook(input(), 'html')
  assert.match(html, /^<!doctype html>/)
  assert.match(html, /<code>switch --to &lt;confluent&gt; &amp; &quot;old&quot;<\/code>/)
  assert.doesNotMatch(html, /<confluent>/)
  assert.match(html, /<strong>limited<\/strong>/)
  assert.match(html, /<input type="checkbox" disabled checked> PASS clusters\.reachable/)
})

test('past the point of no return there are no rollback steps', () => {
  const md = renderRunbook(input({ phase: 'target-authoritative' }), 'markdown')
  assert.match(md, /## Rollback from phase target-authoritative\n\nnone: the point of no return has passed/)
  assert.match(md, /No rollback steps in this phase\./)
})
