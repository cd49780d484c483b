/**
 * @module gates/checks/topics-exist
 * `topics.critical-exist-on-source` and `topics.critical-exist-on-target`: every critical topic the
 * plan selects is on the source, and its copy is on the target under the plan's naming (identity:
 * same name; prefix: `<sourceAlias><separator><topic>`). A critical regex selecting nothing fails:
 * a selector that selects nothing is a plan error in disguise, and would otherwise pass vacuously.
 */
import { evidenceCheck } from '../evidence.ts'
import { targetTopicName } from '../select-topics.ts'
import type { CheckResult } from '../types.ts'
import { criticalTopics, noCriticalTopics } from './critical-topics.ts'

const onSource = 'topics.critical-exist-on-source'
const onTarget = 'topics.critical-exist-on-target'

export const criticalTopicsExistOnSource = evidenceCheck({
  id: onSource,
  title: 'every critical topic the plan selects exists on the source',
  sides: ['source'],
  run: ({ plan }, { source }) => {
    const critical = criticalTopics(plan, source)
    if (!critical.anySelector) return [noCriticalTopics(onSource)]
    const byName = new Map(source.topics.map((t) => [t.name, t]))
    const results: CheckResult[] = critical.empty.map((selector) => ({
      id: onSource,
      status: 'fail',
      subject: `topics[${selector.index}]`,
      message: `regex ${JSON.stringify(selector.regex)} selects no topic on the source cluster: a selector that selects nothing is usually a plan error`,
      evidence: { regex: selector.regex, sourceTopics: source.topics.length },
    }))
    for (const topic of critical.topics) {
      const found = byName.get(topic.name)
      results.push(found === undefined
        ? { id: onSource, status: 'fail', subject: topic.name, message: 'named in the plan but not on the source cluster', evidence: { exists: false } }
        : { id: onSource, status: 'pass', subject: topic.name, message: `on source: ${found.partitionCount} partition(s), replication factor ${found.replicationFactor}`, evidence: { exists: true, partitions: found.partitionCount, replicationFactor: found.replicationFactor } })
    }
    return results
  },
})

export const criticalTopicsExistOnTarget = evidenceCheck({
  id: onTarget,
  title: 'the copy of every critical topic exists on the target under the plan\'s naming',
  // the source too: which topics a regex selects is read there
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => {
    const critical = criticalTopics(plan, source)
    if (!critical.anySelector) return [noCriticalTopics(onTarget)]
    if (critical.topics.length === 0) {
      return [{ id: onTarget, status: 'unknown', subject: 'topics', message: `no critical topic selected on the source, so none to look for on the target (see ${onSource})`, evidence: null }]
    }
    const byName = new Map(target.topics.map((t) => [t.name, t]))
    const naming = plan.replication.naming
    return critical.topics.map((topic): CheckResult => {
      const copy = targetTopicName(plan, topic.name)
      const found = byName.get(copy)
      const as = copy === topic.name ? '' : ` as ${copy}`
      return found === undefined
        ? { id: onTarget, status: 'fail', subject: topic.name, message: `no copy on the target cluster: expected ${copy} (naming ${naming})`, evidence: { targetTopic: copy, naming, exists: false } }
        : { id: onTarget, status: 'pass', subject: topic.name, message: `on target${as}: ${found.partitionCount} partition(s), replication factor ${found.replicationFactor}`, evidence: { targetTopic: copy, naming, exists: true, partitions: found.partitionCount, replicationFactor: found.replicationFactor } }
    })
  },
})
