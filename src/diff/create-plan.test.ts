import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixturePlan, topic } from '../gates/fixtures.ts'
import { planTopicCreation } from './create-plan.ts'

const source = {
  topics: [
    topic('orders', 6, { configs: { 'retention.ms': { value: '86400000', source: 'dynamic-topic' }, 'min.insync.replicas': { value: '2', source: 'dynamic-default-broker' }, 'sasl.secret': { value: null, source: 'dynamic-topic' } } }),
    topic('payments', 3, { replicationFactor: 2 }),
    topic('audit', 1),
  ],
}

test('missing critical copies are created with the source\'s partitions, replication factor and topic-level overrides only', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders', 'payments'], criticality: 'critical' }, { names: ['audit'] }] })
  const plans = planTopicCreation(plan, source, new Set(['payments']))
  assert.deepEqual(plans.map((p) => [p.topic, p.targetTopic, p.status, p.partitions, p.replicationFactor, p.configs, p.hidden]), [
    ['orders', 'orders', 'create', 6, 3, { 'retention.ms': '86400000' }, ['sasl.secret']],
    ['payments', 'payments', 'exists', 3, 2, { 'retention.ms': '604800000' }, []],
  ])
})

test('standard topics on request; prefix naming; replication factor from the target\'s default or a number; named topics absent on the source', () => {
  const plan = fixturePlan({
    replication: { kind: 'mirrormaker2', sourceAlias: 'dc1', naming: 'prefix' },
    topics: [{ names: ['orders', 'ghost'], criticality: 'critical' }, { regex: '^aud' }],
  })
  const plans = planTopicCreation(plan, source, new Set(['orders']), { standard: true, replicationFactor: 'default' })
  assert.deepEqual(plans.map((p) => [p.topic, p.targetTopic, p.status, p.replicationFactor]), [
    ['audit', 'dc1.audit', 'create', -1],
    ['ghost', 'dc1.ghost', 'absent-on-source', null],
    ['orders', 'dc1.orders', 'create', -1],
  ])
  assert.deepEqual(planTopicCreation(plan, source, new Set(), { replicationFactor: 1 }).map((p) => p.replicationFactor), [null, 1])
})
