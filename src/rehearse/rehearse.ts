/**
 * @module rehearse/rehearse
 * The game day (seed: "replicate its topics, sync or translate offsets, start the consumer on the
 * target, then force a rollback decision. Measure restore time…"). On a fresh topic and group:
 * a sequenced producer on the source, the stateful consumer there; it is stopped, its offsets are
 * translated and applied on the target (the same code as `offsets plan` + `apply --execute`), it is
 * started there by its client switch; after cutover the producers move to the target too, their
 * writes reaching the source through reverse replication; then, mid-stream, the consumer is stopped
 * the hard way and the real `rollback` runs — availability, quiet groups, reverse translation,
 * guarded reset, client switch back — and the consumer resumes on the source. What it processed,
 * where and when is measured against the plan's objectives.
 *
 * The rehearsal is a migration of its own: its plan (the team's, narrowed) and its journal live in
 * `<state dir>/rehearsals/<id>/`, so a game day never moves the real migration's phases. The result
 * is recorded in the team's journal as evidence of kind `rehearsal`.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Admin } from '@platformatic/kafka'
import { type ReverseFlow, rollback, type RollbackResult, waitForSyncs } from '../actions/rollback.ts'
import { ExitCode, RollgateError } from '../errors.ts'
import { type StateDir, openStateDir, withIntent } from '../journal/index.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { toClientOptions } from '../kafka/options.ts'
import { applyResetPlan } from '../offsets/apply.ts'
import { mm2Flow } from '../offsets/mm2-state.ts'
import { captureForPlan, resetPlanFrom, translateForPlan } from '../offsets/service.ts'
import type { OffsetCapture, OffsetTranslation, ResetPlan } from '../offsets/types.ts'
import { loadPlan } from '../plan/load.ts'
import { namingPolicy, remoteTopic } from '../replication/naming.ts'
import { waitUntilLed } from '../sandbox/traffic.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { takeSnapshot } from '../snapshot/record.ts'
import { activationCommand, writeActivation } from './activation.ts'
import { measure, type Measurement, type Objectives, type Prediction, type Rewind } from './measure.ts'
import { rehearsalPlan } from './plan.ts'
import { SequencedProducer } from './producer.ts'
import { registerValueSchema } from './schema.ts'
import type { SinkMode } from './sink.ts'
import { builtInWorkload, hookWorkload, type Workload } from './workload.ts'

export type RehearsalMode = 'before-cutover' | 'after-cutover'

export interface RehearseOptions {
  /** the team's plan: its text and directory (the rehearsal's plan is derived from it) */
  planText: string
  planDir: string
  /** the team's state dir: the rehearsal's directory is under it, its result journaled in it */
  state: StateDir
  mode: RehearsalMode
  sink: SinkMode
  records: number
  partitions: number
  /** records per second the producer writes */
  rate: number
  /** records per second the consumer processes at most (its own pace: it lags, so a rollback lands mid-stream) */
  processRate: number
  commitEvery: number
  /** place the translated offsets ahead on the target, by this many records per partition */
  sabotageAhead: number | null
  /** rehearse as this plan group (its strategy and maxReplay) */
  group?: string
  maxReplay?: number
  /** the reverse MirrorMaker 2 flow that carries target writes to the source (after-cutover) */
  reverseFlow: ReverseFlow | null
  topicPrefix: string
  /**
   * the rehearsal group is <groupPrefix><id>. A group rollgate moves must be left alone by MirrorMaker
   * 2's sync.group.offsets, which rewinds it on the target the moment its members leave; MirrorMaker 2
   * excludes `connect-.*` groups by default, so the sandbox default is `connect-rb-`
   */
  groupPrefix: string
  /** register the value schema in each cluster's registry (when the plan has one) */
  schema: boolean
  hooks?: { start: string, stop: string, count: string }
  log: (line: string) => void
}

export interface TimelineEvent { atMs: number, event: string }

export interface RehearsalResult {
  type: 'rollgate.rehearsal/v1'
  id: string
  mode: RehearsalMode
  sink: SinkMode | 'hooks'
  startedAt: string
  finishedAt: string
  /** the rehearsal's own plan, journal and sink */
  dir: string
  topic: string
  reverseTopic: string | null
  group: string
  records: number
  produced: { source: number, target: number }
  partitions: number
  schemaIds: { source: number | null, target: number | null }
  sabotage: { aheadPerPartition: number } | null
  objectives: Objectives
  prediction: Prediction
  timeline: TimelineEvent[]
  rollback: Pick<RollbackResult, 'ok' | 'from' | 'to' | 'restoreMs' | 'replay' | 'targetOnlyWrites' | 'evidence'> & { steps: Array<{ step: string, status: string, detail: string }> } | null
  measurement: Measurement
  /** why the rehearsal could not run to the end, when it could not */
  error: string | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function rehearsalId (): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${t}-${randomBytes(2).toString('hex')}`.toLowerCase()
}

export async function rehearse (o: RehearseOptions): Promise<RehearsalResult> {
  const id = rehearsalId()
  const t0 = Date.now()
  const dir = join(o.state.dir, 'rehearsals', id)
  mkdirSync(dir, { recursive: true })
  const topic = `${o.topicPrefix}${id}`
  const group = `${o.groupPrefix}${id}`
  const after = o.mode === 'after-cutover'
  if (after && !o.reverseFlow) throw new RollgateError('RG_BAD_INPUT', 'after-cutover needs a reverse flow (--reverse-flow) to carry the target\'s writes to the source', ExitCode.badInput)
  const reverseTopic = after && o.reverseFlow ? remoteTopic(namingPolicy('default', { separator: o.reverseFlow.separator }), o.reverseFlow.sourceAlias, topic) : null
  const timeline: TimelineEvent[] = []
  const mark = (event: string) => {
    timeline.push({ atMs: Date.now() - t0, event })
    o.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${event}`)
  }

  const producerActivation = join(dir, 'producer.endpoint')
  writeActivation(producerActivation, 'stopped')
  const planFile = join(dir, 'rollgate.yaml')
  // the workload needs the connection options: from a first parse of the derived plan (clients filled in below)
  const draft = rehearsalPlan({ text: o.planText, dir: o.planDir, topic, group, like: o.group, maxReplay: o.maxReplay, builtIn: { strategy: 'exact', maxReplayRecords: o.commitEvery }, clients: [] })
  writeFileSync(planFile, draft.text)
  const base = await loadPlan(planFile)
  const connection = { source: toClientOptions(connectionOf(base, 'source'), 'rollgate-rehearsal'), target: toClientOptions(connectionOf(base, 'target'), 'rollgate-rehearsal') }
  const workload: Workload = o.hooks
    ? hookWorkload({ bootstrap: { source: base.clusters.source.bootstrap, target: base.clusters.target.bootstrap }, topic, rollbackTopics: reverseTopic ? [topic, reverseTopic] : [topic], group, ...o.hooks })
    : builtInWorkload({ dir, connection, topic, group, sink: o.sink, commitEvery: o.commitEvery, processRate: o.processRate })
  const clients = [workload.client]
  if (after) clients.push({ name: 'rehearsal-producer', switchToTarget: activationCommand(producerActivation, 'target'), switchToSource: activationCommand(producerActivation, 'source') })
  const derived = rehearsalPlan({ text: o.planText, dir: o.planDir, topic, group, like: o.group, maxReplay: o.maxReplay, builtIn: { strategy: 'exact', maxReplayRecords: o.commitEvery }, clients })
  writeFileSync(planFile, derived.text)
  const plan = await loadPlan(planFile)
  const planGroup = plan.groups[0]!
  const objectives: Objectives = { maxReplayRecords: planGroup.maxReplay?.records ?? null, maxReplayMs: planGroup.maxReplay?.time ?? null, from: derived.objectivesFrom }

  const state = await openStateDir(join(dir, '.rollgate'), { actor: `${process.env.USER ?? 'user'} (rollgate rehearse ${id})` })
  const kafka = { source: new ClusterClient(connectionOf(plan, 'source')), target: new ClusterClient(connectionOf(plan, 'target')) }
  const schemaIds: RehearsalResult['schemaIds'] = { source: null, target: null }
  const producer = new SequencedProducer({
    connection, topic, partitions: o.partitions, activation: producerActivation, rate: o.rate, total: o.records,
    schemaId: async (cluster) => {
      const registry = plan.clusters[cluster].schemaRegistry
      if (!o.schema || !registry) return null
      schemaIds[cluster] ??= await registerValueSchema(registry, topic)
      return schemaIds[cluster]
    },
  })
  const prediction: Prediction = { uncommittedAtStop: 0, rollbackReplay: null, moveReplay: null }
  let rollbackAt: number | null = null
  let rolledBack: RollbackResult | null = null
  let sabotage: RehearsalResult['sabotage'] = null
  let rewinds: Rewind[] | null = null
  let error: string | null = null

  const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      const failure = producer.error ?? workload.error()
      if (failure) throw failure
      if (Date.now() > deadline) throw new RollgateError('RG_REHEARSAL_STUCK', `${what}: not within ${timeoutMs / 1000} s`, ExitCode.refused)
      await sleep(50)
    }
  }
  const switchClient = (name: string, to: 'target') => {
    const client = plan.clients.find((c) => c.name === name)!
    return withIntent(state.journal, { actionId: `client-${randomUUID()}`, action: 'client.switch', changes: [{ subject: `client ${name}`, before: 'source', after: to }] }, () => {
      const r = spawnSync('sh', ['-c', client.switchToTarget], { encoding: 'utf8', timeout: 60_000 })
      if (r.status !== 0) throw new RollgateError('RG_REHEARSAL_SWITCH', `${name}: switch to the target failed (exit ${r.status ?? r.signal}): ${`${r.stdout}${r.stderr}`.trim()}`, ExitCode.refused)
    })
  }
  const phase = (from: string, to: string, evidenceId: string) => state.journal.append('phase', { from, to, forced: true, reason: `rehearsal ${id}: moved by rollgate rehearse`, evidenceId })
  const flow = mm2Flow(plan)
  const sourceEnds = async () => kafka.source.offsets(Array.from({ length: o.partitions }, (_, partition) => ({ topic, partition })), 'latest')

  try {
    // 1. the topic, and the evidence the rollback's availability check rests on (a full inventory takes a while: before any traffic)
    const admin = new Admin({ ...connection.source, clientId: 'rollgate-rehearsal' })
    try {
      await admin.createTopics({ topics: [topic], partitions: o.partitions, replicas: Math.min(3, (await kafka.source.clusterInfo()).brokers.length) })
    } finally {
      await admin.close()
    }
    await waitUntilLed(connectionOf(plan, 'source'), Array.from({ length: o.partitions }, (_, partition) => ({ topic, partition })))
    mark(`created ${topic} (${o.partitions} partitions) on the source; ${after ? `its copy reaches the source back as ${reverseTopic}` : 'replicated to the target'}`)
    const start = await takeSnapshot(plan, derived.text, state)
    state.journal.append('note', { decision: `rehearsal ${id}: phases moved by \`rollgate rehearse\` without their gates`, reason: 'a game day measures the rollback, not the gates; this journal is the rehearsal\'s own' })
    phase('prepare', 'replicating', start.evidenceId)
    phase('replicating', 'shadow-read', start.evidenceId)
    mark(`snapshot ${start.evidenceId.slice(0, 12)}; rehearsal phase shadow-read`)

    // 2. traffic on the source
    writeActivation(producerActivation, 'source')
    // after cutover the producers move at half way: they hold there until the cutover is done
    if (after) producer.holdAt = Math.floor(o.records / 2)
    producer.start()
    await workload.startOnSource()
    mark(`producer writing ${o.records} records at ${o.rate}/s to the source${schemaIds.source !== null ? ` (schema id ${schemaIds.source})` : ''}; consumer ${group} processing on the source at up to ${o.processRate}/s into a ${o.hooks ? 'team' : o.sink} sink`)
    await until('the consumer processes a fifth of the records on the source', async () => (await workload.processed()) >= Math.ceil(o.records * 0.2), 120_000)

    // 3. move the consumer: stop it, translate and apply its offsets on the target, start it there
    await workload.stop('source')
    mark(`consumer stopped on the source after ${await workload.processed()} records`)
    const committed = await captureForPlan(plan, kafka, 'source')
    if (plan.replication.kind === 'mirrormaker2') {
      const needs = committed.groups.flatMap((g) => g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, upTo: p.committed ?? 0 })))
      await waitForSyncs(kafka[flow.offsetSyncs.cluster], flow.offsetSyncs.topic, needs, 60_000)
    }
    const captureId = state.evidence.put(committed)
    state.journal.append('evidence', { evidenceId: captureId, kind: 'offsets-capture', summary: `rehearsal: source, ${committed.groups.length} group(s)` })
    const run = await translateForPlan(plan, kafka, committed, 'source-to-target')
    const translation: OffsetTranslation = { ...run.translation, captureId }
    const translationId = state.evidence.put(translation)
    state.journal.append('evidence', { evidenceId: translationId, kind: 'offsets-translation', summary: `rehearsal source-to-target: ${translation.partitions.length} partition(s)` })
    const untranslatable = translation.partitions.filter((p) => p.to === null)
    if (untranslatable.length) throw new RollgateError('RG_REHEARSAL_TRANSLATION', `the move to the target cannot be positioned: ${untranslatable.map((p) => `${p.topic}-${p.partition} (${p.untranslatable}: ${p.note})`).join(', ')}`, ExitCode.refused)
    prediction.moveReplay = translation.partitions.every((p) => p.replay !== null) ? translation.partitions.reduce((s, p) => s + p.replay!, 0) : null
    let reset: ResetPlan = resetPlanFrom(translation, translationId, await captureForPlan(plan, kafka, 'target'))
    if (o.sabotageAhead !== null) {
      // the sabotage: every position placed ahead of the translation, as a wrong translation would
      const ahead = o.sabotageAhead
      reset = { ...reset, groups: reset.groups.map((g) => ({ ...g, offsets: g.offsets.map((x) => ({ ...x, planned: x.planned + ahead })) })), warnings: [...reset.warnings, `SABOTAGE: every planned offset moved ${ahead} ahead of its translation`] }
      sabotage = { aheadPerPartition: ahead }
    }
    const resetId = state.evidence.put(reset)
    state.journal.append('evidence', { evidenceId: resetId, kind: 'reset-plan', summary: `rehearsal: ${reset.groups.length} group(s) on the target${sabotage ? ' (SABOTAGED: ahead)' : ''}` })
    const applied = await applyResetPlan(reset, kafka, state, { execute: true, resetPlanId: resetId })
    if (!applied.ok) throw new RollgateError('RG_REHEARSAL_APPLY', `offsets apply on the target: ${applied.groups.map((g) => `${g.group} ${g.status} ${g.message ?? g.error ?? ''}`).join('; ')}`, ExitCode.refused)
    mark(`offsets translated (${[...new Set(translation.partitions.map((p) => p.method))].join(', ')}, replay ${prediction.moveReplay ?? 'unbounded'}) and applied on the target${sabotage ? ` — SABOTAGED: ${sabotage.aheadPerPartition} ahead per partition` : ''}`)
    await switchClient(workload.client.name, 'target')
    mark('consumer switched to the target (its client switch, journaled)')

    // 4. after cutover: the producers move too; their writes reach the source through the reverse flow
    if (after) {
      await until('the producer writes half of the records on the source', () => producer.produced >= producer.holdAt && producer.paused, 120_000)
      writeActivation(producerActivation, 'stopped')
      const ends = await sourceEnds()
      // the cutover waits for replication to drain: the target holds every source record before it takes writes
      if (plan.replication.kind === 'mirrormaker2') {
        const { missing } = await waitForSyncs(kafka[flow.offsetSyncs.cluster], flow.offsetSyncs.topic, ends.map((e) => ({ topic, partition: e.partition, upTo: e.offset })), 60_000)
        if (missing.length) throw new RollgateError('RG_REHEARSAL_REPLICATION', `replication did not drain before the cutover: ${missing.map((m) => `${m.topic}-${m.partition}`).join(', ')}`, ExitCode.refused)
      }
      const cutover = await takeSnapshot(plan, derived.text, state)
      phase('shadow-read', 'producers-on-target', cutover.evidenceId)
      producer.holdAt = Infinity
      await switchClient('rehearsal-producer', 'target')
      mark(`producers moved to the target after ${producer.byCluster.source} records on the source (replication drained, snapshot ${cutover.evidenceId.slice(0, 12)}, rehearsal phase producers-on-target)`)
      await until(`the reverse copy ${reverseTopic} on the source`, async () => (await kafka.source.listTopics()).includes(reverseTopic!), 120_000)
      workload.afterRollback([topic, reverseTopic!])
    } else {
      workload.afterRollback([topic])
    }

    // 5. mid-stream, the rollback decision: the consumer stops the hard way, then the real rollback
    if (after) {
      await until('the producer writes the rest on the target', () => producer.done, 120_000)
      await until('the consumer reads past the cutover', async () => (await workload.processed()) >= Math.ceil(o.records * 0.6), 120_000)
    } else {
      await until('the consumer processes half of the records', async () => (await workload.processed()) >= Math.ceil(o.records * 0.5), 120_000)
    }
    rollbackAt = Date.now()
    const processedAtDecision = await workload.processed()
    prediction.uncommittedAtStop = await workload.halt('target')
    mark(`ROLLBACK decided with ${processedAtDecision} of ${producer.produced} produced records processed: consumer stopped on the target without committing its last ${prediction.uncommittedAtStop}`)
    rolledBack = await rollback(plan, derived.text, state, kafka, {
      execute: true, reverseFlow: after ? o.reverseFlow! : undefined, waitInactiveMs: 30_000, waitResumeMs: 60_000, waitReverseMs: 60_000,
    })
    // what the rollback started from, against what the consumer itself had committed on the target
    const mine = workload.committed('target')
    if (mine !== null && rolledBack.evidence.targetCapture !== null) {
      const read = new Map((state.evidence.get(rolledBack.evidence.targetCapture) as OffsetCapture).groups.flatMap((g) => g.partitions.map((p): [string, number | null] => [`${p.topic}-${p.partition}`, p.committed])))
      rewinds = [...mine].filter(([tp, offset]) => (read.get(tp) ?? null) !== offset).map(([tp, offset]) => ({ partition: tp, committed: offset, read: read.get(tp) ?? null }))
    }
    prediction.rollbackReplay = rolledBack.replay.every((r) => r.records !== null) ? rolledBack.replay.reduce((s, r) => s + r.records!, 0) : null
    mark(`rollback ${rolledBack.ok ? 'done' : 'DID NOT COMPLETE'} in ${Date.now() - rollbackAt} ms: ${rolledBack.steps.filter((s) => s.status !== 'done').map((s) => `${s.step} ${s.status}`).join(', ') || 'every step done'}`)
    if (!rolledBack.ok) throw new RollgateError('RG_REHEARSAL_ROLLBACK', `the rollback did not complete: ${rolledBack.steps.filter((s) => s.status === 'failed' || s.status === 'refused').map((s) => `${s.step}: ${s.detail}`).join('; ')}`, ExitCode.refused)

    // 6. the consumer resumes on the source: let it drain what is left
    await until('the producer finishes', () => producer.done, 120_000)
    let seen = -1
    let still = Date.now()
    await until('the consumer processes every record', async () => {
      const n = await workload.processed()
      if (n !== seen) { seen = n; still = Date.now() }
      // nothing new for 15 s: what is missing will not come (loss), measure it
      return n >= producer.produced || Date.now() - still > 15_000
    }, 300_000)
    mark(`consumer drained on the source: ${seen} distinct records processed`)
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
    mark(`STOPPED: ${error}`)
  } finally {
    await producer.stop().catch(() => {})
    await workload.stop('source').catch(() => {})
  }

  const facts = (() => {
    try {
      return workload.facts(producer.produced, rollbackAt)
    } catch (e) {
      error ??= (e as Error).message
      return { deliveries: null, sink: null, counted: null }
    }
  })()
  await workload.close().catch(() => {})
  await Promise.all([kafka.source.close(), kafka.target.close()])
  const measurement = measure({
    produced: producer.produced, deliveries: facts.deliveries, sink: facts.sink, counted: facts.counted,
    rollbackAt: rollbackAt ?? Date.now(), rollbackRestoreMs: rolledBack?.restoreMs ?? null, prediction, rewinds,
  }, objectives)
  if (error !== null) measurement.status = 'fail'
  const result: RehearsalResult = {
    type: 'rollgate.rehearsal/v1', id, mode: o.mode, sink: o.hooks ? 'hooks' : o.sink, startedAt: new Date(t0).toISOString(), finishedAt: new Date().toISOString(),
    dir, topic, reverseTopic, group, records: o.records, produced: { ...producer.byCluster }, partitions: o.partitions, schemaIds, sabotage, objectives, prediction, timeline,
    rollback: rolledBack && {
      ok: rolledBack.ok, from: rolledBack.from, to: rolledBack.to, restoreMs: rolledBack.restoreMs, replay: rolledBack.replay, targetOnlyWrites: rolledBack.targetOnlyWrites,
      evidence: rolledBack.evidence, steps: rolledBack.steps.map((s) => ({ step: s.step, status: s.status, detail: s.detail })),
    },
    measurement, error,
  }
  const resultId = state.evidence.put(result)
  state.journal.append('evidence', { evidenceId: resultId, kind: 'rehearsal', summary: summarize(result) })
  state.close()
  const teamId = o.state.evidence.put(result)
  o.state.journal.append('evidence', { evidenceId: teamId, kind: 'rehearsal', summary: summarize(result) })
  return result
}

/** One line for `rollgate log`. */
export function summarize (r: RehearsalResult): string {
  const m = r.measurement
  return `rehearsal ${r.id} ${r.mode} (${r.sink} sink): ${m.status.toUpperCase()}; restore ${m.restoreMs ?? '?'} ms, duplicates ${m.duplicates?.total ?? '?'}, loss ${m.loss ?? '?'}` +
    (r.sabotage ? ` (sabotaged: ${r.sabotage.aheadPerPartition} ahead)` : '')
}
