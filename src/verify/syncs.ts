/**
 * @module verify/syncs
 * MirrorMaker 2's offset syncs of the verified topics, read whole from the offset-syncs topic with
 * verify's own fetcher. The topic holds the syncs of every replicated topic (tens of thousands of
 * records on a busy flow); read through kafka/range-reader.ts it cost ~5 s and ~60 MB for 52k
 * records, here a fraction of both: only keys are decoded until one names a wanted topic.
 * Undecodable records are skipped with a warning, never fatal (as offsets/mm2-state.ts does).
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { type KafkaConnection, toClientOptions } from '../kafka/options.ts'
import { tpKey } from '../kafka/types.ts'
import { decodeOffsetSync, decodeOffsetSyncKey } from '../replication/offset-sync.ts'
import { type SyncPoint, toSyncPoint } from '../replication/sync-history.ts'
import { ClusterFetcher } from './fetcher.ts'
import { recordFields, recsOf } from './record-batch.ts'

export interface SyncsRead {
  /** key tpKey(upstream topic, partition), in offset-syncs order */
  syncs: Map<string, SyncPoint[]>
  records: number
  warnings: string[]
}

export async function readSyncs (client: ClusterClient, connection: KafkaConnection, topic: string, wanted: ReadonlySet<string>, timeoutMs: number): Promise<SyncsRead> {
  const syncs = new Map<string, SyncPoint[]>()
  const warnings: string[] = []
  const [info, [described]] = await Promise.all([client.clusterInfo(), client.describeTopics([topic])])
  const leader = described?.partitions[0]?.leader
  const broker = info.brokers.find((b) => b.id === leader)
  if (!described || !broker) return { syncs, records: 0, warnings: [`${client.name} cluster has no ${topic}: MirrorMaker 2 has written no offset sync there`] }
  const [[start], [end]] = await Promise.all([client.offsets([{ topic, partition: 0 }], 'earliest'), client.offsets([{ topic, partition: 0 }], 'latest')])
  const fetcher = new ClusterFetcher(client.name, toClientOptions(connection, 'rollgate-verify'), { readCommitted: false, partitionMaxBytes: 1 << 20, buffered: 2, checkCrc: true, timeoutMs },
    async () => ({ broker: { id: broker.id, host: broker.host, port: broker.port }, topicId: described.id }))
  let records = 0
  try {
    const feed = await fetcher.open({ topic, partition: 0, from: start?.offset ?? 0, until: end?.offset ?? 0, keepAborted: false, hash: false })
    for (let chunk = await feed.pull(); chunk; chunk = await feed.pull()) {
      for (const r of recsOf(chunk.columns)) {
        records++
        const { key, value } = recordFields(r)
        if (key) {
          try {
            if (!wanted.has(decodeOffsetSyncKey(key).topic)) continue
          } catch {
            // undecodable key: decodeOffsetSync below says why
          }
        }
        const decoded = decodeOffsetSync(key, value)
        if (decoded.kind !== 'ok') {
          if (warnings.length < 20) warnings.push(`${topic}@${r.offset}: ${decoded.kind === 'skipped' ? decoded.warning : decoded.error.message}`)
          continue
        }
        const sync = decoded.value
        const k = tpKey(sync.topic, sync.partition)
        const point = toSyncPoint(sync, r.offset)
        const list = syncs.get(k)
        if (list) list.push(point)
        else syncs.set(k, [point])
      }
    }
  } finally {
    await fetcher.close()
  }
  return { syncs, records, warnings }
}
