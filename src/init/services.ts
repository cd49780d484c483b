/**
 * @module init/services
 * What init reads from the HTTP services beside the clusters: the subjects of a Confluent-API schema
 * registry (`GET /subjects`) and the connectors of a Kafka Connect cluster
 * (`GET /connectors?expand=info`, which also gives each connector's type and class). Answers are
 * validated; anything else is reported as unavailable with the reason.
 */
import { z } from 'zod'
import { getJson } from './http.ts'
import type { DiscoveredConnector, Fetched } from './types.ts'

const subjectsAnswer = z.array(z.string())

/** Live (not soft-deleted) subjects, sorted. */
export async function registrySubjects (url: string, timeoutMs: number): Promise<Fetched<string[]>> {
  const fetched = await getJson(url, '/subjects', subjectsAnswer, { timeoutMs, accept: 'application/vnd.schemaregistry.v1+json, application/json' })
  return fetched.status === 'ok' ? { ...fetched, value: [...fetched.value].sort() } : fetched
}

// `expand=info` answers { name: { info: { name, config, tasks, type } } }; Connect before 2.3 ignores
// `expand` and answers the bare list of names, which is taken as well (type and class unknown).
const connectorsAnswer = z.union([
  z.array(z.string()),
  z.record(z.string(), z.object({
    info: z.object({
      type: z.string().optional(),
      config: z.record(z.string(), z.string().nullable()).optional(),
    }).optional(),
  })),
])

/** Connectors of the first of `urls` that answers (a Connect cluster's workers all know them all), sorted by name. */
export async function connectConnectors (urls: string[], timeoutMs: number): Promise<Fetched<DiscoveredConnector[]>> {
  const reasons: string[] = []
  for (const url of urls) {
    const fetched = await getJson(url, '/connectors?expand=info', connectorsAnswer, { timeoutMs })
    if (fetched.status === 'unavailable') {
      reasons.push(urls.length > 1 ? `${url}: ${fetched.reason}` : fetched.reason)
      continue
    }
    const value = fetched.value
    const connectors: DiscoveredConnector[] = Array.isArray(value)
      ? value.map((name) => ({ name, type: null, className: null }))
      : Object.entries(value).map(([name, entry]) => ({ name, type: entry.info?.type ?? null, className: entry.info?.config?.['connector.class'] ?? null }))
    return { status: 'ok', url, value: connectors.sort((a, b) => a.name.localeCompare(b.name)) }
  }
  return { status: 'unavailable', url: urls.join(','), reason: reasons.join('; ') || 'no Connect URL given' }
}
