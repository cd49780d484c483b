/**
 * @module rehearse/consumer
 * The rehearsal's stateful consumer: one member of a real consumer group, on whichever cluster its
 * activation file names, that processes each record into the sink and commits what it processed
 * every `commitEvery` records or second — at-least-once, as most services are. So a crash replays
 * what was processed after the last commit, and the sink shows it.
 *
 * The supervisor follows changes of the activation file (the plan's client switch): a switch stops
 * the member gracefully (final commit, leave the group) and starts one on the other cluster. `halt`
 * is the incident: the member stops at once, commits nothing more, leaves the group — and stays
 * stopped until the file changes again.
 */
import { type BaseOptions, Consumer, type Message } from '@platformatic/kafka'
import { type Endpoint, readActivation } from './activation.ts'
import { decodeRecord } from './codec.ts'
import type { RehearsalSink, Stage } from './sink.ts'

type Cluster = 'source' | 'target'

export interface ConsumerOptions {
  /** how to reach each cluster (kafka/options.ts toClientOptions: security included) */
  connection: Record<Cluster, BaseOptions>
  group: string
  activation: string
  sink: RehearsalSink
  /** commit after this many records (and at least every second while records flow) */
  commitEvery: number
  /** records processed per second at most: a service's own pace (0: as fast as they come) */
  processRate: number
  /** the topics a member on a cluster subscribes to (read when it starts) */
  topics: (cluster: Cluster) => string[]
  /** the stage its processing is logged under (read when it starts) */
  stage: (cluster: Cluster) => Stage
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Member {
  cluster: Cluster
  stopping: 'graceful' | 'abrupt' | null
  /** processed since its last commit */
  uncommitted: number
  done: Promise<void>
  close: () => Promise<void>
}

export class StatefulConsumer {
  readonly options: ConsumerOptions
  error: Error | null = null
  /** records the last halted member had processed and not committed */
  lastUncommitted = 0
  /** per cluster, the offsets its members last committed (topic-partition → offset) */
  readonly committed: Record<Cluster, Map<string, number>> = { source: new Map(), target: new Map() }
  #member: Member | null = null
  #seen: Endpoint | null = null
  #wanted: Endpoint = 'stopped'
  #stopped = false
  #startFailures = 0
  #loop: Promise<void> | null = null

  constructor (options: ConsumerOptions) {
    this.options = options
  }

  start (): void {
    this.#loop ??= this.#supervise().catch((error: unknown) => { this.error = error as Error })
  }

  /** The cluster a member is running on, or null. */
  get running (): Cluster | null {
    return this.#member?.cluster ?? null
  }

  /** The incident: stop now, commit nothing more. Returns the records processed and not committed. */
  async halt (): Promise<number> {
    this.#wanted = 'stopped'
    const member = this.#member
    if (!member) return 0
    member.stopping = 'abrupt'
    await member.close()
    await member.done
    this.lastUncommitted = member.uncommitted
    return member.uncommitted
  }

  /** Graceful end of the rehearsal: commit, leave, stop following the file. */
  async stop (): Promise<void> {
    this.#stopped = true
    await this.#loop
  }

  async #supervise (): Promise<void> {
    while (!this.#stopped) {
      const now = readActivation(this.options.activation)
      if (now !== this.#seen) {
        this.#seen = now
        this.#wanted = now
      }
      const member = this.#member
      if (member && member.cluster !== this.#wanted) {
        member.stopping ??= 'graceful'
        await member.close()
        await member.done
      }
      if (this.#member && this.#member.stopping !== null) this.#member = null
      if (!this.#member && (this.#wanted === 'source' || this.#wanted === 'target')) {
        try {
          this.#member = await this.#startMember(this.#wanted)
          this.#startFailures = 0
        } catch (error) {
          // a topic not created yet, a coordinator still loading: retry for a while, as a client would
          if (++this.#startFailures > 50) throw error
          await sleep(200)
        }
      }
      await sleep(20)
    }
    if (this.#member) {
      this.#member.stopping ??= 'graceful'
      await this.#member.close()
      await this.#member.done
      this.#member = null
    }
  }

  async #startMember (cluster: Cluster): Promise<Member> {
    const o = this.options
    const consumer = new Consumer({
      ...o.connection[cluster],
      clientId: `rollgate-rehearsal-${o.group}-${cluster}`,
      groupId: o.group,
      retries: 5,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
    })
    const stage = o.stage(cluster)
    let stream: Awaited<ReturnType<typeof consumer.consume>>
    try {
      stream = await consumer.consume({ topics: o.topics(cluster), mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 100 })
    } catch (error) {
      await consumer.close(true).catch(() => {})
      throw error
    }
    const pending = new Map<string, Message>()
    let lastCommit = Date.now()
    let nextAt = Date.now()
    const member: Member = {
      cluster,
      stopping: null,
      uncommitted: 0,
      done: Promise.resolve(),
      close: async () => { await stream.close().catch(() => {}) },
    }
    const commitAll = async () => {
      // a message's commit() commits its partition at offset + 1
      for (const message of pending.values()) {
        await message.commit()
        this.committed[cluster].set(`${message.topic}-${message.partition}`, Number(message.offset) + 1)
      }
      pending.clear()
      member.uncommitted = 0
      lastCommit = Date.now()
    }
    member.done = (async () => {
      try {
        for await (const message of stream) {
          if (member.stopping) break
          if (o.processRate > 0) {
            const wait = nextAt - Date.now()
            if (wait > 0) await sleep(wait)
            nextAt = Math.max(Date.now(), nextAt) + 1000 / o.processRate
            if (member.stopping) break
          }
          const record = decodeRecord(message.value as Buffer)
          o.sink.process({
            seq: record.seq, stage, cluster, topic: message.topic, partition: message.partition, offset: Number(message.offset),
            producedAt: record.producedAt, processedAt: Date.now(),
          }, record.origin)
          pending.set(`${message.topic}\u0000${message.partition}`, message as Message)
          member.uncommitted++
          if (member.uncommitted >= o.commitEvery || Date.now() - lastCommit >= 1000) await commitAll()
        }
        if (member.stopping !== 'abrupt') await commitAll()
      } catch (error) {
        this.error ??= error as Error
      } finally {
        await stream.close().catch(() => {})
        // leaves the group either way: a crashed pod's member would linger until its session times out,
        // a stopped deployment's leaves at once; the rollback waits for the group to be empty
        await consumer.close(true).catch(() => {})
      }
    })()
    return member
  }
}
