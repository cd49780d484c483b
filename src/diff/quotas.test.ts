import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan } from '../gates/fixtures.ts'
import type { QuotaEntry } from '../kafka/types.ts'
import { diffQuotas } from './quotas.ts'

const line = (d: { status: string, subject: string, key: string | null, source: unknown, target: unknown }) => `${d.status} ${d.subject} ${d.key}: ${d.source} / ${d.target}`

test('quotas equal after mapping users: no difference', () => {
  const plan = fixturePlan({ replication: { kind: 'mirrormaker2', principals: { 'User:sa-1': 'User:orders-app' } } })
  const source: QuotaEntry[] = [{ entity: { user: 'sa-1' }, values: { producer_byte_rate: 1048576 } }, { entity: { 'client-id': null }, values: { consumer_byte_rate: 2097152 } }]
  const target: QuotaEntry[] = [{ entity: { user: 'orders-app' }, values: { producer_byte_rate: 1048576 } }, { entity: { 'client-id': null }, values: { consumer_byte_rate: 2097152 } }]
  assert.deepEqual(diffQuotas(plan, source, target), { status: 'compared', compared: 2, note: null, differences: [] })
})

test('one difference per entity and key, both values: missing, different, target-only', () => {
  const plan = fixturePlan()
  const source: QuotaEntry[] = [{ entity: { 'client-id': 'checkout' }, values: { producer_byte_rate: 1024, consumer_byte_rate: 2048 } }, { entity: { user: 'alice', 'client-id': null }, values: { request_percentage: 50 } }]
  const target: QuotaEntry[] = [{ entity: { 'client-id': 'checkout' }, values: { producer_byte_rate: 4096, consumer_byte_rate: 2048 } }, { entity: { ip: '10.0.0.1' }, values: { connection_creation_rate: 5 } }]
  const part = diffQuotas(plan, source, target)
  assert.deepEqual(part.status === 'compared' && part.differences.map(line), [
    'fail client-id=<default>,user=alice request_percentage: 50 / null',
    'fail client-id=checkout producer_byte_rate: 1024 / 4096',
    'fail ip=10.0.0.1 connection_creation_rate: null / 5',
  ])
  assert.match(part.status === 'compared' ? part.differences[1]!.message : '', /producer_byte_rate: source 1024, target 4096: the client is throttled differently/)
})

test('quotas a side could not read: unknown with the reason', () => {
  const part = diffQuotas(fixturePlan(), [], { unavailable: true, reason: 'DescribeClientQuotas: UNSUPPORTED_VERSION' })
  assert.deepEqual(part, { status: 'unknown', reason: 'client quotas could not be read (target: DescribeClientQuotas: UNSUPPORTED_VERSION)', sides: { source: null, target: 'DescribeClientQuotas: UNSUPPORTED_VERSION' } })
})
