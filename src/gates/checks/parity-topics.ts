/**
 * @module gates/checks/parity-topics
 * `parity.topics`: each topic the plan selects, against its copy on the target (diff/topics.ts).
 * One result per difference, named by what differs — `parity.topic-missing`, `parity.partitions`,
 * `parity.replication-factor`, `parity.config` — with the object and both values; a topic with
 * nothing but allowed differences gets one `parity.topics` pass saying what was compared.
 *
 * One check per difference across the gate: a critical topic's missing copy and partition count
 * are already judged by `topics.critical-exist-on-target` and `topics.partition-count-frozen`, so
 * they are not repeated here; standard topics, which those checks do not look at, are (as warnings).
 */
import { diffTopics } from '../../diff/topics.ts'
import type { Difference, TopicComparison } from '../../diff/types.ts'
import { evidenceCheck } from '../evidence.ts'
import type { CheckResult } from '../types.ts'
import { differenceResult } from './parity-part.ts'

const id = 'parity.topics'

/** judged by the topics.* checks for critical topics */
const coveredElsewhere = (t: TopicComparison, d: Difference): boolean =>
  t.criticality === 'critical' && (d.kind === 'topic-missing' || d.kind === 'partitions')

function summary (t: TopicComparison, allowed: number): CheckResult {
  const as = t.targetTopic === t.topic ? '' : ` as ${t.targetTopic}`
  const partitions = t.source!.partitions === t.target!.partitions
    ? `${t.source!.partitions} partition(s), `
    : ''
  const rf = t.source!.replicationFactor === t.target!.replicationFactor ? `replication factor ${t.source!.replicationFactor}, ` : ''
  const elsewhere = partitions === '' ? ' (partition count: see topics.partition-count-frozen)' : ''
  const notes = allowed > 0 ? `; ${allowed} allowed difference(s)` : ''
  return {
    id,
    status: 'pass',
    subject: t.topic,
    message: `same on the target${as}: ${partitions}${rf}${t.equalConfigs} behaviour config(s) equal${notes}${elsewhere}`,
    evidence: { targetTopic: t.targetTopic, source: t.source, target: t.target, equalConfigs: t.equalConfigs, allowed },
  }
}

export const parityTopics = evidenceCheck({
  id,
  title: 'selected topics match on the target: presence and partitions (standard topics), replication factor, behaviour configs (allowedConfigDifferences excepted)',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => {
    const { topics } = diffTopics(plan, source, target)
    const results: CheckResult[] = []
    for (const t of topics) {
      const own = t.differences.filter((d) => !coveredElsewhere(t, d))
      results.push(...own.map((d) => differenceResult(`parity.${d.kind}`, d)))
      if (t.source === null || t.target === null) continue // nothing more to compare
      if (own.every((d) => d.status === 'pass')) results.push(summary(t, own.length))
    }
    if (results.length === 0) {
      // nothing compared proves nothing; the topics.* checks say which copies are missing
      return [{ id, status: 'unknown', subject: 'topics', message: 'no topic the plan selects exists on both sides: nothing compared', evidence: { selected: topics.length } }]
    }
    return results
  },
})
