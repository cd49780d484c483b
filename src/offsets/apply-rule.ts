/**
 * @module offsets/apply-rule
 * What writing one group's reset plan does on the cluster being written, decided from facts read
 * just before: kafka-consumer-groups --reset-offsets' rules, exactly. Only an Empty or Dead group
 * is reset (otherwise its refusal, word for word); a planned offset outside [log start, log end] is
 * clamped with its warning; and only partitions not already at their offset are written — which is
 * what makes a re-run after a crash converge instead of writing everything again.
 */
import { tpKey } from '../kafka/types.ts'
import type { GroupResetPlan } from './types.ts'

/** A partition's log on the cluster being written: log start offset and high watermark. */
export interface LogRange { logStart: number, logEnd: number }

/** The group as the cluster being written has it now. */
export interface GroupFacts {
  /** Kafka's group state; a group the cluster does not know is `Dead`, as Kafka describes it */
  state: string
  members: number
  committed: Array<{ topic: string, partition: number, offset: number }>
  /** by `tpKey`: every partition of the plan that exists on the cluster */
  ranges: Map<string, LogRange>
}

/** One partition's commit: what is committed now and what will be. */
export interface OffsetChange {
  topic: string
  partition: number
  /** committed now; null when nothing is committed */
  before: number | null
  /** the offset to commit: the planned one, clamped into [log start, log end] */
  after: number
  /** the planned offset, when it was clamped */
  clampedFrom?: number
}

export type GroupDecision =
  /** not Empty or Dead: nothing may be written */
  | { kind: 'refused', group: string, message: string }
  /** the plan cannot be applied as it stands (a partition missing on the cluster, one listed twice) */
  | { kind: 'invalid', group: string, error: string }
  /** every partition is at its offset already: nothing to write */
  | { kind: 'at-plan', group: string, offsets: OffsetChange[], warnings: string[] }
  /** `changes` to write; `atPlan` are already there */
  | { kind: 'apply', group: string, changes: OffsetChange[], atPlan: OffsetChange[], warnings: string[] }

/** The states in which kafka-consumer-groups resets a group (ConsumerGroupCommand.resetOffsets). */
const resettable = new Set(['Empty', 'Dead'])

/** ConsumerGroupCommand's refusal, as printError prints it. */
export function refusalMessage (group: string, state: string): string {
  return `Error: Assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}.`
}

/**
 * ConsumerGroupCommand.checkOffsetsRange: above the high watermark clamps down to it, else below the
 * log start clamps up to it; the warnings are its LOGGER.warn lines (TopicPartition prints `topic-p`).
 */
export function clampOffset (topic: string, partition: number, offset: number, range: LogRange): { offset: number, warning?: string } {
  if (offset > range.logEnd) {
    return { offset: range.logEnd, warning: `New offset (${offset}) is higher than latest offset for topic partition ${topic}-${partition}. Value will be set to ${range.logEnd}` }
  }
  if (offset < range.logStart) {
    return { offset: range.logStart, warning: `New offset (${offset}) is lower than earliest offset for topic partition ${topic}-${partition}. Value will be set to ${range.logStart}` }
  }
  return { offset }
}

export function decideGroupReset (plan: GroupResetPlan, facts: GroupFacts): GroupDecision {
  const group = plan.group
  // the state alone decides, as in Kafka's tool: Empty and Dead groups have no members to disturb
  if (!resettable.has(facts.state)) return { kind: 'refused', group, message: refusalMessage(group, facts.state) }

  const seen = new Set<string>()
  const missing: string[] = []
  for (const { topic, partition } of plan.offsets) {
    const key = tpKey(topic, partition)
    if (seen.has(key)) return { kind: 'invalid', group, error: `the reset plan lists ${topic}-${partition} twice for group '${group}'` }
    seen.add(key)
    if (!facts.ranges.has(key)) missing.push(`${topic}-${partition}`)
  }
  if (missing.length > 0) {
    // Kafka's tool would commit blindly; a position on a partition that does not exist is no position
    return { kind: 'invalid', group, error: `no partition ${missing.join(', ')} on the ${plan.cluster} cluster: nothing written for group '${group}'` }
  }

  const committed = new Map(facts.committed.map((c) => [tpKey(c.topic, c.partition), c.offset]))
  const warnings: string[] = []
  const changes: OffsetChange[] = []
  const atPlan: OffsetChange[] = []
  for (const { topic, partition, planned } of plan.offsets) {
    const key = tpKey(topic, partition)
    const clamped = clampOffset(topic, partition, planned, facts.ranges.get(key)!)
    if (clamped.warning !== undefined) warnings.push(clamped.warning)
    const change: OffsetChange = { topic, partition, before: committed.get(key) ?? null, after: clamped.offset }
    if (clamped.offset !== planned) change.clampedFrom = planned
    ;(change.before === change.after ? atPlan : changes).push(change)
  }
  if (changes.length === 0) return { kind: 'at-plan', group, offsets: atPlan, warnings }
  return { kind: 'apply', group, changes, atPlan, warnings }
}

/** The journal subject of one partition's commit: `group <g> / <topic>-<p>`. */
export function changeSubject (group: string, topic: string, partition: number): string {
  return `group ${group} / ${topic}-${partition}`
}

/**
 * The group and partition a subject names. Topic names cannot hold a space or a slash, so the last
 * ` / ` is the separator even when the group's name contains one.
 */
export function parseChangeSubject (subject: string): { group: string, topic: string, partition: number } | null {
  const match = /^group (.*) \/ ([A-Za-z0-9._-]+)-(\d+)$/s.exec(subject)
  if (match === null) return null
  return { group: match[1]!, topic: match[2]!, partition: Number(match[3]) }
}

/**
 * Whether the change an interrupted apply announced is in place: every partition it named is
 * committed at the offset it was to write. `committed` is by `tpKey`, read after the crash.
 */
export function changesInPlace (changes: ReadonlyArray<{ subject: string, after: unknown }>, committed: ReadonlyMap<string, number>): boolean {
  return changes.every((change) => {
    const named = parseChangeSubject(change.subject)
    return named !== null && typeof change.after === 'number' && committed.get(tpKey(named.topic, named.partition)) === change.after
  })
}
