/**
 * @module replication-health/capture
 * Captures replication evidence (types.ts) for the plan's critical topics and groups, from both
 * clusters, bounded by `gates.timeout` as a whole; a failure is recorded with the reason.
 *
 * Order matters for never under-stating lag: the target's log ends are read first, the offset syncs
 * and the source's log ends after them. A record copied in between then counts as not copied (lag
 * over-stated by what arrived during the capture), never the reverse.
 *
 * Per critical partition: both log ranges, the oldest retained record on each side (retention),
 * the source position of the target's copy end (MappedPosition) and the first source record at or
 * after it (time lag). For MirrorMaker 2 also: the reach of the offset syncs for critical topics and
 * the partitions critical groups committed on, those groups' committed offsets with MirrorMaker 2's
 * latest checkpoints (and when they were written), and the flow's newest heartbeat.
 *
 * Cost: a fixed number of batched admin rounds whatever the number of partitions (log ranges and
 * oldest records by ListOffsets), a read of MirrorMaker 2's offset-syncs and checkpoints topics
 * (compacted, as its own tools read them), and one record read per *lagging* partition — with the
 * range reader: no group joined, nothing committed — within a time budget.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { RangeReader } from '../kafka/range-reader.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import { checkpointKey, mm2Flow, readOffsetSyncs } from '../offsets/mm2-state.ts'
import type { Plan } from '../plan/schema.ts'
import { checkpointTopic, heartbeatsTopic } from '../replication/naming.ts'
import { type SyncHistory, syncHistory } from '../replication/sync-history.ts'
import { selectTopics, targetTopicName } from '../gates/select-topics.ts'
import type { Inventory, Unavailable } from '../snapshot/inventory.ts'
import type { SideName } from '../snapshot/types.ts'
import { latestCheckpoints, type TimedCheckpoints } from './checkpoint-read.ts'
import { newestHeartbeat } from './heartbeat-scan.ts'
import { mapLimited } from './map-limited.ts'
import { mapPosition, type Range } from './map-position.ts'
import type { GroupProgress, HeartbeatSeen, LogFacts, RecordStamp, ReplicatedPartition, ReplicationEvidence, ReplicationSideEvidence, SyncReach } from './types.ts'

export type Clients = Record<SideName, ClusterClient>

/** Record reads in flight per cluster. */
const concurrency = 8
/** A few records are read at a time: one is wanted, the broker returns at least one whole batch anyway. */
const readBytes = 64 * 1024

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

async function orUnavailable<T> (work: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await work()
  } catch (error) {
    return { unavailable: true, reason: message(error) }
  }
}

/** The first data record at or after `from`, below `until` (transaction markers skipped); null: none. */
async function firstRecord (reader: RangeReader, topic: string, partition: number, from: number, until: number): Promise<RecordStamp | null> {
  if (from >= until) return null
  for await (const r of reader.read(topic, partition, from, until, { maxBytes: readBytes })) return { offset: r.offset, timestamp: r.timestamp }
  return null
}

/**
 * The oldest retained record of many partitions in one batched ListOffsets round per leader: the
 * earliest offset whose timestamp is >= 0 is the first record at the log start (records without a
 * timestamp, -1, are passed over), and the broker answers its timestamp with it. null: empty.
 */
async function oldestRecords (client: ClusterClient, partitions: readonly TopicPartition[]): Promise<Map<string, RecordStamp | null>> {
  const found = await client.offsets(partitions, { timestamp: 0 })
  return new Map(found.map((o) => [tpKey(o.topic, o.partition), o.offset < 0 ? null : { offset: o.offset, timestamp: o.timestamp }]))
}

/** `work`, or Unavailable when it has not finished by `deadline`: one slow read must not sink the capture. */
async function byDeadline<T> (deadline: number, what: string, work: () => Promise<T>): Promise<T | Unavailable> {
  const left = deadline - Date.now()
  if (left <= 0) return { unavailable: true, reason: `${what}: not read, the capture's time budget was spent` }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<Unavailable>((resolve) => {
    timer = setTimeout(() => resolve({ unavailable: true, reason: `${what}: not read within the capture's time budget` }), left)
  })
  try {
    return await Promise.race([orUnavailable(work), late])
  } finally {
    clearTimeout(timer)
  }
}

async function ranges (client: ClusterClient, partitions: readonly TopicPartition[]): Promise<Map<string, Range>> {
  const [start, end] = await Promise.all([client.offsets(partitions, 'earliest'), client.offsets(partitions, 'latest')])
  const ends = new Map(end.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const out = new Map<string, Range>()
  for (const s of start) {
    const logEnd = ends.get(tpKey(s.topic, s.partition))
    if (logEnd !== undefined) out.set(tpKey(s.topic, s.partition), { logStart: s.offset, logEnd })
  }
  return out
}

function reachOf (topic: string, partition: number, history: SyncHistory): SyncReach {
  const r = history.lastReset
  return {
    topic,
    partition,
    valid: history.valid.length,
    oldest: history.valid[0] ?? null,
    newest: history.valid[history.valid.length - 1] ?? null,
    reset: r ? `${r.cause} at offset-syncs offset ${r.at.seq} (${r.previous.upstream}->${r.previous.downstream} then ${r.at.upstream}->${r.at.downstream})` : null,
  }
}

/**
 * The evidence itself. `readsBy` bounds the record reads for time lag (one per lagging partition):
 * those not done by then are recorded as not read, so the records figures survive a slow cluster.
 */
export async function captureReplicationEvidence (plan: Plan, clients: Clients, readsBy = Date.now() + 0.7 * plan.gates.timeout): Promise<ReplicationEvidence> {
  const kind = plan.replication.kind
  const mm2 = kind === 'mirrormaker2' ? mm2Flow(plan) : null
  const targetTopic = (topic: string) => (mm2 ? mm2.targetTopic(topic) : targetTopicName(plan, topic))
  const warnings: string[] = []

  // which topics: the plan's critical selection over the source's topics (selectTopics reads only
  // each topic's name and whether it is internal; listTopics gives the non-internal ones)
  const sourceNames = await clients.source.listTopics()
  const listed = { topics: sourceNames.map((name) => ({ name, internal: false })) } as unknown as Pick<Inventory, 'topics'>
  const critical = selectTopics(plan, listed).topics.filter((t) => t.criticality === 'critical' && t.exists).map((t) => t.name)
  const groups = mm2 ? plan.groups.filter((g) => g.criticality === 'critical').map((g) => g.name) : []

  const targetNames = new Set(await clients.target.listTopics())
  const [sourceTopics, targetTopics, committed] = await Promise.all([
    clients.source.describeTopics(critical),
    clients.target.describeTopics(critical.map(targetTopic).filter((t) => targetNames.has(t))),
    groups.length ? orUnavailable(() => clients.source.committedOffsets(groups)) : Promise.resolve(null),
  ])
  const criticalParts: TopicPartition[] = sourceTopics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })))
  const targetCount = new Map(targetTopics.map((t) => [t.name, t.partitions.length]))
  const copied = criticalParts.filter((p) => p.partition < (targetCount.get(targetTopic(p.topic)) ?? 0))
  const targetParts = copied.map((p) => ({ topic: targetTopic(p.topic), partition: p.partition }))
  // the target first: see the module comment
  const targetRanges = await ranges(clients.target, targetParts)

  const committedParts = committed && !('unavailable' in committed) ? [...committed.values()].flat() : []
  const interest = new Set([...critical, ...committedParts.map((o) => o.topic)])
  const sourceCounts = new Map(sourceTopics.map((t) => [t.name, t.partitions.length]))
  const extraTopics = [...interest].filter((t) => !sourceCounts.has(t))
  for (const t of extraTopics.length ? await clients.source.describeTopics(extraTopics) : []) sourceCounts.set(t.name, t.partitions.length)
  const groupParts = committedParts.filter((o) => o.partition < (sourceCounts.get(o.topic) ?? 0))

  const [sourceRanges, sourceOldest, targetOldest, syncsRead, checkpointsRead, heartbeat] = await Promise.all([
    ranges(clients.source, [...criticalParts, ...groupParts.map((o) => ({ topic: o.topic, partition: o.partition }))]),
    orUnavailable(() => oldestRecords(clients.source, criticalParts)),
    orUnavailable(() => oldestRecords(clients.target, targetParts)),
    mm2 ? orUnavailable(() => readOffsetSyncs(clients[mm2.offsetSyncs.cluster], mm2.offsetSyncs.topic, interest)) : Promise.resolve(null),
    mm2 && groups.length ? orUnavailable(() => latestCheckpoints(clients.target, mm2.checkpointsTopic, new Set(groups))) : Promise.resolve(null),
    mm2 ? orUnavailable(() => newestHeartbeat(clients.target, heartbeatsTopic, mm2)) : Promise.resolve(null as HeartbeatSeen | null),
  ])
  const capturedAt = new Date().toISOString()
  if (syncsRead && !('unavailable' in syncsRead)) warnings.push(...syncsRead.warnings)
  if (checkpointsRead && !('unavailable' in checkpointsRead)) warnings.push(...checkpointsRead.warnings)

  const histories = new Map<string, SyncHistory>()
  const historyOf = (topic: string, partition: number): SyncHistory | Unavailable | null => {
    if (syncsRead === null) return null
    if ('unavailable' in syncsRead) return syncsRead
    const key = tpKey(topic, partition)
    let h = histories.get(key)
    if (h === undefined) histories.set(key, h = syncHistory(syncsRead.syncs.get(key) ?? []))
    return h
  }

  const oldestOf = (stamps: Map<string, RecordStamp | null> | Unavailable, topic: string, partition: number): LogFacts['oldest'] =>
    'unavailable' in stamps ? stamps
      // null is an answer (an empty log), a missing entry is not
      : stamps.has(tpKey(topic, partition)) ? stamps.get(tpKey(topic, partition))! : { unavailable: true, reason: `no answer for ${topic}-${partition}` }
  const reader = clients.source.rangeReader()
  try {
    const partitions = await mapLimited(criticalParts, concurrency, async ({ topic, partition }): Promise<ReplicatedPartition> => {
      const copy = targetTopic(topic)
      const src = sourceRanges.get(tpKey(topic, partition))
      if (src === undefined) throw new RollgateError('RG_REPLICATION_PARTIAL', `source cluster: no log range returned for ${topic}-${partition}`, ExitCode.refused)
      const dst = targetRanges.get(tpKey(copy, partition)) ?? null
      const mapped = mapPosition(kind, src, dst, historyOf(topic, partition))
      // below the log start the records are gone: the oldest uncopied one still there is what ages
      const firstUncopied = mapped.position !== null && mapped.position < src.logEnd
        ? await byDeadline(readsBy, `${topic}-${partition}@${mapped.position}`, () => firstRecord(reader, topic, partition, Math.max(mapped.position!, src.logStart), src.logEnd))
        : null
      const facts = (range: Range, oldest: LogFacts['oldest']): LogFacts => ({ logStart: range.logStart, logEnd: range.logEnd, oldest })
      return {
        topic,
        partition,
        targetTopic: copy,
        source: facts(src, oldestOf(sourceOldest, topic, partition)),
        target: dst ? facts(dst, oldestOf(targetOldest, copy, partition)) : null,
        mapped,
        firstUncopied,
      }
    })

    const syncs: ReplicationEvidence['syncs'] = syncsRead === null ? null
      : 'unavailable' in syncsRead ? syncsRead
        : [...new Map([...criticalParts, ...groupParts].map((p) => [tpKey(p.topic, p.partition), p])).values()]
            .map((p) => reachOf(p.topic, p.partition, historyOf(p.topic, p.partition) as SyncHistory))

    let groupProgress: ReplicationEvidence['groups'] = null
    if (mm2 && groups.length) {
      if (committed === null || 'unavailable' in committed) groupProgress = committed ?? { unavailable: true, reason: 'committed offsets not read' }
      else if (checkpointsRead === null || 'unavailable' in checkpointsRead) groupProgress = checkpointsRead ?? { unavailable: true, reason: 'checkpoints not read' }
      else groupProgress = groupsOf(groups, committed, checkpointsRead, sourceRanges, (t) => checkpointTopic(mm2.policy, mm2, t))
    }

    return {
      capturedAt,
      kind,
      flow: mm2 ? { sourceAlias: mm2.sourceAlias, targetAlias: mm2.targetAlias, naming: plan.replication.naming, offsetSyncs: mm2.offsetSyncs, checkpointsTopic: mm2.checkpointsTopic, heartbeatsTopic } : null,
      partitions,
      syncs,
      groups: groupProgress,
      heartbeat,
      warnings,
    }
  } finally {
    await reader.close()
  }
}

function groupsOf (groups: string[], committed: Map<string, Array<{ topic: string, partition: number, offset: number }>>, checkpoints: TimedCheckpoints,
  sourceRanges: Map<string, Range>, renamed: (topic: string) => string): GroupProgress[] {
  return groups.map((group) => ({
    group,
    partitions: (committed.get(group) ?? []).map((o) => ({
      topic: o.topic,
      partition: o.partition,
      committed: o.offset,
      logStart: sourceRanges.get(tpKey(o.topic, o.partition))?.logStart ?? null,
      checkpoint: checkpoints.checkpoints.get(checkpointKey(group, renamed(o.topic), o.partition)) ?? null,
    })),
  }))
}

/** Replication evidence for a snapshot, bounded by the plan's gate timeout as a whole. */
export async function captureReplication (plan: Plan, clients: Clients): Promise<ReplicationSideEvidence> {
  const timeoutMs = plan.gates.timeout
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RollgateError('RG_REPLICATION_TIMEOUT', `replication evidence: the capture did not finish within ${timeoutMs} ms`, ExitCode.unreachable)), timeoutMs)
  })
  try {
    return { status: 'ok', evidence: await Promise.race([captureReplicationEvidence(plan, clients), timeout]) }
  } catch (error) {
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', error: message(error), at: new Date().toISOString() }
  } finally {
    clearTimeout(timer)
  }
}
