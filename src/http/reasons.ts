/**
 * @module http/reasons
 * Why a call to a schema registry or Kafka Connect failed, in an operator's words: shared by their
 * clients and init's discovery, so the same failure reads the same everywhere.
 */

/** Why a fetch failed (undici hides the socket error in `cause`). */
export function networkReason (error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: string, message?: string } } | undefined)?.cause
  if (cause?.code === 'ECONNREFUSED') return 'connection refused'
  if (cause?.code !== undefined) return cause.code
  if (cause?.message !== undefined) return cause.message
  return error instanceof Error ? error.message : String(error)
}

/**
 * The message of an error body `{ error_code, message }` as the Confluent registry API and Connect
 * answer it (with the code when asked), else the start of the body.
 */
export function errorBody (text: string, withCode = false): string {
  try {
    const body = JSON.parse(text) as { error_code?: unknown, message?: unknown }
    if (typeof body.message === 'string') return `${body.message}${withCode && typeof body.error_code === 'number' ? ` (error ${body.error_code})` : ''}`
  } catch {}
  return text.slice(0, 200)
}
