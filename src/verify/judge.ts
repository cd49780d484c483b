/**
 * @module verify/judge
 * What a topic's verification means for the migration, shared by the command's exit code and the
 * shadow-read gate: clean, or which differences, where, and whether they fail. Pure.
 *
 * - not read to the end (an error, a difference longer than the window): `unknown` — nothing proven;
 * - missing, extra, aborted-on-target, altered, out of order, at another offset (offset-preserving),
 *   or an offset sync naming the wrong record: `fail`;
 * - duplicates: `warn` under MirrorMaker 2 (at-least-once by design: consumers must tolerate them),
 *   `fail` under offset-preserving replication (a duplicate shifts every later offset);
 * - lag beyond the topic's limit (`lag.records`, else `gates.lag.records`): `fail` — parity is only
 *   proven up to the lag, and the plan says that much is too much;
 * - for a topic the plan marks standard, a failure only warns.
 */
import type { Plan } from '../plan/schema.ts'
import type { Counts, PartitionReport, TopicReport } from './types.ts'

export type Verdict = 'pass' | 'warn' | 'fail' | 'unknown'

export interface TopicVerdict {
  status: Verdict
  message: string
  totals: Counts & { compared: number, matched: number, lag: number, partitions: number, incomplete: number, timestampDifferences: number, compactedAway: number, outsideRange: number, syncsChecked: number }
  /** partitions with a difference, with the first divergence of each */
  diverged: Array<{ partition: number, status: PartitionReport['status'], firstDivergence: PartitionReport['firstDivergence'], error: string | null }>
}

const kinds = ['missing', 'extra', 'aborted', 'duplicate', 'mismatch', 'order', 'offset', 'sync'] as const
const words: Record<(typeof kinds)[number], string> = {
  missing: 'missing on the target', extra: 'extra on the target', aborted: 'aborted on the source but on the target', duplicate: 'duplicated',
  mismatch: 'altered', order: 'out of order', offset: 'at another offset', sync: 'offset sync(s) naming the wrong record',
}
const n = (x: number) => x.toLocaleString('en-US')

export function lagLimit (plan: Pick<Plan, 'topics' | 'gates'>, topic: string): number | undefined {
  const own = plan.topics.find((t) => (t.names ?? []).includes(topic) || (t.regex !== undefined && new RegExp(t.regex).test(topic)))?.lag?.records
  return own ?? plan.gates.lag.records
}

export function judgeTopic (plan: Pick<Plan, 'topics' | 'gates' | 'replication'>, report: TopicReport): TopicVerdict {
  const totals: TopicVerdict['totals'] = {
    missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0,
    compared: 0, matched: 0, lag: 0, partitions: report.partitions.length, incomplete: 0, timestampDifferences: 0, compactedAway: 0, outsideRange: 0, syncsChecked: 0,
  }
  const diverged: TopicVerdict['diverged'] = []
  for (const p of report.partitions) {
    for (const k of kinds) totals[k] += p.counts[k]
    totals.compared += p.compared
    totals.matched += p.matched
    totals.lag += p.lag.records
    totals.timestampDifferences += p.timestampDifferences
    totals.compactedAway += p.compactedAway.source + p.compactedAway.target
    totals.outsideRange += p.outsideRange.source + p.outsideRange.target
    totals.syncsChecked += p.syncs.checked
    if (p.status === 'incomplete') totals.incomplete++
    if (p.status !== 'clean') diverged.push({ partition: p.partition, status: p.status, firstDivergence: p.firstDivergence, error: p.error })
  }
  const where = (kind: (typeof kinds)[number] | null) => {
    const first = report.partitions.find((p) => (kind === null ? p.status === 'incomplete' : p.counts[kind] > 0))
    const d = kind === null ? null : first?.samples.find((s) => s.kind === kind) ?? null
    if (!first) return ''
    if (!d) return ` (first in partition ${first.partition}${kind === null && first.error ? `: ${first.error}` : ''})`
    return ` (first: partition ${first.partition}, source offset ${d.source?.offset ?? '-'}, target offset ${d.target?.offset ?? '-'})`
  }
  const critical = report.criticality === 'critical'
  const failing = critical ? 'fail' : 'warn'
  const summary = `${n(totals.compared)} record(s) compared on ${totals.partitions} partition(s)`
  if (totals.incomplete > 0) {
    return { status: 'unknown', message: `${totals.incomplete} of ${totals.partitions} partition(s) not verified to the end${where(null)}; ${summary}`, totals, diverged }
  }
  const isFailure = (k: (typeof kinds)[number]) => k !== 'duplicate' || plan.replication.kind === 'offset-preserving'
  const failures = kinds.filter((k) => totals[k] > 0 && isFailure(k))
  if (failures.length) {
    return { status: failing, message: `${failures.map((k) => `${n(totals[k])} ${words[k]}${where(k)}`).join('; ')}; ${summary}`, totals, diverged }
  }
  const limit = lagLimit(plan, report.topic)
  if (limit !== undefined && totals.lag > limit) {
    return { status: failing, message: `${n(totals.lag)} record(s) not replicated yet, beyond the lag limit of ${n(limit)}: parity is proven only up to them; ${summary}`, totals, diverged }
  }
  const extras = [
    totals.lag ? `${n(totals.lag)} record(s) not replicated yet (lag, within ${n(limit ?? 0)})` : '',
    totals.timestampDifferences ? `${n(totals.timestampDifferences)} copy(ies) with another timestamp (not compared)` : '',
    totals.compactedAway ? `${n(totals.compactedAway)} record(s) compacted away on one side only` : '',
    totals.outsideRange ? `${n(totals.outsideRange)} record(s) retained by one side only, outside the compared range` : '',
    totals.syncsChecked ? `${n(totals.syncsChecked)} offset sync(s) confirmed by content` : '',
  ].filter(Boolean)
  if (totals.duplicate > 0) {
    return { status: 'warn', message: `${n(totals.duplicate)} duplicated${where('duplicate')}: MirrorMaker 2 is at-least-once, consumers of the target read them twice; otherwise identical; ${summary}${extras.length ? `; ${extras.join('; ')}` : ''}`, totals, diverged }
  }
  return { status: 'pass', message: `identical: ${summary}${extras.length ? `; ${extras.join('; ')}` : ''}`, totals, diverged }
}
