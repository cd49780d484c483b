/**
 * @module gates/checks/partition-count
 * `topics.partition-count-frozen`: each critical topic's copy on the target has as many partitions
 * as the source topic. Kafka orders records per partition only, so a different count changes which
 * records a consumer sees in order (the seed: freeze partition counts for migrated topics). Compared
 * only where the copy exists; a missing copy is reported by `topics.critical-exist-on-target`.
 */
import { evidenceCheck } from '../evidence.ts'
import { targetTopicName } from '../select-topics.ts'
import type { CheckResult } from '../types.ts'
import { criticalTopics, noCriticalTopics } from './critical-topics.ts'

const id = 'topics.partition-count-frozen'

export const partitionCountFrozen = evidenceCheck({
  id,
  title: 'critical topics have the same partition count on target as on source',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => {
    const critical = criticalTopics(plan, source)
    if (!critical.anySelector) return [noCriticalTopics(id)]
    const sourceBy = new Map(source.topics.map((t) => [t.name, t]))
    const targetBy = new Map(target.topics.map((t) => [t.name, t]))
    const results: CheckResult[] = []
    for (const topic of critical.topics) {
      const from = sourceBy.get(topic.name)
      const copy = targetTopicName(plan, topic.name)
      const to = targetBy.get(copy)
      if (from === undefined || to === undefined) continue
      const evidence = { source: from.partitionCount, target: to.partitionCount, targetTopic: copy }
      results.push(from.partitionCount === to.partitionCount
        ? { id, status: 'pass', subject: topic.name, message: `${from.partitionCount} partition(s) on both sides`, evidence }
        : { id, status: 'fail', subject: topic.name, message: `source has ${from.partitionCount} partition(s), target ${copy} has ${to.partitionCount}: partition counts must stay frozen, per-partition order depends on it`, evidence })
    }
    if (results.length === 0) {
      // nothing compared proves nothing; the existence checks say which side lacks the topics
      return [{ id, status: 'unknown', subject: 'topics', message: 'no critical topic exists on both sides: no partition count compared', evidence: null }]
    }
    return results
  },
})
