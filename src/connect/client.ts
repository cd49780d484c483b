/**
 * @module connect/client
 * `ConnectClient`: the calls rollgate makes to a Kafka Connect cluster's REST API — the connectors
 * with their status and config, the topics each uses (KIP-558), their offsets (KIP-875), and the
 * lifecycle calls `pause`, `resume` and `stop` (KIP-875's STOPPED state). Each call is bounded by a
 * timeout that covers the body too, and its JSON is validated with zod. The plan may list several
 * worker URLs: a call goes to the first that answers, so one worker down is not "Connect down".
 * Errors name the Connect cluster, the call and what happened, with the CLI's exit code: cannot
 * connect, no answer in time or credentials refused → 3; any other HTTP error or shape → 1.
 * Secrets are revealed only into the Authorization header.
 */
import { z } from 'zod'
import { ExitCode, RollgateError } from '../errors.ts'
import { errorBody, networkReason } from '../http/reasons.ts'
import type { Secret } from '../plan/secret.ts'

export interface ConnectConnection {
  /** how to name it in messages, e.g. `source` */
  name: string
  /** worker REST URLs, tried in order */
  urls: string[]
  auth?: { username?: string | undefined, password?: Secret | undefined, token?: Secret | undefined } | undefined
  timeoutMs: number
  /** aborts every call in flight, e.g. when a whole capture runs out of time */
  signal?: AbortSignal
}

const state = z.string()
const taskStatus = z.object({ id: z.int(), state, worker_id: z.string().optional(), trace: z.string().optional() })
const statusAnswer = z.object({
  name: z.string(),
  connector: z.object({ state, worker_id: z.string().optional(), trace: z.string().optional() }),
  tasks: z.array(taskStatus),
  type: z.string().optional(),
})
const infoAnswer = z.object({
  name: z.string(),
  config: z.record(z.string(), z.string()),
  type: z.string().optional(),
})
const expandedAnswer = z.record(z.string(), z.object({ status: statusAnswer, info: infoAnswer }))
const topicsAnswer = z.record(z.string(), z.object({ topics: z.array(z.string()) }))
const offsetsAnswer = z.object({
  offsets: z.array(z.object({ partition: z.record(z.string(), z.unknown()), offset: z.record(z.string(), z.unknown()).nullable() })),
})

export type ConnectorStatus = z.output<typeof statusAnswer>

export interface ConnectorListing {
  name: string
  /** `source`, `sink` or `unknown` (a connector whose plugin is missing) */
  type: string
  status: ConnectorStatus
  config: Record<string, string>
}

export interface ConnectorOffset { partition: Record<string, unknown>, offset: Record<string, unknown> | null }

export class ConnectClient {
  readonly name: string
  readonly urls: string[]
  readonly timeoutMs: number
  readonly #headers: Record<string, string>
  readonly #signal: AbortSignal | undefined

  constructor (connection: ConnectConnection) {
    this.name = connection.name
    this.urls = connection.urls.map((url) => url.replace(/\/+$/, ''))
    this.timeoutMs = connection.timeoutMs
    this.#signal = connection.signal
    this.#headers = { accept: 'application/json', 'content-type': 'application/json' }
    const auth = connection.auth
    if (auth?.token) this.#headers.authorization = `Bearer ${auth.token.reveal()}`
    else if (auth?.username !== undefined && auth.password) {
      this.#headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`
    }
  }

  get label (): string {
    return `${this.name} Connect (${this.urls.join(', ')})`
  }

  /** One call to one worker: status and body text, or a thrown unreachable error. */
  async #once (url: string, method: string, path: string): Promise<{ status: number, statusText: string, text: string }> {
    const call = `${method} ${path}`
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), this.timeoutMs)
    try {
      const signal = this.#signal ? AbortSignal.any([controller.signal, this.#signal]) : controller.signal
      let response: Response
      try {
        response = await fetch(`${url}${path}`, { method, signal, headers: this.#headers, redirect: 'follow' })
      } catch (error) {
        throw new RollgateError('RG_CONNECT_UNREACHABLE', `${this.name} Connect (${url}): cannot reach it for ${call}: ${networkReason(error, this.timeoutMs)}`, ExitCode.unreachable, { cause: error })
      }
      try {
        return { status: response.status, statusText: response.statusText, text: await response.text() }
      } catch (error) {
        throw new RollgateError('RG_CONNECT_UNREACHABLE', `${this.name} Connect (${url}): ${call}: the answer was cut off: ${networkReason(error, this.timeoutMs)}`, ExitCode.unreachable, { cause: error })
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /** A call to the first worker that answers; an HTTP error is an answer (the next worker would say the same). */
  async #call (method: string, path: string): Promise<{ status: number, text: string }> {
    const call = `${method} ${path}`
    const reasons: string[] = []
    for (const url of this.urls) {
      let answer: { status: number, statusText: string, text: string }
      try {
        answer = await this.#once(url, method, path)
      } catch (error) {
        if (error instanceof RollgateError && error.exitCode === ExitCode.unreachable && !this.#signal?.aborted) {
          reasons.push(error.message)
          continue
        }
        throw error
      }
      if (answer.status === 401) {
        throw new RollgateError('RG_CONNECT_AUTH', `${this.label}: authentication failed for ${call} (HTTP 401): ${errorBody(answer.text)}`, ExitCode.unreachable)
      }
      return answer
    }
    throw new RollgateError('RG_CONNECT_UNREACHABLE', reasons.length === 1 ? reasons[0]! : `${this.label}: no worker answered ${call}: ${reasons.join('; ')}`, ExitCode.unreachable)
  }

  #fail (call: string, answer: { status: number, text: string }): RollgateError {
    const code = answer.status === 404 ? 'RG_CONNECT_NOT_FOUND' : answer.status === 403 ? 'RG_CONNECT_DENIED' : 'RG_CONNECT_HTTP'
    return new RollgateError(code, `${this.label}: ${call} answered HTTP ${answer.status}: ${errorBody(answer.text)}`, ExitCode.refused)
  }

  async #get<T> (path: string, schema: z.ZodType<T>): Promise<T> {
    const call = `GET ${path}`
    const answer = await this.#call('GET', path)
    if (answer.status < 200 || answer.status >= 300) throw this.#fail(call, answer)
    let body: unknown
    try {
      body = JSON.parse(answer.text)
    } catch {
      throw new RollgateError('RG_CONNECT_SHAPE', `${this.label}: ${call} did not answer JSON: ${answer.text.slice(0, 120)}`, ExitCode.refused)
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
      throw new RollgateError('RG_CONNECT_SHAPE', `${this.label}: ${call} answered an unexpected shape${where}: ${issue?.message ?? 'invalid'}`, ExitCode.refused)
    }
    return parsed.data
  }

  /** Every connector with its status, type and config (`GET /connectors?expand=status&expand=info`), sorted by name. */
  async connectors (): Promise<ConnectorListing[]> {
    const answer = await this.#get('/connectors?expand=status&expand=info', expandedAnswer)
    return Object.entries(answer).map(([name, { status, info }]) => ({
      name, type: info.type ?? status.type ?? 'unknown', status, config: info.config,
    })).sort((a, b) => a.name.localeCompare(b.name))
  }

  async status (connector: string): Promise<ConnectorStatus> {
    return this.#get(`/connectors/${encodeURIComponent(connector)}/status`, statusAnswer)
  }

  /** The topics the connector has used since its topics were last reset (KIP-558). */
  async topics (connector: string): Promise<string[]> {
    const answer = await this.#get(`/connectors/${encodeURIComponent(connector)}/topics`, topicsAnswer)
    return [...(answer[connector]?.topics ?? [])].sort()
  }

  /** Its offsets (KIP-875): source partitions and offsets, or a sink's committed `kafka_offset`s. */
  async offsets (connector: string): Promise<ConnectorOffset[]> {
    return (await this.#get(`/connectors/${encodeURIComponent(connector)}/offsets`, offsetsAnswer)).offsets
  }

  /** `PUT /connectors/{name}/pause|resume|stop`: asks for the state; read it back with `status`. */
  async lifecycle (connector: string, verb: 'pause' | 'resume' | 'stop'): Promise<void> {
    const path = `/connectors/${encodeURIComponent(connector)}/${verb}`
    const answer = await this.#call('PUT', path)
    if (answer.status < 200 || answer.status >= 300) throw this.#fail(`PUT ${path}`, answer)
  }
}
