/**
 * @module replication-health/checkpoint-read
 * MirrorMaker 2's latest checkpoint per (group, target topic, partition) for some groups, read to the
 * end of the checkpoints topic, each with the time it was written (its record timestamp): whether
 * checkpoints advance is a question of when, which offsets/mm2-state.ts's reader does not keep.
 * Tombstones delete what they key; undecodable records are skipped with a warning, never fatal.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { checkpointKey } from '../offsets/mm2-state.ts'
import { decodeCheckpoint } from '../replication/checkpoint.ts'

export interface TimedCheckpoint { upstream: number, downstream: number, writtenAt: number }

export interface TimedCheckpoints {
  /** key `checkpointKey(group, target topic, partition)` */
  checkpoints: Map<string, TimedCheckpoint>
  warnings: string[]
}

export async function latestCheckpoints (client: ClusterClient, topic: string, groups: ReadonlySet<string>): Promise<TimedCheckpoints> {
  const checkpoints = new Map<string, TimedCheckpoint>()
  const warnings: string[] = []
  if (!(await client.listTopics()).includes(topic)) {
    return { checkpoints, warnings: [`${client.name} cluster has no ${topic}: MirrorMaker 2 has written no checkpoint there`] }
  }
  const [described] = await client.describeTopics([topic])
  const partitions = (described?.partitions ?? []).map((p) => ({ topic, partition: p.partition }))
  const [starts, ends] = await Promise.all([client.offsets(partitions, 'earliest'), client.offsets(partitions, 'latest')])
  const reader = client.rangeReader()
  try {
    for (const { partition } of partitions) {
      const from = starts.find((o) => o.partition === partition)?.offset ?? 0
      const until = ends.find((o) => o.partition === partition)?.offset ?? 0
      for await (const r of reader.read(topic, partition, from, until)) {
        const decoded = decodeCheckpoint(r.key, r.value)
        if (decoded.kind !== 'ok') {
          if (decoded.kind === 'skipped' && decoded.reason === 'tombstone' && decoded.key) checkpoints.delete(checkpointKey(decoded.key.group, decoded.key.topic, decoded.key.partition))
          if (warnings.length < 20) warnings.push(`${topic}@${r.offset}: ${decoded.kind === 'skipped' ? decoded.warning : decoded.error.message}`)
          continue
        }
        const c = decoded.value
        if (!groups.has(c.group)) continue
        checkpoints.set(checkpointKey(c.group, c.topic, c.partition), { upstream: Number(c.upstreamOffset), downstream: Number(c.downstreamOffset), writtenAt: r.timestamp })
      }
    }
  } finally {
    await reader.close()
  }
  return { checkpoints, warnings }
}
