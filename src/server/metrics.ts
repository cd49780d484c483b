/**
 * @module server/metrics
 * `/metrics` in Prometheus text format, shaped from the dashboard's data so the page, the JSON API
 * and the metrics can never disagree. A fresh registry per scrape: every series describes the
 * journal as it is now, and a gate or partition that disappears stops being exported.
 *
 * Fail closed here too: a figure we do not know is not exported (no sample), never guessed —
 * e.g. `rollgate_rollback_available_seconds` is absent while availability is unknown, so an alert
 * on `absent(...)` or on the status series fires instead of a reassuring number.
 */
import { Gauge, Registry } from 'prom-client'
import { checkStatuses } from '../gates/status.ts'
import { phases } from '../phases/phases.ts'
import type { BoardStatus } from './board.ts'
import type { DashboardData } from './data.ts'
import { numericFigures } from './figures.ts'

const boardStatuses: readonly BoardStatus[] = [...checkStatuses, 'not-evaluated']
const rollbackStatuses = ['available', 'limited', 'unavailable', 'unknown'] as const

const seconds = (iso: string | null): number | null => {
  const ms = iso === null ? Number.NaN : Date.parse(iso)
  return Number.isNaN(ms) ? null : ms / 1000
}

export function metricsRegistry (data: DashboardData): Registry {
  const registry = new Registry()
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers: [registry] })
  // prom-client starts a gauge without labels at 0: an unknown figure must have no sample instead
  const single = (name: string, help: string, value: number | null): void => {
    const g = gauge(name, help)
    if (value === null) g.remove()
    else g.set(value)
  }

  const phase = gauge('rollgate_phase', 'the current migration phase (1 for the current one)', ['phase'])
  for (const p of phases) phase.set({ phase: p }, p === data.phase.current ? 1 : 0)
  const authority = gauge('rollgate_write_authority', 'the cluster that owns writes (1 for the owner)', ['side'])
  for (const side of ['source', 'target'] as const) authority.set({ side }, side === data.phase.writeAuthority ? 1 : 0)
  single('rollgate_point_of_no_return_passed', '1 once the point of no return (entering target-authoritative) has been passed', data.timeline.pointOfNoReturn.passed ? 1 : 0)

  const status = gauge('rollgate_gate_status', 'the last recorded verdict of each gate (1 for its status)', ['gate', 'status'])
  const passing = gauge('rollgate_gate_passing', '1 when the gate\'s last verdict lets the migration proceed (pass or warn); unknown and not evaluated are 0', ['gate'])
  const evaluated = gauge('rollgate_gate_last_evaluated_timestamp_seconds', 'when each gate was last evaluated (unix time)', ['gate'])
  const checks = gauge('rollgate_gate_checks', 'checks of each gate\'s last verdict, by status', ['gate', 'status'])
  for (const g of data.gates) {
    for (const s of boardStatuses) status.set({ gate: g.gate, status: s }, g.status === s ? 1 : 0)
    passing.set({ gate: g.gate }, g.status === 'pass' || g.status === 'warn' ? 1 : 0)
    const at = seconds(g.evaluatedAt)
    if (at !== null) evaluated.set({ gate: g.gate }, at)
    for (const s of checkStatuses) checks.set({ gate: g.gate, status: s }, g.counts[s])
  }

  const rollback = gauge('rollgate_rollback_status', 'rollback availability (1 for the current status)', ['status'])
  for (const s of rollbackStatuses) rollback.set({ status: s }, data.rollback.status === s ? 1 : 0)
  single('rollgate_rollback_available_seconds', 'seconds until rollback stops being possible: +Inf while not time-bound, 0 once unavailable; absent while unknown',
    data.rollback.status === 'unavailable' ? 0 : data.rollback.status === 'unknown' ? null : data.rollback.secondsLeft ?? Number.POSITIVE_INFINITY)
  single('rollgate_rollback_until_timestamp_seconds', 'when rollback stops being possible (unix time); absent while not time-bound or unknown', seconds(data.rollback.until))

  single('rollgate_last_snapshot_age_seconds', 'age of the latest recorded snapshot; absent when none', data.snapshot?.ageSeconds ?? null)
  single('rollgate_last_snapshot_timestamp_seconds', 'when the latest recorded snapshot was captured (unix time); absent when none', seconds(data.snapshot?.capturedAt ?? null))
  single('rollgate_journal_seq', 'seq of the last journal entry (0: nothing recorded)', data.journal.seq ?? 0)

  const lagRecords = gauge('rollgate_replication_lag_records', 'records the target copy is behind, per critical partition, at the latest snapshot', ['topic', 'partition'])
  const lagSeconds = gauge('rollgate_replication_lag_seconds', 'age of the oldest source record not yet on the target, per critical partition, at the latest snapshot', ['topic', 'partition'])
  for (const p of data.lag.latest?.partitions ?? []) {
    const labels = { topic: p.topic, partition: String(p.partition) }
    if (p.records !== null) lagRecords.set(labels, p.records)
    if (p.seconds !== null) lagSeconds.set(labels, p.seconds)
  }
  single('rollgate_replication_lag_timestamp_seconds', 'when the latest replication lag evidence was captured (unix time); absent when none', seconds(data.lag.latest?.capturedAt ?? null))

  const replay = gauge('rollgate_offsets_replay_records', 'records each group would read again after switching, by the latest translation (bounded partitions)', ['group'])
  const untranslatable = gauge('rollgate_offsets_untranslatable_partitions', 'partitions of each group with no translated position', ['group'])
  for (const g of data.groups.groups) {
    if (g.partitions.length === 0) continue
    replay.set({ group: g.group }, g.replay.total)
    untranslatable.set({ group: g.group }, g.untranslatable)
  }

  for (const [kind, found] of [['rehearsal', data.rehearsal], ['verify', data.verify]] as const) {
    single(`rollgate_${kind}_recorded_timestamp_seconds`, `when the latest ${kind} result was journaled (unix time); absent when none`, seconds(found?.recordedAt ?? null))
    const figure = gauge(`rollgate_${kind}_figure`, `numeric figures of the latest ${kind} result, by their path in its JSON (booleans as 0/1, lists by length)`, ['figure'])
    for (const f of numericFigures(found?.figures ?? [])) figure.set({ figure: f.name }, f.value)
  }

  single('rollgate_dashboard_problems', 'pieces of recorded evidence the dashboard could not read', data.problems.length)
  return registry
}

export async function renderMetrics (data: DashboardData): Promise<{ text: string, contentType: string }> {
  const registry = metricsRegistry(data)
  return { text: await registry.metrics(), contentType: registry.contentType }
}
