/**
 * @module actions/rollback
 * Rollback as a command: from the phase the journal records, give write authority back to the
 * source — check it is still available, make sure the critical groups are quiet on the target,
 * compute their source positions from their progress on the target (reverse translation, proven
 * where the strategy asks), reset the source groups (guarded and journaled like `offsets apply`),
 * run the clients' switch back, account for target-only writes (count, list, or copy back), and
 * watch the groups resume on the source. A dry run prints the same steps with the values it would
 * use. Every mutation goes through the journal, so a re-run after a crash converges.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Producer } from '@platformatic/kafka'
import { ExitCode, RollgateError } from '../errors.ts'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { tpKey } from '../kafka/types.ts'
import { type StateDir, withIntent } from '../journal/index.ts'
import { applyResetPlan } from '../offsets/apply.ts'
import { captureOffsets } from '../offsets/capture.ts'
import { mm2Flow } from '../offsets/mm2-state.ts'
import { resetPlanFrom, translateForPlan } from '../offsets/service.ts'
import type { OffsetTranslation, ResetPlan } from '../offsets/types.ts'
import { phaseHistory } from '../phases/history.ts'
import type { Phase } from '../phases/phases.ts'
import { migrationStatus } from '../phases/status.ts'
import type { Plan } from '../plan/schema.ts'
import { redact, secretsIn } from '../plan/secret.ts'
import { originalTopic } from '../replication/naming.ts'
import { selectTopics } from '../gates/select-topics.ts'
import { takeSnapshot } from '../snapshot/record.ts'
import type { Snapshot } from '../snapshot/types.ts'

export interface RollbackOptions {
  execute: boolean
  /** go ahead although rollback is no longer available (journaled with the reason) */
  force?: boolean
  reason?: string
  /** copy target-only writes back to the source instead of only reporting them */
  replayTargetWrites?: boolean
  /** how long to wait for the critical groups to become inactive on the target */
  waitInactiveMs?: number
  /** how long to watch for the groups to resume on the source (0: do not watch) */
  waitResumeMs?: number
  /** bound on each client switch command */
  commandTimeoutMs?: number
}

export type StepStatus = 'done' | 'would' | 'skipped' | 'refused' | 'failed'

export interface RollbackStep { step: string, status: StepStatus, detail: string, data?: unknown }

export interface TargetOnlyWrites { topic: string, sourceTopic: string, partition: number, from: number, to: number, records: number }

export interface RollbackResult {
  type: 'rollgate.rollback/v1'
  execute: boolean
  from: Phase
  to: Phase
  startedAt: string
  steps: RollbackStep[]
  /** per group: records each group will read again on the source */
  replay: Array<{ group: string, records: number | null }>
  targetOnlyWrites: TargetOnlyWrites[]
  /** rollback start → the groups seen resuming on the source; null when not watched or not seen */
  restoreMs: number | null
  ok: boolean
}

export type RollbackClients = Record<'source' | 'target', ClusterClient>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The phase rollback returns to: source authority with replication running (or nothing moved yet). */
export function rollbackPhase (from: Phase): Phase {
  return from === 'replicating' ? 'prepare' : from === 'prepare' ? 'prepare' : 'replicating'
}

export async function rollback (plan: Plan, planText: string, state: StateDir, clients: RollbackClients, options: RollbackOptions): Promise<RollbackResult> {
  const t0 = Date.now()
  const entries = state.journal.entries()
  const history = phaseHistory(entries, state.evidence)
  const to = rollbackPhase(history.phase)
  const steps: RollbackStep[] = []
  const result: RollbackResult = { type: 'rollgate.rollback/v1', execute: options.execute, from: history.phase, to, startedAt: new Date(t0).toISOString(), steps, replay: [], targetOnlyWrites: [], restoreMs: null, ok: true }
  const act = (status: StepStatus): StepStatus => (options.execute ? status : 'would')
  const fail = (step: string, detail: string, status: StepStatus = 'refused'): RollbackResult => {
    steps.push({ step, status, detail })
    result.ok = false
    return result
  }

  // 1. still available?
  if (history.phase === 'prepare') {
    steps.push({ step: 'availability', status: 'skipped', detail: 'phase prepare: no client uses the target, nothing to roll back' })
    return result
  }
  const recorded = await takeSnapshot(plan, planText, state)
  const status = migrationStatus(plan, state.journal.entries(), state.evidence, new Date())
  if (status.rollback.status === 'unavailable' || status.rollback.status === 'unknown') {
    const why = status.rollback.limits.map((l) => l.message).join('; ') || status.rollback.status
    if (!options.force) return fail('availability', `rollback is ${status.rollback.status}: ${why}; refusing (--force --reason "<why>" to go ahead)`)
    if (!options.reason?.trim()) throw new RollgateError('RG_BAD_INPUT', '--force needs --reason "<why>"', ExitCode.badInput)
    if (options.execute) state.journal.append('note', { decision: `rollback from ${history.phase} although rollback is ${status.rollback.status}`, reason: options.reason })
    steps.push({ step: 'availability', status: act('done'), detail: `FORCED although ${status.rollback.status}: ${options.reason}` })
  } else {
    steps.push({ step: 'availability', status: 'done', detail: `rollback is ${status.rollback.status}${status.rollback.until ? ` until ${status.rollback.until}` : ''}`, data: status.rollback })
  }

  // 2. the critical groups must be quiet on the target: a live member would commit over the rollback
  const groups = plan.groups.filter((g) => g.criticality === 'critical').map((g) => g.name)
  const until = Date.now() + (options.waitInactiveMs ?? 0)
  for (;;) {
    const target = await captureOffsets(clients.target, 'target', groups)
    const active = target.groups.filter((g) => g.members.length > 0)
    if (active.length === 0) {
      steps.push({ step: 'target groups inactive', status: 'done', detail: `${groups.length} critical group(s) have no member on the target` })
      break
    }
    if (Date.now() >= until) {
      return fail('target groups inactive', `still active on the target: ${active.map((g) => `${g.group} (${g.state}, ${g.members.length} member(s): ${g.members.map((m) => m.clientId).join(', ')})`).join('; ')} — stop them first (the plan's client switch, or their deployment)`)
    }
    await sleep(500)
  }

  // 3. source positions from the groups' progress on the target (reverse translation)
  const targetCapture = await captureOffsets(clients.target, 'target', groups)
  const captureId = state.evidence.put(targetCapture)
  const run = await translateForPlan(plan, clients, targetCapture, 'target-to-source')
  const translation: OffsetTranslation = { ...run.translation, captureId }
  const translationId = state.evidence.put(translation)
  state.journal.append('evidence', { evidenceId: translationId, kind: 'offsets-translation', summary: `rollback target-to-source: ${translation.partitions.length} partition(s)` })
  const sourceNow = await captureOffsets(clients.source, 'source', groups)
  const resetPlan = keepSourceProgress(resetPlanFrom(translation, translationId, sourceNow))
  for (const g of groups) {
    const parts = translation.partitions.filter((p) => p.group === g && p.to !== null)
    result.replay.push({ group: g, records: parts.every((p) => p.replay !== null) ? parts.reduce((s, p) => s + (p.replay ?? 0), 0) : null })
  }
  const untranslatable = translation.partitions.filter((p) => p.to === null && p.untranslatable)
  steps.push({
    step: 'source positions', status: untranslatable.length ? 'failed' : 'done',
    detail: `${translation.partitions.length - untranslatable.length} partition(s) positioned on the source` +
      (untranslatable.length ? `; untranslatable: ${untranslatable.map((p) => `${p.group} ${p.topic}-${p.partition} (${p.untranslatable})`).join(', ')}` : ''),
    data: { translationId, replay: result.replay },
  })
  if (untranslatable.length) result.ok = false

  // 4. reset the source groups (guarded: only Empty/Dead groups; journaled; read back)
  const resetPlanId = state.evidence.put(resetPlan)
  state.journal.append('evidence', { evidenceId: resetPlanId, kind: 'reset-plan', summary: `rollback: ${resetPlan.groups.length} group(s) on the source` })
  const applied = await applyResetPlan(resetPlan, clients, state, { execute: options.execute, resetPlanId })
  const refused = applied.groups.filter((g) => g.status === 'refused' || g.status === 'failed')
  steps.push({
    step: 'reset source groups', status: refused.length ? 'refused' : act('done'),
    detail: applied.groups.map((g) => `${g.group}: ${g.status}${g.message ? ` (${g.message})` : ''}${g.error ? ` (${g.error})` : ''}`).join('; ') || 'no group to reset',
    data: { resetPlanId, counts: applied.counts },
  })
  if (refused.length) result.ok = false

  // 5. clients back to the source
  const secrets = secretsIn(plan)
  for (const client of plan.clients) {
    if (!options.execute) {
      steps.push({ step: `switch ${client.name}`, status: 'would', detail: `${client.owner}: ${client.switchToSource}` })
      continue
    }
    try {
      const output = await withIntent(state.journal, { actionId: `client-${randomUUID()}`, action: 'client.switch', changes: [{ subject: `client ${client.name}`, before: 'target', after: 'source' }] }, () => {
        const r = spawnSync('sh', ['-c', client.switchToSource], { encoding: 'utf8', timeout: options.commandTimeoutMs ?? 60_000 })
        const text = redact(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), secrets).slice(-2000)
        if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${text}`)
        return text
      })
      steps.push({ step: `switch ${client.name}`, status: 'done', detail: `${client.owner}: ${client.switchToSource}${output ? ` → ${output}` : ''}` })
    } catch (error) {
      steps.push({ step: `switch ${client.name}`, status: 'failed', detail: redact((error as Error).message, secrets) })
      result.ok = false
    }
  }

  // 6. target-only writes since producer cutover
  if (history.phase === 'producers-on-target' || history.phase === 'target-authoritative') {
    const writes = targetOnlyWrites(plan, history.entrySnapshot, recorded.snapshot)
    result.targetOnlyWrites = writes
    const total = writes.reduce((s, w) => s + w.records, 0)
    if (total === 0) {
      steps.push({ step: 'target-only writes', status: 'done', detail: 'none since producer cutover' })
    } else if (!options.replayTargetWrites) {
      steps.push({ step: 'target-only writes', status: 'failed', detail: `${total} record(s) written only to the target since producer cutover (${writes.map((w) => `${w.topic}-${w.partition}: ${w.records}`).join(', ')}): copy them back with --replay-target-writes, or record the accepted data gap`, data: writes })
      result.ok = false
    } else {
      const copied = options.execute ? await copyBack(clients, state, writes) : total
      steps.push({ step: 'target-only writes', status: act('done'), detail: `${copied} record(s) copied back to the source in order`, data: writes })
    }
  }

  // 7. the groups resume on the source
  if (options.execute && (options.waitResumeMs ?? 0) > 0 && result.ok) {
    const planned = new Map(resetPlan.groups.flatMap((g) => g.offsets.map((o) => [`${g.group}\u0000${tpKey(o.topic, o.partition)}`, o.planned])))
    const deadline = Date.now() + options.waitResumeMs!
    while (Date.now() < deadline && result.restoreMs === null) {
      const now = await captureOffsets(clients.source, 'source', groups)
      const resumed = now.groups.every((g) => g.members.length > 0 || g.partitions.some((p) => p.committed !== null && p.committed > (planned.get(`${g.group}\u0000${tpKey(p.topic, p.partition)}`) ?? Infinity)))
      if (resumed) result.restoreMs = Date.now() - t0
      else await sleep(250)
    }
    steps.push({ step: 'groups resume on the source', status: result.restoreMs === null ? 'failed' : 'done', detail: result.restoreMs === null ? `not seen within ${options.waitResumeMs} ms` : `restore time ${result.restoreMs} ms` })
  }

  // 8. write authority back to the source
  if (options.execute && result.ok) {
    state.journal.append('phase', { from: history.phase, to, reason: 'rollback', evidenceId: recorded.evidenceId })
    steps.push({ step: 'phase', status: 'done', detail: `${history.phase} -> ${to}: the source owns writes` })
  } else {
    steps.push({ step: 'phase', status: options.execute ? 'skipped' : 'would', detail: `${history.phase} -> ${to}${options.execute ? ' not recorded: a step did not complete' : ''}` })
  }
  return result
}

/**
 * A group that processed more on the source than its target progress maps back to (it never moved,
 * or moved late: MirrorMaker 2's synced offsets lag) keeps its own source position: moving it back
 * would only re-read. max(source committed, reverse translation) never skips: both are at or below
 * what the group really processed.
 */
export function keepSourceProgress (plan: ResetPlan): ResetPlan {
  const warnings = [...plan.warnings]
  const groups = plan.groups.map((g) => ({
    ...g,
    offsets: g.offsets.map((o) => {
      if (o.current === null || o.current <= o.planned) return o
      warnings.push(`${g.group} ${o.topic}-${o.partition}: the source position ${o.current} is past its target progress (${o.planned} on the source): kept`)
      return { ...o, planned: o.current }
    }),
  }))
  return { ...plan, groups, warnings }
}

/** Records on the target's critical topics since producer cutover (log end now − at cutover). */
function targetOnlyWrites (plan: Plan, atCutover: Snapshot | null, now: Snapshot): TargetOnlyWrites[] {
  const before = atCutover?.sides.target
  const after = now.sides.target
  if (before?.status !== 'ok' || after.status !== 'ok') {
    throw new RollgateError('RG_ROLLBACK_EVIDENCE', 'target-only writes cannot be counted: no target evidence at producer cutover and now', ExitCode.refused)
  }
  const flow = mm2Flow(plan)
  const source = now.sides.source.status === 'ok' ? now.sides.source.inventory : before.inventory
  const critical = selectTopics(plan, source).topics.filter((t) => t.criticality === 'critical')
  const out: TargetOnlyWrites[] = []
  for (const t of critical) {
    const name = flow.targetTopic(t.name)
    const was = new Map((before.inventory.topics.find((x) => x.name === name)?.partitions ?? []).map((p) => [p.partition, p.latest]))
    for (const p of after.inventory.topics.find((x) => x.name === name)?.partitions ?? []) {
      const from = was.get(p.partition) ?? 0
      if (p.latest > from) out.push({ topic: name, sourceTopic: originalTopic(flow.policy, name), partition: p.partition, from, to: p.latest, records: p.latest - from })
    }
  }
  return out
}

/** Copies each partition's target-only range to the source, in order, once (journaled per range). */
async function copyBack (clients: RollbackClients, state: StateDir, writes: TargetOnlyWrites[]): Promise<number> {
  // ranges a previous run copied completely (intent with a successful outcome) are not copied twice
  const entries = state.journal.entries()
  const done = new Set<string>()
  for (const e of entries) if (e.type === 'outcome' && e.data.ok) done.add(e.data.actionId)
  const copiedBefore = new Set<string>()
  for (const e of entries) {
    if (e.type === 'intent' && e.data.action === 'records.copy-back' && done.has(e.data.actionId)) copiedBefore.add(e.data.changes[0]?.subject ?? '')
  }
  const reader = clients.target.rangeReader()
  const producer = new Producer({ clientId: 'rollgate-rollback', bootstrapBrokers: (await clients.source.clusterInfo()).brokers.map((b) => `${b.host}:${b.port}`), acks: -1, idempotent: true })
  let copied = 0
  try {
    for (const w of writes) {
      const subject = `records ${w.topic}-${w.partition} [${w.from}, ${w.to}) -> ${w.sourceTopic}-${w.partition}`
      if (copiedBefore.has(subject)) continue
      await withIntent(state.journal, { actionId: `copy-${randomUUID()}`, action: 'records.copy-back', changes: [{ subject, before: null, after: w.records }] }, async () => {
        let batch: Array<{ topic: string, partition: number, key?: Buffer, value?: Buffer, headers?: Map<Buffer, Buffer>, timestamp: bigint }> = []
        const flush = async () => { if (batch.length) await producer.send({ messages: batch }); copied += batch.length; batch = [] }
        for await (const r of reader.read(w.topic, w.partition, w.from, w.to)) {
          batch.push({
            topic: w.sourceTopic, partition: w.partition, key: r.key ?? undefined, value: r.value ?? undefined,
            headers: new Map(r.headers.filter(([k]) => k !== null).map(([k, v]) => [k!, v ?? Buffer.alloc(0)])), timestamp: BigInt(r.timestamp),
          })
          if (batch.length >= 500) await flush()
        }
        await flush()
      })
    }
  } finally {
    await reader.close()
    await producer.close()
  }
  return copied
}

