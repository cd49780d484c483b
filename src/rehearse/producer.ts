/**
 * @module rehearse/producer
 * The rehearsal's producer: sequence numbers 0, 1, 2, … at a steady rate, record `seq` to partition
 * `seq mod partitions` (so each partition's order is the sequence's), acks=all and idempotent, to
 * whichever cluster its activation file names — it follows the plan's client switch like a deployed
 * service, and pauses while the file says `stopped`. It registers its value schema in the registry
 * of the cluster it writes to, as a producer with auto-registration does.
 */
import { type BaseOptions, Producer } from '@platformatic/kafka'
import { readActivation } from './activation.ts'
import { encodeRecord, recordKey } from './codec.ts'

export type Cluster = 'source' | 'target'

export interface ProducerOptions {
  /** how to reach each cluster (kafka/options.ts toClientOptions: security included) */
  connection: Record<Cluster, BaseOptions>
  topic: string
  partitions: number
  /** the activation file (activation.ts) */
  activation: string
  /** records per second */
  rate: number
  total: number
  /** the schema id to frame values with on a cluster (null: JSON, unregistered) */
  schemaId: (cluster: Cluster) => Promise<number | null>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class SequencedProducer {
  readonly options: ProducerOptions
  produced = 0
  /** it writes no record at or past this sequence number until raised (a cutover window) */
  holdAt = Infinity
  readonly byCluster: Record<Cluster, number> = { source: 0, target: 0 }
  error: Error | null = null
  #stopping = false
  #on: Cluster | null = null
  #held = false
  #loop: Promise<void> | null = null

  constructor (options: ProducerOptions) {
    this.options = options
  }

  start (): void {
    this.#loop ??= this.#run().catch((error: unknown) => { this.error = error as Error })
  }

  /** not writing: its activation says `stopped` (or it has not started) */
  get paused (): boolean {
    return this.#on === null || this.#held
  }

  get done (): boolean {
    return this.produced >= this.options.total
  }

  /** Stops after the batch in flight; resolves when it is acknowledged (or failed). */
  async stop (): Promise<void> {
    this.#stopping = true
    await this.#loop
  }

  async #run (): Promise<void> {
    const o = this.options
    let producer: Producer | null = null
    let on: Cluster | null = null
    let schemaId: number | null = null
    let tokens = 0
    let last = Date.now()
    try {
      while (!this.#stopping && this.produced < o.total) {
        const want = readActivation(o.activation)
        if (want !== on) {
          if (producer) await producer.close()
          producer = null
          on = want === 'stopped' ? null : want
          this.#on = on
          if (on) {
            producer = new Producer({ ...o.connection[on], clientId: `rollgate-rehearsal-producer-${on}`, acks: -1, idempotent: true, retries: 10, retryDelay: 200 })
            schemaId = await o.schemaId(on)
          }
          tokens = 0
          last = Date.now()
        }
        this.#held = this.produced >= this.holdAt
        if (!producer || !on || this.#held) {
          await sleep(20)
          last = Date.now()
          continue
        }
        const now = Date.now()
        // a steady rate; after a stall, no burst larger than a fifth of a second's worth
        tokens = Math.min(tokens + ((now - last) * o.rate) / 1000, Math.max(1, o.rate / 5))
        last = now
        const n = Math.min(Math.floor(tokens), o.total - this.produced, this.holdAt - this.produced)
        if (n < 1) {
          await sleep(10)
          continue
        }
        const messages = Array.from({ length: n }, (_, i) => {
          const seq = this.produced + i
          return { topic: o.topic, partition: seq % o.partitions, key: recordKey(seq), value: encodeRecord({ seq, producedAt: Date.now(), origin: on! }, schemaId) }
        })
        await producer.send({ messages })
        tokens -= n
        this.produced += n
        this.byCluster[on] += n
      }
    } finally {
      if (producer) await producer.close()
    }
  }
}
