import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capturedAt, fixtureInput, fixtureSnapshot } from '../fixtures.ts'
import { clustersReachable } from './clusters-reachable.ts'

test('both sides reachable pass, naming the cluster id', () => {
  const results = clustersReachable.run(fixtureInput())
  assert.deepEqual(results.map((r) => [r.status, r.subject, r.message]), [
    ['pass', 'source', 'source cluster (source-kafka-0:9092) reachable: cluster id src-cluster-id, 3 broker(s)'],
    ['pass', 'target', 'target cluster (automq-0:9093, automq-1:9093) reachable: cluster id tgt-cluster-id, 3 broker(s)'],
  ])
})

test('a side that could not be reached or read is unknown, with the error', () => {
  const snapshot = fixtureSnapshot({
    source: { status: 'error', bootstrap: ['source-kafka-0:9092'], error: 'SASL authentication failed', at: capturedAt },
    target: { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'connect ECONNREFUSED 10.0.0.9:9093', at: capturedAt },
  })
  const results = clustersReachable.run(fixtureInput({ snapshot }))
  assert.deepEqual(results.map((r) => [r.status, r.subject, r.message]), [
    ['unknown', 'source', 'source cluster (source-kafka-0:9092) reached but could not be fully read: SASL authentication failed'],
    ['unknown', 'target', 'target cluster (automq-0:9093) unreachable: connect ECONNREFUSED 10.0.0.9:9093'],
  ])
  assert.deepEqual(results[1]!.evidence, { status: 'unreachable', bootstrap: ['automq-0:9093'], error: 'connect ECONNREFUSED 10.0.0.9:9093', at: capturedAt })
})
