/**
 * @module verify/fetcher
 * Reads many partitions of one cluster at once the way a consumer's fetcher does, without being a
 * consumer: per broker, one sessionless Fetch for every partition that wants data (no group, no
 * commit, no fetch session left on the broker), the next request sent as soon as the previous
 * answer's batch headers have been walked, so the broker works while the records are compared.
 * Decoding is left to the moment a partition's reader asks (record-batch.ts).
 *
 * Why not kafka/range-reader.ts: it asks for one partition per request and lets the client library
 * build an object per record field; on the shared 2-core machine that read ~50k records/s, against
 * ~1.5M/s for raw batches fetched for all partitions at once (measured on 480k records of 200 bytes).
 *
 * Memory per partition is bounded by `buffered` fetched chunks of at most `partitionMaxBytes` (more
 * only for a single batch larger than that, which Kafka always returns whole).
 */
import { type BaseOptions, Connection, createAPI, fetchV17, type Reader } from '@platformatic/kafka'
import { ExitCode, RollgateError } from '../errors.ts'
import { bounded } from '../kafka/errors.ts'
import type { Chunk } from './compare.ts'
import { type AbortedTransaction, type CodecName, decodeBatches, scanBatches } from './record-batch.ts'

interface RawPartition {
  partition: number
  errorCode: number
  highWatermark: bigint
  lastStableOffset: bigint
  logStartOffset: bigint
  abortedTransactions: AbortedTransaction[]
  records: Buffer | null
}

/** Fetch v17's answer with each partition's record set kept as bytes (the library's own parser decodes every record). */
function parseRawFetch (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): { errorCode: number, responses: Array<{ topicId: string, partitions: RawPartition[] }> } {
  reader.readInt32() // throttle time
  const errorCode = reader.readInt16()
  reader.readInt32() // session id
  const responses = reader.readArray((r) => ({
    topicId: r.readUUID(),
    partitions: r.readArray((r): RawPartition => {
      const p: RawPartition = {
        partition: r.readInt32(),
        errorCode: r.readInt16(),
        highWatermark: r.readInt64(),
        lastStableOffset: r.readInt64(),
        logStartOffset: r.readInt64(),
        abortedTransactions: r.readNullableArray((r) => ({ producerId: r.readInt64(), firstOffset: r.readInt64() })) ?? [],
        records: null,
      }
      r.readInt32() // preferred read replica
      let size = r.readUnsignedVarInt()
      if (size > 1) {
        size--
        // a view when the bytes sit in one socket read, a copy otherwise: either way a chunk keeps
        // at most its own socket read alive, never the whole response
        p.records = r.buffer.slice(r.position, r.position + size)
        r.skip(size)
      }
      r.readTaggedFields()
      return p
    }, true, false),
  }))
  return { errorCode, responses }
}

const rawFetch = createAPI<Parameters<typeof fetchV17.createRequest>, ReturnType<typeof parseRawFetch>>(1, 17, fetchV17.createRequest, parseRawFetch)

/** Fetch errors per partition, named as Kafka names them; the retriable ones move with the leader. */
const fetchErrors: Record<number, string> = {
  1: 'OFFSET_OUT_OF_RANGE', 3: 'UNKNOWN_TOPIC_OR_PARTITION', 6: 'NOT_LEADER_OR_FOLLOWER', 29: 'TOPIC_AUTHORIZATION_FAILED',
  74: 'FENCED_LEADER_EPOCH', 75: 'UNKNOWN_LEADER_EPOCH', 100: 'UNKNOWN_TOPIC_ID', 103: 'OFFSET_NOT_AVAILABLE',
}
const retriable = new Set([3, 6, 74, 75, 100, 103])
const maxRetries = 8

export interface Broker { id: number, host: string, port: number }
export interface Location { broker: Broker, topicId: string }

export interface FetchSettings {
  readCommitted: boolean
  partitionMaxBytes: number
  /** fetched chunks held per partition before it stops asking for more */
  buffered: number
  checkCrc: boolean
  timeoutMs: number
}

export interface FeedSpec {
  topic: string
  partition: number
  from: number
  until: number
  /** keep records of aborted transactions aside (read_committed), to recognise their copies */
  keepAborted: boolean
  /** hash records as they are decoded (the source: its recent copies are remembered by hash) */
  hash: boolean
}

export interface FeedStats {
  records: number
  bytes: number
  codecs: Partial<Record<CodecName, number>>
  abortedRecords: number
}

/** One partition's records in order, as chunks: `pull()` until null. */
export class Feed {
  readonly spec: FeedSpec
  readonly stats: FeedStats = { records: 0, bytes: 0, codecs: {}, abortedRecords: 0 }
  /** next offset to fetch */
  next: number
  /** next offset to hand out (a batch may start before it) */
  delivered: number
  maxBytes: number
  retries = 0
  /** fetches in a row that brought no complete batch */
  stalls = 0
  queue: Array<{ data: Buffer, aborted: AbortedTransaction[] }> = []
  /** the log ended below `until` (e.g. truncated meanwhile) */
  endedAt: number | null = null
  error: Error | null = null
  location: Location | null = null
  #waiter: (() => void) | null = null
  readonly #fetcher: ClusterFetcher

  constructor (fetcher: ClusterFetcher, spec: FeedSpec, maxBytes: number) {
    this.#fetcher = fetcher
    this.spec = spec
    this.next = spec.from
    this.delivered = spec.from
    this.maxBytes = maxBytes
  }

  get fetched (): boolean { return this.next >= this.spec.until || this.endedAt !== null }

  notify (): void {
    const waiter = this.#waiter
    this.#waiter = null
    waiter?.()
  }

  pull = async (): Promise<Chunk | null> => {
    for (;;) {
      if (this.error) throw this.error
      const item = this.queue.shift()
      if (item) {
        this.#fetcher.wake(this)
        const settings = this.#fetcher.settings
        const decoded = decodeBatches(item.data, {
          from: this.delivered, until: this.spec.until, readCommitted: settings.readCommitted, abortedTransactions: item.aborted, keepAborted: this.spec.keepAborted, checkCrc: settings.checkCrc, hash: this.spec.hash,
        })
        if (decoded.nextOffset > this.delivered) this.delivered = decoded.nextOffset
        this.stats.records += decoded.columns.length
        this.stats.bytes += item.data.length
        this.stats.abortedRecords += decoded.abortedRecords
        for (const [codec, n] of Object.entries(decoded.codecs) as Array<[CodecName, number]>) this.stats.codecs[codec] = (this.stats.codecs[codec] ?? 0) + n
        return { columns: decoded.columns, aborted: decoded.aborted }
      }
      if (this.fetched) return null
      await new Promise<void>((resolve) => { this.#waiter = resolve })
    }
  }

  close (): void {
    this.#fetcher.forget(this)
  }
}

/** Per broker: its connection and the feeds it leads. */
interface BrokerLoop {
  broker: Broker
  connection: Promise<Connection> | null
  feeds: Set<Feed>
  running: boolean
  wake: (() => void) | null
}

export class ClusterFetcher {
  readonly name: string
  readonly settings: FetchSettings
  readonly #options: BaseOptions
  readonly #locate: (topic: string, partition: number, refresh: boolean) => Promise<Location>
  readonly #loops = new Map<number, BrokerLoop>()
  #closed = false

  /** `locate` says where a partition is led (refresh: the cached answer proved wrong). */
  constructor (name: string, options: BaseOptions, settings: FetchSettings, locate: (topic: string, partition: number, refresh: boolean) => Promise<Location>) {
    this.name = name
    this.#options = options
    this.settings = settings
    this.#locate = locate
  }

  async open (spec: FeedSpec): Promise<Feed> {
    const feed = new Feed(this, spec, this.settings.partitionMaxBytes)
    if (!feed.fetched) await this.#assign(feed, false)
    return feed
  }

  async #assign (feed: Feed, refresh: boolean): Promise<void> {
    feed.location = await this.#locate(feed.spec.topic, feed.spec.partition, refresh)
    const { broker } = feed.location
    let loop = this.#loops.get(broker.id)
    if (!loop || loop.broker.host !== broker.host || loop.broker.port !== broker.port) {
      loop = { broker, connection: null, feeds: new Set(), running: false, wake: null }
      this.#loops.set(broker.id, loop)
    }
    loop.feeds.add(feed)
    this.#start(loop)
  }

  /** A feed has room again (it handed out a chunk), or is new. */
  wake (feed: Feed): void {
    for (const loop of this.#loops.values()) {
      if (loop.feeds.has(feed) && loop.wake) {
        const wake = loop.wake
        loop.wake = null
        wake()
      }
    }
  }

  forget (feed: Feed): void {
    for (const loop of this.#loops.values()) loop.feeds.delete(feed)
    this.wake(feed)
  }

  #connection (loop: BrokerLoop): Promise<Connection> {
    loop.connection ??= (async () => {
      const connection = new Connection(this.#options.clientId, this.#options)
      await bounded(this.name, `connect to broker ${loop.broker.id} (${loop.broker.host}:${loop.broker.port})`, this.settings.timeoutMs,
        async () => { await connection.connect(loop.broker.host, loop.broker.port) })
      return connection
    })()
    loop.connection.catch(() => { loop.connection = null })
    return loop.connection
  }

  #start (loop: BrokerLoop): void {
    if (loop.running) {
      if (loop.wake) {
        const wake = loop.wake
        loop.wake = null
        wake()
      }
      return
    }
    loop.running = true
    this.#run(loop).catch((error: unknown) => {
      for (const feed of loop.feeds) {
        feed.error = error instanceof Error ? error : new Error(String(error))
        feed.notify()
      }
      loop.feeds.clear()
    }).finally(() => { loop.running = false })
  }

  async #run (loop: BrokerLoop): Promise<void> {
    while (!this.#closed) {
      for (const f of loop.feeds) if (f.fetched || f.error) loop.feeds.delete(f)
      if (loop.feeds.size === 0) return
      const wanting = [...loop.feeds].filter((f) => f.queue.length < this.settings.buffered)
      if (wanting.length === 0) {
        await new Promise<void>((resolve) => { loop.wake = resolve })
        continue
      }
      const byTopic = new Map<string, Feed[]>()
      for (const f of wanting) {
        const id = f.location!.topicId
        const list = byTopic.get(id)
        if (list) list.push(f)
        else byTopic.set(id, [f])
      }
      const topics = [...byTopic].map(([topicId, feeds]) => ({
        topicId,
        partitions: feeds.map((f) => ({ partition: f.spec.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(f.next), lastFetchedEpoch: -1, partitionMaxBytes: f.maxBytes })),
      }))
      const maxBytes = Math.min(wanting.reduce((sum, f) => sum + f.maxBytes, 0), 256 << 20)
      const connection = await this.#connection(loop)
      const what = `Fetch ${wanting.length} partition(s) from broker ${loop.broker.id}`
      const answer = await bounded(this.name, what, this.settings.timeoutMs,
        () => rawFetch.async(connection, 500, 1, maxBytes, this.settings.readCommitted ? 1 : 0, 0, -1, topics, [], ''))
      if (answer.errorCode !== 0) throw new RollgateError('RG_KAFKA_FETCH', `${this.name} cluster: ${what}: error ${answer.errorCode}`, ExitCode.refused)
      for (const topic of answer.responses) {
        for (const p of topic.partitions) {
          const feed = byTopic.get(topic.topicId)?.find((f) => f.spec.partition === p.partition)
          if (feed) await this.#take(loop, feed, p)
        }
      }
    }
  }

  async #take (loop: BrokerLoop, feed: Feed, p: RawPartition): Promise<void> {
    const label = `${feed.spec.topic}-${feed.spec.partition}`
    if (p.errorCode !== 0) {
      const name = fetchErrors[p.errorCode] ?? `error ${p.errorCode}`
      if (retriable.has(p.errorCode) && feed.retries++ < maxRetries) {
        // the leader moved (or metadata lags): ask again where the partition is, then carry on there
        loop.feeds.delete(feed)
        await new Promise((resolve) => setTimeout(resolve, 100 * feed.retries))
        await this.#assign(feed, true).catch((error: unknown) => { feed.error = error as Error; feed.notify() })
        return
      }
      feed.error = new RollgateError('RG_KAFKA_FETCH', `${this.name} cluster: Fetch ${label} at offset ${feed.next}: ${name}` +
        (p.errorCode === 1 ? ` (log start ${p.logStartOffset}, log end ${p.highWatermark}): records were deleted while they were being verified` : ''), ExitCode.refused)
      feed.notify()
      return
    }
    feed.retries = 0
    const data = p.records
    const scan = data ? scanBatches(data) : { nextOffset: -1, complete: 0, incompleteSize: 0 }
    if (scan.complete === 0) {
      const end = Number(this.settings.readCommitted ? p.lastStableOffset : p.highWatermark)
      if (scan.incompleteSize === 0 && feed.next >= end) {
        // the log ends below the range (it was truncated meanwhile): nothing more to read
        feed.endedAt = feed.next
        feed.notify()
        return
      }
      // a batch cut by a size limit: ask for it whole next time (Kafka returns a batch larger than the limit whole only to the first partition)
      if (scan.incompleteSize > feed.maxBytes) feed.maxBytes = scan.incompleteSize
      if (++feed.stalls > maxRetries) {
        feed.error = new RollgateError('RG_KAFKA_FETCH', `${this.name} cluster: no progress reading ${label} at offset ${feed.next} (log end ${end}) after ${feed.stalls} fetches`, ExitCode.refused)
        feed.notify()
      }
      return
    }
    feed.stalls = 0
    feed.queue.push({ data: data!, aborted: p.abortedTransactions })
    feed.next = Math.max(feed.next, scan.nextOffset)
    feed.maxBytes = this.settings.partitionMaxBytes
    feed.notify()
  }

  async close (): Promise<void> {
    this.#closed = true
    const loops = [...this.#loops.values()]
    this.#loops.clear()
    for (const loop of loops) loop.wake?.()
    await Promise.all(loops.map(async (loop) => (await loop.connection?.catch(() => null))?.close().catch(() => {})))
  }
}
