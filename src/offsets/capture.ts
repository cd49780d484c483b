/**
 * @module offsets/capture
 * The offset boundary's first fact: for each group, its state and members, and per partition the
 * committed offset, log start, log end and lag — read in a fixed number of batched calls whatever
 * the number of groups (one DescribeGroups and one OffsetFetch per coordinator, one ListOffsets per
 * leader and direction).
 */
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { type TopicPartition, tpKey } from '../kafka/types.ts'
import type { SideName } from '../snapshot/types.ts'
import type { CapturedGroup, OffsetCapture } from './types.ts'

export async function captureOffsets (client: ClusterClient, side: SideName, groups: readonly string[]): Promise<OffsetCapture> {
  const capturedAt = new Date().toISOString()
  const listed = new Map((await client.listGroups()).map((g) => [g.id, g]))
  const known = groups.filter((g) => listed.has(g))
  const [described, committed] = await Promise.all([
    client.describeGroups(known.map((id) => ({ id, type: listed.get(id)!.type }))),
    client.committedOffsets(known),
  ])
  const byId = new Map(described.map((d) => [d.id, d]))

  // committed partitions plus partitions assigned to live members that have no commit yet
  const wanted = new Map<string, TopicPartition>()
  for (const id of known) {
    for (const o of committed.get(id) ?? []) wanted.set(tpKey(o.topic, o.partition), o)
    for (const m of byId.get(id)?.members ?? []) for (const a of m.assignments) wanted.set(tpKey(a.topic, a.partition), a)
  }
  // partitions of deleted topics have no log: keep them out of ListOffsets, report them as missing
  const topics = new Map((await client.describeTopics([...new Set([...wanted.values()].map((p) => p.topic))])).map((t) => [t.name, t.partitions.length]))
  const existing = [...wanted.values()].filter((p) => p.partition < (topics.get(p.topic) ?? 0))
  const [earliest, latest] = await Promise.all([client.offsets(existing, 'earliest'), client.offsets(existing, 'latest')])
  const start = new Map(earliest.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  const end = new Map(latest.map((o) => [tpKey(o.topic, o.partition), o.offset]))

  const captured: CapturedGroup[] = groups.map((group) => {
    const description = byId.get(group)
    if (!description) return { group, state: 'Dead', members: [], partitions: [] }
    const commits = new Map((committed.get(group) ?? []).map((o) => [tpKey(o.topic, o.partition), o.offset]))
    const assigned = description.members.flatMap((m) => m.assignments)
    const keys = new Map<string, TopicPartition>()
    for (const o of committed.get(group) ?? []) keys.set(tpKey(o.topic, o.partition), o)
    for (const a of assigned) keys.set(tpKey(a.topic, a.partition), a)
    const partitions = [...keys.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)).map((p) => {
      const key = tpKey(p.topic, p.partition)
      const c = commits.get(key) ?? null
      const logEnd = end.get(key) ?? -1
      return { topic: p.topic, partition: p.partition, committed: c, logStart: start.get(key) ?? -1, logEnd, lag: c === null || logEnd < 0 ? null : logEnd - c }
    })
    return {
      group,
      state: description.state,
      members: description.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host })),
      partitions,
    }
  })
  return { type: 'rollgate.offsets-capture/v1', side, capturedAt, groups: captured }
}
