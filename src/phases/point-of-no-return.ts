/**
 * @module phases/point-of-no-return
 * When rollback stops being possible without loss, computed from evidence (pure). Each factor that
 * ends it gives a time (or says it already has, or that it cannot be told); the point of no return
 * is the earliest:
 * - source retention: after producer cutover the source gets no new writes, so the records at the
 *   rollback positions (the source's log end at cutover) are deleted one `retention.ms` after it —
 *   before cutover, one retention after now, were producers to move now. A critical group whose
 *   source position is already below the log start has lost it now;
 * - target-only writes since producer cutover (target log ends against the snapshot taken at
 *   cutover): without a documented handling they are lost by a rollback from the first one; with
 *   reverse-replicate or replay, until the target's retention deletes them (cutover + target
 *   `retention.ms`); with accept-gap, once they span more than the accepted `maxGap`;
 * - target-only schema versions (of the critical topics' subjects) not compatible both ways: a
 *   producer returning to the source cannot register them, its readers cannot read their data;
 * - irreversible connector side effects: a sink the plan marks non-idempotent running on the target
 *   (connector evidence, when the snapshot has it): what it wrote is not undone by a rollback.
 * A factor whose evidence is missing is `unknown`, and so is the point.
 */
import type { ConnectSideEvidence } from '../connect/types.ts'
import { formatDuration } from '../gates/evidence.ts'
import { selectTopics, targetTopicName } from '../gates/select-topics.ts'
import type { GatePhase } from '../gates/types.ts'
import type { Plan } from '../plan/schema.ts'
import { criticalSubjects, judgeBothWays } from '../registry/both-ways.ts'
import type { Inventory, InventoryTopic } from '../snapshot/inventory.ts'
import type { Snapshot } from '../snapshot/types.ts'
import { phases } from './phases.ts'

/** Kafka's built-in default for retention.ms (log.retention.hours=168). */
const defaultRetentionMs = 7 * 24 * 3600_000

export type FactorKind = 'source-retention' | 'target-only-writes' | 'target-only-schemas' | 'connector-side-effects'

export interface NoReturnFactor {
  kind: FactorKind
  subject: string
  /** pass: ends rollback at `at` (or never); fail: already ended it; warn: a caveat; unknown: cannot tell */
  status: 'pass' | 'warn' | 'fail' | 'unknown'
  /** when it ends rollback; null: not time-bound, or unknown */
  at: string | null
  message: string
  evidence: unknown
}

export interface PointOfNoReturn {
  /** the earliest time a factor ends rollback; null when none is time-bound */
  at: string | null
  /** the factor that sets it */
  reason: string | null
  /** whether it is already past at evaluation time */
  passed: boolean
  /** whether some factor could not be told (then `at` is only an upper bound) */
  complete: boolean
  /** what `at` was measured from: the producer cutover, or now when producers have not moved */
  anchor: { kind: 'producer-cutover' | 'now', at: string }
  factors: NoReturnFactor[]
}

export interface NoReturnInput {
  plan: Plan
  snapshot: Snapshot
  source: Inventory
  target: Inventory
  phase: GatePhase | null | undefined
  now: Date
}

/** A topic's effective retention.ms; Infinity when it deletes nothing by time (-1, or compaction only). */
export function retentionOf (topic: InventoryTopic): number {
  const effective = topic.effectiveConfigs ?? {}
  const policy = effective['cleanup.policy'] ?? topic.configs['cleanup.policy']?.value ?? 'delete'
  if (!policy.split(',').map((p) => p.trim()).includes('delete')) return Infinity
  const raw = effective['retention.ms'] ?? topic.configs['retention.ms']?.value ?? null
  const ms = raw === null ? defaultRetentionMs : Number(raw)
  return !Number.isFinite(ms) || ms < 0 ? Infinity : ms
}

const iso = (ms: number) => new Date(ms).toISOString()
const afterCutover = (phase: GatePhase | null | undefined) => phase != null && phases.indexOf(phase.current) >= phases.indexOf('producers-on-target')

function retentionFactors (input: NoReturnInput, critical: string[], anchorMs: number, anchorText: string): NoReturnFactor[] {
  const out: NoReturnFactor[] = []
  for (const name of critical) {
    const topic = input.source.topics.find((t) => t.name === name)
    if (topic === undefined) continue
    const retention = retentionOf(topic)
    const oldest = topic.partitions.length ? Math.min(...topic.partitions.map((p) => p.earliest)) : null
    const evidence = { topic: name, retentionMs: retention === Infinity ? -1 : retention, anchor: iso(anchorMs), logStartOffsets: topic.partitions.map((p) => ({ partition: p.partition, earliest: p.earliest, latest: p.latest })) }
    if (retention === Infinity) {
      out.push({ kind: 'source-retention', subject: name, status: 'pass', at: null, message: `source ${name} deletes nothing by time (retention.ms -1 or compaction only): no retention horizon`, evidence })
      continue
    }
    const at = anchorMs + retention
    const status = at <= input.now.getTime() ? 'fail' : 'pass'
    out.push({ kind: 'source-retention', subject: name, status, at: iso(at),
      message: `source ${name}: retention.ms ${formatDuration(retention)} after ${anchorText} deletes the records at the rollback positions at ${iso(at)}${status === 'fail' ? ' (already passed)' : ` (in ${formatDuration(at - input.now.getTime())})`}${oldest !== null ? `; log start offset now ${oldest}` : ''}`, evidence })
  }
  // a critical group already positioned below what the source retains has lost its rollback position
  const replication = input.snapshot.replication
  if (replication?.status === 'ok' && Array.isArray(replication.evidence.groups)) {
    for (const g of replication.evidence.groups) {
      const lost = g.partitions.filter((p) => p.logStart !== null && p.committed < p.logStart)
      if (lost.length === 0) continue
      out.push({ kind: 'source-retention', subject: g.group, status: 'fail', at: input.snapshot.capturedAt,
        message: `group ${g.group}: its source position is below the log start on ${lost.map((p) => `${p.topic}-${p.partition} (${p.committed} < ${p.logStart})`).join(', ')}: those records are already deleted`, evidence: { group: g.group, partitions: lost } })
    }
  }
  return out
}

function writesFactors (input: NoReturnInput, critical: string[]): NoReturnFactor[] {
  const { plan, phase } = input
  const cutover = phase?.producerCutover ?? null
  if (!afterCutover(phase)) return [{ kind: 'target-only-writes', subject: 'target', status: 'pass', at: null, message: 'producers have not moved to the target: no target-only writes yet', evidence: { phase: phase?.current ?? null } }]
  if (cutover === null || cutover.baseline === null) {
    return [{ kind: 'target-only-writes', subject: 'target', status: 'unknown', at: null, message: 'no snapshot taken at or after producer cutover: target-only writes cannot be counted (take a snapshot)', evidence: { cutover } }]
  }
  const before = cutover.baseline.snapshot.sides.target
  if (before?.status !== 'ok') return [{ kind: 'target-only-writes', subject: 'target', status: 'unknown', at: null, message: 'the cutover snapshot holds no target evidence: target-only writes cannot be counted', evidence: { baseline: cutover.baseline.evidenceId } }]
  const out: NoReturnFactor[] = []
  const cutoverMs = Date.parse(cutover.at)
  for (const name of critical) {
    const targetName = targetTopicName(plan, name)
    const sum = (inv: Inventory) => inv.topics.filter((t) => t.name === targetName).flatMap((t) => t.partitions).reduce((s, p) => s + p.latest, 0)
    const written = sum(input.target) - sum(before.inventory)
    const evidence = { topic: targetName, written, cutover: cutover.at, baseline: cutover.baseline.evidenceId, handling: plan.rollback?.targetOnlyWrites ?? null }
    if (written <= 0) {
      out.push({ kind: 'target-only-writes', subject: targetName, status: 'pass', at: null, message: `no record written to ${targetName} on the target since producer cutover`, evidence })
      continue
    }
    const r = plan.rollback
    if (r === undefined) {
      out.push({ kind: 'target-only-writes', subject: targetName, status: 'fail', at: cutover.at, message: `${written} record(s) written to ${targetName} on the target since producer cutover, and the plan documents no handling (rollback.targetOnlyWrites): a rollback loses them`, evidence })
    } else if (r.targetOnlyWrites === 'accept-gap') {
      const at = cutoverMs + (r.maxGap ?? 0)
      out.push({ kind: 'target-only-writes', subject: targetName, status: at <= input.now.getTime() ? 'fail' : 'pass', at: iso(at), message: `${written} record(s) written to ${targetName} on the target since producer cutover, accepted as lost up to rollback.maxGap ${formatDuration(r.maxGap ?? 0)}: the loss exceeds it at ${iso(at)}`, evidence })
    } else {
      const topic = input.target.topics.find((t) => t.name === targetName)
      const retention = topic === undefined ? defaultRetentionMs : retentionOf(topic)
      const at = retention === Infinity ? null : cutoverMs + retention
      out.push({ kind: 'target-only-writes', subject: targetName, status: at !== null && at <= input.now.getTime() ? 'fail' : 'pass', at: at === null ? null : iso(at),
        message: `${written} record(s) written to ${targetName} on the target since producer cutover, to be ${r.targetOnlyWrites === 'replay' ? 'replayed' : `reverse-replicated (${r.reverseFlow})`} to the source${at === null ? '' : `: possible until the target's retention deletes them at ${iso(at)}`}`, evidence })
    }
  }
  return out
}

/** The target-only schema versions of the critical topics' subjects, judged both ways (also for rollback availability). */
export function schemaFactors (input: Pick<NoReturnInput, 'plan' | 'snapshot'>, critical: string[]): NoReturnFactor[] {
  const { plan, snapshot } = input
  const configured = plan.clusters.source.schemaRegistry !== undefined || plan.clusters.target.schemaRegistry !== undefined
  if (!configured && plan.schemas === undefined) return [{ kind: 'target-only-schemas', subject: 'schemas', status: 'pass', at: null, message: 'no schema registry in the plan: no schema state to diverge', evidence: null }]
  const s = snapshot.registries?.source
  const t = snapshot.registries?.target
  if (s?.status !== 'ok' || t?.status !== 'ok') {
    return [{ kind: 'target-only-schemas', subject: 'schemas', status: 'unknown', at: null, message: 'the schema registries were not both captured: target-only schema versions cannot be told', evidence: { source: s?.status ?? null, target: t?.status ?? null } }]
  }
  const compat = snapshot.schemaCompatibility
  const { verdicts } = judgeBothWays(plan, criticalSubjects(plan, critical), { source: s.registry, target: t.registry }, compat?.status === 'ok' ? compat.evidence : null)
  const targetOnly = verdicts.filter((v) => v.direction === 'target-to-source')
  if (targetOnly.length === 0) return [{ kind: 'target-only-schemas', subject: 'schemas', status: 'pass', at: null, message: 'no schema version of the critical topics\' subjects only on the target', evidence: null }]
  return targetOnly.map((v): NoReturnFactor => ({
    kind: 'target-only-schemas',
    subject: v.subject,
    status: v.status === 'fail' ? 'fail' : v.status === 'unknown' ? 'unknown' : 'pass',
    at: v.status === 'fail' ? snapshot.capturedAt : null,
    message: v.status === 'fail' ? `${v.message}: a producer returning to the source cannot use it` : v.message,
    evidence: { version: v.version, id: v.id, level: v.level, registry: v.registry, local: v.local },
  }))
}

function connectorFactors (input: NoReturnInput): NoReturnFactor[] {
  const { plan } = input
  const connect = (input.snapshot as { connect?: Record<'source' | 'target', ConnectSideEvidence> }).connect?.target
  const planned = plan.connectors.filter((c) => c.side === 'target')
  if (connect === undefined) {
    if (plan.clusters.target.connect === undefined && planned.length === 0) return [{ kind: 'connector-side-effects', subject: 'connectors', status: 'pass', at: null, message: 'no Kafka Connect on the target in the plan: no connector side effects to account for', evidence: null }]
    return [{ kind: 'connector-side-effects', subject: 'connectors', status: 'unknown', at: null, message: 'the snapshot holds no connector evidence of the target: irreversible side effects cannot be told', evidence: null }]
  }
  if (connect.status === 'not-configured') {
    return [{ kind: 'connector-side-effects', subject: 'connectors', status: planned.length ? 'unknown' : 'pass', at: null, message: planned.length ? `the plan lists connector(s) on the target (${planned.map((c) => c.name).join(', ')}) but no clusters.target.connect to read them from` : 'no Kafka Connect on the target in the plan', evidence: null }]
  }
  if (connect.status !== 'ok') return [{ kind: 'connector-side-effects', subject: 'connectors', status: 'unknown', at: null, message: `the target's Kafka Connect could not be read: ${connect.error}`, evidence: { status: connect.status } }]
  const out: NoReturnFactor[] = []
  const since = input.phase?.producerCutover?.at ?? input.snapshot.capturedAt
  for (const c of connect.connect.connectors.filter((x) => x.type === 'sink' && x.state === 'RUNNING')) {
    const classified = plan.connectors.find((p) => p.name === c.name)
    const evidence = { connector: c.name, state: c.state, sideEffect: classified?.sideEffect ?? null }
    if (classified === undefined) {
      out.push({ kind: 'connector-side-effects', subject: c.name, status: 'warn', at: null, message: `sink ${c.name} runs on the target and the plan does not classify its side effect (connectors[].sideEffect): whether a rollback can undo what it wrote is unknown`, evidence })
    } else if (classified.sideEffect === 'non-idempotent') {
      out.push({ kind: 'connector-side-effects', subject: c.name, status: 'fail', at: since, message: `non-idempotent sink ${c.name} runs on the target: what it wrote since ${since} is not undone by a rollback (compensation: ${classified.compensatingAction?.owner ?? 'none'})`, evidence })
    } else {
      out.push({ kind: 'connector-side-effects', subject: c.name, status: 'pass', at: null, message: `sink ${c.name} runs on the target with ${classified.sideEffect} side effects: a rollback can repeat them safely`, evidence })
    }
  }
  if (out.length === 0) out.push({ kind: 'connector-side-effects', subject: 'connectors', status: 'pass', at: null, message: 'no sink connector running on the target', evidence: { connectors: connect.connect.connectors.length } })
  return out
}

export function pointOfNoReturn (input: NoReturnInput): PointOfNoReturn {
  const critical = selectTopics(input.plan, input.source).topics.filter((t) => t.criticality === 'critical' && t.exists).map((t) => t.name)
  const cutover = afterCutover(input.phase) ? input.phase?.producerCutover ?? null : null
  const anchor = cutover !== null
    ? { kind: 'producer-cutover' as const, at: cutover.at }
    : { kind: 'now' as const, at: input.now.toISOString() }
  const anchorText = anchor.kind === 'producer-cutover' ? `producer cutover (${anchor.at})` : 'now, were producers to move now'
  const factors = [
    ...retentionFactors(input, critical, Date.parse(anchor.at), anchorText),
    ...writesFactors(input, critical),
    ...schemaFactors(input, critical),
    ...connectorFactors(input),
  ]
  let earliest: NoReturnFactor | null = null
  for (const f of factors) {
    if (f.at === null) continue
    if (earliest === null || Date.parse(f.at) < Date.parse(earliest.at!)) earliest = f
  }
  return {
    at: earliest?.at ?? null,
    reason: earliest === null ? null : `${earliest.kind} (${earliest.subject}): ${earliest.message}`,
    passed: earliest !== null && Date.parse(earliest.at!) <= input.now.getTime(),
    complete: factors.every((f) => f.status !== 'unknown'),
    anchor,
    factors,
  }
}
