/**
 * @module target-writes/capture
 * Captures whether anything but the replicator writes to the target's critical topics (types.ts).
 *
 * The rule, and why: MirrorMaker 2's producer has no name a broker reports — DescribeProducers gives
 * bare producer ids, and a restart gives it a new one — so a producer is judged by what it wrote.
 * Every record MirrorMaker 2 writes is a copy of a source record of the same partition: same key,
 * value and headers (record-digest.ts), and the same timestamp (it sends the source record's). For
 * each non-empty target partition rollgate samples the newest records (`tailRecords`) and the last
 * batch of every producer DescribeProducers lists there (found through ListOffsets at that
 * producer's last timestamp), and looks for each sampled record among the source partition's
 * records from the first one stamped at or after the oldest sampled timestamp — where every
 * original must be — up to the source log end. A record found there is a copy. A record not found
 * is foreign only when that window was read whole, the source log was never truncated below it and
 * the topic is not compacted (its original cannot have been deleted); otherwise it is unproven
 * (`unknown`, fail closed). A producer is the replicator when its sampled records are copies,
 * foreign when one is not. A non-idempotent producer has no producer state: only the sample of the
 * newest records can catch it.
 *
 * Cost: in a snapshot, nothing for the layout (partitions, leaders, log ranges and configs come from
 * the inventories just captured); alone, a fixed number of batched rounds. Then DescribeProducers
 * once per leader for the non-empty partitions, and per non-empty partition a few bounded reads —
 * within a time budget; partitions not read by then are recorded as such (`unknown`).
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { describeProducers, type PartitionProducers } from '../kafka/describe-producers.ts'
import { bounded } from '../kafka/errors.ts'
import { toClientOptions } from '../kafka/options.ts'
import type { RangeReader, RecordView } from '../kafka/range-reader.ts'
import { recordDigest } from '../kafka/record-digest.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import { selectTopics, targetTopicName } from '../gates/select-topics.ts'
import type { Plan } from '../plan/schema.ts'
import { mapLimited } from '../replication-health/map-limited.ts'
import { connectionOf } from '../snapshot/capture.ts'
import type { Inventory } from '../snapshot/inventory.ts'
import type { ForeignRecord, TargetPartitionWrites, TargetProducer, TargetWritesEvidence } from './types.ts'

/** newest records sampled per target partition */
export const tailRecords = 20
/** records of a producer's last batch sampled */
const producerRecords = 20
/** records read past a producer's last timestamp looking for its batch */
const producerSearch = 500
/** most source records read to find originals */
export const sourceWindowMax = 5_000
const concurrency = 4
const readBytes = 256 * 1024

interface Sampled { record: RecordView, digest: string }

async function readAll (reader: RangeReader, topic: string, partition: number, from: number, until: number): Promise<RecordView[]> {
  const out: RecordView[] = []
  if (from >= until) return out
  for await (const r of reader.read(topic, partition, from, until, { maxBytes: readBytes })) out.push(r)
  return out
}

interface PartitionJob {
  topic: string
  targetTopic: string
  partition: number
  target: { logStart: number, logEnd: number }
  source: { logStart: number, logEnd: number } | null
  producers: PartitionProducers['producers'] | null
  logAppendTime: boolean
  compacted: boolean
}

export interface Readers { source: RangeReader, target: RangeReader, sourceClient: ClusterClient, targetClient: ClusterClient }

/** One partition's sample and verdicts (see the module comment). */
export async function samplePartition (job: PartitionJob, readers: Readers): Promise<TargetPartitionWrites> {
  const base = { topic: job.topic, targetTopic: job.targetTopic, partition: job.partition, logStart: job.target.logStart, logEnd: job.target.logEnd }
  const sampled = new Map<number, Sampled>()
  const add = (records: RecordView[]) => {
    for (const record of records) if (!sampled.has(record.offset)) sampled.set(record.offset, { record, digest: recordDigest(record) })
  }
  add(await readAll(readers.target, job.targetTopic, job.partition, Math.max(job.target.logStart, job.target.logEnd - tailRecords), job.target.logEnd))
  const inTail = new Set([...sampled.values()].map((s) => String(s.record.producerId)))
  for (const producer of job.producers ?? []) {
    if (inTail.has(producer.producerId)) continue
    const [found] = await readers.targetClient.offsets([{ topic: job.targetTopic, partition: job.partition }], { timestamp: producer.lastTimestamp })
    if (!found || found.offset < 0) continue
    const records = await readAll(readers.target, job.targetTopic, job.partition, found.offset, Math.min(job.target.logEnd, found.offset + producerSearch))
    add(records.filter((r) => String(r.producerId) === producer.producerId).slice(-producerRecords))
  }

  const records = [...sampled.values()].sort((a, b) => a.record.offset - b.record.offset)
  let unprovenReason: string | null = null
  let originals = new Set<string>()
  let whole = false
  let truncated = false
  if (records.length > 0) {
    if (job.source === null) {
      unprovenReason = `the source has no partition ${job.topic}-${job.partition} to hold originals`
    } else {
      const { logStart, logEnd } = job.source
      let from: number
      if (job.logAppendTime) {
        // the copy's timestamps are the target's append times: the originals can be anywhere
        from = Math.max(logStart, logEnd - sourceWindowMax)
      } else {
        const oldest = Math.min(...records.map((s) => s.record.timestamp))
        const [at] = await readers.sourceClient.offsets([{ topic: job.topic, partition: job.partition }], { timestamp: oldest })
        from = at && at.offset >= 0 ? at.offset : logEnd
      }
      const until = Math.min(logEnd, from + sourceWindowMax)
      whole = until === logEnd && (!job.logAppendTime || from === logStart)
      truncated = logStart > 0
      originals = new Set((await readAll(readers.source, job.topic, job.partition, from, until)).map((r) => recordDigest(r)))
      if (!whole) unprovenReason = `more than ${sourceWindowMax} source records would have to be read to find the originals`
      else if (job.compacted) unprovenReason = 'the topic is compacted: an original may have been compacted away'
      else if (truncated) unprovenReason = `the source log starts at ${logStart}: an original may have been deleted by retention`
    }
  }

  const foreign: ForeignRecord[] = []
  let copies = 0
  let unproven = 0
  const byProducer = new Map<string, { copies: number, foreign: number }>()
  for (const s of records) {
    const id = String(s.record.producerId)
    const tally = byProducer.get(id) ?? { copies: 0, foreign: 0 }
    byProducer.set(id, tally)
    if (originals.has(s.digest)) {
      copies++
      tally.copies++
    } else if (unprovenReason !== null) {
      unproven++
    } else {
      foreign.push({ offset: s.record.offset, producerId: id, timestamp: s.record.timestamp })
      tally.foreign++
    }
  }
  const producers: TargetProducer[] | null = job.producers === null
    ? null
    : job.producers.map((p) => {
      const tally = byProducer.get(p.producerId)
      const verdict = tally && tally.foreign > 0 ? 'foreign' : tally && tally.copies > 0 ? 'replicator' : 'unresolved'
      return { producerId: p.producerId, lastTimestamp: p.lastTimestamp, verdict }
    })
  return {
    ...base, producers, sampled: records.length, copies, foreign: foreign.slice(0, 10), foreignCount: foreign.length,
    unproven, unprovenReason: unproven > 0 ? unprovenReason : null, error: null,
  }
}

async function ranges (client: ClusterClient, partitions: TopicPartition[]): Promise<Map<string, { logStart: number, logEnd: number }>> {
  const [start, end] = await Promise.all([client.offsets(partitions, 'earliest'), client.offsets(partitions, 'latest')])
  const ends = new Map(end.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const out = new Map<string, { logStart: number, logEnd: number }>()
  for (const s of start) {
    const logEnd = ends.get(tpKey(s.topic, s.partition))
    if (logEnd !== undefined) out.set(tpKey(s.topic, s.partition), { logStart: s.offset, logEnd })
  }
  return out
}

/** Where to look: the critical copies' partitions with their leaders and log ranges, the source ranges, two topic configs. */
interface Layout {
  brokers: Map<number, { id: number, host: string, port: number }>
  parts: Array<{ topic: string, targetTopic: string, partition: number, leader: number, range: { logStart: number, logEnd: number } | undefined }>
  sourceRange: (topic: string, partition: number) => { logStart: number, logEnd: number } | null
  configOf: (targetTopic: string, name: string) => string
}

/** The layout from both sides' inventories just captured: no request at all. */
function layoutOfInventories (plan: Plan, source: Inventory, target: Inventory): Layout {
  const critical = selectTopics(plan, source).topics.filter((t) => t.criticality === 'critical' && t.exists).map((t) => t.name)
  const onTarget = new Map(target.topics.map((t) => [t.name, t]))
  const onSource = new Map(source.topics.map((t) => [t.name, t]))
  const parts = critical.flatMap((topic) => {
    const targetTopic = targetTopicName(plan, topic)
    return (onTarget.get(targetTopic)?.partitions ?? []).map((p) => ({ topic, targetTopic, partition: p.partition, leader: p.leader, range: { logStart: p.earliest, logEnd: p.latest } }))
  })
  return {
    brokers: new Map(target.cluster.brokers.map((b) => [b.id, b])),
    parts,
    sourceRange: (topic, partition) => {
      const p = onSource.get(topic)?.partitions.find((x) => x.partition === partition)
      return p ? { logStart: p.earliest, logEnd: p.latest } : null
    },
    configOf: (targetTopic, name) => onTarget.get(targetTopic)?.effectiveConfigs[name] ?? '',
  }
}

/** The layout asked of both clusters (no inventory at hand): batched, written partitions only beyond the ranges. */
async function layoutOfClusters (plan: Plan, sourceClient: ClusterClient, targetClient: ClusterClient): Promise<Layout> {
  const sourceNames = await sourceClient.listTopics()
  const listed = { topics: sourceNames.map((name) => ({ name, internal: false })) } as unknown as Pick<Inventory, 'topics'>
  const critical = selectTopics(plan, listed).topics.filter((t) => t.criticality === 'critical' && t.exists).map((t) => t.name)
  const targetNames = new Set(await targetClient.listTopics())
  const copies = critical.map((topic) => ({ topic, targetTopic: targetTopicName(plan, topic) })).filter((c) => targetNames.has(c.targetTopic))
  const [info, described] = await Promise.all([targetClient.clusterInfo(), targetClient.describeTopics(copies.map((c) => c.targetTopic))])
  const byTarget = new Map(described.map((t) => [t.name, t]))
  const targetParts = copies.flatMap((c) => (byTarget.get(c.targetTopic)?.partitions ?? []).map((p) => ({ ...c, partition: p.partition, leader: p.leader })))
  const targetRanges = await ranges(targetClient, targetParts.map((p) => ({ topic: p.targetTopic, partition: p.partition })))
  const parts = targetParts.map((p) => ({ ...p, range: targetRanges.get(tpKey(p.targetTopic, p.partition)) }))
  // only written partitions are sampled: their topics' configs and their source ranges, nothing more
  const written = parts.filter((p) => p.range === undefined || p.range.logEnd > p.range.logStart)
  const [configs, sourceDescribed] = await Promise.all([
    targetClient.topicConfigs([...new Set(written.map((p) => p.targetTopic))]),
    sourceClient.describeTopics([...new Set(written.map((p) => p.topic))]),
  ])
  const sourceCount = new Map(sourceDescribed.map((t) => [t.name, t.partitions.length]))
  const sourceRanges = await ranges(sourceClient, written.filter((p) => p.partition < (sourceCount.get(p.topic) ?? 0)).map((p) => ({ topic: p.topic, partition: p.partition })))
  return {
    brokers: new Map(info.brokers.map((b) => [b.id, b])),
    parts,
    sourceRange: (topic, partition) => sourceRanges.get(tpKey(topic, partition)) ?? null,
    configOf: (topic, name) => configs.get(topic)?.find((c) => c.name === name)?.value ?? '',
  }
}

/**
 * `inventories`: both sides' inventories of the same snapshot, read instead of asking the clusters
 * again (at 20,000 partitions that is several rounds of metadata and ListOffsets saved); the
 * capture then ends by `deadline`, what is left of the snapshot's gate timeout.
 */
export async function captureTargetWrites (plan: Plan, inventories?: { source: Inventory, target: Inventory }, deadline = Date.now() + plan.gates.timeout): Promise<TargetWritesEvidence> {
  const sourceClient = new ClusterClient(connectionOf(plan, 'source'), 'rollgate-target-writes-source')
  const targetClient = new ClusterClient(connectionOf(plan, 'target'), 'rollgate-target-writes-target')
  const readers: Readers = { source: sourceClient.rangeReader(), target: targetClient.rangeReader(), sourceClient, targetClient }
  // record reads stop with 30% of the budget left, so what was read is still recorded in time
  const readsBy = deadline - 0.3 * plan.gates.timeout
  try {
    return await bounded('target', 'target writes', Math.max(1_000, deadline - Date.now()), async (): Promise<TargetWritesEvidence> => {
      const capturedAt = new Date().toISOString()
      const layout = inventories ? layoutOfInventories(plan, inventories.source, inventories.target) : await layoutOfClusters(plan, sourceClient, targetClient)
      const written = layout.parts.filter((p) => p.range === undefined || p.range.logEnd > p.range.logStart)
      const answer = written.length === 0
        ? { supported: true as const, partitions: [] }
        : await describeProducers(toClientOptions(connectionOf(plan, 'target'), 'rollgate-target-writes-target'), layout.brokers,
          written.map((p) => ({ topic: p.targetTopic, partition: p.partition, leader: p.leader })))
      const producersOf = new Map(answer.supported ? answer.partitions.map((p) => [tpKey(p.topic, p.partition), p]) : [])

      const partitions = await mapLimited(layout.parts, concurrency, async (p): Promise<TargetPartitionWrites> => {
        const target = p.range
        const base = { topic: p.topic, targetTopic: p.targetTopic, partition: p.partition }
        const empty = { producers: null, sampled: 0, copies: 0, foreign: [], foreignCount: 0, unproven: 0, unprovenReason: null }
        if (target === undefined) return { ...base, logStart: -1, logEnd: -1, ...empty, error: 'no log range returned for the target partition' }
        const listedProducers = producersOf.get(tpKey(p.targetTopic, p.partition))
        if (target.logEnd === target.logStart) return { ...base, ...target, ...empty, producers: answer.supported ? [] : null, error: null }
        if (listedProducers?.error) return { ...base, ...target, ...empty, error: `DescribeProducers: ${listedProducers.error}` }
        if (Date.now() > readsBy) return { ...base, ...target, ...empty, error: 'not read within the capture\'s time budget' }
        try {
          return await samplePartition({
            ...base, target, source: layout.sourceRange(p.topic, p.partition),
            producers: answer.supported ? (listedProducers?.producers ?? []) : null,
            logAppendTime: layout.configOf(p.targetTopic, 'message.timestamp.type') === 'LogAppendTime',
            compacted: layout.configOf(p.targetTopic, 'cleanup.policy').includes('compact'),
          }, readers)
        } catch (error) {
          return { ...base, ...target, ...empty, error: error instanceof Error ? error.message : String(error) }
        }
      })
      return { status: 'ok', capturedAt, producersUnsupported: answer.supported ? null : answer.reason, partitions }
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', error: message, at: new Date().toISOString() }
  } finally {
    await Promise.all([readers.source.close(), readers.target.close(), sourceClient.close(), targetClient.close()])
  }
}
