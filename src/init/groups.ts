/**
 * @module init/groups
 * Which source consumer groups a generated plan lists: those whose committed offsets someone will
 * need on the target. A group is listed when it is a consumer group (protocol type `consumer`, or
 * empty for a group that only commits offsets — assign()-based consumers, offsets set by tools),
 * and it has committed offsets on at least one data topic. Left out, each with its reason:
 * - other protocols (`connect` workers, anything not a consumer) and share/streams groups;
 * - `connect-*`: the consumer groups of sink connectors, whose replay risk the plan's `connectors`
 *   section states (side effect, stop condition) — their offsets follow the connector, not a team;
 * - `<alias>-mm2`: MirrorMaker 2's dedicated-mode worker groups;
 * - groups with nothing committed on a data topic (only on plumbing, or nothing at all).
 */
import type { DiscoveredGroup } from './types.ts'

export interface GroupSelection {
  /** group ids, sorted */
  listed: string[]
  left: Array<{ id: string, reason: string }>
}

function leftOutReason (group: DiscoveredGroup, dataTopics: ReadonlySet<string>): string | undefined {
  if (group.protocolType !== 'consumer' && group.protocolType !== '') return `protocol type ${group.protocolType}, not a consumer group`
  if (group.type === 'share' || group.type === 'streams') return `${group.type} group`
  if (group.id.startsWith('connect-')) return 'Kafka Connect sink connector group: see connectors'
  if (/-mm2$/.test(group.id)) return 'MirrorMaker 2 worker group'
  if (!group.committedTopics.some((topic) => dataTopics.has(topic))) return 'no committed offsets on a data topic'
  return undefined
}

export function selectGroups (groups: readonly DiscoveredGroup[], dataTopics: ReadonlySet<string>): GroupSelection {
  const selection: GroupSelection = { listed: [], left: [] }
  for (const group of groups) {
    const reason = leftOutReason(group, dataTopics)
    if (reason === undefined) selection.listed.push(group.id)
    else selection.left.push({ id: group.id, reason })
  }
  selection.listed.sort()
  selection.left.sort((a, b) => a.id.localeCompare(b.id))
  return selection
}
