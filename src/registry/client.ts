/**
 * @module registry/client
 * `RegistryClient`: the calls rollgate makes to a Confluent-API schema registry (Confluent Schema
 * Registry, Apicurio's `/apis/ccompat/v7`, Karapace, …) — reads, compatibility questions, and the
 * writes of `schemas sync` — each bounded by a timeout that
 * covers the body too, answered JSON validated with zod. Every error names the registry, the call
 * and what happened, and carries the CLI's exit code: cannot connect, no answer in time or
 * credentials refused → 3 (unreachable, as for a cluster); any other HTTP error or an answer of an
 * unexpected shape → 1. Secrets are revealed only into the Authorization header.
 */
import { z } from 'zod'
import { ExitCode, RollgateError } from '../errors.ts'
import { errorBody, networkReason } from '../http/reasons.ts'
import type { Secret } from '../plan/secret.ts'
import type { SchemaReference } from './types.ts'

export interface RegistryConnection {
  /** how to name it in messages, e.g. `source` */
  name: string
  /** base URL, e.g. `https://psrc-123.eu-west-1.aws.confluent.cloud` or `http://host:8080/apis/ccompat/v7` */
  url: string
  auth?: { username?: string | undefined, password?: Secret | undefined, token?: Secret | undefined } | undefined
  timeoutMs: number
  /** aborts every call in flight, e.g. when a whole capture runs out of time */
  signal?: AbortSignal
}

const accept = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json'

const subjectsAnswer = z.array(z.string())
const versionsAnswer = z.array(z.int())
const referenceAnswer = z.object({ name: z.string(), subject: z.string(), version: z.int() })
const versionAnswer = z.object({
  subject: z.string().optional(),
  version: z.int(),
  id: z.int(),
  schemaType: z.string().optional(),
  schema: z.string(),
  references: z.array(referenceAnswer).nullish(),
})
// Confluent answers `compatibilityLevel` on GET; some registries answer `compatibility` as on PUT
const configAnswer = z.object({ compatibilityLevel: z.string().optional(), compatibility: z.string().optional() })
  .refine((c) => c.compatibilityLevel !== undefined || c.compatibility !== undefined, 'no compatibilityLevel')
const modeAnswer = z.object({ mode: z.string() })
const compatibilityAnswer = z.object({ is_compatible: z.boolean(), messages: z.array(z.unknown()).nullish() })
const idAnswer = z.object({ id: z.int() })

export interface VersionAnswer {
  version: number
  id: number
  schemaType: string | null
  schema: string
  references: SchemaReference[]
}

export class RegistryClient {
  readonly name: string
  readonly url: string
  readonly timeoutMs: number
  readonly #headers: Record<string, string>
  readonly #signal: AbortSignal | undefined

  constructor (connection: RegistryConnection) {
    this.#signal = connection.signal
    this.name = connection.name
    this.url = connection.url.replace(/\/+$/, '')
    this.timeoutMs = connection.timeoutMs
    this.#headers = { accept }
    const auth = connection.auth
    if (auth?.token) this.#headers.authorization = `Bearer ${auth.token.reveal()}`
    else if (auth?.username !== undefined && auth.password) {
      this.#headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`
    }
  }

  #label (): string {
    return `${this.name} schema registry (${this.url})`
  }

  /** GET `path` (or `init.method` with a JSON body): the validated answer, or null on 404 when `notFound` is 'null'. */
  async #get<T> (path: string, schema: z.ZodType<T>, notFound: 'error' | 'null' = 'error', init?: { method: 'POST' | 'PUT' | 'DELETE', body?: unknown }): Promise<T | null> {
    const call = `${init?.method ?? 'GET'} ${path}`
    const controller = new AbortController()
    // covers the body as well as the headers: a registry that stalls mid-answer is bounded too
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), this.timeoutMs)
    try {
      let response: Response
      try {
        const signal = this.#signal ? AbortSignal.any([controller.signal, this.#signal]) : controller.signal
        const body = init?.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { ...this.#headers, 'content-type': 'application/vnd.schemaregistry.v1+json' } }
        response = await fetch(`${this.url}${path}`, { signal, headers: this.#headers, redirect: 'follow', method: init?.method ?? 'GET', ...body })
      } catch (error) {
        throw new RollgateError('RG_REGISTRY_UNREACHABLE', `${this.#label()}: cannot reach it for ${call}: ${networkReason(error, this.timeoutMs)}`, ExitCode.unreachable, { cause: error })
      }
      let text: string
      try {
        text = await response.text()
      } catch (error) {
        throw new RollgateError('RG_REGISTRY_UNREACHABLE', `${this.#label()}: ${call}: the answer was cut off: ${networkReason(error, this.timeoutMs)}`, ExitCode.unreachable, { cause: error })
      }
      if (response.status === 404 && notFound === 'null') return null
      if (response.status === 401) {
        throw new RollgateError('RG_REGISTRY_AUTH', `${this.#label()}: authentication failed for ${call} (HTTP 401): ${errorBody(text, true)}`, ExitCode.unreachable)
      }
      if (!response.ok) {
        const code = response.status === 403 ? 'RG_REGISTRY_DENIED' : 'RG_REGISTRY_HTTP'
        throw new RollgateError(code, `${this.#label()}: ${call} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${errorBody(text, true)}`, ExitCode.refused)
      }
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        throw new RollgateError('RG_REGISTRY_SHAPE', `${this.#label()}: ${call} did not answer JSON: ${text.slice(0, 120)}`, ExitCode.refused)
      }
      const parsed = schema.safeParse(body)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
        throw new RollgateError('RG_REGISTRY_SHAPE', `${this.#label()}: ${call} answered an unexpected shape${where}: ${issue?.message ?? 'invalid'}`, ExitCode.refused)
      }
      return parsed.data
    } finally {
      clearTimeout(timer)
    }
  }

  async #need<T> (path: string, schema: z.ZodType<T>, init?: { method: 'POST' | 'PUT' | 'DELETE', body?: unknown }): Promise<T> {
    return (await this.#get(path, schema, 'error', init)) as T
  }

  /** Live (not soft-deleted) subjects, sorted. */
  async subjects (): Promise<string[]> {
    return [...await this.#need('/subjects', subjectsAnswer)].sort()
  }

  async versions (subject: string): Promise<number[]> {
    return [...await this.#need(`/subjects/${encodeURIComponent(subject)}/versions`, versionsAnswer)].sort((a, b) => a - b)
  }

  async version (subject: string, version: number): Promise<VersionAnswer> {
    const v = await this.#need(`/subjects/${encodeURIComponent(subject)}/versions/${version}`, versionAnswer)
    return { version: v.version, id: v.id, schemaType: v.schemaType ?? null, schema: v.schema, references: v.references ?? [] }
  }

  /** `GET /config`: the global compatibility level. */
  async globalCompatibility (): Promise<string> {
    const c = await this.#need('/config', configAnswer)
    return (c.compatibilityLevel ?? c.compatibility)!
  }

  /** `GET /config/{subject}`: the subject's own level; null when it has none (404). */
  async subjectCompatibility (subject: string): Promise<string | null> {
    const c = await this.#get(`/config/${encodeURIComponent(subject)}`, configAnswer, 'null')
    return c === null ? null : (c.compatibilityLevel ?? c.compatibility)!
  }

  /** `GET /mode`; null when the registry has no mode endpoint (404). */
  async globalMode (): Promise<string | null> {
    return (await this.#get('/mode', modeAnswer, 'null'))?.mode ?? null
  }

  /**
   * `POST /compatibility/subjects/{subject}/versions/{version}?verbose=true`: whether `schema` may
   * join the subject under its compatibility level, checked against that version (`latest`: the
   * newest). `messages` are the registry's reasons when it gives any (Apicurio gives none).
   */
  async testCompatibility (subject: string, version: number | 'latest', schema: { schema: string, schemaType: string, references: SchemaReference[] }): Promise<{ compatible: boolean, messages: string[] }> {
    const body = { schema: schema.schema, ...(schema.schemaType === 'AVRO' ? {} : { schemaType: schema.schemaType }), ...(schema.references.length ? { references: schema.references } : {}) }
    const a = await this.#need(`/compatibility/subjects/${encodeURIComponent(subject)}/versions/${version}?verbose=true`, compatibilityAnswer, { method: 'POST', body })
    return { compatible: a.is_compatible, messages: (a.messages ?? []).map(String) }
  }

  /**
   * `POST /subjects/{subject}/versions`: registers a schema; with `id` (and `version`) as the
   * Confluent API's IMPORT mode takes them. Answers the ID the registry gave, which is not the one
   * asked for when the registry ignores it (Apicurio does).
   */
  async register (subject: string, schema: { schema: string, schemaType: string, references: SchemaReference[] }, keep?: { id: number, version: number }): Promise<number> {
    const body = {
      schema: schema.schema,
      ...(schema.schemaType === 'AVRO' ? {} : { schemaType: schema.schemaType }),
      ...(schema.references.length ? { references: schema.references } : {}),
      ...(keep ? { id: keep.id, version: keep.version } : {}),
    }
    return (await this.#need(`/subjects/${encodeURIComponent(subject)}/versions`, idAnswer, { method: 'POST', body })).id
  }

  /** `PUT /mode/{subject}?force=true`: the subject's mode (IMPORT to register with IDs). */
  async setSubjectMode (subject: string, mode: string): Promise<string> {
    return (await this.#need(`/mode/${encodeURIComponent(subject)}?force=true`, modeAnswer, { method: 'PUT', body: { mode } })).mode
  }

  /** `DELETE /mode/{subject}`: the subject follows the global mode again; false when it had none (404). */
  async deleteSubjectMode (subject: string): Promise<boolean> {
    return (await this.#get(`/mode/${encodeURIComponent(subject)}`, z.unknown(), 'null', { method: 'DELETE' })) !== null
  }

  /** `GET /mode/{subject}`; null when the subject has no mode of its own (404). */
  async subjectMode (subject: string): Promise<string | null> {
    return (await this.#get(`/mode/${encodeURIComponent(subject)}`, modeAnswer, 'null'))?.mode ?? null
  }
}
