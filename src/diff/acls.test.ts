import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan } from '../gates/fixtures.ts'
import type { AclBinding } from '../kafka/types.ts'
import { diffAcls } from './acls.ts'

const acl = (principal: string, resourceName: string, extra: Partial<AclBinding> = {}): AclBinding =>
  ({ resourceType: 'TOPIC', resourceName, patternType: 'LITERAL', principal, host: '*', operation: 'READ', permission: 'ALLOW', ...extra })
const noAuthorizer = { unavailable: true as const, reason: 'the cluster has no authorizer configured (SECURITY_DISABLED): ACLs are not enforced' }
const line = (d: { status: string, subject: string, message: string }) => `${d.status} ${d.subject}: ${d.message}`

test('bindings are compared with principals mapped and topic names under the plan\'s naming', () => {
  const plan = fixturePlan({
    replication: { kind: 'mirrormaker2', sourceAlias: 'cc', naming: 'prefix', principals: { 'User:sa-1x2y': 'User:orders-app' } },
  })
  const source = [
    acl('User:sa-1x2y', 'orders'),
    acl('User:sa-1x2y', 'ord', { patternType: 'PREFIXED', operation: 'WRITE' }),
    acl('User:sa-1x2y', 'billing', { resourceType: 'GROUP' }),
    acl('User:auditor', '*'),
  ]
  const target = [
    acl('User:orders-app', 'cc.orders'),
    acl('User:orders-app', 'cc.ord', { patternType: 'PREFIXED', operation: 'WRITE' }),
    acl('User:orders-app', 'billing', { resourceType: 'GROUP' }),
    acl('User:auditor', '*'),
  ]
  const part = diffAcls(plan, source, target)
  assert.deepEqual(part, { status: 'compared', compared: 4, note: null, differences: [] })
})

test('a missing binding fails naming both sides; target-only DENY fails, target-only ALLOW warns', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'User:sa-1': 'User:app' } } })
  const source = [acl('User:sa-1', 'orders'), acl('User:sa-1', 'orders', { operation: 'WRITE', permission: 'DENY' })]
  const target = [acl('User:app', 'orders'), acl('User:app', 'payments', { permission: 'DENY' }), acl('User:mm2', 'orders', { operation: 'WRITE' })]
  const part = diffAcls(plan, source, target)
  assert.equal(part.status, 'compared')
  assert.deepEqual(part.status === 'compared' && part.differences.map(line), [
    'fail User:app DENY WRITE on TOPIC LITERAL orders from *: on the source, not on the target (on the source: User:sa-1 DENY WRITE on TOPIC LITERAL orders from *): the target allows what the source denies',
    'fail User:app DENY READ on TOPIC LITERAL payments from *: on the target only: it denies what the source allows',
    'warn User:mm2 ALLOW WRITE on TOPIC LITERAL orders from *: on the target only: it grants more than the source (no client breaks; the access model drifts)',
  ])
})

test('no authorizer on either side is parity; on one side only, a difference naming both states', () => {
  const plan = fixturePlan()
  const both = diffAcls(plan, noAuthorizer, noAuthorizer)
  assert.equal(both.status, 'compared')
  assert.match(both.status === 'compared' ? both.note ?? '' : '', /neither cluster has an authorizer .*SECURITY_DISABLED on both/)
  const one = diffAcls(plan, [acl('User:a', 'orders')], noAuthorizer)
  assert.deepEqual(one.status === 'compared' && one.differences.map((d) => [d.status, d.subject, d.source, d.target]), [['fail', 'authorizer', 'authorizer with 1 binding(s)', 'no authorizer (SECURITY_DISABLED)']])
  const other = diffAcls(plan, noAuthorizer, [])
  assert.match(other.status === 'compared' ? other.differences[0]!.message : '', /source enforces no ACLs .* target has an authorizer with 0 binding\(s\)/)
})

test('ACLs a side could not read make ACL parity unknown with that side\'s reason', () => {
  const denied = { unavailable: true as const, reason: 'target cluster: not authorized for DescribeAcls: CLUSTER_AUTHORIZATION_FAILED' }
  const part = diffAcls(fixturePlan(), [acl('User:a', 'orders')], denied)
  assert.deepEqual(part, {
    status: 'unknown',
    reason: 'ACLs could not be read (target: target cluster: not authorized for DescribeAcls: CLUSTER_AUTHORIZATION_FAILED)',
    sides: { source: null, target: denied.reason },
  })
  assert.equal(diffAcls(fixturePlan(), noAuthorizer, denied).status, 'unknown')
})
