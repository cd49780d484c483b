import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan, fixtureSnapshot, inventory, now, ok, sourceInventory, topic } from '../gates/fixtures.ts'
import { rollbackAvailability } from './rollback-availability.ts'

const prepare = { phase: 'prepare' as const, enteredAt: null, entrySnapshot: null }

test('before producer cutover rollback is available and not time-bound', () => {
  const result = rollbackAvailability(fixturePlan(), prepare, fixtureSnapshot(), now)
  assert.deepEqual(result, { status: 'available', until: null, limits: [] })
})

test('no evidence: unknown, never available', () => {
  const result = rollbackAvailability(fixturePlan(), prepare, null, now)
  assert.equal(result.status, 'unknown')
  assert.equal(result.limits[0]?.kind, 'no-evidence')
  const unreachable = fixtureSnapshot({ source: { status: 'unreachable', bootstrap: ['x:1'], error: 'source cluster: cannot reach it', at: now.toISOString() } })
  assert.equal(rollbackAvailability(fixturePlan(), prepare, unreachable, now).status, 'unknown')
})

test('source retention shorter than the rollback window limits rollback', () => {
  const short = inventory('source', [topic('orders', 6, { configs: { 'retention.ms': { value: String(24 * 3600_000), source: 'dynamic-topic' } } }), topic('payments', 3)])
  const result = rollbackAvailability(fixturePlan(), prepare, fixtureSnapshot({ source: ok('source', short) }), now)
  assert.equal(result.status, 'limited')
  assert.deepEqual(result.limits.map((l) => [l.kind, l.subject]), [['source-retention', 'orders']])
  assert.match(result.limits[0]!.message, /24 h.*72 h/)
})

test('a topic at the built-in default (7 days) or infinite retention does not limit a 72 h window', () => {
  const defaults = inventory('source', [topic('orders', 6, { configs: {} }), topic('payments', 3, { configs: { 'retention.ms': { value: '-1', source: 'dynamic-topic' } } })])
  assert.equal(rollbackAvailability(fixturePlan(), prepare, fixtureSnapshot({ source: ok('source', defaults) }), now).status, 'available')
})

test('after producer cutover: rollback ends one source retention after cutover, target-only writes are counted', () => {
  const enteredAt = '2026-03-02T09:00:00.000Z'
  const atCutover = fixtureSnapshot()
  const grown = inventory('target', [topic('orders', 6, { partitions: topic('orders', 6).partitions.map((p) => ({ ...p, latest: 150 })) }), topic('payments', 3)])
  const result = rollbackAvailability(fixturePlan(), { phase: 'producers-on-target', enteredAt, entrySnapshot: atCutover }, fixtureSnapshot({ target: ok('target', grown) }), now)
  assert.equal(result.status, 'limited')
  assert.equal(result.until, new Date(Date.parse(enteredAt) + 604800000).toISOString())
  const writes = result.limits.filter((l) => l.kind === 'target-only-writes')
  assert.deepEqual(writes.map((l) => l.subject), ['orders'])
  assert.match(writes[0]!.message, /300 record\(s\)/)
})

test('after producer cutover with the source aged out: unavailable', () => {
  const enteredAt = '2026-02-01T00:00:00.000Z'
  const result = rollbackAvailability(fixturePlan(), { phase: 'producers-on-target', enteredAt, entrySnapshot: fixtureSnapshot() }, fixtureSnapshot(), now)
  assert.equal(result.status, 'unavailable')
})

test('after producer cutover without target evidence at cutover: unknown', () => {
  const result = rollbackAvailability(fixturePlan(), { phase: 'producers-on-target', enteredAt: '2026-03-02T09:00:00.000Z', entrySnapshot: null }, fixtureSnapshot(), now)
  assert.equal(result.status, 'unknown')
})

test('past the point of no return: unavailable', () => {
  const result = rollbackAvailability(fixturePlan(), { phase: 'target-authoritative', enteredAt: '2026-03-01T00:00:00.000Z', entrySnapshot: null }, fixtureSnapshot(), now)
  assert.equal(result.status, 'unavailable')
  assert.equal(result.limits[0]?.kind, 'point-of-no-return')
})

test('the source inventory fixture keeps billing', () => {
  assert.equal(sourceInventory().groups[0]?.id, 'billing')
})
