/**
 * @module init/options
 * `rollgate init`'s flags read into what discovery needs, checked before anything is contacted: a
 * mistyped bootstrap or URL is bad input (exit 2), not an unreachable cluster (exit 3). The forms
 * accepted are those the plan schema accepts, so what init writes from them validates.
 */
import { badInput } from '../errors.ts'
import { parseDuration } from '../plan/duration.ts'

// as the plan schema's host:port (a bracketed IPv6 address, or a host without ':' or '/')
const hostPort = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})$/

const items = (text: string): string[] => text.split(',').map((item) => item.trim()).filter((item) => item !== '')

/** `host:port[,host:port]` of `flag`. */
export function bootstrapList (text: string, flag: string): string[] {
  const list = items(text)
  if (list.length === 0) throw badInput(`${flag}: expected host:port[,host:port], got "${text}"`)
  for (const item of list) {
    const port = hostPort.exec(item)?.[1]
    if (port === undefined || Number(port) < 1 || Number(port) > 65_535) throw badInput(`${flag}: expected host:port, got "${item}"`)
  }
  return list
}

/** An http(s) URL of `flag`, without a trailing slash (paths are appended to it). */
export function httpUrl (text: string, flag: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw badInput(`${flag}: expected an http(s) URL, got "${text}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(`${flag}: expected an http(s) URL, got "${text}"`)
  if (url.username !== '' || url.password !== '') throw badInput(`${flag}: credentials do not belong in a URL (a plan holds references to secrets, never secrets)`)
  return text.trim().replace(/\/+$/, '')
}

/** Comma-separated http(s) URLs of `flag` (the workers of one Connect cluster). */
export function httpUrls (text: string, flag: string): string[] {
  const list = items(text)
  if (list.length === 0) throw badInput(`${flag}: expected an http(s) URL, got "${text}"`)
  return list.map((item) => httpUrl(item, flag))
}

/** Milliseconds of `--timeout` (a plan duration such as 15s). */
export function timeoutMs (text: string): number {
  const ms = parseDuration(text)
  if (ms === undefined || ms <= 0) throw badInput(`--timeout: expected a duration such as 15s or 1m, got "${text}"`)
  return ms
}
