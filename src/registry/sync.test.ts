import assert from 'node:assert/strict'
import { test } from 'node:test'
import { orderV1, orderV2, paymentV1, registry, schemaVersion, subject } from './fixtures.ts'
import { planSync } from './sync.ts'

test('sync plans by content: versions the target holds (under any version or ID) are present, the rest to copy', () => {
  const source = registry()
  const target = registry({ subjects: [subject('orders-value', [schemaVersion(1, 501, orderV1)])] })
  assert.deepEqual(planSync(source, target).map((i) => [i.subject, i.version, i.sourceId, i.status, i.target]), [
    ['orders-value', 1, 11, 'present', { version: 1, id: 501 }],
    ['orders-value', 2, 12, 'would-copy', null],
    ['payments-value', 1, 21, 'would-copy', null],
  ])
  // everything there: nothing to copy (a re-run converges)
  const copied = registry({ subjects: [subject('orders-value', [schemaVersion(3, 11, orderV1), schemaVersion(4, 12, orderV2)]), subject('payments-value', [schemaVersion(1, 21, paymentV1)])] })
  assert.ok(planSync(source, copied).every((i) => i.status === 'present'))
})
