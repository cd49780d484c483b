/**
 * @module verify/range-spec
 * The range `verify` reads, as the command line gives it: the whole retained log, `--since` a
 * duration back from now or a moment, or `--offsets from:until` of the source, each partition.
 */
import { badInput } from '../errors.ts'
import { parseDuration } from '../plan/duration.ts'
import type { RangeSpec } from './types.ts'

/** `--since 2h` (a duration back from now) or an ISO-8601 timestamp or epoch milliseconds. */
export function parseSince (text: string, now: Date): RangeSpec {
  const ms = parseDuration(text)
  if (ms !== undefined) return { kind: 'since', since: text, timestamp: now.getTime() - ms }
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (Number.isNaN(at)) throw badInput(`--since takes a duration (30m, 72h, PT72H) or a timestamp (2026-03-02T10:00:00Z, or epoch milliseconds), not '${text}'`)
  return { kind: 'since', since: text, timestamp: at }
}

/** `--offsets 1000:5000`, `1000:` or `:5000` — source offsets, each partition. */
export function parseOffsets (text: string): RangeSpec {
  const match = /^(\d*):(\d*)$/.exec(text.trim())
  if (!match || (match[1] === '' && match[2] === '')) throw badInput(`--offsets takes from:until source offsets (1000:5000, 1000: or :5000), not '${text}'`)
  const from = match[1] === '' ? null : Number(match[1])
  const until = match[2] === '' ? null : Number(match[2])
  if (from !== null && until !== null && until < from) throw badInput(`--offsets ${text}: the end is before the start`)
  return { kind: 'offsets', from, until }
}
