/**
 * @module kafka/authorization
 * Which ACL a broker's refusal means. Kafka answers a missing permission with an error code per
 * resource (TOPIC_AUTHORIZATION_FAILED 29, GROUP_AUTHORIZATION_FAILED 30, CLUSTER_AUTHORIZATION_FAILED
 * 31, TRANSACTIONAL_ID_AUTHORIZATION_FAILED 53, DELEGATION_TOKEN_AUTHORIZATION_FAILED 65); the
 * operation follows from the request (Kafka's "Operations and Resources on Protocols" table), the
 * resource's name from where the error sits in the response. So an operator reads "grant DESCRIBE on
 * Group:orders-app", not an error code.
 */

export interface MissingAcl {
  /** Kafka's operation name as kafka-acls takes it: READ, DESCRIBE, DESCRIBE_CONFIGS, … */
  operation: string
  /** Topic, Group, Cluster, TransactionalId, DelegationToken */
  resourceType: string
  /** null when the response does not say which (the request named it) */
  resourceName: string | null
  /** the Kafka API refused, e.g. DescribeConfigs */
  api: string
  /** e.g. TOPIC_AUTHORIZATION_FAILED */
  error: string
  code: number
}

export const authorizationErrors: Readonly<Record<string, { code: number, resourceType: string }>> = {
  TOPIC_AUTHORIZATION_FAILED: { code: 29, resourceType: 'Topic' },
  GROUP_AUTHORIZATION_FAILED: { code: 30, resourceType: 'Group' },
  CLUSTER_AUTHORIZATION_FAILED: { code: 31, resourceType: 'Cluster' },
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: { code: 53, resourceType: 'TransactionalId' },
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: { code: 65, resourceType: 'DelegationToken' },
}

const byCode = new Map(Object.entries(authorizationErrors).map(([name, e]) => [e.code, name]))

/** The operation each API needs on each resource type (Kafka's authorization table, the APIs rollgate uses). */
const operations: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Metadata: { Topic: 'DESCRIBE', Cluster: 'DESCRIBE' },
  ListOffsets: { Topic: 'DESCRIBE' },
  Fetch: { Topic: 'READ', Cluster: 'CLUSTER_ACTION' },
  Produce: { Topic: 'WRITE', TransactionalId: 'WRITE', Cluster: 'IDEMPOTENT_WRITE' },
  InitProducerId: { TransactionalId: 'WRITE', Cluster: 'IDEMPOTENT_WRITE' },
  DescribeConfigs: { Topic: 'DESCRIBE_CONFIGS', Cluster: 'DESCRIBE_CONFIGS', Group: 'DESCRIBE_CONFIGS' },
  AlterConfigs: { Topic: 'ALTER_CONFIGS', Cluster: 'ALTER_CONFIGS', Group: 'ALTER_CONFIGS' },
  IncrementalAlterConfigs: { Topic: 'ALTER_CONFIGS', Cluster: 'ALTER_CONFIGS', Group: 'ALTER_CONFIGS' },
  FindCoordinator: { Group: 'DESCRIBE', TransactionalId: 'DESCRIBE' },
  DescribeGroups: { Group: 'DESCRIBE' },
  ConsumerGroupDescribe: { Group: 'DESCRIBE', Topic: 'DESCRIBE' },
  ListGroups: { Cluster: 'DESCRIBE', Group: 'DESCRIBE' },
  OffsetFetch: { Group: 'DESCRIBE', Topic: 'DESCRIBE' },
  OffsetCommit: { Group: 'READ', Topic: 'READ' },
  OffsetDelete: { Group: 'DELETE', Topic: 'READ' },
  DeleteGroups: { Group: 'DELETE' },
  CreateTopics: { Topic: 'CREATE', Cluster: 'CREATE' },
  DeleteTopics: { Topic: 'DELETE' },
  CreatePartitions: { Topic: 'ALTER' },
  DeleteRecords: { Topic: 'DELETE' },
  DescribeAcls: { Cluster: 'DESCRIBE' },
  CreateAcls: { Cluster: 'ALTER' },
  DeleteAcls: { Cluster: 'ALTER' },
  DescribeClientQuotas: { Cluster: 'DESCRIBE_CONFIGS' },
  AlterClientQuotas: { Cluster: 'ALTER_CONFIGS' },
  DescribeUserScramCredentials: { Cluster: 'DESCRIBE' },
  AlterUserScramCredentials: { Cluster: 'ALTER' },
  DescribeLogDirs: { Cluster: 'DESCRIBE' },
}

/** Where each resource type's name sits in a response entry. */
const nameFields: Readonly<Record<string, readonly string[]>> = {
  Topic: ['resourceName', 'name', 'topic', 'topicName'],
  Group: ['resourceName', 'groupId', 'key'],
  TransactionalId: ['resourceName', 'transactionalId', 'key'],
}

/** The name of the denied resource: from the entry at `path` (e.g. `/results/1`) up to the response's root. */
function resourceNameAt (response: unknown, path: string | undefined, resourceType: string): string | null {
  if (resourceType === 'Cluster') return 'kafka-cluster'
  const fields = nameFields[resourceType] ?? ['resourceName']
  const chain: unknown[] = [response]
  let node: unknown = response
  for (const step of (path ?? '').split('/').filter((s) => s !== '')) {
    if (node === null || typeof node !== 'object') break
    node = (node as Record<string, unknown>)[step]
    chain.push(node)
  }
  for (const entry of chain.reverse()) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue
    for (const field of fields) {
      const value = (entry as Record<string, unknown>)[field]
      if (typeof value === 'string' && value !== '') return value
    }
  }
  return null
}

interface ClientErrorLike {
  message?: string
  apiId?: string
  apiCode?: number
  path?: string
  response?: unknown
  errors?: unknown[]
  cause?: unknown
}

/** Every authorization refusal inside an error the client threw (MultipleErrors, ResponseError, causes). */
export function missingAcls (error: unknown): MissingAcl[] {
  const out: MissingAcl[] = []
  const seen = new Set<string>()
  const walk = (node: unknown, api: string | null, response: unknown, depth: number) => {
    if (node === null || typeof node !== 'object' || depth > 8) return
    const e = node as ClientErrorLike
    const executing = /executing API (\w+)\(/.exec(e.message ?? '')?.[1]
    const nextApi = executing ?? api
    const nextResponse = e.response ?? response
    const name = e.apiId !== undefined && e.apiId in authorizationErrors ? e.apiId : e.apiCode !== undefined ? byCode.get(e.apiCode) : undefined
    if (name !== undefined) {
      const { code, resourceType } = authorizationErrors[name]!
      const apiName = nextApi ?? 'unknown request'
      const missing: MissingAcl = {
        operation: operations[apiName]?.[resourceType] ?? 'DESCRIBE',
        resourceType,
        resourceName: resourceNameAt(nextResponse, e.path, resourceType),
        api: apiName,
        error: name,
        code,
      }
      const key = JSON.stringify(missing)
      if (!seen.has(key)) { seen.add(key); out.push(missing) }
    }
    for (const child of Array.isArray(e.errors) ? e.errors : []) walk(child, nextApi, nextResponse, depth + 1)
    if (e.cause !== undefined) walk(e.cause, nextApi, nextResponse, depth + 1)
  }
  walk(error, null, undefined, 0)
  return out
}

/**
 * Grants that satisfy the broker instead of the one its table names. An idempotent producer's
 * InitProducerId is allowed with IDEMPOTENT_WRITE on the cluster or, since Kafka 3.0 (KIP-679),
 * WRITE on any topic — and WRITE on the topics it writes is needed anyway, so that is the narrower grant.
 */
const alternatives: Readonly<Record<string, string>> = {
  'InitProducerId/Cluster': 'WRITE on the topics it writes (Kafka 3.0+; the narrower grant)',
}

/** `DESCRIBE_CONFIGS on Topic:orders (DescribeConfigs: TOPIC_AUTHORIZATION_FAILED, 29)` */
export function describeMissingAcl (m: MissingAcl): string {
  const or = alternatives[`${m.api}/${m.resourceType}`]
  return `${m.operation} on ${m.resourceType}:${m.resourceName ?? '(the one requested)'}${or ? ` or ${or}` : ''} (${m.api}: ${m.error}, ${m.code})`
}
