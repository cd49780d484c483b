import { test } from 'node:test'
import assert from 'node:assert/strict'
import { billingGroup, capturedAt, fixtureInput, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import type { GatePhase } from '../types.ts'
import type { Snapshot } from '../../snapshot/types.ts'
import { consumerStragglers } from './stragglers-consumers.ts'
import { producerStragglers } from './stragglers-producers.ts'

test('a member of a critical group on the source fails, named by client ID and host', () => {
  // the fixture's billing group still has a member on the source
  const [result] = consumerStragglers.run(fixtureInput())
  assert.deepEqual(result, {
    id: 'stragglers.consumers-on-source', status: 'fail', subject: 'billing',
    message: '1 member(s) of billing still connected to the source: billing on /10.0.0.7 — stop them or switch them to the target (owner billing-team)',
    evidence: { state: 'Stable', members: [{ clientId: 'billing', host: '/10.0.0.7', memberId: 'billing-1', instanceId: null }] },
  })
  const left = inventory('source', [topic('orders', 6), topic('payments', 3)], [billingGroup({ members: [], state: 'Empty' })])
  const [gone] = consumerStragglers.run(fixtureInput({ snapshot: fixtureSnapshot({ source: ok('source', left) }) }))
  assert.deepEqual([gone!.status, gone!.message], ['pass', 'no member of billing is connected to the source (state Empty)'])
  const [unknown] = consumerStragglers.run(fixtureInput({ snapshot: fixtureSnapshot({ source: { status: 'unreachable', bootstrap: ['s:9092'], error: 'ECONNREFUSED', at: capturedAt } }) }))
  assert.equal(unknown!.status, 'unknown')
})

const cutoverAt = '2026-03-02T09:50:00.000Z'
const at = (iso: string) => Date.parse(iso)

function withEnds (ends: Record<string, number[]>): Snapshot {
  const topics = Object.entries(ends).map(([name, latest]) => {
    const t = topic(name, latest.length)
    t.partitions.forEach((p, i) => { p.latest = latest[i]! })
    return t
  })
  return fixtureSnapshot({ source: ok('source', inventory('source', topics, [])) })
}

const baseline = withEnds({ orders: [100, 100, 100, 100, 100, 100], payments: [100, 100, 100], 'target.orders': [5] })
const cutover = (b: Snapshot | null): GatePhase => ({ current: 'producers-on-target', enteredAt: cutoverAt, producerCutover: { at: cutoverAt, baseline: b === null ? null : { evidenceId: 'baseline', snapshot: b } } })

test('a producer writing to a critical source topic after cutover fails, naming topic and partition (both kinds of evidence)', () => {
  const now = withEnds({ orders: [100, 100, 100, 112, 100, 100], payments: [100, 100, 100], 'target.orders': [9] })
  now.sourceProducers = {
    status: 'ok', capturedAt, partitions: [
      { topic: 'orders', partition: 3, producers: [{ producerId: '42', epoch: 0, lastSequence: 11, lastTimestamp: at('2026-03-02T09:58:00.000Z') }] },
      // wrote before the cutover: not a straggler
      { topic: 'payments', partition: 0, producers: [{ producerId: '7', epoch: 0, lastSequence: 3, lastTimestamp: at('2026-03-02T09:40:00.000Z') }] },
    ],
  }
  const results = producerStragglers.run(fixtureInput({ snapshot: now, phase: cutover(baseline) }))
  // target.orders (the reverse flow's copy) moved too: legitimately, and not a critical topic
  assert.deepEqual(results.map((r) => `${r.status} ${r.subject}`), ['fail orders-3'])
  assert.equal(results[0]!.message, 'source topic orders partition 3 is still written to since producer cutover (2026-03-02T09:50:00.000Z, 10m before this snapshot): producer(s) 42 (last write 2026-03-02T09:58:00.000Z); log end 100 → 112 (+12) — find the producer and switch it to the target')
})

test('producer stragglers: log ends alone when DescribeProducers is unsupported; unknown without any evidence or before cutover', () => {
  const moved = withEnds({ orders: [100, 101, 100, 100, 100, 100], payments: [100, 100, 100] })
  moved.sourceProducers = { status: 'unsupported', capturedAt, reason: 'broker 1 does not support DescribeProducers v0' }
  const results = producerStragglers.run(fixtureInput({ snapshot: moved, phase: cutover(baseline) }))
  assert.deepEqual(results.map((r) => `${r.status} ${r.subject}`), ['fail orders-1'])
  assert.match(results[0]!.message, /log end 100 → 101 \(\+1\)/)
  const [none] = producerStragglers.run(fixtureInput({ snapshot: moved, phase: cutover(null) }))
  assert.equal(none!.status, 'unknown')
  assert.match(none!.message, /broker 1 does not support DescribeProducers v0; no snapshot recorded after the cutover moment/)
  const quiet = withEnds({ orders: [100, 100, 100, 100, 100, 100], payments: [100, 100, 100] })
  quiet.sourceProducers = { status: 'ok', capturedAt, partitions: [] }
  const [pass] = producerStragglers.run(fixtureInput({ snapshot: quiet, phase: cutover(baseline) }))
  assert.equal(pass!.status, 'pass')
  assert.match(pass!.message, /nothing wrote to the source's 2 critical topic\(s\) since producer cutover .*\(DescribeProducers and log ends since 2026-03-02T10:00:00.000Z\)/)
  const [early] = producerStragglers.run(fixtureInput({ snapshot: quiet, phase: { current: 'shadow-read', enteredAt: cutoverAt, producerCutover: null } }))
  assert.equal(early!.status, 'unknown')
  assert.match(early!.message, /producer cutover has not happened/)
  assert.equal(producerStragglers.run(fixtureInput({ snapshot: quiet }))[0]!.status, 'unknown')
})
