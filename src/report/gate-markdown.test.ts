import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput, fixturePlan } from '../gates/fixtures.ts'
import { evaluateChecks, evaluateGate } from '../gates/registry.ts'
import type { GateResult } from '../gates/types.ts'
import { markdownCode, markdownText, renderGateMarkdown } from './gate-markdown.ts'

test('a checklist: [x] for what lets the migration proceed, [ ] for what does not, with text labels', () => {
  const result: GateResult = {
    gate: 'offsets',
    status: 'fail',
    evaluatedAt: '2026-03-02T10:05:00.000Z',
    evidenceId: 'abc',
    checks: [
      { id: 'clusters.reachable', status: 'pass', subject: 'source', message: 'reachable', evidence: null },
      { id: 'groups.critical-exist-on-source', status: 'warn', subject: 'reporting', message: 'not on the source cluster', evidence: null },
      { id: 'groups.critical-exist-on-source', status: 'fail', subject: 'billing', message: 'no committed offsets', evidence: null },
      { id: 'clusters.reachable', status: 'unknown', subject: 'target', message: 'unreachable', evidence: null },
    ],
  }
  assert.equal(renderGateMarkdown(result), [
    '## Gate `offsets`: FAIL',
    '',
    'Evaluated 2026-03-02T10:05:00.000Z on evidence `abc`.',
    '',
    '- [x] PASS `clusters.reachable` `source`: reachable',
    '- [x] WARN `groups.critical-exist-on-source` `reporting`: not on the source cluster',
    '- [ ] FAIL `groups.critical-exist-on-source` `billing`: no committed offsets',
    '- [ ] UNKNOWN `clusters.reachable` `target`: unreachable',
    '',
  ].join('\n'))
})

test('text from plans and clusters renders as written, never as markup', () => {
  assert.equal(markdownText('a_b *c* <script> [x](y) | `z` &amp;\nnext'), 'a\\_b \\*c\\* \\<script\\> \\[x\\](y) \\| \\`z\\` \\&amp; next')
  assert.equal(markdownCode('plain'), '`plain`')
  assert.equal(markdownCode('a`b'), '``a`b``')
  assert.equal(markdownCode('`edge'), '`` `edge ``')
})

test('several gates, nested heading level, and a gate with no checks stays unchecked', () => {
  const plan = fixturePlan()
  plan.runbook.clientSwitch = { owner: 'TODO', command: 'kubectl apply -f switch.yaml' }
  const text = renderGateMarkdown([evaluateGate('exit', fixtureInput({ plan })), evaluateChecks('offsets', [], fixtureInput())], { headingLevel: 3 })
  assert.match(text, /^### Gate `exit`: FAIL\n/)
  assert.match(text, /\n- \[ \] FAIL `runbook\.owned` `runbook\.clientSwitch`: owner "TODO" is a placeholder/)
  assert.match(text, /\n### Gate `offsets`: UNKNOWN\n\nEvaluated .*\n\n- \[ \] UNKNOWN no checks ran: nothing proven\n$/)
})
