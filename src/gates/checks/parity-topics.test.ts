import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { evaluateGate } from '../registry.ts'
import { parityTopics } from './parity-topics.ts'

const line = (r: { id: string, status: string, subject: string, message: string }) => `${r.status} ${r.id} ${r.subject}: ${r.message}`

test('healthy copies: one pass per topic saying what was compared', () => {
  assert.deepEqual(parityTopics.run(fixtureInput()).map(line), [
    'pass parity.topics orders: same on the target: 6 partition(s), replication factor 3, 3 behaviour config(s) equal',
    'pass parity.topics payments: same on the target: 3 partition(s), replication factor 3, 3 behaviour config(s) equal',
  ])
})

test('one result per difference naming the object and both values; critical missing copies and partition counts are left to the topics.* checks', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders', 'payments'], criticality: 'critical' }, { names: ['audit', 'ledger'] }] })
  const source = inventory('source', [topic('orders', 6), topic('payments', 3), topic('audit', 2), topic('ledger', 1)])
  const target = inventory('target', [
    topic('orders', 4, { effectiveConfigs: { 'retention.ms': '86400000', 'cleanup.policy': 'compact', 'min.insync.replicas': '1' } }),
    topic('audit', 1, { replicationFactor: 1 }),
  ])
  const input = fixtureInput({ plan, snapshot: fixtureSnapshot({ source: ok('source', source), target: ok('target', target) }) })
  assert.deepEqual(parityTopics.run(input).map(line), [
    'warn parity.partitions audit: source has 2 partition(s), target audit has 1: per-partition order and key placement change',
    'warn parity.replication-factor audit: replication factor 3 on source, 1 on target: durability differs, clients do not see it (a target may legitimately differ: allow it with allowedConfigDifferences: [replication.factor])',
    'warn parity.topic-missing ledger: no copy on the target: expected ledger (naming identity) with 1 partition(s) as on the source (rollgate topics create)',
    'fail parity.config orders: cleanup.policy: source delete, target compact (delete vs compact: what history exists to replay and to roll back to)',
    'fail parity.config orders: retention.ms: source 604800000, target 86400000 (how long records stay: bounds the rollback window and replay)',
  ])
  const gate = evaluateGate('pre-replication', input)
  const failing = gate.checks.filter((c) => c.status !== 'pass')
  // each difference once: the missing critical copy and the partition count by the topics.* checks
  assert.deepEqual(failing.filter((c) => c.subject === 'payments' || c.subject === 'orders').map((c) => `${c.id} ${c.subject}`).filter((l) => !l.startsWith('schemas.')), [
    'topics.critical-exist-on-target payments',
    'topics.partition-count-frozen orders',
    'parity.config orders',
    'parity.config orders',
  ])
  const config = gate.checks.find((c) => c.id === 'parity.config' && (c.evidence as { key: string }).key === 'retention.ms')
  assert.deepEqual(config?.evidence, { key: 'retention.ms', source: '604800000', target: '86400000', targetTopic: 'orders' })
})

test('allowed differences pass with the note, and the topic still gets its summary', () => {
  const plan = fixturePlan({ topics: [{ names: ['orders'], criticality: 'critical', allowedConfigDifferences: ['retention.ms'] }] })
  const target = inventory('target', [topic('orders', 6, { effectiveConfigs: { 'retention.ms': '1', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' } })])
  const input = fixtureInput({ plan, snapshot: fixtureSnapshot({ target: ok('target', target) }) })
  assert.deepEqual(parityTopics.run(input).map(line), [
    'pass parity.config orders: retention.ms: source 604800000, target 1 — allowed by topics[0].allowedConfigDifferences',
    'pass parity.topics orders: same on the target: 6 partition(s), replication factor 3, 2 behaviour config(s) equal; 1 allowed difference(s)',
  ])
})

test('nothing on both sides is unknown, not pass; an unreachable side is unknown naming it', () => {
  const input = fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', inventory('target', [])) }) })
  assert.deepEqual(parityTopics.run(input).map((r) => `${r.status} ${r.subject}`), ['unknown topics'])
  const down = fixtureInput({ snapshot: fixtureSnapshot({ target: { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'connection refused', at: '2026-03-02T10:00:00.000Z' } }) })
  const [r] = parityTopics.run(down)
  assert.equal(r?.status, 'unknown')
  assert.match(r!.message, /target cluster \(automq-0:9093\) was unreachable: connection refused/)
})
