/**
 * @module replication/naming.test
 * Replication-policy naming, with the cases Kafka's own policy tests and sources pin down, and the
 * names the running sandbox actually uses (from the captured fixture).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { loadSandboxFixture } from './fixtures/fixture.ts'
import {
  checkpointTopic, checkpointsTopic, heartbeatsTopic, isCheckpointsTopic, isHeartbeatsTopic, isInternalTopic, isMirrorInternalTopic,
  namingPolicy, offsetSyncsTopic, offsetSyncsTopicFor, originalTopic, remoteHeartbeatsTopic, remoteTopic, topicSource, upstreamTopic,
} from './naming.ts'

const def = namingPolicy('default')
const identity = namingPolicy('identity')

test('default policy: alias + separator + topic, and back', () => {
  assert.equal(remoteTopic(def, 'us-west', 'orders'), 'us-west.orders')
  assert.equal(topicSource(def, 'us-west.orders'), 'us-west')
  assert.equal(upstreamTopic(def, 'us-west.orders'), 'orders')
  assert.equal(upstreamTopic(def, 'us-east.us-west.orders'), 'us-west.orders', 'one hop')
  assert.equal(originalTopic(def, 'us-east.us-west.orders'), 'orders', 'all hops')
  assert.equal(topicSource(def, 'orders'), undefined)
  assert.equal(upstreamTopic(def, 'orders'), undefined)
  assert.equal(originalTopic(def, 'orders'), 'orders')
})

test('default policy splits like Java\'s Pattern.split: trailing empty parts dropped, leading kept', () => {
  assert.equal(topicSource(def, 'a.'), undefined, '"a." has one part')
  assert.equal(topicSource(def, 'a..'), undefined)
  assert.equal(topicSource(def, '.t'), '')
  assert.equal(upstreamTopic(def, '.t'), 't')
  assert.equal(upstreamTopic(def, 'a..b'), '.b')
  assert.equal(topicSource(def, '..'), undefined)
  assert.equal(topicSource(def, ''), undefined)
})

test('custom separator, and the internal-topic separator switch', () => {
  const under = namingPolicy('default', { separator: '__' })
  assert.equal(remoteTopic(under, 'a', 'orders'), 'a__orders')
  assert.equal(upstreamTopic(under, 'a__b.c'), 'b.c')
  assert.equal(offsetSyncsTopic(under, 'CLUSTER'), 'mm2-offset-syncs__CLUSTER__internal')
  assert.equal(checkpointsTopic(under, 'CLUSTER'), 'CLUSTER__checkpoints__internal')
  const dotted = namingPolicy('default', { separator: '__', internalTopicSeparatorEnabled: false })
  assert.equal(offsetSyncsTopic(dotted, 'CLUSTER'), 'mm2-offset-syncs.CLUSTER.internal')
  assert.equal(checkpointsTopic(dotted, 'CLUSTER'), 'CLUSTER.checkpoints.internal')
  assert.equal(remoteTopic(dotted, 'a', 't'), 'a__t', 'data topics keep the custom separator')
  assert.throws(() => namingPolicy('default', { separator: '' }), (e: unknown) => e instanceof RollgateError && e.code === 'RG_REPLICATION_NAMING')
})

test('identity policy keeps names, except heartbeats', () => {
  assert.equal(remoteTopic(identity, 'source', 'orders'), 'orders')
  assert.equal(upstreamTopic(identity, 'orders'), 'orders')
  assert.equal(originalTopic(identity, 'us-west.orders'), 'us-west.orders', 'a dot means nothing to identity')
  assert.equal(topicSource(identity, 'orders'), undefined, 'unknown without source.cluster.alias')
  assert.equal(topicSource(namingPolicy('identity', { sourceClusterAlias: 'eu' }), 'orders'), 'eu')
  assert.equal(remoteTopic(identity, 'source', 'heartbeats'), 'source.heartbeats')
  assert.equal(remoteTopic(identity, 'source', 'my-heartbeats'), 'source.my-heartbeats', 'anything ending in heartbeats')
  assert.equal(upstreamTopic(identity, 'source.heartbeats'), 'heartbeats')
  assert.equal(topicSource(identity, 'source.heartbeats'), 'source')
  assert.equal(originalTopic(identity, 'b.a.heartbeats'), 'heartbeats')
  assert.equal(remoteHeartbeatsTopic(identity, 'source'), 'source.heartbeats')
  assert.equal(remoteHeartbeatsTopic(def, 'source'), 'source.heartbeats')
})

test('internal topics: offset-syncs by location, checkpoints, heartbeats', () => {
  const flow = { sourceAlias: 'source', targetAlias: 'target' }
  assert.deepEqual(offsetSyncsTopicFor(def, flow), { cluster: 'source', topic: 'mm2-offset-syncs.target.internal' })
  assert.deepEqual(offsetSyncsTopicFor(def, { ...flow, location: 'target' }), { cluster: 'target', topic: 'mm2-offset-syncs.source.internal' })
  assert.equal(checkpointsTopic(identity, 'source'), 'source.checkpoints.internal')
  assert.equal(heartbeatsTopic, 'heartbeats')
  assert.ok(isHeartbeatsTopic(def, 'heartbeats') && isHeartbeatsTopic(def, 'a.b.heartbeats') && !isHeartbeatsTopic(def, 'a.heartbeats2'))
  assert.ok(isCheckpointsTopic(def, 'x.checkpoints.internal') && !isCheckpointsTopic(def, 'x.checkpoints'))
  assert.ok(isMirrorInternalTopic(def, 'mm2-offset-syncs.target.internal'))
  // Kafka's ReplicationPolicyTest.testInternalTopic
  for (const t of ['__consumer_offsets', '.hiddentopic', 'mm2-offsets.CLUSTER.internal', 'mm2-offsets-CLUSTER-internal']) assert.ok(isInternalTopic(def, t), t)
  assert.ok(!isInternalTopic(def, 'mm2-offsets_CLUSTER_internal'))
})

test('checkpoint keys name the target topic; a topic that came from the target maps back', () => {
  const flow = { sourceAlias: 'us-west', targetAlias: 'us-east' }
  assert.equal(checkpointTopic(def, flow, 'orders'), 'us-west.orders')
  assert.equal(checkpointTopic(def, flow, 'us-east.orders'), 'orders', 'us-east.orders on us-west is orders from us-east')
  assert.equal(checkpointTopic(identity, flow, 'orders'), 'orders')
})

test('the sandbox\'s real names agree with the policy it runs', () => {
  const f = loadSandboxFixture()
  const policy = namingPolicy(f.naming === 'prefix' ? 'default' : 'identity')
  const flow = { sourceAlias: f.sourceAlias, targetAlias: f.targetAlias }
  assert.equal(offsetSyncsTopicFor(policy, flow).topic, f.offsetSyncsTopic)
  assert.equal(checkpointsTopic(policy, f.sourceAlias), f.checkpointsTopic)
  assert.equal(checkpointTopic(policy, flow, f.topic), f.targetTopic)
})
