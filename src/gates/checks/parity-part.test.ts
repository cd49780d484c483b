import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { AclBinding } from '../../kafka/types.ts'
import { fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, sourceInventory, targetInventory } from '../fixtures.ts'
import { parityAcls } from './parity-acls.ts'
import { parityCredentials } from './parity-credentials.ts'
import { parityQuotas } from './parity-quotas.ts'

const line = (r: { id: string, status: string, subject: string, message: string }) => `${r.status} ${r.id} ${r.subject}: ${r.message}`
const acl = (principal: string, resourceName: string): AclBinding =>
  ({ resourceType: 'TOPIC', resourceName, patternType: 'LITERAL', principal, host: '*', operation: 'READ', permission: 'ALLOW' })

test('ACL parity: no authorizer on either side passes saying so; a missing binding fails with both sides; unreadable is unknown', () => {
  assert.deepEqual(parityAcls.run(fixtureInput()).map((r) => `${r.status} ${r.subject}`), ['pass acls'])
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'User:sa-1': 'User:orders-app' } } })
  const source = { ...sourceInventory(), acls: [acl('User:sa-1', 'orders'), acl('User:sa-1', 'payments')] }
  const target = { ...targetInventory(), acls: [acl('User:orders-app', 'orders')] }
  const input = fixtureInput({ plan, snapshot: fixtureSnapshot({ source: ok('source', source), target: ok('target', target) }) })
  const results = parityAcls.run(input)
  assert.deepEqual(results.map(line), [
    'fail parity.acl User:orders-app ALLOW READ on TOPIC LITERAL payments from *: on the source, not on the target (on the source: User:sa-1 ALLOW READ on TOPIC LITERAL payments from *): a client allowed on the source is denied on the target',
  ])
  assert.deepEqual(results[0]!.evidence, { key: null, source: acl('User:sa-1', 'payments'), target: null })
  const matched = fixtureInput({ plan, snapshot: fixtureSnapshot({ source: ok('source', source), target: ok('target', { ...target, acls: [acl('User:orders-app', 'orders'), acl('User:orders-app', 'payments')] }) }) })
  assert.deepEqual(parityAcls.run(matched).map(line), ['pass parity.acl acls: 2 binding(s) identical on both sides (principals mapped by replication.principals, topics by naming identity)'])
  const denied = fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', { ...targetInventory(), acls: { unavailable: true, reason: 'not authorized for DescribeAcls' } }) }) })
  assert.deepEqual(parityAcls.run(denied).map(line), ['unknown parity.acl acls: ACLs could not be read (target: not authorized for DescribeAcls)'])
})

test('quota parity: one result per entity and key with both values; none on either side passes saying so', () => {
  assert.deepEqual(parityQuotas.run(fixtureInput()).map(line), ['pass parity.quota quotas: no client quota on either side'])
  const source = { ...sourceInventory(), quotas: [{ entity: { 'client-id': 'checkout' }, values: { producer_byte_rate: 1024, consumer_byte_rate: 2048 } }] }
  const input = fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', source) }) })
  assert.deepEqual(parityQuotas.run(input).map(line), [
    'fail parity.quota client-id=checkout: consumer_byte_rate 2048 on the source, none on the target: the client is not throttled there',
    'fail parity.quota client-id=checkout: producer_byte_rate 1024 on the source, none on the target: the client is not throttled there',
  ])
  const target = { ...targetInventory(), quotas: source.quotas }
  assert.deepEqual(parityQuotas.run(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', source), target: ok('target', target) }) })).map(line),
    ['pass parity.quota quotas: 1 quota entity identical on both sides'])
})

test('credential parity is unknown on a snapshot without SCRAM credentials (older ones), then compares them', () => {
  const without = (side: 'source' | 'target') => ({ ...inventory(side, []), credentials: undefined })
  const [r] = parityCredentials.run(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', without('source')), target: ok('target', without('target')) }) }))
  assert.equal(r?.status, 'unknown')
  assert.match(r!.message, /the snapshot holds no SCRAM credential evidence/)
  const source = { ...inventory('source', []), credentials: [{ user: 'app', mechanisms: ['SCRAM-SHA-512'] }] }
  const target = { ...inventory('target', []), credentials: [{ user: 'app', mechanisms: ['SCRAM-SHA-512'] }] }
  const input = fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', source), target: ok('target', target) }) })
  assert.deepEqual(parityCredentials.run(input).map(line), ['pass parity.credentials credentials: 1 SCRAM user(s) and client principal(s) of the source have credentials on the target for the same mechanisms'])
})
