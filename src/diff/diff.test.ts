import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan, inventory, topic } from '../gates/fixtures.ts'
import { diffInventories, summarizeDiff } from './diff.ts'
import { renderDiffTable } from './render.ts'
import { normaliseConfigValue } from './config-value.ts'

test('no differences: clean, exit-0 material, and the table says so per part', () => {
  const plan = fixturePlan()
  const report = diffInventories(plan, inventory('source', [topic('orders', 6), topic('payments', 3)]), inventory('target', [topic('orders', 6), topic('payments', 3)]))
  assert.deepEqual(summarizeDiff(report), { counts: { pass: 0, warn: 0, fail: 0, unknown: 0 }, unknownParts: [], clean: true })
  assert.equal(renderDiffTable(report, 'diff'), [
    'diff',
    'topics: 2 compared (naming identity), 0 with differences',
    'acls: neither cluster has an authorizer (DescribeAcls: SECURITY_DISABLED on both): no ACL is enforced on either side, so clients are authorized alike',
    'quotas: 0 compared, no difference',
    'credentials: no user has SCRAM credentials on the source and no plan client names its principal (principals authenticated otherwise are not listed by Kafka)',
    'no differences',
    '',
  ].join('\n'))
})

test('differences, allowed ones and unknown parts: counted and printed with both values', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical', allowedConfigDifferences: ['min.insync.replicas'] }] })
  const source = { ...inventory('source', [topic('orders', 6)]), quotas: [{ entity: { 'client-id': 'checkout' }, values: { producer_byte_rate: 1024 } }] }
  const target = {
    ...inventory('target', [topic('orders', 4, { effectiveConfigs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' } })]),
    acls: { unavailable: true as const, reason: 'timed out' },
  }
  const report = diffInventories(plan, source, target)
  const summary = summarizeDiff(report)
  assert.deepEqual(summary, { counts: { pass: 1, warn: 0, fail: 2, unknown: 0 }, unknownParts: ['acls'], clean: false })
  const table = renderDiffTable(report, 'diff')
  assert.match(table, /^fail     partitions  orders\s+-\s+6\s+4\s+source has 6 partition\(s\), target orders has 4/m)
  assert.match(table, /^allowed  config\s+orders\s+min\.insync\.replicas\s+1\s+2\s+min\.insync\.replicas: source 1, target 2 — allowed by topics\[0\]\.allowedConfigDifferences/m)
  assert.match(table, /^fail     quota\s+client-id=checkout\s+producer_byte_rate\s+1024\s+\(not reported\)|^fail     quota\s+client-id=checkout\s+producer_byte_rate\s+1024\s+absent/m)
  assert.match(table, /^acls: UNKNOWN — ACLs could not be read \(target: timed out\)$/m)
  assert.match(table, /^2 difference\(s\) \(2 fail\); 1 allowed by the plan; not compared: acls$/m)
})

test('set-valued configs compare as sets', () => {
  assert.equal(normaliseConfigValue('cleanup.policy', ' delete, compact '), 'compact,delete')
  assert.equal(normaliseConfigValue('retention.ms', ' 100 '), '100')
  assert.equal(normaliseConfigValue('retention.ms', null), null)
})
