/**
 * @module kafka/range-reader
 * Reads a range of one partition without joining a consumer group and without committing anything:
 * plain Fetch requests (no fetch session) to the partition leader. This is how rollgate looks at
 * records — to prove an offset translation by content, or to compare source and target — without
 * leaving a trace on the clusters it inspects. Memory is bounded by one fetch response.
 */
import { type BaseOptions, Connection, fetchV17 } from '@platformatic/kafka'
import type { ClusterClient } from './cluster-client.ts'
import { AbortedTransactions } from './aborted-transactions.ts'
import { bounded } from './errors.ts'
import type { TopicInfo } from './types.ts'
import { ExitCode, RollgateError } from '../errors.ts'

export interface RecordView {
  offset: number
  timestamp: number
  key: Buffer | null
  value: Buffer | null
  headers: Array<[Buffer | null, Buffer | null]>
  /** producer id of the batch; -1 for non-idempotent producers */
  producerId: bigint
  transactional: boolean
}

/** Batch attribute bits (Kafka's RecordBatch): timestamp type, transactional, control. */
const logAppendTimeBit = 0x08
const transactionalBit = 0x10
const controlBit = 0x20

/** Errors a Fetch can answer per partition, named as Kafka names them. */
const fetchErrors: Record<number, string> = {
  1: 'OFFSET_OUT_OF_RANGE', 3: 'UNKNOWN_TOPIC_OR_PARTITION', 6: 'NOT_LEADER_OR_FOLLOWER', 29: 'TOPIC_AUTHORIZATION_FAILED',
  74: 'FENCED_LEADER_EPOCH', 75: 'UNKNOWN_LEADER_EPOCH', 100: 'UNKNOWN_TOPIC_ID',
}

/** Fetch errors after which the topic's metadata is asked again by the next read. */
const leaderMoved = new Set([6, 74, 75, 100])

export interface ReadOptions {
  /** read_committed: skip aborted transactional records (as a read_committed consumer would) */
  readCommitted?: boolean
  /** bytes per fetch (default 1 MiB): bounds memory */
  maxBytes?: number
}

export class RangeReader {
  readonly #client: ClusterClient
  readonly #options: BaseOptions
  readonly #connections = new Map<number, Promise<Connection>>()
  // a reader serves one operation: a topic's metadata is asked once (describeTopics lists the whole
  // cluster), and forgotten when a Fetch says the leader moved
  readonly #topics = new Map<string, Promise<TopicInfo | undefined>>()

  constructor (client: ClusterClient, options: BaseOptions) {
    this.#client = client
    this.#options = options
  }

  async #connection (brokerId: number): Promise<Connection> {
    let pending = this.#connections.get(brokerId)
    if (!pending) {
      pending = (async () => {
        const broker = (await this.#client.clusterInfo()).brokers.find((b) => b.id === brokerId)
        if (!broker) throw new RollgateError('RG_KAFKA_CALL', `${this.#client.name} cluster: broker ${brokerId} is not in the metadata`, ExitCode.refused)
        const connection = new Connection(this.#options.clientId, this.#options)
        await connection.connect(broker.host, broker.port)
        return connection
      })()
      this.#connections.set(brokerId, pending)
      pending.catch(() => this.#connections.delete(brokerId))
    }
    return pending
  }

  /**
   * Records of `topic`-`partition` with `from <= offset < until`, in offset order. Control records
   * are skipped; with `readCommitted`, so are records of aborted transactions. Stops early at the
   * high watermark (or the last stable offset when read_committed).
   */
  async * read (topic: string, partition: number, from: number, until: number, options: ReadOptions = {}): AsyncGenerator<RecordView> {
    let pending = this.#topics.get(topic)
    if (!pending) {
      pending = this.#client.describeTopics([topic]).then((found) => found[0])
      this.#topics.set(topic, pending)
      pending.catch(() => this.#topics.delete(topic))
    }
    const described = await pending
    const meta = described?.partitions[partition]
    if (!described || !meta) throw new RollgateError('RG_KAFKA_CALL', `${this.#client.name} cluster: no partition ${topic}-${partition}`, ExitCode.refused)
    const connection = await this.#connection(meta.leader)
    const isolation = options.readCommitted ? 1 : 0
    let position = from
    while (position < until) {
      const request = [{ topicId: described.id, partitions: [{ partition, currentLeaderEpoch: meta.leaderEpoch, fetchOffset: BigInt(position), lastFetchedEpoch: -1, partitionMaxBytes: options.maxBytes ?? 1 << 20 }] }]
      // sessionId 0 / epoch -1: a full fetch that opens no fetch session on the broker
      const response = await bounded(this.#client.name, `Fetch ${topic}-${partition}@${position}`, this.#client.timeoutMs,
        () => fetchV17.api.async(connection, 100, 1, options.maxBytes ?? 1 << 20, isolation, 0, -1, request, [], ''))
      const p = response.responses[0]?.partitions[0]
      if (!p) throw new RollgateError('RG_KAFKA_CALL', `${this.#client.name} cluster: empty Fetch answer for ${topic}-${partition}`, ExitCode.refused)
      if (p.errorCode !== 0) {
        if (leaderMoved.has(p.errorCode)) this.#topics.delete(topic)
        throw new RollgateError('RG_KAFKA_FETCH', `${this.#client.name} cluster: Fetch ${topic}-${partition} at offset ${position}: ${fetchErrors[p.errorCode] ?? `error ${p.errorCode}`}` +
          (p.errorCode === 1 ? ` (log start ${p.logStartOffset}, high watermark ${p.highWatermark})` : ''), ExitCode.refused)
      }
      const end = Number(options.readCommitted ? p.lastStableOffset : p.highWatermark)
      const aborted = new AbortedTransactions(options.readCommitted ? (p.abortedTransactions ?? []) : [])
      const batches = p.records ?? []
      if (batches.length === 0) {
        if (position >= end) return
        // nothing returned below the end: a batch larger than maxBytes would come back partially; ask for more
        throw new RollgateError('RG_KAFKA_FETCH', `${this.#client.name} cluster: no progress reading ${topic}-${partition} at ${position} (end ${end}); raise maxBytes`, ExitCode.refused)
      }
      for (const batch of batches) {
        const first = Number(batch.firstOffset)
        const next = first + batch.lastOffsetDelta + 1
        const control = (batch.attributes & controlBit) !== 0
        const transactional = (batch.attributes & transactionalBit) !== 0
        const skip = aborted.setsAside({ producerId: batch.producerId, lastOffset: BigInt(next - 1), transactional, control, firstKey: batch.records[0]?.key })
        if (!skip) {
          for (const r of batch.records) {
            const offset = first + r.offsetDelta
            if (offset < position || offset >= until) continue
            const timestamp = (batch.attributes & logAppendTimeBit) !== 0 ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta
            yield { offset, timestamp: Number(timestamp), key: r.key, value: r.value, headers: r.headers, producerId: batch.producerId, transactional }
          }
        }
        position = Math.max(position, next)
        if (position >= until) return
      }
      if (position >= end) return
    }
  }

  async close (): Promise<void> {
    const all = [...this.#connections.values()]
    this.#connections.clear()
    await Promise.all(all.map(async (c) => (await c.catch(() => null))?.close().catch(() => {})))
  }
}
