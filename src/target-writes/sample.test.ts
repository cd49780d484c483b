import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { RangeReader, RecordView } from '../kafka/range-reader.ts'
import type { OffsetSpec, TopicPartition } from '../kafka/types.ts'
import { type Readers, samplePartition } from './capture.ts'

/** One partition's log as a list of records from `start`, read as the range reader and ListOffsets would. */
function log (records: Array<{ value: string, timestamp?: number, producerId?: bigint }>, start = 0): RecordView[] {
  return records.map((r, i) => ({ offset: start + i, timestamp: r.timestamp ?? 1_000 + start + i, key: null, value: Buffer.from(r.value), headers: [], producerId: r.producerId ?? 7n, transactional: false }))
}
function cluster (records: RecordView[]): { reader: RangeReader, client: ClusterClient } {
  const reader = {
    async * read (_topic: string, _partition: number, from: number, until: number) { for (const r of records) if (r.offset >= from && r.offset < until) yield r },
  } as unknown as RangeReader
  const client = {
    async offsets (partitions: TopicPartition[], spec: OffsetSpec) {
      const ts = typeof spec === 'object' ? spec.timestamp : 0
      const hit = records.find((r) => r.timestamp >= ts)
      return partitions.map((p) => ({ ...p, offset: hit ? hit.offset : -1, timestamp: hit ? hit.timestamp : -1 }))
    },
  } as unknown as ClusterClient
  return { reader, client }
}
function readers (source: RecordView[], target: RecordView[]): Readers {
  const s = cluster(source)
  const t = cluster(target)
  return { source: s.reader, sourceClient: s.client, target: t.reader, targetClient: t.client }
}
const job = (source: RecordView[], target: RecordView[], extra = {}) => ({
  topic: 'orders', targetTopic: 'orders', partition: 0,
  target: { logStart: target[0]?.offset ?? 0, logEnd: (target.at(-1)?.offset ?? -1) + 1 },
  source: { logStart: source[0]?.offset ?? 0, logEnd: (source.at(-1)?.offset ?? -1) + 1 },
  producers: [{ producerId: '7', epoch: 0, lastSequence: 1, lastTimestamp: 0 }], logAppendTime: false, compacted: false, ...extra,
})

const source = log(Array.from({ length: 50 }, (_, i) => ({ value: `v${i}` })))
/** MirrorMaker 2's copy: same values and timestamps, its own producer id 7 */
const copy = source.map((r) => ({ ...r }))

test('copies only: every sampled record found on the source, the producer is the replicator', async () => {
  const w = await samplePartition(job(source, copy), readers(source, copy))
  assert.deepEqual({ sampled: w.sampled, copies: w.copies, foreign: w.foreignCount, unproven: w.unproven, producers: w.producers }, {
    sampled: 20, copies: 20, foreign: 0, unproven: 0, producers: [{ producerId: '7', lastTimestamp: 0, verdict: 'replicator' }],
  })
})

test('records of another producer are foreign, and so is that producer, even when older than the newest twenty', async () => {
  const target = [...copy.slice(0, 30), ...log([{ value: 'x1', producerId: 9n, timestamp: 1_029 }, { value: 'x2', producerId: 9n, timestamp: 1_029 }], 30), ...log(source.slice(30).map((r) => ({ value: r.value!.toString(), timestamp: r.timestamp })), 32)]
  const producers = [{ producerId: '7', epoch: 0, lastSequence: 1, lastTimestamp: 0 }, { producerId: '9', epoch: 0, lastSequence: 1, lastTimestamp: 1_029 }]
  const w = await samplePartition(job(source, target, { producers }), readers(source, target))
  assert.equal(w.foreignCount, 2)
  assert.deepEqual(w.foreign.map((f) => `${f.offset}:${f.producerId}`), ['30:9', '31:9'])
  assert.deepEqual(w.producers?.map((p) => `${p.producerId} ${p.verdict}`), ['7 replicator', '9 foreign'])
})

test('not provable: a truncated source log or a compacted topic makes unmatched records unproven, never foreign', async () => {
  const target = [...copy, ...log([{ value: 'mystery', timestamp: 5_000 }], 50)]
  const truncated = source.slice(10)
  const a = await samplePartition(job(truncated, target), readers(truncated, target))
  assert.deepEqual([a.foreignCount, a.unproven], [0, 1])
  assert.match(a.unprovenReason ?? '', /the source log starts at 10/)
  const b = await samplePartition(job(source, target, { compacted: true }), readers(source, target))
  assert.deepEqual([b.foreignCount, b.unproven], [0, 1])
  assert.match(b.unprovenReason ?? '', /compacted/)
  const c = await samplePartition(job(source, target), readers(source, target))
  assert.deepEqual([c.foreignCount, c.unproven], [1, 0], 'whole source, never truncated: proven foreign')
})

test('LogAppendTime on the target: timestamps say nothing, the source is read from its start when it can be', async () => {
  const restamped = copy.map((r) => ({ ...r, timestamp: r.timestamp + 60_000 }))
  const w = await samplePartition(job(source, restamped, { logAppendTime: true }), readers(source, restamped))
  assert.deepEqual([w.copies, w.foreignCount, w.unproven], [20, 0, 0])
})

test('no such source partition: unproven with the reason', async () => {
  const w = await samplePartition(job(source, copy, { source: null }), readers(source, copy))
  assert.deepEqual([w.copies, w.unproven], [0, 20])
  assert.match(w.unprovenReason ?? '', /the source has no partition orders-0/)
})
