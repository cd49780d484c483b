/**
 * @module registry/capture
 * Captures one side's schema registry as evidence (registry/types.ts): the global compatibility and
 * mode, and every subject of the plan's scope with its versions, subject-level settings and
 * normalised schemas. The scope is the same on both sides (`schemas.subjects`, else every subject),
 * so a subject only the target has is seen too. Calls run a few at a time; the whole capture is
 * bounded by `gates.timeout`, and a failure is recorded with the reason, never as "no subjects".
 */
import { ExitCode, RollgateError } from '../errors.ts'
import type { Plan } from '../plan/schema.ts'
import { mapLimited } from '../replication-health/map-limited.ts'
import type { SideName } from '../snapshot/types.ts'
import { RegistryClient } from './client.ts'
import { normaliseSchema, schemaFingerprint } from './normalise.ts'
import type { RegistryEvidence, RegistrySideEvidence, RegistrySubject } from './types.ts'

/** How many registry calls are in flight at once: enough to hide latency, few enough to be polite. */
const concurrency = 8

/** Whether a subject is in the plan's scope (absent `schemas.subjects`: every subject). */
export function subjectScope (plan: Pick<Plan, 'schemas'>): (subject: string) => boolean {
  const selectors = plan.schemas?.subjects
  if (selectors === undefined) return () => true
  const names = new Set(selectors.flatMap((s) => s.names ?? []))
  // search semantics (RegExp#test), as for topics: plans write their own anchors
  const patterns = selectors.flatMap((s) => (s.regex === undefined ? [] : [new RegExp(s.regex)]))
  return (subject) => names.has(subject) || patterns.some((p) => p.test(subject))
}

async function captureSubject (client: RegistryClient, name: string): Promise<RegistrySubject> {
  const [versions, compatibility, mode] = await Promise.all([client.versions(name), client.subjectCompatibility(name), client.subjectMode(name)])
  const answers = await mapLimited(versions, concurrency, (v) => client.version(name, v))
  return {
    name,
    compatibility,
    mode,
    versions: answers.map((a) => {
      const schemaType = a.schemaType ?? 'AVRO'
      const schema = normaliseSchema(schemaType, a.schema)
      return { version: a.version, id: a.id, schemaType, schema, fingerprint: schemaFingerprint(schema), references: a.references }
    }),
  }
}

export async function captureRegistry (client: RegistryClient, plan: Pick<Plan, 'schemas'>): Promise<RegistryEvidence> {
  const capturedAt = new Date().toISOString()
  const [compatibility, mode, all] = await Promise.all([client.globalCompatibility(), client.globalMode(), client.subjects()])
  const names = all.filter(subjectScope(plan))
  const subjects = await mapLimited(names, concurrency, (name) => captureSubject(client, name))
  return { url: client.url, capturedAt, compatibility, mode, subjects }
}

/** One side's registry for a snapshot, bounded by the plan's gate timeout as a whole. */
export async function captureRegistrySide (plan: Plan, side: SideName): Promise<RegistrySideEvidence> {
  const config = plan.clusters[side].schemaRegistry
  if (config === undefined) return { status: 'not-configured' }
  const timeoutMs = plan.gates.timeout
  const abort = new AbortController()
  const client = new RegistryClient({ name: side, url: config.url, auth: config.auth, timeoutMs, signal: abort.signal })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RollgateError('RG_REGISTRY_TIMEOUT', `${side} schema registry (${client.url}): the capture did not finish within ${timeoutMs} ms`, ExitCode.unreachable)), timeoutMs)
  })
  try {
    const registry = await Promise.race([captureRegistry(client, plan), timeout])
    return { status: 'ok', registry }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', url: client.url, error: message, at: new Date().toISOString() }
  } finally {
    clearTimeout(timer)
    // nothing is left running after the capture: calls still in flight are cancelled
    abort.abort()
  }
}
