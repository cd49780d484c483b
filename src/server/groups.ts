/**
 * @module server/groups
 * The consumer groups panel: for every group the plan names and every group the latest
 * source-to-target translation covers, each partition's committed source position, the position
 * translated to the target, how it was obtained and proven, and the records a switch would replay,
 * against the group's `maxReplay`. Pure: reads the recorded translation (gates/run.ts latestOffsets).
 */
import type { GateInput } from '../gates/types.ts'
import type { PartitionTranslation, TranslationMethod, UntranslatableReason } from '../offsets/types.ts'
import type { Plan } from '../plan/schema.ts'

export interface GroupPartitionRow {
  topic: string
  partition: number
  /** committed offset on the source (null: nothing committed) */
  source: number | null
  /** source log end at capture, when the capture holds the partition */
  sourceLogEnd: number | null
  targetTopic: string
  /** the position to commit on the target; null: untranslatable */
  target: number | null
  method: TranslationMethod
  /** records read again after the switch; null: not bounded */
  replay: number | null
  proof: PartitionTranslation['proof']
  untranslatable: UntranslatableReason | null
  note: string | null
  mm2Checkpoint: PartitionTranslation['mm2Checkpoint']
}

export interface GroupRow {
  group: string
  /** null for a group in the translation that the plan does not name */
  strategy: string | null
  owner: string | null
  criticality: string | null
  maxReplay: { records: number | null, seconds: number | null }
  /** Kafka's group state at capture */
  state: string | null
  partitions: GroupPartitionRow[]
  replay: {
    /** summed over partitions with a bound */
    total: number
    /** partitions whose replay cannot be bounded */
    unbounded: number
    /** total over maxReplay.records */
    exceeds: boolean
  }
  untranslatable: number
  proven: number
}

export interface GroupsView {
  /** null: no source-to-target translation recorded yet (`rollgate offsets translate`) */
  translation: { evidenceId: string, translatedAt: string, capturedAt: string | null } | null
  groups: GroupRow[]
}

export function groupsView (plan: Plan, offsets: GateInput['offsets']): GroupsView {
  const translated = new Map<string, PartitionTranslation[]>()
  const partitions = Array.isArray(offsets?.translation.partitions) ? offsets.translation.partitions : []
  for (const p of partitions) translated.set(p.group, [...(translated.get(p.group) ?? []), p])
  const captured = new Map((Array.isArray(offsets?.capture.groups) ? offsets.capture.groups : []).map((g) => [g.group, g]))
  const names = [...new Set([...plan.groups.map((g) => g.name), ...translated.keys()])]
  const groups = names.map((name): GroupRow => {
    const planned = plan.groups.find((g) => g.name === name)
    const capture = captured.get(name)
    const rows = (translated.get(name) ?? []).map((p): GroupPartitionRow => ({
      topic: p.topic,
      partition: p.partition,
      source: p.from,
      sourceLogEnd: capture?.partitions.find((c) => c.topic === p.topic && c.partition === p.partition)?.logEnd ?? null,
      targetTopic: p.toTopic,
      target: p.to,
      method: p.method,
      replay: p.replay,
      proof: p.proof,
      untranslatable: p.untranslatable,
      note: p.note,
      mm2Checkpoint: p.mm2Checkpoint,
    })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    const total = rows.reduce((s, r) => s + (r.replay ?? 0), 0)
    const maxRecords = planned?.maxReplay?.records ?? null
    return {
      group: name,
      strategy: planned?.strategy ?? null,
      owner: planned?.owner ?? null,
      criticality: planned?.criticality ?? null,
      maxReplay: { records: maxRecords, seconds: planned?.maxReplay?.time === undefined ? null : planned.maxReplay.time / 1000 },
      state: capture?.state ?? null,
      partitions: rows,
      replay: { total, unbounded: rows.filter((r) => r.replay === null).length, exceeds: maxRecords !== null && total > maxRecords },
      untranslatable: rows.filter((r) => r.target === null).length,
      proven: rows.filter((r) => r.proof !== null).length,
    }
  })
  return {
    translation: offsets ? { evidenceId: offsets.translationId, translatedAt: offsets.translation.translatedAt, capturedAt: offsets.capture.capturedAt ?? null } : null,
    groups,
  }
}
