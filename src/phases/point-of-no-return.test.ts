import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan, fixtureSnapshot, now, ok, sourceInventory, targetInventory } from '../gates/fixtures.ts'
import type { GatePhase } from '../gates/types.ts'
import type { Inventory } from '../snapshot/inventory.ts'
import { pointOfNoReturn } from './point-of-no-return.ts'

const hour = 3_600_000
const withRetention = (inv: Inventory, ms: number): Inventory => ({ ...inv, topics: inv.topics.map((t) => ({ ...t, effectiveConfigs: { ...t.effectiveConfigs, 'retention.ms': String(ms), 'cleanup.policy': 'delete' } })) })
const cutoverAt = '2026-03-02T09:00:00.000Z'

function phase (baselineTarget: Inventory): GatePhase {
  return { current: 'producers-on-target', enteredAt: cutoverAt, producerCutover: { at: cutoverAt, baseline: { evidenceId: 'b', snapshot: fixtureSnapshot({ target: ok('target', baselineTarget) }) } } }
}

test('before cutover the point is measured from now; after it, from the cutover; shorter retention, earlier point', () => {
  const plan = fixturePlan()
  const input = (ms: number, p: GatePhase | null) => ({ plan, snapshot: fixtureSnapshot(), source: withRetention(sourceInventory(), ms), target: targetInventory(), phase: p, now })
  const before = pointOfNoReturn(input(72 * hour, null))
  assert.equal(before.anchor.kind, 'now')
  assert.equal(before.at, new Date(now.getTime() + 72 * hour).toISOString())
  const long = pointOfNoReturn(input(72 * hour, phase(targetInventory())))
  const short = pointOfNoReturn(input(2 * hour, phase(targetInventory())))
  assert.equal(long.at, '2026-03-05T09:00:00.000Z')
  assert.equal(short.at, '2026-03-02T11:00:00.000Z')
  assert.equal(short.passed, false)
  assert.match(short.reason!, /^source-retention \(orders\): source orders: retention\.ms 2h after producer cutover \(2026-03-02T09:00:00.000Z\)/)
  assert.equal(pointOfNoReturn(input(30 * 60_000, phase(targetInventory()))).passed, true, 'cutover + 30 min is before now')
})

test('target-only writes: counted against the cutover snapshot; no handling documented ends rollback at the cutover', () => {
  const grown = targetInventory()
  grown.topics[0]!.partitions[0]!.latest += 7
  const undocumented = pointOfNoReturn({ plan: fixturePlan({ rollback: undefined }), snapshot: fixtureSnapshot(), source: sourceInventory(), target: grown, phase: phase(targetInventory()), now })
  const f = undocumented.factors.find((x) => x.kind === 'target-only-writes' && x.subject === 'orders')!
  assert.equal(f.status, 'fail')
  assert.equal(f.at, cutoverAt)
  assert.match(f.message, /^7 record\(s\) written to orders on the target since producer cutover, and the plan documents no handling/)
  assert.equal(undocumented.at, cutoverAt)
  const gap = pointOfNoReturn({ plan: fixturePlan({ rollback: { owner: 'p', targetOnlyWrites: 'accept-gap', maxGap: '30m' } }), snapshot: fixtureSnapshot(), source: sourceInventory(), target: grown, phase: phase(targetInventory()), now })
  assert.equal(gap.factors.find((x) => x.kind === 'target-only-writes' && x.subject === 'orders')!.at, '2026-03-02T09:30:00.000Z')
  const noBaseline = pointOfNoReturn({ plan: fixturePlan(), snapshot: fixtureSnapshot(), source: sourceInventory(), target: grown, phase: { current: 'producers-on-target', enteredAt: cutoverAt, producerCutover: { at: cutoverAt, baseline: null } }, now })
  assert.equal(noBaseline.complete, false)
})

test('a running non-idempotent sink on the target is an irreversible side effect; no connector evidence is unknown', () => {
  const plan = fixturePlan({
    clusters: { source: { bootstrap: ['s:9092'] }, target: { bootstrap: ['t:9092'], connect: { urls: ['http://connect:8083'] } } },
    connectors: [{ name: 'mailer', side: 'target', sideEffect: 'non-idempotent', stopCondition: 'x', compensatingAction: { owner: 'crm', ticket: 'C-1' }, owner: 'crm' }],
  })
  const sink = { name: 'mailer', type: 'sink', state: 'RUNNING', tasks: [], activeTopics: [], configTopics: ['orders'], topicsRegex: null, config: {}, offsets: [] }
  const snapshot = fixtureSnapshot({}, { connect: { source: { status: 'not-configured' }, target: { status: 'ok', connect: { urls: [], capturedAt: 'x', connectors: [sink] } } } } as never)
  const p = pointOfNoReturn({ plan, snapshot, source: sourceInventory(), target: targetInventory(), phase: phase(targetInventory()), now })
  const f = p.factors.find((x) => x.kind === 'connector-side-effects')!
  assert.equal(f.status, 'fail')
  assert.equal(p.at, cutoverAt)
  const none = pointOfNoReturn({ plan, snapshot: fixtureSnapshot(), source: sourceInventory(), target: targetInventory(), phase: null, now })
  assert.equal(none.factors.find((x) => x.kind === 'connector-side-effects')!.status, 'unknown')
})
