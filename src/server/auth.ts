/**
 * @module server/auth
 * Who may read the dashboard. Bound to a loopback address, only this machine can reach it, so no
 * token is needed (one may still be given). Bound to any other address, a token is required: the
 * operator's (`--token`) or one generated here and printed. It is checked on every request, in
 * constant time, from `Authorization: Bearer`, the `rollgate_token` cookie (what a browser sends
 * after the first visit, and all EventSource can send) or `?token=` (the link that sets the cookie).
 *
 * On loopback the Host header is checked too: a web page elsewhere could otherwise point a name it
 * controls at 127.0.0.1 (DNS rebinding) and read the dashboard through the operator's browser.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

export const tokenCookie = 'rollgate_token'

/** Whether binding `host` keeps the server reachable from this machine only. */
export function isLoopbackHost (host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^(0{1,4}:){7}0{0,3}1$/.test(h)
  return false
}

export interface TokenChoice {
  /** null: no token is checked (loopback bind, none given) */
  token: string | null
  /** generated here: the operator must be shown it */
  generated: boolean
}

/** The token to enforce for a bind: the given one, none on loopback, else a new random one. */
export function chooseToken (host: string, given: string | undefined, generate: () => string = newToken): TokenChoice {
  if (given !== undefined && given !== '') return { token: given, generated: false }
  if (isLoopbackHost(host)) return { token: null, generated: false }
  return { token: generate(), generated: true }
}

export function newToken (): string {
  return randomBytes(24).toString('base64url')
}

/** Constant-time comparison; hashing first makes the time independent of the lengths, too. */
export function tokenMatches (expected: string, given: string | null | undefined): boolean {
  if (given === null || given === undefined) return false
  const a = createHash('sha256').update(expected).digest()
  const b = createHash('sha256').update(given).digest()
  return timingSafeEqual(a, b)
}

/** The token a request carries, if any (see the module comment for where it may be). */
export function requestToken (request: { header: (name: string) => string | undefined, cookie: (name: string) => string | undefined, query: (name: string) => string | undefined }): string | null {
  const auth = request.header('authorization')
  const bearer = auth === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1]
  return bearer ?? request.cookie(tokenCookie) ?? request.query('token') ?? null
}

/** Whether a Host header names this loopback server (DNS-rebinding guard); absent Host is HTTP/1.0. */
export function loopbackHostAllowed (hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return true
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim())
  if (!match) return false
  const [, name, p] = match
  return isLoopbackHost(name!) && (p === undefined ? port === 80 : Number(p) === port)
}
