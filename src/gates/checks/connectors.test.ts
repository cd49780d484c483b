import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ConnectorEvidence, ConnectSideEvidence } from '../../connect/types.ts'
import { capturedAt, fixtureInput, fixturePlan, fixtureSnapshot } from '../fixtures.ts'
import type { GateInput, GatePhase } from '../types.ts'
import { connectorsClassified } from './connectors-classified.ts'
import { connectorsNoDoubleSink } from './connectors-double-sink.ts'
import { connectorsOffsetsCaptured } from './connectors-offsets.ts'
import { connectorsTargetSinksHeld } from './connectors-target-phase.ts'

const connect = { source: { urls: ['http://connect-src:8083'] }, target: { urls: ['http://connect-tgt:8083'] } }

function plan (extra: Record<string, unknown> = {}) {
  const base = fixturePlan()
  return fixturePlan({
    clusters: { source: { bootstrap: base.clusters.source.bootstrap, connect: connect.source }, target: { bootstrap: base.clusters.target.bootstrap, connect: connect.target } },
    connectors: [
      { name: 'orders-to-pg', side: 'source', sideEffect: 'upsert', owner: 'data' },
      { name: 'orders-to-pg', side: 'target', sideEffect: 'upsert', owner: 'data' },
    ],
    ...extra,
  })
}

function sink (name: string, extra: Partial<ConnectorEvidence> = {}): ConnectorEvidence {
  return {
    name, type: 'sink', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING', workerId: 'w1' }], activeTopics: ['orders'], configTopics: ['orders'], topicsRegex: null,
    config: { 'connector.class': 'JdbcSinkConnector', 'connection.password': '[redacted]' },
    offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 90 } }],
    ...extra,
  }
}

const side = (connectors: ConnectorEvidence[]): ConnectSideEvidence => ({ status: 'ok', connect: { urls: ['http://x'], capturedAt, connectors } })

function input (source: ConnectorEvidence[], target: ConnectorEvidence[], extra: Partial<GateInput> = {}): GateInput {
  return fixtureInput({ plan: plan(), snapshot: fixtureSnapshot({}, { connect: { source: side(source), target: side(target) } }), ...extra })
}

const phase = (current: GatePhase['current']): GatePhase => ({ current, enteredAt: capturedAt, producerCutover: null })

test('a sink on both clusters reading the same topic fails, naming topic, connectors and sides', () => {
  const [result, ...rest] = connectorsNoDoubleSink.run(input([sink('orders-to-pg')], [sink('orders-to-pg'), sink('audit', { configTopics: ['audit'], activeTopics: [] })]))
  assert.equal(rest.length, 0)
  assert.deepEqual(result, {
    id: 'connectors.no-double-sink', status: 'fail', subject: 'orders',
    message: 'topic orders is consumed by sink(s) on both sides at once — source: orders-to-pg; target: orders-to-pg: every record reaches the outside world twice; pause or stop one side (rollgate connectors pause --side …)',
    evidence: { topic: 'orders', source: ['orders-to-pg'], target: [{ connector: 'orders-to-pg', topic: 'orders' }] },
  })
})

test('double sink: a paused or stopped side is not a double; a regex and prefix naming are matched', () => {
  for (const state of ['PAUSED', 'STOPPED']) {
    assert.equal(connectorsNoDoubleSink.run(input([sink('a')], [sink('b', { state })]))[0]!.status, 'pass', state)
  }
  // FAILED with a task still running still moves data
  assert.equal(connectorsNoDoubleSink.run(input([sink('a')], [sink('b', { state: 'FAILED' })]))[0]!.status, 'fail')
  assert.equal(connectorsNoDoubleSink.run(input([sink('a')], [sink('b', { state: 'FAILED', tasks: [{ id: 0, state: 'FAILED', workerId: null }] })]))[0]!.status, 'pass')
  // the target sink reads source.orders by regex under prefix naming: the same records
  const prefix = plan({ replication: { kind: 'mirrormaker2', sourceAlias: 'source', naming: 'prefix' } })
  const regexSink = sink('b', { configTopics: [], activeTopics: { unavailable: true, reason: 'HTTP 404' }, topicsRegex: 'source\\..*' })
  const [result] = connectorsNoDoubleSink.run(fixtureInput({ plan: prefix, snapshot: fixtureSnapshot({}, { connect: { source: side([sink('a')]), target: side([regexSink]) } }) }))
  assert.equal(result!.status, 'fail')
  assert.deepEqual(result!.evidence, { topic: 'orders', source: ['a'], target: [{ connector: 'b', topic: 'source.orders' }] })
})

test('connectors: missing or unreachable Connect evidence is unknown; no Connect anywhere is out of scope', () => {
  const unreachable = fixtureSnapshot({}, { connect: { source: side([]), target: { status: 'unreachable', urls: ['http://connect-tgt:8083'], error: 'connection refused', at: capturedAt } } })
  const [u] = connectorsNoDoubleSink.run(fixtureInput({ plan: plan(), snapshot: unreachable }))
  assert.deepEqual([u!.status, u!.subject, u!.message], ['unknown', 'target', 'target Connect (http://connect-tgt:8083) was unreachable: connection refused'])
  const [old] = connectorsClassified.run(fixtureInput({ plan: plan(), snapshot: fixtureSnapshot() }))
  assert.equal(old!.status, 'unknown')
  assert.match(old!.message, /no Kafka Connect evidence/)
  const [none] = connectorsNoDoubleSink.run(fixtureInput())
  assert.equal(none!.status, 'pass')
  assert.match(none!.message, /connectors are not part of this migration/)
  // a side without Connect in the plan, and no connector classified there, runs none
  const base = fixturePlan()
  const sourceOnly = fixturePlan({ clusters: { source: { bootstrap: base.clusters.source.bootstrap, connect: connect.source }, target: { bootstrap: base.clusters.target.bootstrap } } })
  const [only] = connectorsNoDoubleSink.run(fixtureInput({ plan: sourceOnly, snapshot: fixtureSnapshot({}, { connect: { source: side([sink('a')]), target: { status: 'not-configured' } } }) }))
  assert.equal(only!.status, 'pass')
})

test('classification: an unclassified sink and a non-idempotent one without a plan fail; a source connector only warns', () => {
  // the schema refuses a non-idempotent entry without both; evidence may still meet an older plan
  const p = plan()
  p.connectors.push({ name: 'emailer', side: 'target', sideEffect: 'non-idempotent', owner: 'crm', redactConfigs: [] })
  const results = connectorsClassified.run(fixtureInput({
    plan: p,
    snapshot: fixtureSnapshot({}, { connect: { source: side([sink('orders-to-pg'), sink('mystery'), sink('cdc', { type: 'source' })]), target: side([sink('emailer')]) } }),
  }))
  assert.deepEqual(results.map((r) => `${r.status} ${r.subject}`), [
    'pass source/orders-to-pg', 'fail source/mystery', 'warn source/cdc', 'fail target/emailer', 'warn target/orders-to-pg',
  ])
  assert.match(results[1]!.message, /sink mystery on the source \(RUNNING\) is not classified in the plan/)
  assert.equal(results[3]!.message, 'non-idempotent sink emailer on the target has no stopCondition and no compensatingAction in the plan: replay after a rollback would repeat its side effects with nobody to stop or undo them')
  const good = plan({ connectors: [{ name: 'emailer', side: 'target', sideEffect: 'non-idempotent', stopCondition: 'before rollback', compensatingAction: { owner: 'crm', ticket: 'CRM-1' }, owner: 'crm' }] })
  const [ok] = connectorsClassified.run(fixtureInput({ plan: good, snapshot: fixtureSnapshot({}, { connect: { source: side([]), target: side([sink('emailer')]) } }) }))
  assert.deepEqual([ok!.status, ok!.message], ['pass', 'non-idempotent sink emailer: stop when "before rollback"; compensation owned by crm'])
})

test('a sink running on the target before producers-on-target fails; idempotent warns; later phases allow it; no phase is unknown', () => {
  const target = [sink('orders-to-pg'), sink('paused', { state: 'PAUSED' })]
  const early = connectorsTargetSinksHeld.run(input([], target, { phase: phase('shadow-read') }))
  assert.deepEqual(early.map((r) => `${r.status} ${r.subject}`), ['fail target/orders-to-pg'])
  assert.match(early[0]!.message, /sink orders-to-pg is RUNNING on the target in phase shadow-read, before producers-on-target allows it/)
  const idem = plan({ connectors: [{ name: 'orders-to-pg', side: 'target', sideEffect: 'idempotent', owner: 'data' }] })
  assert.equal(connectorsTargetSinksHeld.run({ ...input([], target, { phase: phase('replicating') }), plan: idem })[0]!.status, 'warn')
  assert.equal(connectorsTargetSinksHeld.run(input([], target, { phase: phase('producers-on-target') }))[0]!.status, 'pass')
  assert.equal(connectorsTargetSinksHeld.run(input([], target))[0]!.status, 'unknown')
  assert.equal(connectorsTargetSinksHeld.run(input([], [sink('p', { state: 'STOPPED', tasks: [] })], { phase: phase('prepare') }))[0]!.status, 'pass')
})

test('offsets captured per connector; unreadable offsets are unknown for that connector', () => {
  const results = connectorsOffsetsCaptured.run(input([sink('a')], [sink('b', { offsets: { unavailable: true, reason: 'HTTP 500' } })]))
  assert.deepEqual(results.map((r) => `${r.status} ${r.subject}`), ['pass source/a', 'unknown target/b'])
  assert.equal(results[1]!.message, 'offsets of b on the target could not be read: HTTP 500')
})
