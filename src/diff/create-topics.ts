/**
 * @module diff/create-topics
 * `rollgate topics create`: reads the plan's topics on the source and the target's topic list,
 * decides with the pure rule (create-plan.ts), and — only with `execute` — creates each missing
 * copy through the journal: an intent naming the topic, its partitions, replication factor and
 * configs (before: absent), the CreateTopics call, a read-back that must find the copy with the
 * planned partition count, and the outcome.
 *
 * Converges: a re-run re-reads the target, so a copy that exists is skipped whoever made it. An
 * intent an interrupted run left without an outcome is closed by the next executing run with the
 * truth read from the target — `ok` when its topic is there, otherwise `ok: false`, superseded by
 * this run (which creates it again). A copy someone else creates between the read and the create
 * (MirrorMaker 2 does, a few seconds after a source topic appears) is reported as existing.
 */
import { randomUUID } from 'node:crypto'
import { Admin } from '@platformatic/kafka'
import { RollgateError } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { bounded } from '../kafka/errors.ts'
import { toClientOptions } from '../kafka/options.ts'
import { type Intent, type StateDir, withIntent } from '../journal/index.ts'
import type { Plan } from '../plan/schema.ts'
import type { Inventory } from '../snapshot/inventory.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { selectTopics } from '../gates/select-topics.ts'
import { type CreationOptions, planTopicCreation, type TopicCreation } from './create-plan.ts'

/** The journal's `action` for a topic creation. */
export const createAction = 'topic.create'

export type CreateStatus = 'created' | 'would-create' | 'exists' | 'absent-on-source' | 'failed'

export interface CreatedTopicResult extends Omit<TopicCreation, 'status'> {
  status: CreateStatus
  actionId?: string
  error?: string
}

export interface PendingCreate {
  actionId: string
  seq: number
  targetTopic: string | null
  /** how this run closed it; null when left pending (dry run) */
  settled: 'in-place' | 'superseded' | null
}

export interface TopicsCreateResult {
  type: 'rollgate.topics-create/v1'
  execute: boolean
  startedAt: string
  elapsedMs: number
  topics: CreatedTopicResult[]
  pending: PendingCreate[]
  counts: Record<CreateStatus, number>
  /** nothing failed and no selected topic is missing on the source */
  ok: boolean
}

const subjectPrefix = 'topic '
const targetTopicOf = (intent: Intent): string | null => {
  const subject = intent.data.changes[0]?.subject
  return subject?.startsWith(subjectPrefix) ? subject.slice(subjectPrefix.length) : null
}

/** What the source has of the plan's topics: names, partitions, replication factor, configs. */
async function readSource (plan: Plan, client: ClusterClient) {
  const names = await client.listTopics()
  // selectTopics reads only names and the internal flag (listTopics lists no internal topic)
  const listed = { topics: names.map((name) => ({ name, internal: false })) } as unknown as Pick<Inventory, 'topics'>
  const selected = selectTopics(plan, listed).topics.filter((t) => t.exists).map((t) => t.name)
  const [described, configs] = await Promise.all([client.describeTopics(selected), client.topicConfigs(selected, { nonDefaultOnly: true })])
  return described.map((t) => ({
    name: t.name,
    internal: t.internal,
    partitionCount: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    configs: Object.fromEntries((configs.get(t.name) ?? []).map((c) => [c.name, { value: c.value, source: c.source }])),
  }))
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export async function createMissingTopics (plan: Plan, state: StateDir | null, options: CreationOptions & { execute: boolean }): Promise<TopicsCreateResult> {
  if (options.execute && state === null) throw new RollgateError('RG_NO_STATE', 'creating topics needs the state dir: every creation is journaled first')
  const started = Date.now()
  const source = new ClusterClient(connectionOf(plan, 'source'))
  const target = new ClusterClient(connectionOf(plan, 'target'))
  const targetConnection = connectionOf(plan, 'target')
  let admin: Admin | null = null
  try {
    // a cluster that cannot be reached fails the command here (exit 3), before anything is journaled
    const [sourceTopics, targetTopics] = await Promise.all([readSource(plan, source), target.listTopics({ includeInternal: true })])
    const creations = planTopicCreation(plan, { topics: sourceTopics }, new Set(targetTopics), options)
    const present = new Set(targetTopics)

    const pendingIntents = state?.journal.pendingIntents().filter((i) => i.data.action === createAction) ?? []
    const pending: PendingCreate[] = pendingIntents.map((i) => ({ actionId: i.data.actionId, seq: i.seq, targetTopic: targetTopicOf(i), settled: null }))
    if (options.execute && state !== null) {
      for (const p of pending) {
        const landed = p.targetTopic !== null && present.has(p.targetTopic)
        state.journal.append('outcome', landed
          ? { actionId: p.actionId, ok: true }
          : { actionId: p.actionId, ok: false, error: 'interrupted before its outcome was recorded; a later run found the topic not on the target and creates it anew' })
        p.settled = landed ? 'in-place' : 'superseded'
      }
    }

    const results: CreatedTopicResult[] = []
    for (const creation of creations) {
      const { status, ...rest } = creation
      if (status !== 'create') { results.push({ ...rest, status }); continue }
      if (!options.execute || state === null) { results.push({ ...rest, status: 'would-create' }); continue }
      admin ??= new Admin(toClientOptions(targetConnection, 'rollgate-target-topics'))
      const actionId = randomUUID()
      const after = { partitions: creation.partitions, replicationFactor: creation.replicationFactor, configs: creation.configs }
      const intent = { actionId, action: createAction, changes: [{ subject: `${subjectPrefix}${creation.targetTopic}`, before: null, after }] }
      const createWith = admin
      try {
        await withIntent(state.journal, intent, async () => {
          await bounded('target', `CreateTopics (${creation.targetTopic})`, target.timeoutMs, () => createWith.createTopics({
            topics: [{ topic: creation.targetTopic, partitions: creation.partitions!, replicas: creation.replicationFactor! }],
            configs: Object.entries(creation.configs).map(([name, value]) => ({ name, value })),
          }))
          await readBack(target, creation)
        })
        results.push({ ...rest, status: 'created', actionId })
      } catch (error) {
        const message = messageOf(error)
        // created by someone else since we listed: the journal holds the failed intent, the copy exists
        if (/TOPIC_ALREADY_EXISTS/.test(message)) { results.push({ ...rest, status: 'exists', actionId, error: message }); continue }
        if (error instanceof RollgateError && error.code.startsWith('RG_JOURNAL')) throw error
        results.push({ ...rest, status: 'failed', actionId, error: message })
      }
    }

    const counts: Record<CreateStatus, number> = { 'created': 0, 'would-create': 0, 'exists': 0, 'absent-on-source': 0, 'failed': 0 }
    for (const r of results) counts[r.status]++
    const result: TopicsCreateResult = {
      type: 'rollgate.topics-create/v1',
      execute: options.execute,
      startedAt: new Date(started).toISOString(),
      elapsedMs: Date.now() - started,
      topics: results,
      pending,
      counts,
      ok: counts.failed === 0 && counts['absent-on-source'] === 0,
    }
    if (options.execute && state !== null) {
      const evidenceId = state.evidence.put(result)
      state.journal.append('evidence', { evidenceId, kind: 'topics-create', summary: summarizeCreate(result) })
    }
    return result
  } finally {
    await Promise.all([source.close(), target.close(), admin?.close().catch(() => {})])
  }
}

/** The creation counts only once the target lists the copy with the planned partition count. */
async function readBack (target: ClusterClient, creation: TopicCreation): Promise<void> {
  const until = Date.now() + target.timeoutMs
  let seen = 'not listed'
  for (;;) {
    const [described] = await target.describeTopics([creation.targetTopic])
    if (described !== undefined) {
      if (described.partitions.length === creation.partitions) return
      seen = `${described.partitions.length} partition(s)`
    }
    if (Date.now() > until) throw new RollgateError('RG_READ_BACK', `target cluster: after CreateTopics, ${creation.targetTopic} is ${seen}, not ${creation.partitions} partition(s)`, 1)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** One line: `2 created, 1 exists`. */
export function summarizeCreate (result: TopicsCreateResult): string {
  const labels: Record<CreateStatus, string> = { 'created': 'created', 'would-create': 'would create', 'exists': 'exist', 'absent-on-source': 'absent on the source', 'failed': 'failed' }
  const parts = (Object.keys(labels) as CreateStatus[]).filter((s) => result.counts[s] > 0).map((s) => `${result.counts[s]} ${labels[s]}`)
  const settled = result.pending.filter((p) => p.settled !== null).length
  return (parts.join(', ') || 'no topics') + (settled > 0 ? `; ${settled} interrupted intent(s) closed` : '')
}
