import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan } from '../gates/fixtures.ts'
import { diffCredentials } from './credentials.ts'

test('every SCRAM user of the source needs the same mechanisms on the target under its mapped name', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'User:sa-1': 'User:orders-app' } } })
  const source = [{ user: 'sa-1', mechanisms: ['SCRAM-SHA-512'] }, { user: 'billing', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] }, { user: 'gone', mechanisms: ['SCRAM-SHA-256'] }]
  const target = [{ user: 'orders-app', mechanisms: ['SCRAM-SHA-512'] }, { user: 'billing', mechanisms: ['SCRAM-SHA-256'] }, { user: 'extra', mechanisms: ['SCRAM-SHA-256'] }]
  const part = diffCredentials(plan, source, target)
  assert.equal(part.status, 'compared')
  assert.deepEqual(part.status === 'compared' && part.differences.map((d) => `${d.status} ${d.subject}: ${d.message}`), [
    'fail User:billing: SCRAM SCRAM-SHA-256, SCRAM-SHA-512 on the source, only SCRAM-SHA-256 on the target: clients using SCRAM-SHA-512 cannot authenticate there',
    'fail User:gone: SCRAM SCRAM-SHA-256 on the source, no SCRAM credential on the target: its clients cannot authenticate there',
  ])
})

test('not captured or not listable: unknown with the reason, never pass', () => {
  const part = diffCredentials(fixturePlan(), undefined, [])
  assert.deepEqual(part, { status: 'unknown', reason: 'SCRAM credentials could not be listed (source: the snapshot holds no SCRAM credential evidence (not captured))', sides: { source: 'the snapshot holds no SCRAM credential evidence (not captured)', target: null } })
  assert.equal(diffCredentials(fixturePlan(), [], { unavailable: true, reason: 'UNSUPPORTED_VERSION' }).status, 'unknown')
  const none = diffCredentials(fixturePlan(), [], [])
  assert.match(none.status === 'compared' ? none.note ?? '' : '', /no user has SCRAM credentials on the source/)
})

test('a plan client\'s principal must be a SCRAM user on the target (mapped); on neither side it is unknown, never pass', () => {
  const clients = [
    { name: 'checkout', owner: 'shop', principal: 'User:sa-1', switchToTarget: 'a', switchToSource: 'b' },
    { name: 'billing', owner: 'finance', principal: 'User:billing', switchToTarget: 'a', switchToSource: 'b' },
    { name: 'ledger', owner: 'finance', principal: 'User:ledger', switchToTarget: 'a', switchToSource: 'b' },
    { name: 'legacy', owner: 'ops', switchToTarget: 'a', switchToSource: 'b' },
  ]
  const plan = fixturePlan({ clients, replication: { kind: 'mirrormaker2', principals: { 'User:sa-1': 'User:checkout-app' } } })
  const part = diffCredentials(plan, [{ user: 'ledger', mechanisms: ['SCRAM-SHA-512'] }], [{ user: 'checkout-app', mechanisms: ['SCRAM-SHA-512'] }])
  assert.equal(part.status, 'compared')
  assert.deepEqual(part.status === 'compared' && part.differences.map((d) => `${d.status} ${d.subject}`), [
    // the source's SCRAM user missing on the target, reported once (not again as the client's)
    'fail User:ledger',
    'unknown User:billing (client billing)',
  ])
  assert.match(part.status === 'compared' ? part.differences[1]!.message : '', /a SCRAM user on neither cluster: it uses another mechanism/)
  assert.equal(part.status === 'compared' && part.compared, 4)
})
