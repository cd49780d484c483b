/**
 * @module gates/checks/replication-lag
 * `replication.lag`: every partition of every critical topic is within the plan's replication lag,
 * in records and in time (replication-health/lag.ts has the definitions and the warn band). One
 * result per critical topic, as bad as its worst partition, naming the partitions over or near a
 * limit with their figures; the evidence carries every partition's figures: source log end, target
 * log end, the mapped source position and how it was mapped, records and time lag.
 */
import { formatDuration } from '../evidence.ts'
import { lagLimits, type LagLimits, type PartitionLag, partitionLag, partitionStatus, worst } from '../../replication-health/lag.ts'
import type { CheckResult, CheckStatus } from '../types.ts'
import { criticalTopics, noCriticalTopics } from './critical-topics.ts'
import { replicationCheck } from './replication-evidence.ts'

const id = 'replication.lag'

const limitText = (limits: LagLimits) =>
  [limits.records === null ? null : `${limits.records} records`, limits.timeMs === null ? null : formatDuration(limits.timeMs)].filter(Boolean).join(' / ') || 'none'

function partitionText (p: PartitionLag & { status: CheckStatus }): string {
  if (p.mapped === null) return `partition ${p.partition}: not measured (${p.note})`
  const time = p.timeMs === null ? 'time lag unknown' : `oldest uncopied record ${formatDuration(p.timeMs)} old`
  return `partition ${p.partition}: ${p.records} record(s) behind (source end ${p.sourceLogEnd}, copy end maps to ${p.mapped}), ${time}`
}

export const replicationLag = replicationCheck({
  id,
  title: 'replication lag of every critical partition is within the plan\'s limits, in records and in time',
  sides: ['source'],
  run: (input, replication, { source }) => {
    const critical = criticalTopics(input.plan, source)
    if (!critical.anySelector) return [noCriticalTopics(id)]
    const capturedAt = Date.parse(replication.capturedAt)
    const results: CheckResult[] = []
    for (const topic of critical.topics.filter((t) => t.exists)) {
      const limits = lagLimits(input.plan, topic.selectors)
      const parts = replication.partitions.filter((p) => p.topic === topic.name)
      if (parts.length === 0) {
        results.push({ id, status: 'unknown', subject: topic.name, message: 'no replication evidence for this topic (it appeared after the capture began?): take a new snapshot', evidence: null })
        continue
      }
      const figures = parts.map((p) => {
        const lag = partitionLag(p, capturedAt)
        return { ...lag, status: partitionStatus(p, lag, limits) }
      })
      const status = worst(figures.map((f) => f.status))
      const measured = figures.filter((f) => f.records !== null)
      const records = measured.reduce((sum, f) => sum + (f.records ?? 0), 0)
      const times = figures.map((f) => f.timeMs).filter((t): t is number => t !== null)
      const maxTime = times.length ? Math.max(...times) : null
      const copy = parts[0]!.targetTopic
      const named = copy === topic.name ? topic.name : `${topic.name} → ${copy}`
      const caughtUp = measured.length === figures.length && records === 0
      const summary = caughtUp
        ? `${named}: caught up on all ${figures.length} partition(s) (0 records behind); limits ${limitText(limits)}`
        : `${named}: ${records} record(s) behind over ${measured.length} of ${figures.length} partition(s), oldest uncopied record ${maxTime === null ? 'unknown' : formatDuration(maxTime)}; limits ${limitText(limits)}`
      const flagged = figures.filter((f) => f.status !== 'pass')
      const message = flagged.length === 0
        ? summary
        : `${summary}. ${status === 'warn' ? 'Near a limit' : 'Over a limit or not measured'}: ${flagged.slice(0, 5).map(partitionText).join('; ')}${flagged.length > 5 ? `; and ${flagged.length - 5} more` : ''}`
      results.push({
        id,
        status,
        subject: topic.name,
        message,
        evidence: {
          targetTopic: copy,
          kind: replication.kind,
          capturedAt: replication.capturedAt,
          limits,
          records,
          maxTimeMs: maxTime,
          partitions: figures,
        },
      })
    }
    if (results.length === 0) {
      return [{ id, status: 'unknown', subject: 'topics', message: 'no critical topic on the source: no lag measured (see topics.critical-exist-on-source)', evidence: null }]
    }
    return results
  },
})
