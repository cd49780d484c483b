/**
 * @module rehearse/schema
 * Registers the rehearsal's value schema under `<topic>-value` in a cluster's schema registry
 * (Confluent API), as a producer with auto-registration does, and returns its id. One POST; the
 * registry answers the existing id when the schema is already registered.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import type { Plan } from '../plan/schema.ts'
import { rehearsalSchema } from './codec.ts'

type Registry = NonNullable<Plan['clusters']['source']['schemaRegistry']>

export async function registerValueSchema (registry: Registry, topic: string, timeoutMs = 10_000): Promise<number> {
  const subject = `${topic}-value`
  const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json' }
  const auth = registry.auth
  if (auth?.token) headers.authorization = `Bearer ${auth.token.reveal()}`
  else if (auth?.username && auth.password) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`
  const url = `${registry.url.replace(/\/+$/, '')}/subjects/${encodeURIComponent(subject)}/versions`
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ schema: rehearsalSchema, schemaType: 'AVRO' }), signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    throw new RollgateError('RG_REGISTRY_UNREACHABLE', `schema registry ${registry.url}: cannot register ${subject}: ${(error as Error).message}`, ExitCode.unreachable)
  }
  const text = await response.text()
  const id = response.ok ? (JSON.parse(text) as { id?: unknown }).id : undefined
  if (typeof id !== 'number') throw new RollgateError('RG_REGISTRY_REFUSED', `schema registry ${registry.url}: registering ${subject} answered ${response.status}: ${text.slice(0, 300)}`, ExitCode.refused)
  return id
}
