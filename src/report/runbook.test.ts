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

test('past the point of no return the runbook switches to forward recovery', () => {
  const md = renderRunbook(input({ phase: 'target-authoritative' }), 'markdown')
  assert.match(md, /## Forward recovery\n\nThe target was declared authoritative[^\n]*`rollgate rollback` refuses\. Recover on the target\./)
  assert.match(md, /Incidents are fixed on the target: write authority stays there \(platform-team\)\./)
  assert.doesNotMatch(renderRunbook(input({ phase: 'producers-on-target' }), 'markdown'), /Forward recovery/)
})

test('the point of no return computed by the exit gate is in the runbook, with its factors; before that, how to compute it', () => {
  assert.match(renderRunbook(input(), 'markdown'), /Not computed yet: run `rollgate gate exit`/)
  const exit = {
    seq: 9,
    result: {
      gate: 'exit' as const, status: 'pass' as const, evaluatedAt: '2026-03-02T10:01:00.000Z', evidenceId: 'def',
      checks: [
        { id: 'exit.point-of-no-return', status: 'pass' as const, subject: 'source-retention: orders', message: 'orders: source retention (24 h) ends at 2026-03-03T10:00:00.000Z', evidence: null },
        { id: 'exit.point-of-no-return', status: 'pass' as const, subject: 'point-of-no-return', message: '2026-03-03T10:00:00.000Z (in 24 h, measured from now: producers have not moved): source-retention (orders)', evidence: null },
      ],
    },
  }
  const md = renderRunbook(input({ verdicts: { exit } }), 'markdown')
  assert.match(md, /Computed by the exit gate \(2026-03-02T10:01:00.000Z\): \*\*pass\*\* 2026-03-03T10:00:00.000Z \(in 24 h, measured from now: producers have not moved\): source-retention \(orders\)/)
  assert.match(md, /- PASS source-retention: orders: orders: source retention \(24 h\) ends at 2026-03-03T10:00:00.000Z/)
})
