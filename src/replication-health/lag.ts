/**
 * @module replication-health/lag
 * Replication lag of one partition from its evidence, and how it is judged — pure.
 *
 * - records lag = source log end − the source position of the target's copy end (MappedPosition:
 *   offset syncs by the safe reverse rule, identity for offset-preserving replication). Like
 *   kafka-consumer-groups' LAG it counts offsets, so transaction markers count too. Since the mapped
 *   position is never ahead of the true copy, the figure is never below the true lag; with MirrorMaker
 *   2 it can be above it by the records copied since the newest sync (at most `offset.lag.max`, and
 *   none once MirrorMaker 2 commits, which writes a sync for its last copied record).
 * - time lag = how old the oldest source record not known to be on the target was when the source
 *   log end was read: capture time − its timestamp; 0 when caught up, or when only transaction
 *   markers remain. It is how far in the past the target's copy stands.
 * - judged against the plan (`topics[].lag`, the strictest of the selectors that pick the topic,
 *   else `gates.lag`): `fail` over a limit; `warn` from 80% of it up to it (within 20% below: the
 *   margin is being used up, act before it fails); `pass` below. Zero lag always passes.
 */
import type { CheckStatus } from '../gates/types.ts'
import type { Plan } from '../plan/schema.ts'
import { isUnavailable, type RecordStamp, type ReplicatedPartition } from './types.ts'

export const warnFraction = 0.8

export interface LagLimits {
  /** largest acceptable records lag; null: not limited */
  records: number | null
  /** largest acceptable time lag, ms; null: not limited */
  timeMs: number | null
  /** the plan fields the limits come from */
  from: string[]
}

/** The limits of a topic picked by `selectors` (indices into `plan.topics`). */
export function lagLimits (plan: Pick<Plan, 'topics' | 'gates'>, selectors: readonly number[]): LagLimits {
  let records: number | null = null
  let timeMs: number | null = null
  const from: string[] = []
  for (const i of selectors) {
    const lag = plan.topics[i]?.lag
    if (lag?.records !== undefined && (records === null || lag.records < records)) records = lag.records
    if (lag?.time !== undefined && (timeMs === null || lag.time < timeMs)) timeMs = lag.time
    if (lag?.records !== undefined || lag?.time !== undefined) from.push(`topics[${i}].lag`)
  }
  if (records === null && plan.gates.lag.records !== undefined) { records = plan.gates.lag.records; from.push('gates.lag.records') }
  if (timeMs === null && plan.gates.lag.time !== undefined) { timeMs = plan.gates.lag.time; from.push('gates.lag.time') }
  return { records, timeMs, from: [...new Set(from)] }
}

export interface PartitionLag {
  partition: number
  sourceLogEnd: number
  targetLogEnd: number | null
  /** the source position of the target's copy end; null: not mapped (`note` says why) */
  mapped: number | null
  method: string | null
  records: number | null
  timeMs: number | null
  /** the oldest source record not known to be on the target */
  firstUncopied: RecordStamp | null
  note: string | null
}

export function partitionLag (p: ReplicatedPartition, capturedAtMs: number): PartitionLag {
  const base = { partition: p.partition, sourceLogEnd: p.source.logEnd, targetLogEnd: p.target?.logEnd ?? null }
  if (p.mapped.position === null) {
    return { ...base, mapped: null, method: null, records: null, timeMs: null, firstUncopied: null, note: `${p.mapped.reason}: ${p.mapped.detail}` }
  }
  const notes: string[] = []
  const behind = p.source.logEnd - p.mapped.position
  // ahead of the source's end only if the source was truncated or recreated under the copy
  if (behind < 0) notes.push(`the target's copy maps to source offset ${p.mapped.position}, past the source log end ${p.source.logEnd}`)
  if (p.mapped.position < p.source.logStart) notes.push(`records ${p.mapped.position}..${p.source.logStart - 1} were deleted on the source before they were copied`)
  const records = Math.max(0, behind)
  let timeMs: number | null = 0
  let first: RecordStamp | null = null
  if (records > 0) {
    if (isUnavailable(p.firstUncopied)) {
      timeMs = null
      notes.push(`the oldest uncopied record could not be read: ${p.firstUncopied.reason}`)
    } else if (p.firstUncopied !== null) {
      first = p.firstUncopied
      const age = capturedAtMs - first.timestamp
      if (age < 0) notes.push(`the oldest uncopied record is dated ${-age} ms after the capture: a clock is wrong`)
      timeMs = Math.max(0, age)
    }
  }
  return { ...base, mapped: p.mapped.position, method: p.mapped.method, records, timeMs, firstUncopied: first, note: notes.length ? notes.join('; ') : null }
}

/** One figure against its limit (see the module comment for the warn band). */
export function judge (value: number | null, limit: number | null): CheckStatus {
  if (limit === null) return 'pass'
  if (value === null) return 'unknown'
  if (value > limit) return 'fail'
  if (value > 0 && value >= warnFraction * limit) return 'warn'
  return 'pass'
}

const rank: Record<CheckStatus, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 }

/** The worse of statuses (fail > unknown > warn > pass, as a gate adds them up). */
export function worst (statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (rank[b] > rank[a] ? b : a), 'pass')
}

/** A partition's lag judged: not mapped is `unknown`, or `fail` when the target has no copy at all. */
export function partitionStatus (p: ReplicatedPartition, lag: PartitionLag, limits: LagLimits): CheckStatus {
  if (p.mapped.position === null) return p.mapped.reason === 'no-target-copy' ? 'fail' : 'unknown'
  return worst([judge(lag.records, limits.records), judge(lag.timeMs, limits.timeMs)])
}
