/**
 * @module replication-health/heartbeat-scan
 * The newest heartbeat of one MirrorMaker 2 flow (key: sourceAlias, targetAlias) in the `heartbeats`
 * topic of the flow's target, where its heartbeat connector writes one every
 * `emit.heartbeats.interval.seconds` (replication/heartbeat.ts). Other flows write to the same topic,
 * so the tail is read backwards in growing windows until a record of this flow is found or the log
 * start is reached: a live flow is found in the first window, a dead one costs a read of the whole
 * (compacted, hence small) topic. No group is joined, nothing is committed.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { decodeHeartbeat } from '../replication/heartbeat.ts'
import type { HeartbeatSeen } from './types.ts'

const firstWindow = 256

export async function newestHeartbeat (client: ClusterClient, topic: string, flow: { sourceAlias: string, targetAlias: string }): Promise<HeartbeatSeen> {
  if (!(await client.listTopics()).includes(topic)) return { topic, newest: null, scanned: 0 }
  const [described] = await client.describeTopics([topic])
  const partitions = (described?.partitions ?? []).map((p) => ({ topic, partition: p.partition }))
  const [starts, ends] = await Promise.all([client.offsets(partitions, 'earliest'), client.offsets(partitions, 'latest')])
  const reader = client.rangeReader()
  let scanned = 0
  let newest: HeartbeatSeen['newest'] = null
  try {
    for (const { partition } of partitions) {
      const start = starts.find((o) => o.partition === partition)?.offset ?? 0
      let until = ends.find((o) => o.partition === partition)?.offset ?? 0
      let window = firstWindow
      let found: HeartbeatSeen['newest'] = null
      while (found === null && until > start) {
        const from = Math.max(start, until - window)
        for await (const r of reader.read(topic, partition, from, until)) {
          scanned++
          const decoded = decodeHeartbeat(r.key, r.value)
          if (decoded.kind !== 'ok') continue
          const h = decoded.value
          if (h.sourceClusterAlias !== flow.sourceAlias || h.targetClusterAlias !== flow.targetAlias) continue
          // offsets grow within the window: the last match is the newest
          found = { offset: r.offset, partition, timestamp: Number(h.timestamp) }
        }
        until = from
        window *= 4
      }
      if (found !== null && (newest === null || found.timestamp > newest.timestamp)) newest = found
    }
  } finally {
    await reader.close()
  }
  return { topic, newest, scanned }
}
