import assert from 'node:assert/strict'
import { test } from 'node:test'
import { capturedAt, evidenceId, fixtureInput, fixturePlan } from '../fixtures.ts'
import { priorGatesPassed, rollbackDocumented } from './producer-cutover.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`

test('rollback.documented: absent fails; a placeholder owner fails; each handling is named', () => {
  assert.match(line(rollbackDocumented.run(fixtureInput({ plan: fixturePlan({ rollback: undefined }) }))[0]!), /^fail rollback: the plan has no rollback section/)
  assert.match(line(rollbackDocumented.run(fixtureInput({ plan: fixturePlan({ rollback: { owner: 'TODO', targetOnlyWrites: 'replay' } }) }))[0]!), /^fail rollback.owner: owner "TODO" is a placeholder/)
  assert.equal(line(rollbackDocumented.run(fixtureInput({ plan: fixturePlan({ rollback: { owner: 'platform', targetOnlyWrites: 'reverse-replicate', reverseFlow: 'target->src0' } }) }))[0]!),
    'pass rollback: owned by platform; target-only writes are reverse-replicated by the flow target->src0 (rollgate rollback --reverse-flow target->src0)')
  assert.equal(line(rollbackDocumented.run(fixtureInput({ plan: fixturePlan({ rollback: { owner: 'platform', targetOnlyWrites: 'accept-gap', maxGap: '15m' } }) }))[0]!),
    'pass rollback: owned by platform; target-only writes are accepted as lost, up to 15m of target-only writes')
  assert.throws(() => fixturePlan({ rollback: { owner: 'platform', targetOnlyWrites: 'accept-gap' } }), /accept-gap needs maxGap/)
})

test('gates.prior-passed: offsets and shadow-read must have passed; never evaluated or failing fails naming it', () => {
  assert.deepEqual(priorGatesPassed.run(fixtureInput()).map((r) => `${r.status} ${r.subject}`), ['pass offsets', 'pass shadow-read'])
  const failing = { gate: 'shadow-read' as const, status: 'fail' as const, evaluatedAt: capturedAt, evidenceId, checks: [{ id: 'shadow-read.parity', status: 'fail' as const, subject: 'orders', message: 'x', evidence: null }] }
  const results = priorGatesPassed.run(fixtureInput({ verdicts: { 'shadow-read': failing } })).map(line)
  assert.deepEqual(results, [
    'fail offsets: the offsets gate was never evaluated: run rollgate gate offsets',
    `fail shadow-read: the shadow-read gate's latest verdict is fail (evaluated ${capturedAt}, 5m ago): shadow-read.parity [orders] fail`,
  ])
  assert.equal(priorGatesPassed.run(fixtureInput({ verdicts: null }))[0]!.status, 'unknown')
})
