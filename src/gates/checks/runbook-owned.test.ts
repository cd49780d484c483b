import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput, fixturePlan } from '../fixtures.ts'
import { isPlaceholder, runbookOwned } from './runbook-owned.ts'

test('placeholders are recognised, real names are not', () => {
  for (const text of ['TODO', 'todo', 'tbd', 'TBD', '?', '???', ' - ', '<owner>', '[TODO]', 'TODO: pick an on-call rota', 'fixme', 'n/a', 'none', '']) {
    assert.equal(isPlaceholder(text), true, text)
  }
  for (const text of ['platform-team', 'alice@example.com', 'payments-oncall', 'DATA-1423', 'todoist-integration', 'https://grafana.internal/d/x']) {
    assert.equal(isPlaceholder(text), false, text)
  }
})

test('every runbook field owned and actionable passes, naming owner and way', () => {
  const results = runbookOwned.run(fixtureInput())
  assert.equal(results.length, 7)
  assert.ok(results.every((r) => r.status === 'pass'))
  assert.deepEqual(results[3], {
    id: 'runbook.owned',
    status: 'pass',
    subject: 'runbook.schemaState',
    message: 'owned by data-platform; ticket DATA-1423',
    evidence: { owner: 'data-platform', command: null, dashboard: null, ticket: 'DATA-1423' },
  })
})

test('a TODO owner or a placeholder ticket fails the field', () => {
  const plan = fixturePlan()
  plan.runbook.writeAuthority = { owner: 'TODO', dashboard: 'https://grafana.internal/d/migration/authority' }
  plan.runbook.schemaState = { owner: 'tbd', ticket: 'TBD' }
  plan.runbook.pointOfNoReturn = { owner: '?', command: 'rollgate status', ticket: 'TODO' }
  const failed = runbookOwned.run(fixtureInput({ plan })).filter((r) => r.status === 'fail')
  assert.deepEqual(failed.map((r) => [r.subject, r.message]), [
    ['runbook.writeAuthority', 'owner "TODO" is a placeholder: name a person, team or on-call rota'],
    ['runbook.schemaState', 'owner "tbd" is a placeholder: name a person, team or on-call rota; no command, dashboard or ticket (ticket "TBD" is a placeholder)'],
    // a real command is enough even beside a placeholder ticket; the owner is not
    ['runbook.pointOfNoReturn', 'owner "?" is a placeholder: name a person, team or on-call rota'],
  ])
})

test('needs no evidence: judged from the plan alone', () => {
  const results = runbookOwned.run(fixtureInput({ snapshot: null }))
  assert.ok(results.every((r) => r.status === 'pass'))
})
