/**
 * @module gates/checks/connectors-double-sink
 * `connectors.no-double-sink`: no topic is read by an active sink on both clusters at once. The
 * target's copy of a topic carries the same records, so a sink on each side writes every record to
 * the outside world twice — duplicate rows, emails, payments — and no rollback takes that back.
 * Topics are compared by their source name (the target's `<alias>.<topic>` copies mapped back under
 * prefix naming); a `topics.regex` is matched over both clusters' topics.
 */
import type { ConnectorEvidence } from '../../connect/types.ts'
import type { SideName } from '../../snapshot/types.ts'
import { targetTopicName } from '../select-topics.ts'
import type { CheckResult } from '../types.ts'
import { connectorCheck, isActive, sinkTopics, sourceNameOf } from './connectors-evidence.ts'

const id = 'connectors.no-double-sink'

export const connectorsNoDoubleSink = connectorCheck(id, 'no topic is consumed by an active sink connector on both clusters at once (double side effects)', (connectors, input) => {
  const inventoryTopics = (side: SideName): string[] => {
    const s = input.snapshot?.sides?.[side]
    return s?.status === 'ok' ? s.inventory.topics.map((t) => t.name) : []
  }
  const sinks = (side: SideName) => connectors[side].filter((c) => c.type === 'sink' && isActive(c))
  const source = sinks('source')
  const target = sinks('target')
  // every name either side knows, by its source name, for regexes to match
  const known = new Set<string>([...inventoryTopics('source'), ...inventoryTopics('target').map((t) => sourceNameOf(input.plan, t)),
    ...source.flatMap((c) => c.configTopics), ...target.flatMap((c) => c.configTopics.map((t) => sourceNameOf(input.plan, t)))])
  const knownOnTarget = new Set<string>([...inventoryTopics('target'), ...[...known].map((t) => targetTopicName(input.plan, t))])
  const readsOnSource = new Map<string, ConnectorEvidence[]>()
  for (const c of source) for (const t of sinkTopics(c, known)) readsOnSource.set(t, [...(readsOnSource.get(t) ?? []), c])
  const doubles = new Map<string, { topic: string, source: string[], target: Array<{ connector: string, topic: string }> }>()
  for (const c of target) {
    for (const topic of sinkTopics(c, knownOnTarget)) {
      const name = sourceNameOf(input.plan, topic)
      const onSource = readsOnSource.get(name)
      if (!onSource) continue
      const entry = doubles.get(name) ?? { topic: name, source: onSource.map((s) => s.name), target: [] }
      entry.target.push({ connector: c.name, topic })
      doubles.set(name, entry)
    }
  }
  if (doubles.size === 0) {
    return [{ id, status: 'pass', subject: 'connectors', message: `no topic is read by an active sink on both clusters (${source.length} active sink(s) on the source, ${target.length} on the target)`, evidence: { source: source.map((c) => c.name), target: target.map((c) => c.name) } }]
  }
  return [...doubles.values()].sort((a, b) => a.topic.localeCompare(b.topic)).map((d): CheckResult => ({
    id,
    status: 'fail',
    subject: d.topic,
    message: `topic ${d.topic} is consumed by sink(s) on both sides at once — source: ${d.source.join(', ')}; target: ${d.target.map((t) => t.topic === d.topic ? t.connector : `${t.connector} (as ${t.topic})`).join(', ')}: every record reaches the outside world twice; pause or stop one side (rollgate connectors pause --side …)`,
    evidence: d,
  }))
})
