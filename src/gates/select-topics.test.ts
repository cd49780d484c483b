import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inventory, topic } from './fixtures.ts'
import { selectTopics, targetTopicName } from './select-topics.ts'
import type { Plan } from '../plan/schema.ts'

const selectors = (...topics: Array<Partial<Plan['topics'][number]>>): Pick<Plan, 'topics'> =>
  ({ topics: topics.map((t) => ({ criticality: 'standard', allowedConfigDifferences: [], ...t })) })

const cluster = inventory('source', [
  topic('orders', 6), topic('payments', 3), topic('inventory.items', 2), topic('inventory.stock', 2),
  topic('__consumer_offsets', 50, { internal: true }),
])

test('names and regex are merged, deduplicated and sorted; critical wins', () => {
  const selection = selectTopics(selectors(
    { names: ['payments', 'orders'], criticality: 'critical' },
    { regex: '^(orders|inventory\\.)' },
  ), cluster)
  assert.deepEqual(selection.topics, [
    { name: 'inventory.items', criticality: 'standard', selectors: [1], exists: true },
    { name: 'inventory.stock', criticality: 'standard', selectors: [1], exists: true },
    { name: 'orders', criticality: 'critical', selectors: [0, 1], exists: true },
    { name: 'payments', criticality: 'critical', selectors: [0], exists: true },
  ])
  assert.deepEqual(selection.empty, [])
})

test('a named topic the cluster lacks is kept, marked absent', () => {
  const selection = selectTopics(selectors({ names: ['refunds'], criticality: 'critical' }), cluster)
  assert.deepEqual(selection.topics, [{ name: 'refunds', criticality: 'critical', selectors: [0], exists: false }])
})

test('a regex is searched (anchors are the plan\'s), never picks internal topics, and is reported when it selects nothing', () => {
  const selection = selectTopics(selectors({ regex: 'stock' }, { regex: '.*' }, { regex: '^audit\\.', criticality: 'critical' }), cluster)
  assert.deepEqual(selection.topics.map((t) => t.name), ['inventory.items', 'inventory.stock', 'orders', 'payments'])
  assert.deepEqual(selection.empty, [{ index: 2, regex: '^audit\\.', criticality: 'critical' }])
})

test('a copy is named as the plan\'s replication naming says', () => {
  const replication = (naming: 'identity' | 'prefix', separator = '.') =>
    ({ replication: { kind: 'mirrormaker2', sourceAlias: 'source', targetAlias: 'target', naming, separator, offsetSyncsLocation: 'source' } }) as Pick<Plan, 'replication'>
  assert.equal(targetTopicName(replication('identity'), 'orders'), 'orders')
  assert.equal(targetTopicName(replication('prefix'), 'orders'), 'source.orders')
  assert.equal(targetTopicName(replication('prefix', '_'), 'orders'), 'source_orders')
})
