/**
 * @module offsets/mm2-state
 * What MirrorMaker 2 has written about offsets, read to the end of its topics (never partially, as
 * RemoteClusterUtils does on a timeout): every offset sync still retained — not only the 64 per
 * partition its own store keeps — and the latest checkpoint per group and partition.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { tpKey } from '../kafka/types.ts'
import type { Plan } from '../plan/schema.ts'
import { type Checkpoint, decodeCheckpoint } from '../replication/checkpoint.ts'
import { checkpointsTopic, namingPolicy, type NamingPolicy, offsetSyncsTopicFor, remoteTopic } from '../replication/naming.ts'
import { decodeOffsetSync } from '../replication/offset-sync.ts'
import { type SyncPoint, toSyncPoint } from '../replication/sync-history.ts'

export interface Mm2Flow {
  policy: NamingPolicy
  sourceAlias: string
  targetAlias: string
  offsetSyncs: { cluster: 'source' | 'target', topic: string }
  checkpointsTopic: string
  /** the name of a source topic's copy on the target */
  targetTopic: (topic: string) => string
}

export function mm2Flow (plan: Plan): Mm2Flow {
  const r = plan.replication
  const policy = namingPolicy(r.naming === 'prefix' ? 'default' : 'identity', { separator: r.separator })
  return {
    policy,
    sourceAlias: r.sourceAlias,
    targetAlias: r.targetAlias,
    offsetSyncs: offsetSyncsTopicFor(policy, { sourceAlias: r.sourceAlias, targetAlias: r.targetAlias, location: r.offsetSyncsLocation }),
    checkpointsTopic: checkpointsTopic(policy, r.sourceAlias),
    targetTopic: (topic) => remoteTopic(policy, r.sourceAlias, topic),
  }
}

export interface SyncsRead {
  /** key tpKey(upstream topic, partition) */
  syncs: Map<string, SyncPoint[]>
  records: number
  /** tombstones, unknown versions and undecodable records: skipped, never fatal */
  warnings: string[]
}

/** Reads every record of a single-partition internal topic, from log start to the high watermark. */
async function * readWhole (client: ClusterClient, topic: string) {
  const [start] = await client.offsets([{ topic, partition: 0 }], 'earliest')
  const [end] = await client.offsets([{ topic, partition: 0 }], 'latest')
  const reader = client.rangeReader()
  try {
    yield * reader.read(topic, 0, start?.offset ?? 0, end?.offset ?? 0)
  } finally {
    await reader.close()
  }
}

/** Offset syncs of the upstream topics in `topics` (all when omitted). */
export async function readOffsetSyncs (client: ClusterClient, topic: string, topics?: ReadonlySet<string>): Promise<SyncsRead> {
  const syncs = new Map<string, SyncPoint[]>()
  const warnings: string[] = []
  let records = 0
  if (!(await client.listTopics()).includes(topic)) return { syncs, records, warnings: [`${client.name} cluster has no ${topic}: MirrorMaker 2 has written no offset sync there`] }
  for await (const r of readWhole(client, topic)) {
    records++
    const decoded = decodeOffsetSync(r.key, r.value)
    if (decoded.kind !== 'ok') {
      if (warnings.length < 20) warnings.push(`${topic}@${r.offset}: ${decoded.kind === 'skipped' ? decoded.warning : decoded.error.message}`)
      continue
    }
    const sync = decoded.value
    if (topics && !topics.has(sync.topic)) continue
    const key = tpKey(sync.topic, sync.partition)
    const point = toSyncPoint(sync, r.offset)
    const list = syncs.get(key)
    if (list) list.push(point)
    else syncs.set(key, [point])
  }
  return { syncs, records, warnings }
}

export interface CheckpointsRead {
  /** key `${group}\0${tpKey(target topic, partition)}`: the last checkpoint wins, as in RemoteClusterUtils */
  checkpoints: Map<string, Checkpoint>
  warnings: string[]
}

export const checkpointKey = (group: string, topic: string, partition: number) => `${group}\u0000${tpKey(topic, partition)}`

export async function readCheckpoints (client: ClusterClient, topic: string, groups?: ReadonlySet<string>): Promise<CheckpointsRead> {
  const checkpoints = new Map<string, Checkpoint>()
  const warnings: string[] = []
  if (!(await client.listTopics()).includes(topic)) return { checkpoints, warnings: [`${client.name} cluster has no ${topic}: MirrorMaker 2 has written no checkpoint there`] }
  for await (const r of readWhole(client, topic)) {
    const decoded = decodeCheckpoint(r.key, r.value)
    if (decoded.kind !== 'ok') {
      // a tombstone deletes the checkpoint it keys
      if (decoded.kind === 'skipped' && decoded.reason === 'tombstone' && decoded.key) checkpoints.delete(checkpointKey(decoded.key.group, decoded.key.topic, decoded.key.partition))
      if (warnings.length < 20) warnings.push(`${topic}@${r.offset}: ${decoded.kind === 'skipped' ? decoded.warning : decoded.error.message}`)
      continue
    }
    const c = decoded.value
    if (groups && !groups.has(c.group)) continue
    checkpoints.set(checkpointKey(c.group, c.topic, c.partition), c)
  }
  return { checkpoints, warnings }
}
