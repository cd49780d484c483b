/**
 * @module offsets/apply
 * `offsets apply`: writes a reset plan's committed offsets, group by group, through the journal.
 * A dry run unless `execute`. Each group is read fresh (state, members, committed offsets, log
 * range) just before it is written and decided by the pure rule (apply-rule.ts): refused unless
 * Empty or Dead, clamped like kafka-consumer-groups, skipped when already at plan. A write is an
 * intent (the offsets it replaces, fsynced), the OffsetCommit, a read-back that must show exactly
 * the planned offsets, and an outcome.
 *
 * After a crash, intents are left without an outcome. A re-run does not need to know what they did:
 * it re-reads every group and writes only what is not at plan, so it converges. It also closes each
 * pending intent of a group it reaches with the truth read from the cluster: `ok` when its offsets
 * are in place (the interrupted write landed), otherwise `ok: false` naming what superseded it (after
 * that write's own intent). A group it cannot write (refused, unreadable) keeps its pending intent,
 * reported. A complete journal after the re-run is one where every `offsets.apply` intent has an outcome.
 *
 * A cluster that stops answering is not asked again in the run: the groups after it fail as `not
 * attempted` (journaling nothing), so the run ends in about one timeout, not one per group.
 *
 * A refusal is not a mutation: it journals no intent and no outcome (nothing was about to change).
 * It is reported, makes the exit 1, and is kept in the run's report, stored as evidence of kind
 * `offsets-apply` when executing.
 */
import { randomUUID } from 'node:crypto'
import { badInput, ExitCode, RollgateError } from '../errors.ts'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import { type Intent, type StateDir, withIntent } from '../journal/index.ts'
import type { SideName } from '../snapshot/types.ts'
import { changeSubject, changesInPlace, decideGroupReset, type GroupFacts, type OffsetChange, parseChangeSubject } from './apply-rule.ts'
import type { GroupResetPlan, ResetPlan } from './types.ts'

/** The journal's `action` for an offsets write. */
export const applyAction = 'offsets.apply'

export type GroupApplyStatus = 'applied' | 'would-apply' | 'already-at-plan' | 'refused' | 'failed'

export interface GroupApplyResult {
  group: string
  cluster: SideName
  status: GroupApplyStatus
  /** the partitions written (applied), to be written (would-apply), or that were to be (failed) */
  changes: OffsetChange[]
  /** partitions already at their planned offset */
  atPlan: number
  /** the intent journaled for the write */
  actionId?: string
  /** refused: kafka-consumer-groups' refusal, word for word */
  message?: string
  /** failed: what went wrong */
  error?: string
  /** clamping, in kafka-consumer-groups' words */
  warnings: string[]
}

/** An `offsets.apply` intent an interrupted run left without an outcome. */
export interface PendingApply {
  actionId: string
  seq: number
  /** the group its changes name (null if they name none) */
  group: string | null
  /** how this run closed it: its change found in place, or superseded; null when left pending */
  settled: 'in-place' | 'superseded' | null
}

export interface ApplyResult {
  type: 'rollgate.offsets-apply/v1'
  execute: boolean
  /** the reset plan's evidence id, when the caller gave it */
  resetPlanId: string | null
  startedAt: string
  elapsedMs: number
  groups: GroupApplyResult[]
  pending: PendingApply[]
  counts: Record<GroupApplyStatus, number>
  /** no group refused or failed */
  ok: boolean
}

export interface ApplyOptions {
  execute: boolean
  /** recorded in the result (and the evidence of the run) */
  resetPlanId?: string
  /** groups read and written at the same time (default 8) */
  concurrency?: number
}

export type ApplyClients = Record<SideName, ClusterClient>

/** An error of the cluster write (not of the journal): fails the group, the run goes on. */
class WriteFailed extends Error {
  /** the cluster did not answer at all (the write may still land, once it does) */
  readonly unreachable: boolean
  constructor (message: string, unreachable: boolean) {
    super(message)
    this.unreachable = unreachable
  }
}

const isUnreachable = (error: unknown) => error instanceof RollgateError && error.exitCode === ExitCode.unreachable

/** What is known of one cluster before any group is read: group types and partition counts. */
interface ClusterView {
  client: ClusterClient
  /** the group protocol type (`classic`, `consumer`) of every group the cluster lists */
  groupTypes: Map<string, string | null>
  /** partition count of every topic of the plan that exists on the cluster */
  partitions: Map<string, number>
}

export async function applyResetPlan (plan: ResetPlan, clients: ApplyClients, state: StateDir, options: ApplyOptions): Promise<ApplyResult> {
  const started = Date.now()
  const seen = new Set<string>()
  for (const g of plan.groups) {
    const key = `${g.cluster}\u0000${g.group}`
    if (seen.has(key)) throw badInput(`the reset plan lists group '${g.group}' on the ${g.cluster} cluster twice`)
    seen.add(key)
  }

  const pendingIntents = state.journal.pendingIntents().filter((i) => i.data.action === applyAction)
  const pendingByGroup = new Map<string, Intent[]>()
  const pending: PendingApply[] = pendingIntents.map((intent) => {
    const group = groupOfIntent(intent)
    if (group !== null) pendingByGroup.set(group, [...(pendingByGroup.get(group) ?? []), intent])
    return { actionId: intent.data.actionId, seq: intent.seq, group, settled: null }
  })
  const settle = (actionId: string, how: 'in-place' | 'superseded') => {
    const entry = pending.find((p) => p.actionId === actionId)
    if (entry) entry.settled = how
  }

  // a cluster that cannot be reached at all fails the command here (exit 3), before any group
  const views = new Map<SideName, ClusterView>()
  for (const side of new Set(plan.groups.map((g) => g.cluster))) {
    views.set(side, await viewOf(clients[side], plan.groups.filter((g) => g.cluster === side)))
  }

  // A cluster that stops answering is not asked again in this run: each further group would wait out
  // the timeout, so a run over hundreds of groups would take many minutes to say the cluster is down.
  // The groups not attempted journal nothing and are failed, naming why; a re-run converges.
  const down = new Map<SideName, string>()
  const results: GroupApplyResult[] = new Array(plan.groups.length)
  await eachLimited(plan.groups, options.concurrency ?? 8, async (groupPlan, index) => {
    const reason = down.get(groupPlan.cluster)
    if (reason !== undefined) {
      results[index] = { group: groupPlan.group, cluster: groupPlan.cluster, status: 'failed', changes: [], atPlan: 0, warnings: [], error: `not attempted: the ${groupPlan.cluster} cluster stopped answering earlier in this run (${reason})` }
      return
    }
    results[index] = await applyGroup(groupPlan, views.get(groupPlan.cluster)!, state, options.execute, pendingByGroup.get(groupPlan.group) ?? [], settle,
      (message) => { if (!down.has(groupPlan.cluster)) down.set(groupPlan.cluster, message) })
  })

  const counts: Record<GroupApplyStatus, number> = { 'applied': 0, 'would-apply': 0, 'already-at-plan': 0, 'refused': 0, 'failed': 0 }
  for (const r of results) counts[r.status]++
  const result: ApplyResult = {
    type: 'rollgate.offsets-apply/v1',
    execute: options.execute,
    resetPlanId: options.resetPlanId ?? null,
    startedAt: new Date(started).toISOString(),
    elapsedMs: Date.now() - started,
    groups: results,
    pending,
    counts,
    ok: counts.refused === 0 && counts.failed === 0,
  }
  if (options.execute) {
    // what happened to every group, refusals included, kept with the journal
    const evidenceId = state.evidence.put(result)
    state.journal.append('evidence', { evidenceId, kind: 'offsets-apply', summary: summarizeApply(result) })
  }
  return result
}

/** One line: `reset plan 0123456789ab: 48 applied, 1 already at plan, 1 refused`. */
export function summarizeApply (result: ApplyResult): string {
  const labels: Record<GroupApplyStatus, string> = {
    'applied': 'applied', 'would-apply': 'would apply', 'already-at-plan': 'already at plan', 'refused': 'refused', 'failed': 'failed',
  }
  const parts = (Object.keys(labels) as GroupApplyStatus[]).filter((s) => result.counts[s] > 0).map((s) => `${result.counts[s]} ${labels[s]}`)
  const settled = result.pending.filter((p) => p.settled !== null).length
  return `${result.resetPlanId === null ? 'reset plan' : `reset plan ${result.resetPlanId.slice(0, 12)}`}: ${parts.join(', ') || 'no groups'}` +
    (settled > 0 ? `; ${settled} interrupted intent(s) closed` : '')
}

async function viewOf (client: ClusterClient, groups: GroupResetPlan[]): Promise<ClusterView> {
  const topics = [...new Set(groups.flatMap((g) => g.offsets.map((o) => o.topic)))]
  const [listings, described] = await Promise.all([client.listGroups(), topics.length > 0 ? client.describeTopics(topics) : []])
  return {
    client,
    groupTypes: new Map(listings.map((g) => [g.id, g.type])),
    partitions: new Map(described.map((t) => [t.name, t.partitions.length])),
  }
}

async function applyGroup (
  plan: GroupResetPlan, view: ClusterView, state: StateDir, execute: boolean, pendingIntents: Intent[],
  settle: (actionId: string, how: 'in-place' | 'superseded') => void,
  unreachable: (message: string) => void,
): Promise<GroupApplyResult> {
  const base = { group: plan.group, cluster: plan.cluster, changes: [], atPlan: 0, warnings: [] }
  let facts: GroupFacts
  try {
    facts = await readFacts(view, plan)
  } catch (error) {
    if (isUnreachable(error)) unreachable(messageOf(error))
    return { ...base, status: 'failed', error: messageOf(error) }
  }
  const decision = decideGroupReset(plan, facts)
  if (decision.kind === 'refused') return { ...base, status: 'refused', message: decision.message }
  if (decision.kind === 'invalid') return { ...base, status: 'failed', error: decision.error }
  const warnings = decision.warnings

  // pending intents of an interrupted run: read after it ended (the state dir's lock says it has),
  // the cluster shows whether each write landed, and that fact is its outcome. One superseded by
  // this run's write is closed once that write's intent is on disk, so it names a journaled action.
  const landed: Intent[] = []
  const superseded: Intent[] = []
  if (execute) {
    const committed = new Map(facts.committed.map((c) => [tpKey(c.topic, c.partition), c.offset]))
    for (const intent of pendingIntents) (changesInPlace(intent.data.changes, committed) ? landed : superseded).push(intent)
  }
  for (const intent of landed) {
    state.journal.append('outcome', { actionId: intent.data.actionId, ok: true })
    settle(intent.data.actionId, 'in-place')
  }
  const closeSuperseded = (by: string) => {
    for (const intent of superseded) {
      state.journal.append('outcome', {
        actionId: intent.data.actionId,
        ok: false,
        error: `interrupted before its outcome was recorded; a later run found its offsets not in place: ${by}`,
      })
      settle(intent.data.actionId, 'superseded')
    }
  }

  if (decision.kind === 'at-plan') {
    closeSuperseded('the group was found at the reset plan without it')
    return { ...base, status: 'already-at-plan', atPlan: decision.offsets.length, warnings }
  }
  const changes = decision.changes
  const atPlan = decision.atPlan.length
  if (!execute) return { ...base, status: 'would-apply', changes, atPlan, warnings }

  const actionId = randomUUID()
  const intent = {
    actionId,
    action: applyAction,
    changes: changes.map((c) => ({ subject: changeSubject(plan.group, c.topic, c.partition), before: c.before, after: c.after })),
  }
  try {
    await withIntent(state.journal, intent, () => {
      closeSuperseded(`superseded by ${applyAction} ${actionId}`)
      return write(view.client, plan.group, changes)
    })
  } catch (error) {
    // a journal that cannot take the intent or the outcome stops the run (withIntent rethrows it)
    if (!(error instanceof WriteFailed)) throw error
    if (error.unreachable) unreachable(error.message)
    return { ...base, status: 'failed', changes, atPlan, actionId, error: error.message, warnings }
  }
  return { ...base, status: 'applied', changes, atPlan, actionId, warnings }
}

/** Commits, then reads back: the write counts only if the cluster now has exactly the planned offsets. */
async function write (client: ClusterClient, group: string, changes: OffsetChange[]): Promise<void> {
  let back: Map<string, number>
  try {
    await client.commitOffsets(group, changes.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.after })))
    const read = (await client.committedOffsets([group])).get(group) ?? []
    back = new Map(read.map((c) => [tpKey(c.topic, c.partition), c.offset]))
  } catch (error) {
    throw new WriteFailed(messageOf(error), isUnreachable(error))
  }
  const wrong = changes.filter((c) => back.get(tpKey(c.topic, c.partition)) !== c.after)
    .map((c) => `${c.topic}-${c.partition} is ${back.get(tpKey(c.topic, c.partition)) ?? 'not committed'}, not ${c.after}`)
  if (wrong.length > 0) throw new WriteFailed(`read back after the commit: ${wrong.join('; ')}`, false)
}

/** The group's state, members, committed offsets and its partitions' log ranges, read together. */
async function readFacts (view: ClusterView, plan: GroupResetPlan): Promise<GroupFacts> {
  const existing: TopicPartition[] = plan.offsets
    .filter((o) => o.partition >= 0 && o.partition < (view.partitions.get(o.topic) ?? 0))
    .map((o) => ({ topic: o.topic, partition: o.partition }))
  const client = view.client
  // a group the cluster does not list is described as classic, which Kafka answers with Dead; a
  // `consumer` group must be described by its own protocol (described as classic it reads as Dead)
  const type = view.groupTypes.get(plan.group) ?? null
  const [described, committed, earliest, latest] = await Promise.all([
    client.describeGroups([{ id: plan.group, type }]),
    client.committedOffsets([plan.group]),
    client.offsets(existing, 'earliest'),
    client.offsets(existing, 'latest'),
  ])
  const group = described.find((g) => g.id === plan.group)
  const starts = new Map(earliest.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const ranges = new Map<string, { logStart: number, logEnd: number }>()
  for (const o of latest) {
    const key = tpKey(o.topic, o.partition)
    const logStart = starts.get(key)
    if (logStart !== undefined) ranges.set(key, { logStart, logEnd: o.offset })
  }
  return {
    state: group?.state ?? 'Dead',
    members: group?.members.length ?? 0,
    committed: committed.get(plan.group) ?? [],
    ranges,
  }
}

function groupOfIntent (intent: Intent): string | null {
  const first = intent.data.changes[0]
  return first === undefined ? null : (parseChangeSubject(first.subject)?.group ?? null)
}

/** Runs `fn` over `items`, at most `limit` at once; the first error stops new work and is rethrown. */
async function eachLimited<T> (items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        await fn(items[index]!, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failure !== undefined) throw failure.error
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
