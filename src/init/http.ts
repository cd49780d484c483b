/**
 * @module init/http
 * One bounded, validated GET for init's discovery of registries and Connect: the answer, or the
 * reason it could not be had — refused, timed out, an HTTP error, or a body of an unexpected shape.
 * Never throws: an unreachable service is something init reports, not a crash.
 */
import type { z } from 'zod'
import { networkReason } from '../http/reasons.ts'
import type { Fetched } from './types.ts'

export interface GetOptions {
  timeoutMs: number
  /** the Accept header */
  accept?: string
}

/** GET `base` + `path`; `url` in the result is `base`, as the operator gave it. */
export async function getJson<T> (base: string, path: string, schema: z.ZodType<T>, options: GetOptions): Promise<Fetched<T>> {
  const url = base
  const controller = new AbortController()
  // covers the body as well as the headers: a server that stalls mid-answer is bounded too
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), options.timeoutMs)
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
      signal: controller.signal,
      headers: { accept: options.accept ?? 'application/json' },
      redirect: 'follow',
    })
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      return { status: 'unavailable', url, reason: `GET ${path} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` }
    }
    let body: unknown
    try {
      body = await response.json()
    } catch (error) {
      if (controller.signal.aborted) throw error
      return { status: 'unavailable', url, reason: `GET ${path} did not answer JSON` }
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
      return { status: 'unavailable', url, reason: `GET ${path} answered an unexpected shape${where}: ${issue?.message ?? 'invalid'}` }
    }
    return { status: 'ok', url, value: parsed.data }
  } catch (error) {
    return { status: 'unavailable', url, reason: networkReason(error, options.timeoutMs) }
  } finally {
    clearTimeout(timer)
  }
}
