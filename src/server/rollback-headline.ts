/**
 * @module server/rollback-headline
 * Rollback availability as the people on the incident call need to read it from across the room:
 * one line ("Rollback available for 41 h") and what ends it ("ends when source retention of orders
 * expires"), from `phases/rollback-availability`. Pure; `now` is injected.
 */
import type { Phase } from '../phases/phases.ts'
import type { RollbackAvailability, RollbackLimit } from '../phases/rollback-availability.ts'

export interface RollbackHeadline {
  status: RollbackAvailability['status']
  /** the large line */
  headline: string
  /** what ends (or would end) rollback, in one sentence */
  endsWhen: string
  /** the earliest time rollback stops being possible; null: not time-bound, or unknown */
  until: string | null
  /** seconds left until `until`; null when not time-bound or unknown; 0 once passed */
  secondsLeft: number | null
  limits: RollbackLimit[]
}

/** "95 min", "41 h", "5 d 3 h": coarse on purpose, it is read aloud. */
export function spokenDuration (ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 120) return `${minutes} min`
  const hours = Math.round(ms / 3_600_000)
  if (hours < 72) return `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`
}

function ending (limit: RollbackLimit): string {
  switch (limit.kind) {
    case 'source-retention': return `source retention of ${limit.subject} expires`
    case 'target-only-writes': return `target-only writes to ${limit.subject} cannot be replicated back or accepted as a loss window`
    case 'point-of-no-return': return 'the point of no return is passed'
    case 'target-only-schemas': return `schema versions only the target holds for ${limit.subject} are not compatible with the source`
    case 'no-evidence': return limit.message
  }
}

export function rollbackHeadline (r: RollbackAvailability, phase: Phase, now: Date): RollbackHeadline {
  const untilMs = r.until === null ? Number.NaN : Date.parse(r.until)
  const left = Number.isNaN(untilMs) ? null : Math.max(0, (untilMs - now.getTime()) / 1000)
  const base = { status: r.status, until: r.until, secondsLeft: left, limits: r.limits }
  if (r.status === 'unavailable') {
    const why = r.limits.find((l) => l.kind === 'point-of-no-return') ?? r.limits.find((l) => l.at !== null) ?? r.limits[0]
    return { ...base, headline: 'Rollback no longer available', endsWhen: why ? `ended: ${why.message}` : 'ended' }
  }
  if (r.status === 'unknown') {
    return { ...base, headline: 'Rollback availability unknown', endsWhen: r.limits[0]?.message ?? 'no evidence to compute it from' }
  }
  if (left !== null) {
    // the limit that sets `until` is the one that ends rollback first
    const first = r.limits.find((l) => l.at === r.until) ?? r.limits.find((l) => l.at !== null)
    return { ...base, headline: `Rollback available for ${spokenDuration(left * 1000)}`, endsWhen: `ends when ${first ? ending(first) : 'the earliest limit is reached'} (${r.until})` }
  }
  if (r.status === 'limited') {
    return { ...base, headline: 'Rollback available, with limits', endsWhen: r.limits.map((l) => l.message).join('; ') }
  }
  // before producer cutover the source still has every write: the clock has not started
  const later = phase === 'producers-on-target'
    ? 'ends when the source copy of a critical topic ages out'
    : 'not time-bound yet: the source owns every write. The clock starts at producer cutover; rollback ends for good at the point of no return'
  return { ...base, headline: 'Rollback available', endsWhen: later }
}
