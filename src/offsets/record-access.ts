/**
 * @module offsets/record-access
 * `RecordAccess` over the two live clusters: ranges read without a group (RangeReader), ListOffsets
 * by time, and log ranges fetched for all partitions at once (one batched round per side) before
 * translation asks for them one by one.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { RangeReader } from '../kafka/range-reader.ts'
import { recordDigest } from '../kafka/record-digest.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import type { SideName } from '../snapshot/types.ts'
import type { DigestRecord, RecordAccess } from './translate.ts'

export class ClusterRecordAccess implements RecordAccess {
  readonly #clients: Record<SideName, ClusterClient>
  readonly #readers = new Map<SideName, RangeReader>()
  readonly #ranges = new Map<string, { start: number, end: number } | null>()
  readonly #partitionCounts = new Map<string, Map<string, number>>()

  constructor (clients: Record<SideName, ClusterClient>) {
    this.#clients = clients
  }

  #reader (side: SideName): RangeReader {
    let reader = this.#readers.get(side)
    if (!reader) this.#readers.set(side, reader = this.#clients[side].rangeReader())
    return reader
  }

  /** Log ranges of many partitions in one batched ListOffsets round per direction. */
  async prefetch (side: SideName, partitions: readonly TopicPartition[]): Promise<void> {
    const client = this.#clients[side]
    const counts = this.#partitionCounts.get(side) ?? new Map<string, number>()
    const unknownTopics = [...new Set(partitions.map((p) => p.topic))].filter((t) => !counts.has(t))
    for (const t of await client.describeTopics(unknownTopics)) counts.set(t.name, t.partitions.length)
    for (const t of unknownTopics) if (!counts.has(t)) counts.set(t, 0)
    this.#partitionCounts.set(side, counts)
    const existing = partitions.filter((p) => p.partition < (counts.get(p.topic) ?? 0))
    for (const p of partitions) if (p.partition >= (counts.get(p.topic) ?? 0)) this.#ranges.set(`${side}\u0000${tpKey(p.topic, p.partition)}`, null)
    const [start, end] = await Promise.all([client.offsets(existing, 'earliest'), client.offsets(existing, 'latest')])
    const ends = new Map(end.map((o) => [tpKey(o.topic, o.partition), o.offset]))
    for (const s of start) this.#ranges.set(`${side}\u0000${tpKey(s.topic, s.partition)}`, { start: s.offset, end: ends.get(tpKey(s.topic, s.partition)) ?? s.offset })
  }

  async logRange (side: SideName, topic: string, partition: number): Promise<{ start: number, end: number } | null> {
    const key = `${side}\u0000${tpKey(topic, partition)}`
    if (!this.#ranges.has(key)) await this.prefetch(side, [{ topic, partition }])
    return this.#ranges.get(key) ?? null
  }

  async read (side: SideName, topic: string, partition: number, from: number, until: number): Promise<DigestRecord[]> {
    const out: DigestRecord[] = []
    const range = await this.logRange(side, topic, partition)
    if (!range || until <= from) return out
    // below the log start the records are gone: read what is left, the caller sees what is missing
    for await (const r of this.#reader(side).read(topic, partition, Math.max(from, range.start), until)) {
      out.push({ offset: r.offset, digest: recordDigest(r), timestamp: r.timestamp })
    }
    return out
  }

  async offsetForTime (side: SideName, topic: string, partition: number, ts: number): Promise<number> {
    const [found] = await this.#clients[side].offsets([{ topic, partition }], { timestamp: ts })
    return found?.offset ?? -1
  }

  async close (): Promise<void> {
    await Promise.all([...this.#readers.values()].map((r) => r.close()))
    this.#readers.clear()
  }
}
