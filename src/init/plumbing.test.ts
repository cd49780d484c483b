import { test } from 'node:test'
import assert from 'node:assert/strict'
import { plumbingReason, splitTopics } from './plumbing.ts'

test('Kafka, MirrorMaker 2, Connect and registry topics are plumbing, each with its reason', () => {
  const plumbing: Array<[string, RegExp]> = [
    ['__consumer_offsets', /Kafka internal/],
    ['__transaction_state', /Kafka internal/],
    ['.hidden', /hidden/],
    ['heartbeats', /heartbeats/],
    ['source.heartbeats', /heartbeats/],
    ['mm2-offset-syncs.target.internal', /MirrorMaker 2 internal/],
    ['mm2-configs.source.internal', /MirrorMaker 2 internal/],
    ['mm2-offsets.source.internal', /MirrorMaker 2 internal/],
    ['mm2-status.source.internal', /MirrorMaker 2 internal/],
    ['source.checkpoints.internal', /checkpoints/],
    ['connect-configs.internal', /internal/],
    ['my-app-internal', /internal/],
    ['orders.replica', /legacy/],
    ['connect-configs', /Connect storage/],
    ['connect-offsets', /Connect storage/],
    ['connect-status', /Connect storage/],
    ['docker-connect-offsets', /Connect storage/],
    ['connect-cluster-status', /Connect storage/],
    ['my_connect_statuses', /Connect storage/],
    ['_schemas', /schema registry/],
    ['kafkasql-journal', /Apicurio/],
    ['_confluent-metrics', /Confluent/],
    ['_confluent-ksql-default__command_topic', /Confluent/],
  ]
  for (const [name, reason] of plumbing) assert.match(plumbingReason(name) ?? '(data)', reason, name)
})

test('user topics that only look like plumbing are data', () => {
  for (const name of ['orders', 'mm2-c6c95a9e', 'mm2-group-orders', 'connect-events', 'reconnect-offsets', 'heartbeats-v2', 'internal-audit',
    'payments.internal.v2', 'app-changelog', 'app-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog', 'app-repartition', 'schemas', 'source.orders']) {
    assert.equal(plumbingReason(name), undefined, name)
  }
})

test('splitTopics keeps the order of data topics and says why others are left out', () => {
  const split = splitTopics([
    { name: 'payments', partitions: 3 }, { name: '_schemas', partitions: 1 }, { name: 'orders', partitions: 6 }, { name: 'heartbeats', partitions: 1 },
  ])
  assert.deepEqual(split.data, [{ name: 'payments', partitions: 3 }, { name: 'orders', partitions: 6 }])
  assert.deepEqual(split.plumbing.map((p) => p.name), ['_schemas', 'heartbeats'])
  assert.ok(split.plumbing.every((p) => p.reason.length > 0))
})
