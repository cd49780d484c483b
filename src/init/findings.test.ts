import { test } from 'node:test'
import assert from 'node:assert/strict'
import { discovery } from './fixtures.ts'
import { findingsOf } from './findings.ts'

test('the fixture: data topics, groups, subjects and connectors found; translate with MirrorMaker 2', () => {
  const found = findingsOf(discovery())
  assert.deepEqual(found.topics.data.map((t) => t.name), ['orders', 'payments'])
  assert.deepEqual(found.groups.listed, ['audit-tool', 'billing'])
  assert.equal(found.replication.kind, 'mirrormaker2')
  assert.equal(found.strategy, 'translate')
  assert.deepEqual(found.subjects, { status: 'ok', url: 'http://registry.source:8081', value: ['orders-value', 'payments-value'] })
  assert.deepEqual(found.connectors.listed, [{ name: 'jdbc-sink', type: 'sink', className: 'io.confluent.connect.jdbc.JdbcSinkConnector', side: 'source' }])
  assert.deepEqual(found.connectors.read, ['source'])
  assert.deepEqual(found.warnings, [])
})

test('without replication, groups default to reset-earliest: no mapping exists, and it never skips a record', () => {
  const found = findingsOf(discovery({ source: { topics: [{ name: 'orders', partitions: 6 }] }, target: { topics: [] } }))
  assert.equal(found.replication.kind, 'none')
  assert.equal(found.strategy, 'reset-earliest')
})

test('MirrorMaker 2 connectors are replication, not side effects; a name on both sides is listed once', () => {
  const found = findingsOf(discovery({
    target: {
      topics: [{ name: 'orders', partitions: 6 }],
      connect: {
        status: 'ok',
        url: 'http://connect.target:8083',
        urls: ['http://connect.target:8083'],
        value: [
          { name: 'jdbc-sink', type: 'sink', className: 'io.confluent.connect.jdbc.JdbcSinkConnector' },
          { name: 'mm2-source', type: 'source', className: 'org.apache.kafka.connect.mirror.MirrorSourceConnector' },
          { name: 's3-sink', type: null, className: null },
        ],
      },
    },
  }))
  assert.deepEqual(found.connectors.listed.map((c) => `${c.side}:${c.name}`), ['source:jdbc-sink', 'target:s3-sink'])
  assert.deepEqual(found.connectors.left.map((c) => `${c.side}:${c.name}`), ['target:jdbc-sink', 'target:mm2-source'])
  assert.match(found.connectors.left[1]!.reason, /MirrorMaker 2 connector/)
})

test('a registry or Connect that could not be read is a warning, never an empty answer', () => {
  const found = findingsOf(discovery({
    source: {
      registry: { status: 'unavailable', url: 'http://registry.source:8081', reason: 'connection refused' },
      connect: { status: 'unavailable', url: 'http://connect.source:8083', urls: ['http://connect.source:8083'], reason: 'no answer within 15000 ms' },
    },
  }))
  assert.equal(found.subjects?.status, 'unavailable')
  assert.deepEqual(found.connectors.listed, [])
  assert.deepEqual(found.connectors.read, [])
  assert.deepEqual(found.connectors.unread, [{ side: 'source', url: 'http://connect.source:8083', reason: 'no answer within 15000 ms' }])
  assert.deepEqual(found.warnings, [
    'source schema registry http://registry.source:8081 could not be read (connection refused): schemas left out of the plan',
    'source Kafka Connect http://connect.source:8083 could not be read (no answer within 15000 ms): its connectors are left out of the plan',
  ])
})

test('no registry given: subjects are null (not read), not empty', () => {
  const found = findingsOf(discovery({ source: { registry: undefined } }))
  assert.equal(found.subjects, null)
})
