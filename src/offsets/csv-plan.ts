/**
 * @module offsets/csv-plan
 * The bridge to kafka-consumer-groups' files: export a side's committed offsets in its `--export`
 * CSV, and turn a `--from-file` CSV into a recorded reset plan that `offsets apply` writes (with the
 * same clamping the Java tool applies).
 */
import { createHash } from 'node:crypto'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { tpKey } from '../kafka/types.ts'
import type { SideName } from '../snapshot/types.ts'
import { captureOffsets } from './capture.ts'
import { formatOffsetsCsv, parseOffsetsCsv } from './csv.ts'
import { planReset, type PartitionState } from './reset-scenarios.ts'
import type { ResetPlan } from './types.ts'

export async function exportOffsetsCsv (client: ClusterClient, side: SideName, groups: readonly string[]): Promise<string> {
  const capture = await captureOffsets(client, side, groups)
  return formatOffsetsCsv(capture.groups.map((g) => ({
    group: g.group,
    offsets: g.partitions.filter((p) => p.committed !== null).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.committed! })),
  })), { withGroup: groups.length !== 1 })
}

export async function resetPlanFromCsv (client: ClusterClient, side: SideName, text: string, file: string, group?: string): Promise<ResetPlan> {
  const parsed = parseOffsetsCsv(text, file, group === undefined ? {} : { group })
  const names = parsed.groups.map((g) => g.group)
  const capture = await captureOffsets(client, side, names)
  const rows = parsed.groups.flatMap((g) => g.offsets)
  const [start, end] = await Promise.all([client.offsets(rows, 'earliest'), client.offsets(rows, 'latest')])
  const starts = new Map(start.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const ends = new Map(end.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  return planReset({
    createdAt: new Date().toISOString(),
    basedOn: `csv:${createHash('sha256').update(text).digest('hex')}`,
    cluster: side,
    scenario: { kind: 'from-file', groups: parsed.groups },
    groups: parsed.groups.map((g) => {
      const committed = new Map((capture.groups.find((c) => c.group === g.group)?.partitions ?? []).map((p) => [tpKey(p.topic, p.partition), p.committed]))
      return {
        group: g.group,
        partitions: g.offsets.map((o): PartitionState => {
          const key = tpKey(o.topic, o.partition)
          return { topic: o.topic, partition: o.partition, current: committed.get(key) ?? null, logStart: starts.get(key) ?? 0, logEnd: ends.get(key) ?? 0 }
        }),
      }
    }),
  })
}
