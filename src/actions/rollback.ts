/**
 * @module actions/rollback
 * Rollback as a command: from the phase the journal records, give write authority back to the
 * source — check it is still available, make sure the critical groups are quiet on the target,
 * compute their source positions from their progress on the target (reverse translation, proven
 * where the strategy asks), reset the source groups (guarded and journaled like `offsets apply`),
 * pause the plan's target-side connectors (their side effects stop before clients move back), run
 * the clients' switch back, resume the plan's source-side connectors, account for target-only writes (on the source through reverse
 * replication, copied back, or reported), and watch the groups resume on the source. A dry run
 * prints the same steps with the values it would use.
 *
 * Every mutation goes through the journal, and the rollback as a whole is one intent (the phase it
 * moves from and to) written before its first mutation: a run killed part way leaves it pending, and
 * the next run resumes that rollback — same phases, every step idempotent (groups already at plan are
 * not written, a client switch runs again, records already copied back are found by content and not
 * copied twice) — and closes what the killed run left open. So a re-run converges.
 *
 * After producer cutover the target's partitions hold two kinds of records: copies of source records
 * (below the log end recorded at cutover, the "cutover mark") and target-only writes (above it). A
 * group's progress is split at the mark: what it read below it is positioned on the source topic
 * itself; what it read above it on the reverse copy (`<alias>.<topic>`, when a reverse MirrorMaker 2
 * flow is given) — so neither part is read twice, and each position can be proven by content.
 */
import { randomUUID } from 'node:crypto'
import { Producer } from '@platformatic/kafka'
import { runSwitch } from '../clients/switch.ts'
import { changeConnectors, type LifecycleVerb } from '../connect/lifecycle.ts'
import { ExitCode, RollgateError } from '../errors.ts'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { RangeReader } from '../kafka/range-reader.ts'
import { bounded } from '../kafka/errors.ts'
import { toClientOptions } from '../kafka/options.ts'
import { recordDigest } from '../kafka/record-digest.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import type { Entry, EvidenceReader, Intent } from '../journal/index.ts'
import { type StateDir, withIntent } from '../journal/index.ts'
import { applyResetPlan } from '../offsets/apply.ts'
import { captureOffsets } from '../offsets/capture.ts'
import { checkpointKey, mm2Flow, readCheckpoints, readOffsetSyncs } from '../offsets/mm2-state.ts'
import { ClusterRecordAccess } from '../offsets/record-access.ts'
import { resetPlanFrom, translateForPlan } from '../offsets/service.ts'
import { translateCapture } from '../offsets/translate.ts'
import type { OffsetCapture, OffsetTranslation, PartitionTranslation, ResetPlan } from '../offsets/types.ts'
import { phaseHistory } from '../phases/history.ts'
import { isPhase, type Phase } from '../phases/phases.ts'
import { migrationStatus } from '../phases/status.ts'
import type { Plan } from '../plan/schema.ts'
import { checkpointsTopic, namingPolicy, type NamingPolicy, offsetSyncsTopic, originalTopic, remoteTopic, upstreamTopic } from '../replication/naming.ts'
import { syncHistory } from '../replication/sync-history.ts'
import { selectTopics } from '../gates/select-topics.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { latestSnapshot, readSnapshot, type RecordedSnapshot, takeSnapshot } from '../snapshot/record.ts'
import type { Snapshot } from '../snapshot/types.ts'

/**
 * A MirrorMaker 2 flow from the target back to the source (DefaultReplicationPolicy, offset syncs
 * on its upstream, MirrorMaker 2's defaults): target-only writes reach the source as
 * `<sourceAlias><separator><topic>`.
 */
export interface ReverseFlow {
  /** the alias this flow gives the target cluster (its upstream): the prefix of the copies */
  sourceAlias: string
  /** the alias it gives the source cluster: names its offset-syncs topic */
  targetAlias: string
  separator: string
}

/** `target->src0` (MirrorMaker 2's own notation for a flow) as a reverse flow. */
export function parseReverseFlow (text: string, separator = '.'): ReverseFlow {
  const match = /^\s*([A-Za-z0-9_.-]+)\s*->\s*([A-Za-z0-9_.-]+)\s*$/.exec(text)
  if (!match) throw new RollgateError('RG_BAD_INPUT', `--reverse-flow: expected <target alias>-><source alias> as in MirrorMaker 2 (e.g. target->src0), got '${text}'`, ExitCode.badInput)
  return { sourceAlias: match[1]!, targetAlias: match[2]!, separator }
}

interface ReverseNames {
  label: string
  policy: NamingPolicy
  /** a target topic's copy on the source */
  remote: (topic: string) => string
  /** on the target cluster */
  offsetSyncsTopic: string
  /** on the source cluster */
  checkpointsTopic: string
}

function reverseNames (flow: ReverseFlow): ReverseNames {
  const policy = namingPolicy('default', { separator: flow.separator })
  return {
    label: `${flow.sourceAlias}->${flow.targetAlias}`,
    policy,
    remote: (topic) => remoteTopic(policy, flow.sourceAlias, topic),
    offsetSyncsTopic: offsetSyncsTopic(policy, flow.targetAlias),
    checkpointsTopic: checkpointsTopic(policy, flow.sourceAlias),
  }
}

export interface RollbackOptions {
  execute: boolean
  /** go ahead although rollback is no longer available (journaled with the reason) */
  force?: boolean
  reason?: string
  /** copy records written only to the target since producer cutover back to the source (without a reverse flow) */
  replayTargetWrites?: boolean
  /** the reverse MirrorMaker 2 flow that carries target-only writes to the source */
  reverseFlow?: ReverseFlow
  /** how long to wait for the critical groups to become inactive on the target */
  waitInactiveMs?: number
  /** how long to watch for the groups to resume on the source (0: do not watch) */
  waitResumeMs?: number
  /** how long to wait for the reverse flow to copy what the groups read and what was written (default 60 s) */
  waitReverseMs?: number
  /** bound on each client switch command */
  commandTimeoutMs?: number
  /** take a new snapshot even when the latest is younger than the plan's evidenceMaxAge */
  freshSnapshot?: boolean
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
  /** the interrupted rollback this run resumed (its intent's actionId) */
  resumed: string | null
  steps: RollbackStep[]
  /** per group: records each group will read again on the source (null: not bounded) */
  replay: Array<{ group: string, records: number | null }>
  targetOnlyWrites: TargetOnlyWrites[]
  /** evidence ids: the target offsets it started from, the translations (reverse: through the reverse flow), the reset plan */
  evidence: { targetCapture: string | null, translation: string | null, reverseTranslation: string | null, resetPlan: string | null }
  /** rollback start → the groups seen resuming on the source; null when not watched or not seen */
  restoreMs: number | null
  ok: boolean
}

export type RollbackClients = Record<'source' | 'target', ClusterClient>

/** The journal's `action` for a rollback as a whole. */
export const rollbackAction = 'rollback'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The phase rollback returns to: source authority with replication running (or nothing moved yet). */
export function rollbackPhase (from: Phase): Phase {
  return from === 'replicating' ? 'prepare' : from === 'prepare' ? 'prepare' : 'replicating'
}

const afterCutover = (phase: Phase) => phase === 'producers-on-target' || phase === 'target-authoritative'

export async function rollback (plan: Plan, planText: string, state: StateDir, clients: RollbackClients, options: RollbackOptions): Promise<RollbackResult> {
  const t0 = Date.now()
  const entries = state.journal.entries()
  const history = phaseHistory(entries, state.evidence)
  // a rollback killed part way is resumed, not repeated one phase further back
  const interrupted = pendingRollback(entries, history.phase)
  const from = interrupted?.from ?? history.phase
  const to = interrupted?.to ?? rollbackPhase(from)
  const steps: RollbackStep[] = []
  const result: RollbackResult = {
    type: 'rollgate.rollback/v1', execute: options.execute, from, to, startedAt: new Date(t0).toISOString(), resumed: interrupted?.intent.data.actionId ?? null,
    steps, replay: [], targetOnlyWrites: [], evidence: { targetCapture: null, translation: null, reverseTranslation: null, resetPlan: null }, restoreMs: null, ok: true,
  }
  const act = (status: StepStatus): StepStatus => (options.execute ? status : 'would')
  const fail = (step: string, detail: string, status: StepStatus = 'refused'): RollbackResult => {
    steps.push({ step, status, detail })
    result.ok = false
    return result
  }
  if (options.force && !options.reason?.trim()) throw new RollgateError('RG_BAD_INPUT', '--force needs --reason "<why>"', ExitCode.badInput)
  if (interrupted) steps.push({ step: 'resume', status: act('done'), detail: `an interrupted rollback ${interrupted.from} -> ${interrupted.to} (intent ${interrupted.intent.data.actionId}, seq ${interrupted.intent.seq}) is resumed: its steps are idempotent` })

  // 1. still available?
  if (from === 'prepare') {
    steps.push({ step: 'availability', status: 'skipped', detail: 'phase prepare: no client uses the target, nothing to roll back' })
    return result
  }
  // the team declared the target authoritative: the point of no return is behind, and no --force
  // brings it back — recovery is forward (the runbook's forward recovery section)
  if (from === 'target-authoritative' && !interrupted) {
    return fail('availability', `the target was declared authoritative at ${history.enteredAt ?? 'an unknown time'}: rollback is over, recover forward on the target (rollgate runbook, "Forward recovery")`)
  }
  const recorded = await evidenceFor(plan, planText, state, options.freshSnapshot ?? false)
  const status = migrationStatus(plan, state.journal.entries(), state.evidence, new Date())
  if (interrupted && history.phase === to) {
    steps.push({ step: 'availability', status: 'done', detail: `the interrupted run already recorded phase ${to}: checked before it` })
  } else if (status.rollback.status === 'unavailable' || status.rollback.status === 'unknown') {
    const why = status.rollback.limits.map((l) => l.message).join('; ') || status.rollback.status
    if (!options.force) return fail('availability', `rollback is ${status.rollback.status}: ${why}; refusing (--force --reason "<why>" to go ahead)`)
    if (options.execute) state.journal.append('note', { decision: `rollback from ${from} although rollback is ${status.rollback.status}`, reason: options.reason! })
    steps.push({ step: 'availability', status: act('done'), detail: `FORCED although ${status.rollback.status} (${why}): ${options.reason}` })
  } else {
    steps.push({ step: 'availability', status: 'done', detail: `rollback is ${status.rollback.status}${status.rollback.until ? ` until ${status.rollback.until}` : ''} (evidence ${recorded.evidenceId.slice(0, 12)}, ${recorded.snapshot.capturedAt})`, data: status.rollback })
  }

  // 2. the critical groups must be quiet on the target: a live member would commit over the rollback
  const groups = plan.groups.filter((g) => g.criticality === 'critical').map((g) => g.name)
  const until = Date.now() + (options.waitInactiveMs ?? 0)
  let targetCapture: OffsetCapture
  for (;;) {
    targetCapture = await captureOffsets(clients.target, 'target', groups)
    const active = targetCapture.groups.filter((g) => g.members.length > 0)
    if (active.length === 0) {
      const synced = await mm2Checkpointed(plan, clients.target, targetCapture)
      steps.push({
        step: 'target groups inactive', status: 'done',
        detail: `${groups.length} critical group(s) have no member on the target` + (synced.length ? `; warning: ${synced.join('; ')}` : ''),
        ...(synced.length ? { data: { mm2Checkpointed: synced } } : {}),
      })
      break
    }
    if (Date.now() >= until) {
      return fail('target groups inactive', `still active on the target: ${active.map((g) => `${g.group} (${g.state}, ${g.members.length} member(s): ${g.members.map((m) => m.clientId).join(', ')})`).join('; ')} — stop them first (the plan's client switch, or their deployment)`)
    }
    await sleep(500)
  }

  // 3. source positions from the groups' progress on the target (reverse translation)
  const captureId = state.evidence.put(targetCapture)
  result.evidence.targetCapture = captureId
  state.journal.append('evidence', { evidenceId: captureId, kind: 'offsets-capture', summary: `rollback: target, ${targetCapture.groups.length} group(s)` })
  const marks = afterCutover(from) ? cutoverMarks(plan, cutoverSnapshot(state.journal.entries(), state.evidence), recorded.snapshot) : null
  const reverse = marks && options.reverseFlow ? reverseNames(options.reverseFlow) : null
  const forward = await translateForPlan(plan, clients, marks ? splitAt(targetCapture, marks, 'below') : targetCapture, 'target-to-source')
  const translation: OffsetTranslation = { ...forward.translation, captureId, partitions: annotate(forward.translation.partitions, targetCapture, marks, 'below') }
  const translationId = state.evidence.put(translation)
  result.evidence.translation = translationId
  state.journal.append('evidence', { evidenceId: translationId, kind: 'offsets-translation', summary: `rollback target-to-source: ${translation.partitions.length} partition(s)` })
  const parts = [...translation.partitions]
  const sourceNow = await captureOffsets(clients.source, 'source', groups)
  let resetPlan = resetPlanFrom(translation, translationId, sourceNow)
  if (reverse && marks) {
    const above = splitAt(targetCapture, marks, 'above')
    const wanted = above.groups.flatMap((g) => g.partitions.filter((p) => p.committed !== null && p.committed > 0).map((p) => ({ topic: p.topic, partition: p.partition, upTo: p.committed! })))
    const copied = await waitCopied(clients.target, reverse, wanted, options.waitReverseMs ?? 60_000)
    const run = await translateThroughReverse(plan, clients, above, reverse)
    const reverseTranslation: OffsetTranslation = { ...run, captureId, partitions: annotate(run.partitions, targetCapture, marks, 'above') }
    const reverseId = state.evidence.put(reverseTranslation)
    result.evidence.reverseTranslation = reverseId
    state.journal.append('evidence', { evidenceId: reverseId, kind: 'offsets-translation', summary: `rollback through reverse replication ${reverse.label}: ${reverseTranslation.partitions.length} partition(s)` + (copied.missing.length ? `, ${copied.missing.length} not yet copied` : '') })
    parts.push(...reverseTranslation.partitions)
    resetPlan = mergeResetPlans(resetPlan, resetPlanFrom(reverseTranslation, reverseId, sourceNow))
  }
  resetPlan = keepSourceProgress(resetPlan)
  for (const g of groups) {
    const mine = parts.filter((p) => p.group === g && p.to !== null)
    result.replay.push({ group: g, records: mine.every((p) => p.replay !== null) ? mine.reduce((s, p) => s + (p.replay ?? 0), 0) : null })
  }
  const untranslatable = parts.filter((p) => p.to === null && p.untranslatable)
  if (untranslatable.length) {
    // fail closed: a group switched back without a position for some partition would resume from a stale commit or its reset policy
    return fail('source positions', `untranslatable: ${untranslatable.map((p) => `${p.group} ${p.topic}-${p.partition} -> ${p.toTopic} (${p.untranslatable}${p.note ? `: ${p.note}` : ''})`).join(', ')}; nothing was changed`)
  }
  steps.push({
    step: 'source positions', status: 'done',
    detail: `${parts.filter((p) => p.to !== null).length} partition(s) positioned on the source` + (reverse ? ` (of which ${parts.length - translation.partitions.length} on the reverse copies, ${reverse.label})` : '') +
      `; replay ${result.replay.map((r) => `${r.group} ${r.records ?? 'unbounded'}`).join(', ')}`,
    data: { translationId, reverseTranslationId: result.evidence.reverseTranslation, replay: result.replay, warnings: resetPlan.warnings },
  })

  // from here on the rollback changes things: the whole of it is one intent, before its first mutation
  const actionId = `rollback-${randomUUID()}`
  if (options.execute) {
    const open = state.journal.pendingIntents().filter((i) => i.data.action === rollbackAction)
    state.journal.append('intent', { actionId, action: rollbackAction, changes: [{ subject: 'phase', before: from, after: to }] })
    for (const i of open) {
      state.journal.append('outcome', {
        actionId: i.data.actionId,
        ok: false,
        error: i === interrupted?.intent || i.data.actionId === interrupted?.intent.data.actionId
          ? `interrupted before its outcome was recorded; resumed by ${rollbackAction} ${actionId}`
          : `interrupted before its outcome was recorded; the phase has moved on since (${history.phase}): superseded by ${rollbackAction} ${actionId}`,
      })
    }
  }

  // 4. reset the source groups (guarded: only Empty/Dead groups; journaled; read back)
  const resetPlanId = state.evidence.put(resetPlan)
  result.evidence.resetPlan = resetPlanId
  state.journal.append('evidence', { evidenceId: resetPlanId, kind: 'reset-plan', summary: `rollback: ${resetPlan.groups.length} group(s) on the source` })
  const applied = await applyResetPlan(resetPlan, clients, state, { execute: options.execute, resetPlanId })
  const refused = applied.groups.filter((g) => g.status === 'refused' || g.status === 'failed')
  steps.push({
    step: 'reset source groups', status: refused.length ? 'refused' : act('done'),
    detail: applied.groups.map((g) => `${g.group}: ${g.status}${g.message ? ` (${g.message})` : ''}${g.error ? ` (${g.error})` : ''}`).join('; ') || 'no group to reset',
    data: { resetPlanId, counts: applied.counts },
  })
  if (refused.length) result.ok = false

  // 5. connectors: the plan's target-side connectors are paused before clients move back (their side
  // effects must not continue once the source owns writes again); the source-side ones are resumed after
  await connectorStep(plan, state, options.execute, 'target', 'pause', result, steps)

  // clients back to the source — only onto positions that are in place (a switch a killed run left
  // pending is superseded by this one: clients/switch.ts)
  for (const client of plan.clients) {
    const step = `switch ${client.name}`
    if (!result.ok) {
      steps.push({ step, status: 'skipped', detail: 'a previous step did not complete: the client stays where it is' })
      continue
    }
    if (!options.execute) {
      steps.push({ step, status: 'would', detail: `${client.owner}: ${client.switchToSource}` })
      continue
    }
    const switched = await runSwitch(plan, state, client, 'source', options.commandTimeoutMs ?? 60_000)
    if (switched.ok) {
      steps.push({ step, status: 'done', detail: `${client.owner}: ${client.switchToSource}${switched.output ? ` → ${switched.output}` : ''}` })
    } else {
      steps.push({ step, status: 'failed', detail: switched.output })
      result.ok = false
    }
  }

  await connectorStep(plan, state, options.execute, 'source', 'resume', result, steps)

  // 6. target-only writes since producer cutover, counted now that the producers write to the source
  if (marks) {
    const writes = await targetOnlyWrites(clients.target, marks)
    result.targetOnlyWrites = writes
    const total = writes.reduce((s, w) => s + w.records, 0)
    const list = writes.map((w) => `${w.topic}-${w.partition} [${w.from}, ${w.to})`).join(', ')
    if (total === 0) {
      steps.push({ step: 'target-only writes', status: 'done', detail: 'none since producer cutover' })
    } else if (reverse) {
      const copied = await waitCopied(clients.target, reverse, writes.map((w) => ({ topic: w.topic, partition: w.partition, upTo: w.to })), options.waitReverseMs ?? 60_000)
      if (copied.missing.length === 0) {
        // a copy named after its target topic also receives what the source writes from now on, when the
        // forward flow keeps names (source -> target -> back): consumers read it only to drain it
        steps.push({ step: 'target-only writes', status: 'done', detail: `${total} record(s) written only to the target since producer cutover (${list}) are on the source through reverse replication ${reverse.label} (${[...new Set(writes.map((w) => reverse.remote(w.topic)))].join(', ')}); the groups are positioned there` +
          (plan.replication.naming === 'identity' ? '. With identity naming forward, new source writes come back into these copies too: read them until drained, then stop (or stop the reverse flow)' : ''), data: writes })
      } else {
        steps.push({ step: 'target-only writes', status: 'failed', detail: `reverse replication ${reverse.label} has not copied ${copied.missing.map((m) => `${m.topic}-${m.partition} up to ${m.upTo} (synced to ${m.syncedTo})`).join(', ')} within ${options.waitReverseMs ?? 60_000} ms`, data: writes })
        result.ok = false
      }
    } else if (!options.replayTargetWrites) {
      steps.push({ step: 'target-only writes', status: 'failed', detail: `${total} record(s) written only to the target since producer cutover (${list}): copy them back with --replay-target-writes, carry them with reverse replication (--reverse-flow), or record the accepted data gap`, data: writes })
      result.ok = false
    } else if (options.execute && !result.ok) {
      // the clients were not switched back: producers may still write to the target, and the source
      // groups are not in place — copying now would be a half-done rollback; the re-run copies them
      steps.push({ step: 'target-only writes', status: 'skipped', detail: `${total} record(s) written only to the target since producer cutover (${list}) not copied back: a previous step did not complete (a re-run resumes this rollback and copies them)`, data: writes })
    } else {
      const copied = options.execute ? await copyBack(plan, clients, state, writes) : total
      steps.push({ step: 'target-only writes', status: act('done'), detail: `${copied} record(s) copied back to the source in order${copied < total ? ` (${total - copied} found already copied by an interrupted run)` : ''}`, data: writes })
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
    if (history.phase !== to) state.journal.append('phase', { from, to, reason: 'rollback', evidenceId: recorded.evidenceId })
    state.journal.append('outcome', { actionId, ok: true })
    steps.push({ step: 'phase', status: 'done', detail: `${from} -> ${to}: the source owns writes${history.phase === to ? ' (recorded by the interrupted run)' : ''}` })
  } else {
    if (options.execute) state.journal.append('outcome', { actionId, ok: false, error: `did not complete: ${steps.filter((s) => s.status === 'failed' || s.status === 'refused').map((s) => s.step).join(', ')}` })
    steps.push({ step: 'phase', status: options.execute ? 'skipped' : 'would', detail: `${from} -> ${to}${options.execute ? ' not recorded: a step did not complete' : ''}` })
  }
  return result
}

/**
 * Critical groups MirrorMaker 2 checkpoints onto the target. With its sync.group.offsets on, it
 * rewrites a group's target offsets when the group goes idle — and, racing its own cache of idle
 * groups, not only forward: the offsets read for rollback may then be its translation of the
 * group's old source position, not the group's progress (replay, never loss; measured by
 * `rollgate rehearse`). Moved groups belong in its groups.exclude.
 */
async function mm2Checkpointed (plan: Plan, target: ClusterClient, capture: OffsetCapture): Promise<string[]> {
  if (plan.replication.kind !== 'mirrormaker2') return []
  const read = await readCheckpoints(target, mm2Flow(plan).checkpointsTopic, new Set(capture.groups.map((g) => g.group)))
  return capture.groups.flatMap((g) => {
    const mine = g.partitions.filter((p) => read.checkpoints.has(checkpointKey(g.group, p.topic, p.partition)))
    if (mine.length === 0) return []
    const equal = mine.filter((p) => Number(read.checkpoints.get(checkpointKey(g.group, p.topic, p.partition))!.downstreamOffset) === p.committed).length
    return [`MirrorMaker 2 checkpoints ${g.group} onto the target (${mine.length} partition(s), ${equal} of them at exactly its checkpoint): if its sync.group.offsets covers the group, the offsets read here may be MirrorMaker 2's, not the group's — exclude moved groups (groups.exclude)`]
  })
}

/** A `rollback` intent a killed run left pending, with the phases it moves between — if it still applies. */
function pendingRollback (entries: readonly Entry[], phase: Phase): { intent: Intent, from: Phase, to: Phase } | null {
  const finished = new Set(entries.flatMap((e) => (e.type === 'outcome' ? [e.data.actionId] : [])))
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!
    if (e.type !== 'intent' || e.data.action !== rollbackAction || finished.has(e.data.actionId)) continue
    const change = e.data.changes[0]
    const from = String(change?.before)
    const to = String(change?.after)
    // a phase moved on since (advanced again): that rollback is history, not something to resume
    if (isPhase(from) && isPhase(to) && (phase === from || phase === to)) return { intent: e, from, to }
    return null
  }
  return null
}

/** The latest snapshot when it is young enough for the plan's gates, else a new one. */
async function evidenceFor (plan: Plan, planText: string, state: StateDir, fresh: boolean): Promise<RecordedSnapshot> {
  const latest = fresh ? null : latestSnapshot(state.journal.entries(), state.evidence)
  // the same age rule as the gates: evidence older than evidenceMaxAge is not evidence
  if (latest && Date.now() - Date.parse(latest.snapshot.capturedAt) <= plan.gates.evidenceMaxAge &&
    latest.snapshot.sides.source.status === 'ok' && latest.snapshot.sides.target.status === 'ok') return latest
  return takeSnapshot(plan, planText, state)
}

/** The snapshot recorded when producers moved to the target (the last entry into producers-on-target). */
function cutoverSnapshot (entries: readonly Entry[], evidence: EvidenceReader): Snapshot | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!
    if (e.type === 'phase' && e.data.to === 'producers-on-target') return e.data.evidenceId ? readSnapshot(evidence, e.data.evidenceId) : null
  }
  return null
}

interface CutoverMark extends TopicPartition { sourceTopic: string, mark: number }

/** Per partition of the critical topics' copies on the target: its log end at producer cutover. */
function cutoverMarks (plan: Plan, atCutover: Snapshot | null, now: Snapshot): Map<string, CutoverMark> {
  const before = atCutover?.sides.target
  if (before?.status !== 'ok') {
    throw new RollgateError('RG_ROLLBACK_EVIDENCE', 'target-only writes cannot be told apart: no target evidence was recorded at producer cutover', ExitCode.refused)
  }
  const flow = mm2Flow(plan)
  const source = now.sides.source.status === 'ok' ? now.sides.source.inventory : atCutover!.sides.source.status === 'ok' ? atCutover!.sides.source.inventory : before.inventory
  const marks = new Map<string, CutoverMark>()
  for (const t of selectTopics(plan, source).topics.filter((x) => x.criticality === 'critical')) {
    const name = flow.targetTopic(t.name)
    const sourceTopic = originalTopic(flow.policy, name)
    for (const p of before.inventory.topics.find((x) => x.name === name)?.partitions ?? []) marks.set(tpKey(name, p.partition), { topic: name, partition: p.partition, sourceTopic, mark: p.latest })
  }
  return marks
}

/**
 * The capture with each committed offset cut at its partition's cutover mark: `below` what the group
 * read of the source's copies (positioned on the source topic), `above` what it read of the
 * target-only writes (positioned on the reverse copy). Partitions without a mark are left as they are.
 */
function splitAt (capture: OffsetCapture, marks: ReadonlyMap<string, CutoverMark>, part: 'below' | 'above'): OffsetCapture {
  return {
    ...capture,
    groups: capture.groups.map((g) => ({
      ...g,
      partitions: g.partitions.flatMap((p) => {
        const m = marks.get(tpKey(p.topic, p.partition))
        if (!m) return part === 'below' ? [p] : []
        if (p.committed === null) return [p]
        return [{ ...p, committed: part === 'below' ? Math.min(p.committed, m.mark) : Math.max(p.committed, m.mark) }]
      }),
    })),
  }
}

/** Says in each translation where the group really was, when the split moved its position to the mark. */
function annotate (partitions: PartitionTranslation[], capture: OffsetCapture, marks: ReadonlyMap<string, CutoverMark> | null, part: 'below' | 'above'): PartitionTranslation[] {
  if (!marks) return partitions
  const committed = new Map(capture.groups.flatMap((g) => g.partitions.map((p) => [`${g.group}\u0000${tpKey(p.topic, p.partition)}`, p.committed])))
  return partitions.map((t) => {
    const real = committed.get(`${t.group}\u0000${tpKey(t.topic, t.partition)}`)
    const mark = marks.get(tpKey(t.topic, t.partition))?.mark
    if (real === undefined || real === null || mark === undefined || real === t.from) return t
    const why = part === 'below'
      ? `read to ${real} on the target, past the producer-cutover mark ${mark}: the source topic holds what is below the mark`
      : `read to ${real} on the target, below the producer-cutover mark ${mark}: what is below the mark is read on the source topic itself`
    return { ...t, note: t.note ? `${why}; ${t.note}` : why }
  })
}

/**
 * Translation through the reverse flow: MirrorMaker 2 forward with the clusters swapped (its upstream
 * is the target), so the same proven rules apply — by content for `exact`, by its offset syncs
 * otherwise; MirrorMaker 2's own checkpoint (on the source) beside each.
 */
async function translateThroughReverse (plan: Plan, clients: RollbackClients, capture: OffsetCapture, reverse: ReverseNames): Promise<Omit<OffsetTranslation, 'captureId'>> {
  const topics = new Set(capture.groups.flatMap((g) => g.partitions.map((p) => p.topic)))
  const [syncs, checkpoints] = await Promise.all([
    readOffsetSyncs(clients.target, reverse.offsetSyncsTopic, topics),
    readCheckpoints(clients.source, reverse.checkpointsTopic, new Set(capture.groups.map((g) => g.group))),
  ])
  const access = new ClusterRecordAccess({ source: clients.target, target: clients.source })
  try {
    const partitions = capture.groups.flatMap((g) => g.partitions)
    await Promise.all([
      access.prefetch('source', partitions),
      access.prefetch('target', partitions.map((p) => ({ topic: reverse.remote(p.topic), partition: p.partition }))),
    ])
    const results = await translateCapture({
      plan,
      direction: 'source-to-target',
      syncs: syncs.syncs,
      checkpoint: (group, topic, partition) => {
        const c = checkpoints.checkpoints.get(checkpointKey(group, topic, partition))
        return c ? { upstream: Number(c.upstreamOffset), downstream: Number(c.downstreamOffset) } : null
      },
      targetTopic: reverse.remote,
      sourceTopic: (topic) => upstreamTopic(reverse.policy, topic) ?? topic,
      access,
    }, capture)
    const frame = `through reverse replication ${reverse.label} (its source is the target cluster)`
    return {
      type: 'rollgate.offsets-translation/v1',
      direction: 'target-to-source',
      translatedAt: new Date().toISOString(),
      partitions: results.map((p) => ({ ...p, direction: 'target-to-source', note: p.note ? `${frame}: ${p.note}` : frame })),
    }
  } finally {
    await access.close()
  }
}

export interface CopyNeed { topic: string, partition: number, upTo: number }

/**
 * Waits until a MirrorMaker 2 flow has copied every record below `upTo` of each upstream partition:
 * its offset syncs name a record at or past `upTo - 1` (it writes one for the last record of a burst
 * once its offsets are committed), so the copies are downstream, in order. Returns what is still missing.
 */
export async function waitForSyncs (client: ClusterClient, syncsTopic: string, needs: CopyNeed[], timeoutMs: number): Promise<{ missing: Array<CopyNeed & { syncedTo: number | null }> }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const read = await readOffsetSyncs(client, syncsTopic, new Set(needs.map((n) => n.topic)))
    const missing = needs.flatMap((n) => {
      const last = syncHistory(read.syncs.get(tpKey(n.topic, n.partition)) ?? []).valid.at(-1)
      return n.upTo > 0 && (last === undefined || last.upstream < n.upTo - 1) ? [{ ...n, syncedTo: last?.upstream ?? null }] : []
    })
    if (missing.length === 0 || Date.now() >= deadline) return { missing }
    await sleep(500)
  }
}

const waitCopied = (target: ClusterClient, reverse: ReverseNames, needs: CopyNeed[], timeoutMs: number) => waitForSyncs(target, reverse.offsetSyncsTopic, needs, timeoutMs)

/** Two reset plans for the same cluster as one: a group's partitions from both, each group once. */
function mergeResetPlans (a: ResetPlan, b: ResetPlan): ResetPlan {
  const groups = new Map(a.groups.map((g) => [`${g.cluster}\u0000${g.group}`, { ...g, offsets: [...g.offsets] }]))
  for (const g of b.groups) {
    const key = `${g.cluster}\u0000${g.group}`
    const existing = groups.get(key)
    if (existing) existing.offsets.push(...g.offsets)
    else groups.set(key, { ...g, offsets: [...g.offsets] })
  }
  return { ...a, basedOn: `${a.basedOn}+${b.basedOn}`, groups: [...groups.values()], warnings: [...a.warnings, ...b.warnings] }
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

/**
 * Records on the target's critical topics since producer cutover: from each partition's cutover mark
 * to its log end read now — after the clients' switch, so nothing written before it is missed.
 */
async function targetOnlyWrites (target: ClusterClient, marks: ReadonlyMap<string, CutoverMark>): Promise<TargetOnlyWrites[]> {
  const list = [...marks.values()]
  const ends = new Map((await target.offsets(list, 'latest')).map((o) => [tpKey(o.topic, o.partition), o.offset]))
  return list.flatMap((m) => {
    const end = ends.get(tpKey(m.topic, m.partition)) ?? m.mark
    return end > m.mark ? [{ topic: m.topic, sourceTopic: m.sourceTopic, partition: m.partition, from: m.mark, to: end, records: end - m.mark }] : []
  })
}

const copyAction = 'records.copy-back'
const copySubject = (w: TargetOnlyWrites) => `records ${w.topic}-${w.partition} -> ${w.sourceTopic}-${w.partition}`
interface CopyChange { before: { sourceEnd: number }, after: { from: number, to: number } }

/**
 * Copies each partition's target-only range to the source, in order, once. Each copy is journaled
 * with the source log end before it; a copy whose outcome is missing (the run was killed) is
 * measured on the source by content — the longest run of the range's records, in order, after that
 * log end — so a re-run copies only what did not land. Returns the records copied by this run.
 */
async function copyBack (plan: Plan, clients: RollbackClients, state: StateDir, writes: TargetOnlyWrites[]): Promise<number> {
  const entries = state.journal.entries()
  const done = new Map(entries.flatMap((e) => (e.type === 'outcome' ? [[e.data.actionId, e.data.ok] as const] : [])))
  const copies = entries.filter((e): e is Intent => e.type === 'intent' && e.data.action === copyAction)
  const reader = clients.target.rangeReader()
  const sourceReader = clients.source.rangeReader()
  // the plan's connection to the source, with its security: a secured source takes nothing else
  const producer = new Producer({ ...toClientOptions(connectionOf(plan, 'source'), 'rollgate-rollback'), acks: -1, idempotent: true })
  let copied = 0
  try {
    for (const w of writes) {
      const subject = copySubject(w)
      // how far this partition's target-only writes are on the source already
      let copiedTo = w.from
      for (const intent of copies.filter((i) => i.data.changes[0]?.subject === subject)) {
        const change = intent.data.changes[0] as unknown as CopyChange
        if (done.get(intent.data.actionId) === true) {
          copiedTo = Math.max(copiedTo, change.after.to)
        } else if (!done.has(intent.data.actionId)) {
          const landed = await landedPrefix(reader, sourceReader, clients.source, w, change)
          copiedTo = Math.max(copiedTo, change.after.from + landed)
          state.journal.append('outcome', {
            actionId: intent.data.actionId,
            ok: landed === change.after.to - change.after.from,
            ...(landed === change.after.to - change.after.from ? {} : { error: `interrupted before its outcome was recorded; ${landed} of ${change.after.to - change.after.from} record(s) were found on the source: the rest is copied by the next copy` }),
          })
        }
      }
      if (copiedTo >= w.to) continue
      const [sourceEnd] = await clients.source.offsets([{ topic: w.sourceTopic, partition: w.partition }], 'latest')
      const change: CopyChange = { before: { sourceEnd: sourceEnd?.offset ?? 0 }, after: { from: copiedTo, to: w.to } }
      await withIntent(state.journal, { actionId: `copy-${randomUUID()}`, action: copyAction, changes: [{ subject, before: change.before, after: change.after }] }, async () => {
        let batch: Array<{ topic: string, partition: number, key?: Buffer, value?: Buffer, headers?: Map<Buffer, Buffer>, timestamp: bigint }> = []
        // bounded: a refusal names the missing ACL (WRITE on the source topic), an unreachable source exits 3
        const flush = async () => {
          const messages = batch
          if (messages.length) await bounded(clients.source.name, `Produce to ${w.sourceTopic}`, clients.source.timeoutMs, () => producer.send({ messages }))
          copied += messages.length
          batch = []
        }
        for await (const r of reader.read(w.topic, w.partition, copiedTo, w.to)) {
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
    await Promise.all([reader.close(), sourceReader.close()])
    await producer.close()
  }
  return copied
}

/** How many of a copy's records, from its first, are on the source after the log end it recorded. */
async function landedPrefix (target: RangeReader, source: RangeReader, sourceClient: ClusterClient, w: TargetOnlyWrites, change: CopyChange): Promise<number> {
  const wanted: string[] = []
  for await (const r of target.read(w.topic, w.partition, change.after.from, change.after.to)) wanted.push(recordDigest(r))
  const [end] = await sourceClient.offsets([{ topic: w.sourceTopic, partition: w.partition }], 'latest')
  let matched = 0
  // other producers may write between the copies: skip their records, the copies keep their order
  for await (const r of source.read(w.sourceTopic, w.partition, change.before.sourceEnd, end?.offset ?? change.before.sourceEnd)) {
    if (matched < wanted.length && recordDigest(r) === wanted[matched]) matched++
  }
  return matched
}

/**
 * Pauses (or resumes) the plan's connectors of one side through Connect's REST API, journaled by
 * `changeConnectors`; a side whose plan lists none is left alone. Skipped after a failed step, like
 * the client switch: a re-run resumes the rollback and converges (an already paused connector is
 * `unchanged`).
 */
async function connectorStep (plan: Plan, state: StateDir, execute: boolean, side: 'source' | 'target', verb: LifecycleVerb, result: RollbackResult, steps: RollbackStep[]): Promise<void> {
  const names = plan.connectors.filter((c) => c.side === side).map((c) => c.name)
  if (names.length === 0) return
  const step = `${verb} ${side} connectors`
  if (!result.ok) {
    steps.push({ step, status: 'skipped', detail: `a previous step did not complete: ${names.join(', ')} left as they are` })
    return
  }
  try {
    const changed = await changeConnectors(plan, execute ? state : null, { side, verb, connectors: names, execute })
    const detail = changed.connectors.map((c) => `${c.connector}: ${c.before} -> ${c.after} ${c.status}${c.error ? ` (${c.error})` : ''}`).join('; ')
    steps.push({ step, status: !changed.ok ? 'failed' : execute ? 'done' : 'would', detail, data: changed })
    if (!changed.ok) result.ok = false
  } catch (error) {
    steps.push({ step, status: 'failed', detail: error instanceof Error ? error.message : String(error) })
    result.ok = false
  }
}
