/**
 * @module verify/jobs
 * Runs partition comparisons against the two clusters: a few partitions at a time (memory stays
 * bounded by them, whatever the number of partitions or records), each read from both sides by
 * the fetchers and compared as it streams. The same code runs in the main thread or in a worker
 * (worker.ts); jobs are pulled one at a time so fast and slow partitions balance out.
 */
import { ClusterClient } from '../kafka/cluster-client.ts'
import type { KafkaConnection } from '../kafka/options.ts'
import { toClientOptions } from '../kafka/options.ts'
import { RollgateError } from '../errors.ts'
import type { SyncPoint } from '../replication/sync-history.ts'
import { comparePartition } from './compare.ts'
import { ClusterFetcher, type Feed, type Location } from './fetcher.ts'
import type { Anchor, PartitionReport, SideRange } from './types.ts'

export interface PartitionJob {
  topic: string
  targetTopic: string
  partition: number
  compacted: boolean
  anchor: Anchor
  identity: boolean
  lenientHead: boolean
  lenientTail: boolean
  source: { from: number, until: number, logStart: number, logEnd: number }
  target: { from: number, until: number, logStart: number, logEnd: number }
  syncs: SyncPoint[]
}

export interface JobSettings {
  window: number
  duplicateWindow: number
  withTimestamps: boolean
  readCommitted: boolean
  maxSamples: number
  /** partitions compared at once by one runner */
  concurrency: number
  partitionMaxBytes: number
  checkCrc: boolean
  timeoutMs: number
}

export interface Connections { source: KafkaConnection, target: KafkaConnection }

/** Where partitions are led, from metadata, cached per topic until a fetch says otherwise. */
function locator (client: ClusterClient) {
  const topics = new Map<string, Promise<Map<number, Location>>>()
  const load = async (topic: string) => {
    const [info, [described]] = await Promise.all([client.clusterInfo(), client.describeTopics([topic])])
    const brokers = new Map(info.brokers.map((b) => [b.id, b]))
    const out = new Map<number, Location>()
    for (const p of described?.partitions ?? []) {
      const broker = brokers.get(p.leader)
      if (broker && described) out.set(p.partition, { broker: { id: broker.id, host: broker.host, port: broker.port }, topicId: described.id })
    }
    return out
  }
  return async (topic: string, partition: number, refresh: boolean): Promise<Location> => {
    let pending = topics.get(topic)
    if (!pending || refresh) {
      pending = load(topic)
      topics.set(topic, pending)
      pending.catch(() => topics.delete(topic))
    }
    const found = (await pending).get(partition)
    if (!found) throw new RollgateError('RG_KAFKA_CALL', `${client.name} cluster: ${topic}-${partition} has no leader in the metadata`, 1)
    return found
  }
}

const side = (job: PartitionJob['source'], feed: Feed | null): SideRange => ({
  from: job.from,
  until: job.until,
  logStart: job.logStart,
  logEnd: job.logEnd,
  records: feed?.stats.records ?? 0,
  bytes: feed?.stats.bytes ?? 0,
  codecs: feed?.stats.codecs ?? {},
  abortedRecords: feed?.stats.abortedRecords ?? 0,
})

export class JobRunner {
  readonly #clients: { source: ClusterClient, target: ClusterClient }
  readonly #fetchers: { source: ClusterFetcher, target: ClusterFetcher }
  readonly #settings: JobSettings

  constructor (connections: Connections, settings: JobSettings) {
    this.#settings = settings
    this.#clients = { source: new ClusterClient(connections.source, 'rollgate-verify'), target: new ClusterClient(connections.target, 'rollgate-verify') }
    const fetchSettings = { readCommitted: settings.readCommitted, partitionMaxBytes: settings.partitionMaxBytes, buffered: 2, checkCrc: settings.checkCrc, timeoutMs: settings.timeoutMs }
    this.#fetchers = {
      source: new ClusterFetcher('source', toClientOptions(connections.source, 'rollgate-verify'), fetchSettings, locator(this.#clients.source)),
      target: new ClusterFetcher('target', toClientOptions(connections.target, 'rollgate-verify'), fetchSettings, locator(this.#clients.target)),
    }
  }

  async run (job: PartitionJob, onProgress: (compared: number) => void): Promise<PartitionReport> {
    const started = Date.now()
    const settings = this.#settings
    let source: Feed | null = null
    let target: Feed | null = null
    const base = { partition: job.partition, anchor: job.anchor }
    try {
      // the target first: what it holds is a copy of what the source held then
      // nothing is hashed while the sides agree: hashes are computed where they differ (compare.ts)
      target = await this.#fetchers.target.open({ topic: job.targetTopic, partition: job.partition, from: job.target.from, until: job.target.until, keepAborted: false, hash: false })
      source = await this.#fetchers.source.open({ topic: job.topic, partition: job.partition, from: job.source.from, until: job.source.until, keepAborted: settings.readCommitted, hash: false })
      const tally = await comparePartition(source.pull, target.pull, {
        window: settings.window,
        duplicateWindow: settings.duplicateWindow,
        withTimestamps: settings.withTimestamps,
        identity: job.identity,
        compacted: job.compacted,
        lenientHead: job.lenientHead,
        lenientTail: job.lenientTail,
        sourceUntil: job.source.until,
        targetUntil: job.target.until,
        syncs: job.syncs,
        maxSamples: settings.maxSamples,
        onProgress,
      })
      const differs = Object.values(tally.counts).some((n) => n > 0)
      return {
        ...base,
        status: tally.stopped ? 'incomplete' : differs ? 'diverged' : 'clean',
        source: side(job.source, source),
        target: side(job.target, target),
        compared: tally.compared,
        matched: tally.matched,
        counts: tally.counts,
        timestampDifferences: tally.timestampDifferences,
        compactedAway: tally.compactedAway,
        outsideRange: tally.outsideRange,
        lag: tally.lag,
        syncs: tally.syncs,
        firstDivergence: tally.samples[0] ?? null,
        samples: tally.samples,
        error: tally.stopped ? `stopped at source offset ${tally.stopped.source} / target offset ${tally.stopped.target}: ${tally.samples.find((d) => d.kind === 'window')?.detail ?? ''}` : null,
        durationMs: Date.now() - started,
      }
    } catch (error) {
      return {
        ...base,
        status: 'incomplete',
        source: side(job.source, source),
        target: side(job.target, target),
        compared: 0,
        matched: 0,
        counts: { missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0 },
        timestampDifferences: 0,
        compactedAway: { source: 0, target: 0 },
        outsideRange: { source: 0, target: 0 },
        lag: { records: 0, fromOffset: null },
        syncs: { checked: 0, confirmed: 0 },
        firstDivergence: null,
        samples: [],
        error: error instanceof Error ? error.message : String(error),
        durationMs: Date.now() - started,
      }
    } finally {
      source?.close()
      target?.close()
    }
  }

  /** Runs jobs from `next` until it returns null, `concurrency` at a time. */
  async runAll (next: () => PartitionJob | null | Promise<PartitionJob | null>, onProgress: (compared: number) => void, onResult: (job: PartitionJob, report: PartitionReport) => void): Promise<void> {
    const lane = async () => {
      for (;;) {
        const job = await next()
        if (!job) return
        onResult(job, await this.run(job, onProgress))
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.#settings.concurrency) }, lane))
  }

  async close (): Promise<void> {
    await Promise.all([this.#fetchers.source.close(), this.#fetchers.target.close(), this.#clients.source.close(), this.#clients.target.close()])
  }
}
