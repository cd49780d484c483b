/**
 * @module kafka/authorization.test
 * The missing ACL named from errors shaped as @platformatic/kafka throws them (captured from a
 * StandardAuthorizer broker refusing a principal): per-resource paths, nested MultipleErrors.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { describeMissingAcl, missingAcls } from './authorization.ts'

function refusal (api: string, apiId: string, apiCode: number, path: string, response: unknown): Error {
  const protocol = Object.assign(new Error('authorization failed.'), { apiId, apiCode, path })
  const responseError = Object.assign(new Error(`Received response with error while executing API ${api}(v4)`), { response, errors: [protocol] })
  return Object.assign(new Error('Request failed.'), { errors: [responseError] })
}

test('DescribeConfigs refused on the second topic names that topic and DESCRIBE_CONFIGS', () => {
  const error = refusal('DescribeConfigs', 'TOPIC_AUTHORIZATION_FAILED', 29, '/results/1', {
    results: [{ resourceName: 'orders', errorCode: 0 }, { resourceName: 'payments', errorCode: 29 }],
  })
  assert.deepEqual(missingAcls(error), [{ operation: 'DESCRIBE_CONFIGS', resourceType: 'Topic', resourceName: 'payments', api: 'DescribeConfigs', error: 'TOPIC_AUTHORIZATION_FAILED', code: 29 }])
  assert.equal(describeMissingAcl(missingAcls(error)[0]!), 'DESCRIBE_CONFIGS on Topic:payments (DescribeConfigs: TOPIC_AUTHORIZATION_FAILED, 29)')
})

test('a group refused at FindCoordinator is named by its key; a cluster refusal is kafka-cluster', () => {
  const group = refusal('FindCoordinator', 'GROUP_AUTHORIZATION_FAILED', 30, '/coordinators/0', { coordinators: [{ key: 'billing', errorCode: 30 }] })
  assert.deepEqual(missingAcls(group).map(describeMissingAcl), ['DESCRIBE on Group:billing (FindCoordinator: GROUP_AUTHORIZATION_FAILED, 30)'])
  const cluster = refusal('DescribeClientQuotas', 'CLUSTER_AUTHORIZATION_FAILED', 31, '/', { errorCode: 31 })
  assert.deepEqual(missingAcls(cluster).map(describeMissingAcl), ['DESCRIBE_CONFIGS on Cluster:kafka-cluster (DescribeClientQuotas: CLUSTER_AUTHORIZATION_FAILED, 31)'])
})

test('OffsetCommit: READ on the group, whose name the response does not carry; by code when no apiId', () => {
  const error = refusal('OffsetCommit', 'GROUP_AUTHORIZATION_FAILED', 30, '/topics/0/partitions/0', { topics: [{ name: 'orders', partitions: [{ errorCode: 30 }] }] })
  const [m] = missingAcls(error)
  assert.equal(m?.operation, 'READ')
  assert.equal(m?.resourceName, null, 'a topic name must never be reported as the group')
  const byCode = Object.assign(new Error('Received response with error while executing API Fetch(v12)'), { errors: [Object.assign(new Error('x'), { apiCode: 29, path: '/responses/0', response: undefined })], response: { responses: [{ topic: 'orders' }] } })
  assert.deepEqual(missingAcls(byCode).map((x) => [x.operation, x.resourceName]), [['READ', 'orders']])
})

test('an idempotent producer refused at InitProducerId: IDEMPOTENT_WRITE on the cluster, or WRITE on its topics', () => {
  const error = refusal('InitProducerId', 'CLUSTER_AUTHORIZATION_FAILED', 31, '/', { errorCode: 31 })
  assert.deepEqual(missingAcls(error).map(describeMissingAcl), [
    'IDEMPOTENT_WRITE on Cluster:kafka-cluster or WRITE on the topics it writes (Kafka 3.0+; the narrower grant) (InitProducerId: CLUSTER_AUTHORIZATION_FAILED, 31)',
  ])
})

test('errors that are not refusals give nothing', () => {
  assert.deepEqual(missingAcls(new Error('connect ECONNREFUSED')), [])
  assert.deepEqual(missingAcls(refusal('Metadata', 'UNKNOWN_TOPIC_OR_PARTITION', 3, '/topics/0', {})), [])
})
