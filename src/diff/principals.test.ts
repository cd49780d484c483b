import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan } from '../gates/fixtures.ts'
import { mapPrincipal, mapResourceName, mapUserName } from './principals.ts'

test('replication.principals maps principals, quota and SCRAM user names; unmapped ones keep their names', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'User:sa-1x2y': 'User:orders-app' } } })
  assert.equal(mapPrincipal(plan, 'User:sa-1x2y'), 'User:orders-app')
  assert.equal(mapPrincipal(plan, 'User:other'), 'User:other')
  assert.equal(mapUserName(plan, 'sa-1x2y'), 'orders-app')
  assert.equal(mapUserName(plan, 'alice'), 'alice')
  assert.equal(fixturePlan().replication.principals, undefined, 'optional: existing plans stay valid and parse as before')
  assert.equal(mapPrincipal(fixturePlan(), 'User:sa-1x2y'), 'User:sa-1x2y')
})

test('topic resource names follow the naming; wildcards and other resources keep theirs', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', sourceAlias: 'cc', naming: 'prefix' } })
  assert.equal(mapResourceName(plan, 'TOPIC', 'LITERAL', 'orders'), 'cc.orders')
  assert.equal(mapResourceName(plan, 'TOPIC', 'PREFIXED', 'ord'), 'cc.ord')
  assert.equal(mapResourceName(plan, 'TOPIC', 'LITERAL', '*'), '*')
  assert.equal(mapResourceName(plan, 'GROUP', 'LITERAL', 'billing'), 'billing')
})

test('a principal that is not Type:name is a plan error', () => {
  assert.throws(() => fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'sa-1x2y': 'User:orders-app' } } }), /expected a Kafka principal such as User:alice/)
})
