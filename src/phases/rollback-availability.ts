/**
 * @module phases/rollback-availability
 * Until when rollback stays available and what ends it, computed from the plan, the phase history
 * and the latest evidence. Pure. Without evidence the answer is `unknown`, never `available`.
 */
import type { Plan } from '../plan/schema.ts'
import type { Inventory } from '../snapshot/inventory.ts'
import type { Snapshot } from '../snapshot/types.ts'
import { selectTopics, targetTopicName } from '../gates/select-topics.ts'
import type { Phase } from './phases.ts'
import { schemaFactors } from './point-of-no-return.ts'

/** Kafka's built-in default for retention.ms (log.retention.hours=168) when nothing overrides it. */
const defaultRetentionMs = 7 * 24 * 3600_000

export interface RollbackLimit {
  /** what ends (or threatens) rollback */
  kind: 'source-retention' | 'target-only-writes' | 'target-only-schemas' | 'point-of-no-return' | 'no-evidence'
  subject: string
  message: string
  /** when it ends rollback, if it is a point in time */
  at: string | null
}

export interface RollbackAvailability {
  status: 'available' | 'limited' | 'unavailable' | 'unknown'
  /** the earliest time at which rollback stops being possible; null when not time-bound or unknown */
  until: string | null
  limits: RollbackLimit[]
}

export interface PhaseHistory {
  phase: Phase
  /** when the current phase was entered (null for the initial `prepare`) */
  enteredAt: string | null
  /** the snapshot recorded when entering it, to tell target-only writes since then */
  entrySnapshot: Snapshot | null
}

function retentionMs (inventory: Inventory, topic: string): number | null {
  const t = inventory.topics.find((x) => x.name === topic)
  if (!t) return null
  const value = t.configs['retention.ms']?.value
  const ms = value === undefined || value === null ? defaultRetentionMs : Number(value)
  return ms < 0 ? Infinity : ms
}

const hours = (ms: number) => (ms === Infinity ? 'infinite' : `${Math.round(ms / 360_000) / 10} h`)

export function rollbackAvailability (plan: Plan, history: PhaseHistory, snapshot: Snapshot | null, now: Date): RollbackAvailability {
  if (history.phase === 'target-authoritative') {
    return {
      status: 'unavailable',
      until: history.enteredAt,
      limits: [{ kind: 'point-of-no-return', subject: 'phase', message: `the point of no return was passed at ${history.enteredAt ?? 'an unknown time'}: forward recovery only`, at: history.enteredAt }],
    }
  }
  const source = snapshot?.sides.source
  if (!snapshot || source?.status !== 'ok') {
    return {
      status: 'unknown', until: null,
      limits: [{ kind: 'no-evidence', subject: 'source', message: snapshot ? `no evidence of the source: ${source && 'error' in source ? source.error : 'missing'}` : 'no snapshot yet: run `rollgate snapshot`', at: null }],
    }
  }
  const limits: RollbackLimit[] = []
  const critical = selectTopics(plan, source.inventory).topics.filter((t) => t.criticality === 'critical' && t.exists)
    .map((t) => ({ name: t.name, targetName: targetTopicName(plan, t.name) }))
  const cutover = history.phase === 'producers-on-target' && history.enteredAt ? Date.parse(history.enteredAt) : null
  let until: number | null = null
  for (const t of critical) {
    const retention = retentionMs(source.inventory, t.name)
    if (retention === null || retention === Infinity) continue
    if (retention < plan.rollbackWindow) {
      limits.push({ kind: 'source-retention', subject: t.name, message: `source retention of ${t.name} (${hours(retention)}) is shorter than the rollback window (${hours(plan.rollbackWindow)})`, at: null })
    }
    if (cutover !== null) {
      // the source gets no new writes after producer cutover: its copy ages out one retention later
      const ends = cutover + retention
      until = until === null ? ends : Math.min(until, ends)
      limits.push({ kind: 'source-retention', subject: t.name, message: `the source's records of ${t.name} start expiring ${hours(retention)} after producer cutover`, at: new Date(ends).toISOString() })
    }
  }
  if (history.phase === 'producers-on-target') {
    const target = snapshot.sides.target
    const before = history.entrySnapshot?.sides.target
    if (target.status !== 'ok' || before?.status !== 'ok') {
      limits.push({ kind: 'no-evidence', subject: 'target', message: 'target-only writes since producer cutover cannot be counted: no target evidence at cutover and now', at: null })
    } else {
      for (const t of critical) {
        const sum = (inv: Inventory) => inv.topics.filter((x) => x.name === t.targetName).flatMap((x) => x.partitions).reduce((s, p) => s + p.latest, 0)
        const written = sum(target.inventory) - sum(before.inventory)
        if (written > 0) {
          limits.push({
            kind: 'target-only-writes', subject: t.targetName,
            message: `${written} record(s) written to ${t.targetName} on the target since producer cutover: rollback needs them replicated back or accepted as a loss window`,
            at: null,
          })
        }
      }
    }
  }
  // a schema version only the target holds, not compatible both ways, ends rollback: a producer
  // returning to the source cannot register it, and the source's readers cannot read its data
  let schemasEnd = false
  for (const f of schemaFactors({ plan, snapshot }, critical.map((t) => t.name))) {
    if (f.status === 'fail') {
      schemasEnd = true
      const at = f.at === null ? Number.NaN : Date.parse(f.at)
      if (!Number.isNaN(at)) until = until === null ? at : Math.min(until, at)
      limits.push({ kind: 'target-only-schemas', subject: f.subject, message: `${f.message}; rollback ends unless the version is made compatible or removed`, at: f.at })
    } else if (f.status === 'unknown') {
      limits.push({ kind: 'no-evidence', subject: f.subject, message: f.message, at: null })
    }
  }
  const untilIso = until === null ? null : new Date(until).toISOString()
  const expired = (until !== null && until <= now.getTime()) || schemasEnd
  const status = expired ? 'unavailable' : limits.some((l) => l.kind === 'no-evidence') ? 'unknown' : limits.length > 0 ? 'limited' : 'available'
  return { status, until: untilIso, limits }
}
