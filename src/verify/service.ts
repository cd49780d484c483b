/**
 * @module verify/service
 * `rollgate verify` as a service: choose the topics and partitions (the plan's critical topics, this
 * shard's share), learn each side's log range, MirrorMaker 2's offset syncs and which topics are
 * compacted, plan every partition's ranges (ranges.ts), compare them in worker threads (pool.ts),
 * evaluate the plan's invariants, and return the evidence document. Read-only on both clusters:
 * Metadata, ListOffsets, DescribeConfigs and Fetch — never a group, a commit or a fetch session.
 */
import { availableParallelism } from 'node:os'
import { badInput } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import type { KafkaConnection, SecretInput } from '../kafka/options.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import { mm2Flow } from '../offsets/mm2-state.ts'
import type { Plan } from '../plan/schema.ts'
import { secretsIn } from '../plan/secret.ts'
import { syncHistory } from '../replication/sync-history.ts'
import { connectionOf } from '../snapshot/capture.ts'
import type { InventoryTopic } from '../snapshot/inventory.ts'
import { selectTopics, targetTopicName } from '../gates/select-topics.ts'
import { evaluateInvariants } from './invariants.ts'
import type { Connections, JobSettings, PartitionJob } from './jobs.ts'
import { runPool } from './pool.ts'
import type { Progress } from './progress.ts'
import { type PartitionFacts, type PlannedRange, planRange, positionByTimestamp } from './ranges.ts'
import { addCounts, countRequests } from './requests.ts'
import { type Shard, shardPartitions } from './shard.ts'
import { readSyncs } from './syncs.ts'
import type { PartitionReport, RangeSpec, TopicReport, VerifyResult } from './types.ts'

export interface VerifyOptions {
  /** source topics to verify; default: the plan's critical topics (all selected ones with `allTopics`) */
  topics?: string[]
  allTopics?: boolean
  range: RangeSpec
  isolation: 'read_committed' | 'read_uncommitted'
  withTimestamps: boolean
  shard: Shard
  /** worker threads; 0 compares in the main thread */
  workers: number
  window: number
  duplicateWindow: number
  /** partitions compared at once per thread */
  concurrency: number
  partitionMaxBytes: number
  invariants: boolean
  planHash: string
  onProgress?: (progress: Progress) => void
}

export const defaults = {
  window: 1000,
  duplicateWindow: 10_000,
  concurrency: 4,
  partitionMaxBytes: 256 << 10,
  maxSamples: 10,
}

/**
 * Worker threads by default: none on two cores or fewer — measured there (bench/verify.bench.ts,
 * 1,000,000 records of 200 bytes): in the main thread 246k records compared/s at 271 MB peak RSS,
 * with 1 worker 187k/s at 333 MB, with 2 workers 176k/s at 446 MB, since the brokers share the
 * cores and each worker loads the Kafka client again (~70 MB). With more cores, one per core
 * beyond the first, at most 4: partitions spread over the workers, each decoding and comparing its
 * own (not measured on such a machine here).
 */
export const defaultWorkers = (cores = availableParallelism()): number => (cores <= 2 ? 0 : Math.min(4, cores - 1))

/** A connection a worker thread can receive: secrets revealed (workers run in this process). */
function revealed (connection: KafkaConnection): KafkaConnection {
  const sasl = connection.security?.sasl
  if (!sasl) return connection
  const plain = (v: SecretInput | undefined) => (v === undefined || typeof v === 'string' ? v : v.reveal())
  const out: NonNullable<KafkaConnection['security']>['sasl'] = { mechanism: sasl.mechanism }
  if (sasl.username !== undefined) out.username = plain(sasl.username)
  if (sasl.password !== undefined) out.password = plain(sasl.password)
  if (sasl.token !== undefined) out.token = plain(sasl.token)
  return { ...connection, security: { ...connection.security!, sasl: out } }
}

async function firstTimestamp (client: ClusterClient, topic: string, partition: number, from: number, until: number): Promise<number | null> {
  if (from >= until) return null
  const reader = client.rangeReader()
  try {
    for await (const r of reader.read(topic, partition, from, Math.min(until, from + 1))) return r.timestamp
    return null
  } finally {
    await reader.close()
  }
}

/** Runs `work` over `items`, `limit` at a time. */
async function limited<T, R> (items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const k = next++
      out[k] = await work(items[k]!)
    }
  }))
  return out
}

const compactedPolicy = (configs: Map<string, Array<{ name: string, value: string | null }>>, topic: string): boolean =>
  /compact/.test(configs.get(topic)?.find((c) => c.name === 'cleanup.policy')?.value ?? '')

export async function verifyPlan (plan: Plan, options: VerifyOptions): Promise<VerifyResult> {
  const startedAt = new Date()
  const requests = countRequests()
  const connections: Connections = { source: connectionOf(plan, 'source'), target: connectionOf(plan, 'target') }
  const clients = { source: new ClusterClient(connections.source, 'rollgate-verify'), target: new ClusterClient(connections.target, 'rollgate-verify') }
  const warnings: string[] = []
  const readCommitted = options.isolation === 'read_committed'
  const kind = plan.replication.kind
  try {
    // which topics
    const sourceTopics = await clients.source.listTopics()
    const selection = selectTopics(plan, { topics: sourceTopics.map((name) => ({ name, internal: false }) as InventoryTopic) })
    for (const empty of selection.empty) warnings.push(`topics[${empty.index}] regex ${JSON.stringify(empty.regex)} selects no topic on the source`)
    let chosen = selection.topics.filter((t) => t.exists && (options.allTopics || t.criticality === 'critical'))
    if (options.topics?.length) {
      const unknown = options.topics.filter((t) => !sourceTopics.includes(t))
      if (unknown.length) throw badInput(`no such topic on the source cluster: ${unknown.join(', ')}`)
      const byName = new Map(selection.topics.map((t) => [t.name, t]))
      chosen = options.topics.map((name) => byName.get(name) ?? { name, criticality: 'standard' as const, selectors: [], exists: true })
    }
    const names = chosen.map((t) => t.name)
    const targetName = new Map(names.map((n) => [n, targetTopicName(plan, n)]))
    const [sourceDescribed, targetDescribed, sourceConfigs, targetConfigs] = await Promise.all([
      clients.source.describeTopics(names),
      clients.target.describeTopics([...targetName.values()]),
      clients.source.topicConfigs(names),
      clients.target.topicConfigs([...targetName.values()]),
    ])
    const targetCount = new Map(targetDescribed.map((t) => [t.name, t.partitions.length]))
    const all: TopicPartition[] = sourceDescribed.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })))
    const mine = shardPartitions(all, options.shard)
    const missingOnTarget = mine.filter((p) => p.partition >= (targetCount.get(targetName.get(p.topic)!) ?? 0))
    for (const p of missingOnTarget) warnings.push(`${targetName.get(p.topic)}-${p.partition} does not exist on the target: ${p.topic}-${p.partition} cannot be verified`)
    const present = mine.filter((p) => !missingOnTarget.includes(p))
    const onTarget = present.map((p) => ({ topic: targetName.get(p.topic)!, partition: p.partition }))

    // log ranges: the target first, so every copy it holds is of a record the source already had
    const [targetStart, targetEnd] = await Promise.all([clients.target.offsets(onTarget, 'earliest'), clients.target.offsets(onTarget, 'latest', { readCommitted })])
    const [sourceStart, sourceEnd] = await Promise.all([clients.source.offsets(present, 'earliest'), clients.source.offsets(present, 'latest', { readCommitted })])
    const offsetOf = (list: Array<{ topic: string, partition: number, offset: number }>) => new Map(list.map((o) => [tpKey(o.topic, o.partition), o.offset]))
    const [ts, te, ss, se] = [offsetOf(targetStart), offsetOf(targetEnd), offsetOf(sourceStart), offsetOf(sourceEnd)]
    let since: { source: Map<string, number>, target: Map<string, number> } | null = null
    if (options.range.kind === 'since') {
      const at = { timestamp: options.range.timestamp }
      const [s, t] = await Promise.all([clients.source.offsets(present, at), clients.target.offsets(onTarget, at)])
      since = { source: offsetOf(s), target: offsetOf(t) }
    }

    // MirrorMaker 2's offset syncs: every one retained, cut to the valid history per partition
    let syncs = new Map<string, ReturnType<typeof syncHistory>>()
    if (kind === 'mirrormaker2') {
      const flow = mm2Flow(plan)
      const where = flow.offsetSyncs.cluster
      const read = await readSyncs(clients[where], connections[where], flow.offsetSyncs.topic, new Set(names), Math.max(plan.gates.timeout, 30_000))
      warnings.push(...read.warnings)
      syncs = new Map([...read.syncs].map(([key, points]) => [key, syncHistory(points)]))
    }

    const planned = new Map<string, { facts: PartitionFacts, range: PlannedRange }>()
    for (const p of present) {
      const key = tpKey(p.topic, p.partition)
      const tkey = tpKey(targetName.get(p.topic)!, p.partition)
      const facts: PartitionFacts = {
        source: { start: ss.get(key) ?? 0, end: se.get(key) ?? 0 },
        target: { start: ts.get(tkey) ?? 0, end: te.get(tkey) ?? 0 },
        syncs: syncs.get(key)?.valid ?? [],
      }
      if (since) facts.sinceOffset = { source: since.source.get(key) ?? -1, target: since.target.get(tkey) ?? -1 }
      planned.set(key, { facts, range: planRange(kind, facts, options.range) })
    }
    // unanchored starts: bring the two heads near each other by their first records' timestamps
    const unanchored = present.filter((p) => planned.get(tpKey(p.topic, p.partition))!.range.needsTimestamps)
    if (unanchored.length) {
      const firsts = await limited(unanchored, 8, async (p) => {
        const { range } = planned.get(tpKey(p.topic, p.partition))!
        const [s, t] = await Promise.all([
          firstTimestamp(clients.source, p.topic, p.partition, range.source.from, range.source.until),
          firstTimestamp(clients.target, targetName.get(p.topic)!, p.partition, range.target.from, range.target.until),
        ])
        return { p, s, t }
      })
      const sourceAt = firsts.filter((f) => f.s !== null && f.t !== null && f.t > f.s)
      const targetAt = firsts.filter((f) => f.s !== null && f.t !== null && f.s > f.t)
      const [sOffsets, tOffsets] = await Promise.all([
        Promise.all(sourceAt.map(async (f) => (await clients.source.offsets([f.p], { timestamp: f.t! }))[0]?.offset ?? -1)),
        Promise.all(targetAt.map(async (f) => (await clients.target.offsets([{ topic: targetName.get(f.p.topic)!, partition: f.p.partition }], { timestamp: f.s! }))[0]?.offset ?? -1)),
      ])
      for (const f of firsts) {
        const entry = planned.get(tpKey(f.p.topic, f.p.partition))!
        const so = sOffsets[sourceAt.indexOf(f)] ?? -1
        const to = tOffsets[targetAt.indexOf(f)] ?? -1
        entry.range = positionByTimestamp(entry.range, { source: f.s, target: f.t }, { source: so, target: to })
      }
    }

    const compacted = new Map(names.map((n) => [n, compactedPolicy(sourceConfigs, n) || compactedPolicy(targetConfigs, targetName.get(n)!)]))
    const jobs: PartitionJob[] = present.map((p) => {
      const { facts, range } = planned.get(tpKey(p.topic, p.partition))!
      return {
        topic: p.topic,
        targetTopic: targetName.get(p.topic)!,
        partition: p.partition,
        compacted: compacted.get(p.topic)!,
        anchor: range.anchor,
        identity: kind === 'offset-preserving',
        lenientHead: range.lenientHead,
        lenientTail: range.lenientTail,
        source: { ...range.source, logStart: facts.source.start, logEnd: facts.source.end },
        target: { ...range.target, logStart: facts.target.start, logEnd: facts.target.end },
        syncs: range.syncs,
      }
    })

    // compare
    const settings: JobSettings = {
      window: options.window,
      duplicateWindow: options.duplicateWindow,
      withTimestamps: options.withTimestamps,
      readCommitted,
      maxSamples: defaults.maxSamples,
      concurrency: options.concurrency,
      partitionMaxBytes: options.partitionMaxBytes,
      checkCrc: true,
      timeoutMs: Math.max(plan.gates.timeout, 30_000),
    }
    const expected = jobs.reduce((sum, j) => sum + Math.max(0, j.source.until - j.source.from), 0)
    let compared = 0
    let done = 0
    const t0 = Date.now()
    const tell = () => options.onProgress?.({ compared, expected, partitionsDone: done, partitions: jobs.length, elapsedMs: Date.now() - t0 })
    const pool = await runPool(jobs, options.workers, { source: revealed(connections.source), target: revealed(connections.target) }, settings, (n) => {
      compared += n
      tell()
    })
    done = jobs.length
    tell()
    const reportOf = new Map(pool.reports.map(({ job, report }) => [tpKey(job.topic, job.partition), report]))
    const topics: TopicReport[] = chosen.map((t) => ({
      topic: t.name,
      targetTopic: targetName.get(t.name)!,
      criticality: t.criticality,
      compacted: compacted.get(t.name) ?? false,
      partitions: mine.filter((p) => p.topic === t.name).map((p): PartitionReport => reportOf.get(tpKey(p.topic, p.partition)) ?? missingPartition(p.partition)),
    }))

    const invariants = options.invariants && options.shard.index === 1 ? await evaluateInvariants(plan, secretsIn(plan)) : null
    const finishedAt = new Date()
    const total = topics.reduce((sum, t) => sum + t.partitions.reduce((s, p) => s + p.compared, 0), 0)
    const durationMs = finishedAt.getTime() - startedAt.getTime()
    return {
      type: 'rollgate.verify/v1',
      planHash: options.planHash,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      shard: options.shard,
      replication: kind,
      settings: { isolation: options.isolation, range: options.range, withTimestamps: options.withTimestamps, window: options.window, duplicateWindow: options.duplicateWindow, workers: options.workers },
      notes: notesFor(plan, options, topics),
      topics,
      invariants,
      requests: addCounts(requests.stop(), pool.requests),
      run: { durationMs, compared: total, recordsPerSecond: Math.round(total / Math.max(durationMs / 1000, 0.001)), peakRssBytes: process.resourceUsage().maxRSS * 1024, warnings },
    }
  } finally {
    requests.stop()
    await Promise.all([clients.source.close(), clients.target.close()])
  }
}

function missingPartition (partition: number): PartitionReport {
  const empty = { from: 0, until: 0, logStart: 0, logEnd: 0, records: 0, bytes: 0, codecs: {}, abortedRecords: 0 }
  return {
    partition, status: 'incomplete', anchor: 'timestamp', source: empty, target: empty, compared: 0, matched: 0,
    counts: { missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0 },
    timestampDifferences: 0, compactedAway: { source: 0, target: 0 }, outsideRange: { source: 0, target: 0 }, lag: { records: 0, fromOffset: null },
    syncs: { checked: 0, confirmed: 0 }, firstDivergence: null, samples: [], error: 'the partition does not exist on the target', durationMs: 0,
  }
}

/** What the comparison means, in words, for the report and the evidence. */
export function notesFor (plan: Plan, options: Pick<VerifyOptions, 'isolation' | 'withTimestamps' | 'range'>, topics: readonly TopicReport[]): string[] {
  const notes: string[] = []
  notes.push('content compared byte for byte: key, value and headers (in order) as encoded in record format v2; offsets never' +
    (options.withTimestamps ? '; timestamps compared too' : '; timestamps not compared (differences counted)'))
  notes.push(options.isolation === 'read_committed'
    ? 'transactions: read_committed on both sides — records of aborted transactions are excluded and transaction markers skipped, as a read_committed consumer sees each topic; an aborted source record found on the target is reported as `aborted`'
    : 'transactions: read_uncommitted on both sides — every data record is compared, aborted ones included, as a read_uncommitted consumer sees each topic; transaction markers skipped')
  if (plan.replication.kind === 'offset-preserving') notes.push('offset-preserving replication: each copy must be at its source offset (identity); a copy elsewhere is reported as `offset`')
  else notes.push('MirrorMaker 2: records lined up by content (copies may sit at other offsets, and a retry may write a record twice: `duplicate`); valid offset syncs within the range are checked against content')
  const anchors = new Map<string, number>()
  for (const p of topics.flatMap((t) => t.partitions)) anchors.set(p.anchor, (anchors.get(p.anchor) ?? 0) + 1)
  if (anchors.get('timestamp')) notes.push(`${anchors.get('timestamp')} partition(s) started without a proven corresponding record (no valid offset sync at the start, logs not both at offset 0): the target was positioned by timestamp, and records before the first copy are outside the range, not differences`)
  for (const t of topics.filter((x) => x.compacted)) {
    notes.push(`${t.topic} is compacted: compared what both sides retain — a record one side retains and the other compacted away is not a difference when a later record with the same key exists, or when it is a tombstone`)
  }
  if (options.range.kind === 'since') notes.push(`range: records since ${options.range.since} (${new Date(options.range.timestamp).toISOString()})`)
  if (options.range.kind === 'offsets') notes.push(`range: source offsets ${options.range.from ?? 'log start'} to ${options.range.until ?? 'log end'}`)
  return notes
}
