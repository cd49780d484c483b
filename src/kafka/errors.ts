/**
 * @module kafka/errors
 * Turns what the Kafka client throws into a sentence an operator can act on: which cluster, which
 * call, what happened. Unreachable clusters map to exit code 3; refusals by the broker to 1.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { describeMissingAcl, missingAcls } from './authorization.ts'

interface ClientError extends Error {
  code?: string
  errors?: unknown[]
  apiId?: string
  apiCode?: number
  cause?: unknown
}

/** Depth-first: the most specific message inside MultipleErrors / causes. */
function leaves (error: unknown, out: ClientError[] = [], depth = 0): ClientError[] {
  if (!(error instanceof Error) || depth > 6) return out
  const e = error as ClientError
  const children = [...(Array.isArray(e.errors) ? e.errors : []), ...(e.cause instanceof Error ? [e.cause] : [])]
  if (children.length === 0) out.push(e)
  for (const child of children) leaves(child, out, depth + 1)
  return out
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE'])

export function isUnreachable (error: unknown): boolean {
  const all = leaves(error)
  return all.length > 0 && all.every((e) => unreachableCodes.has(e.code ?? '') || e.code === 'PLT_KFK_NETWORK' || e.code === 'PLT_KFK_TIMEOUT' || /timed? ?out|ECONNREFUSED|Connection closed/i.test(e.message))
}

export function explainKafkaError (cluster: string, call: string, error: unknown): RollgateError {
  if (error instanceof RollgateError) return error
  const all = leaves(error)
  const details = [...new Set(all.map((e) => {
    if (e.apiId) return e.apiId
    if (e.code && unreachableCodes.has(e.code)) return e.code === 'ECONNREFUSED' ? 'connection refused' : e.code
    return e.message
  }))].join('; ')
  if (all.some((e) => e.code === 'PLT_KFK_AUTHENTICATION' || /SASL|authenticat/i.test(e.message) || e.apiId === 'SASL_AUTHENTICATION_FAILED')) {
    return new RollgateError('RG_KAFKA_AUTH', `${cluster} cluster: authentication failed during ${call}: ${details}`, ExitCode.unreachable, { cause: error })
  }
  // OffsetCommit's response does not name the group: the call's label does (`OffsetCommit (group g)`)
  const labelled = /\(group ([^)]+)\)$/.exec(call)?.[1] ?? null
  const missing = missingAcls(error).map((m) => (m.resourceName === null && m.resourceType === 'Group' ? { ...m, resourceName: labelled } : m))
  if (missing.length > 0 || all.some((e) => /AUTHORIZATION_FAILED/.test(e.apiId ?? ''))) {
    // name the ACL to grant, not only the error code: the principal is the one the plan connects as
    const acls = missing.length > 0 ? `missing ACL ${missing.map(describeMissingAcl).join('; ')}` : details
    return new RollgateError('RG_KAFKA_DENIED', `${cluster} cluster: not authorized for ${call}: ${acls}`, ExitCode.refused, { cause: error })
  }
  if (isUnreachable(error)) {
    return new RollgateError('RG_KAFKA_UNREACHABLE', `${cluster} cluster: cannot reach it for ${call}: ${details || 'no answer'}`, ExitCode.unreachable, { cause: error })
  }
  return new RollgateError('RG_KAFKA_CALL', `${cluster} cluster: ${call} failed: ${details || String(error)}`, ExitCode.refused, { cause: error })
}

/** Bounds a call: the client has its own timeouts, but a stalled broker must never hang a gate. */
export async function bounded<T> (cluster: string, call: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RollgateError('RG_KAFKA_TIMEOUT', `${cluster} cluster: ${call} did not answer within ${timeoutMs} ms`, ExitCode.unreachable)), timeoutMs)
  })
  try {
    return await Promise.race([work(), timeout])
  } catch (error) {
    throw explainKafkaError(cluster, call, error)
  } finally {
    clearTimeout(timer)
  }
}
