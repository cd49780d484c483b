/**
 * @module offsets/service
 * The offset boundary as commands run it: capture a side's positions for the plan's groups,
 * translate them with everything MirrorMaker 2 wrote (all retained syncs, the checkpoints), turn a
 * translation into a reset plan. Each result is evidence the caller records.
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import type { Plan } from '../plan/schema.ts'
import { originalTopic } from '../replication/naming.ts'
import type { Direction } from '../replication/translate.ts'
import type { SideName } from '../snapshot/types.ts'
import { captureOffsets } from './capture.ts'
import { checkpointKey, mm2Flow, readCheckpoints, readOffsetSyncs } from './mm2-state.ts'
import { ClusterRecordAccess } from './record-access.ts'
import { translateCapture } from './translate.ts'
import type { OffsetCapture, OffsetTranslation, PartitionTranslation, ResetPlan } from './types.ts'

export type Clients = Record<SideName, ClusterClient>

export function captureForPlan (plan: Plan, clients: Clients, side: SideName): Promise<OffsetCapture> {
  return captureOffsets(clients[side], side, plan.groups.map((g) => g.name))
}

export interface TranslationRun { translation: Omit<OffsetTranslation, 'captureId'>, warnings: string[] }

export async function translateForPlan (plan: Plan, clients: Clients, capture: OffsetCapture, direction: Direction): Promise<TranslationRun> {
  const flow = mm2Flow(plan)
  const warnings: string[] = []
  const usesSyncs = plan.replication.kind === 'mirrormaker2'
  // syncs are keyed by the upstream (source) topic: from the target, undo the policy's renaming
  const upstream = (topic: string) => (direction === 'source-to-target' ? topic : originalTopic(flow.policy, topic))
  const topics = new Set(capture.groups.flatMap((g) => g.partitions.map((p) => upstream(p.topic))))
  const groups = new Set(capture.groups.map((g) => g.group))
  const [syncs, checkpoints] = usesSyncs
    ? await Promise.all([readOffsetSyncs(clients[flow.offsetSyncs.cluster], flow.offsetSyncs.topic, topics), readCheckpoints(clients.target, flow.checkpointsTopic, groups)])
    : [null, null]
  if (syncs) warnings.push(...syncs.warnings)
  if (checkpoints) warnings.push(...checkpoints.warnings)
  const access = new ClusterRecordAccess(clients)
  try {
    const from = direction === 'source-to-target' ? 'source' : 'target'
    const to = from === 'source' ? 'target' : 'source'
    const partitions = capture.groups.flatMap((g) => g.partitions)
    const rename = (t: string) => (direction === 'source-to-target' ? flow.targetTopic(t) : upstream(t))
    await Promise.all([
      access.prefetch(from, partitions),
      access.prefetch(to, partitions.map((p) => ({ topic: rename(p.topic), partition: p.partition }))),
    ])
    const results: PartitionTranslation[] = await translateCapture({
      plan,
      direction,
      syncs: syncs?.syncs ?? new Map(),
      checkpoint: (group, topic, partition) => {
        const c = checkpoints?.checkpoints.get(checkpointKey(group, topic, partition))
        return c ? { upstream: Number(c.upstreamOffset), downstream: Number(c.downstreamOffset) } : null
      },
      targetTopic: flow.targetTopic,
      sourceTopic: upstream,
      access,
    }, capture)
    return { translation: { type: 'rollgate.offsets-translation/v1', direction, translatedAt: new Date().toISOString(), partitions: results }, warnings }
  } finally {
    await access.close()
  }
}

/**
 * The reset plan a translation implies for the cluster it points to: every translated partition at
 * its translated position; untranslatable ones left out, each with a warning (never guessed).
 */
export function resetPlanFrom (translation: OffsetTranslation, translationId: string, current: OffsetCapture): ResetPlan {
  const cluster: SideName = translation.direction === 'source-to-target' ? 'target' : 'source'
  const now = new Map(current.groups.flatMap((g) => g.partitions.map((p) => [`${g.group}\u0000${p.topic}\u0000${p.partition}`, p.committed] as const)))
  const warnings: string[] = []
  const byGroup = new Map<string, ResetPlan['groups'][number]>()
  for (const t of translation.partitions) {
    if (t.to === null) {
      if (t.method !== 'none' || t.untranslatable) warnings.push(`${t.group} ${t.topic}-${t.partition}: not planned: ${t.untranslatable ?? 'no position'}${t.note ? ` (${t.note})` : ''}`)
      continue
    }
    let entry = byGroup.get(t.group)
    if (!entry) byGroup.set(t.group, entry = { group: t.group, cluster, offsets: [] })
    entry.offsets.push({ topic: t.toTopic, partition: t.partition, current: now.get(`${t.group}\u0000${t.toTopic}\u0000${t.partition}`) ?? null, planned: t.to })
  }
  return { type: 'rollgate.reset-plan/v1', createdAt: new Date().toISOString(), basedOn: translationId, groups: [...byGroup.values()], warnings }
}
