/**
 * @module gates/checks/shadow-read-parity
 * `shadow-read.parity`: every critical topic was verified record by record (`rollgate verify`) over
 * the plan's window and found identical — nothing missing, extra, altered, out of order, aborted on
 * the source yet present on the target, at another offset under offset-preserving replication, and
 * lag within the topic's limit (verify/judge.ts says how each difference counts). The window is the
 * plan's rollback window: the whole retained log, or `--since` reaching back at least that far.
 * One more result says whether verification only read (no group, no commit): its requests are in
 * the evidence.
 */
import { judgeTopic } from '../../verify/judge.ts'
import { readOnlyApis } from '../../verify/requests.ts'
import type { VerifyResult } from '../../verify/types.ts'
import { evidenceCheck, formatDuration } from '../evidence.ts'
import type { CheckResult } from '../types.ts'
import { criticalTopics, noCriticalTopics } from './critical-topics.ts'
import { needVerify } from './shadow-read-evidence.ts'

const id = 'shadow-read.parity'

/** Why the verified range does not cover the plan's rollback window, or null when it does. */
export function coverageGap (result: VerifyResult, rollbackWindowMs: number): string | null {
  const range = result.settings.range
  if (range.kind === 'whole') return null
  if (range.kind === 'offsets') return `only source offsets ${range.from ?? 'log start'}..${range.until ?? 'log end'} were verified, not the whole retained log or the rollback window`
  const reach = Date.parse(result.finishedAt) - range.timestamp
  if (reach + 1000 >= rollbackWindowMs) return null
  return `records since ${range.since} were verified (${formatDuration(reach)}), less than the rollback window ${formatDuration(rollbackWindowMs)}`
}

export const shadowReadParity = evidenceCheck({
  id,
  title: 'every critical topic is identical on the target, record by record, over the rollback window (rollgate verify)',
  sides: ['source'],
  run: (input, { source }) => {
    const verify = needVerify(input, id)
    if (!verify.ok) return [verify.unknown]
    const result = verify.value
    const critical = criticalTopics(input.plan, source)
    if (!critical.anySelector) return [noCriticalTopics(id)]
    const gap = coverageGap(result, input.plan.rollbackWindow)
    const byName = new Map(result.topics.map((t) => [t.topic, t]))
    const results: CheckResult[] = critical.topics.map((topic): CheckResult => {
      const report = byName.get(topic.name)
      if (!report) return { id, status: 'unknown', subject: topic.name, message: 'not verified: run `rollgate verify` (it verifies the critical topics by default)', evidence: { verifyIds: verify.evidenceIds } }
      const verdict = judgeTopic(input.plan, { ...report, criticality: 'critical' })
      const evidence = {
        verifyIds: verify.evidenceIds,
        targetTopic: report.targetTopic,
        finishedAt: result.finishedAt,
        range: result.settings.range,
        isolation: result.settings.isolation,
        compacted: report.compacted,
        totals: verdict.totals,
        firstDivergences: verdict.diverged.slice(0, 5),
      }
      if (gap && verdict.status !== 'fail') return { id, status: 'unknown', subject: topic.name, message: `${gap}; ${verdict.message}`, evidence }
      return { id, status: verdict.status, subject: topic.name, message: verdict.message, evidence }
    })
    // standard topics that were verified too: a difference there warns
    for (const report of result.topics) {
      if (critical.topics.some((t) => t.name === report.topic)) continue
      const verdict = judgeTopic(input.plan, { ...report, criticality: 'standard' })
      results.push({ id, status: verdict.status, subject: report.topic, message: `(standard topic) ${verdict.message}`, evidence: { verifyIds: verify.evidenceIds, totals: verdict.totals } })
    }
    const writes = Object.entries(result.requests).filter(([api]) => !readOnlyApis.has(api))
    results.push(writes.length
      ? { id, status: 'fail', subject: 'verify', message: `verification sent requests that are not reads: ${writes.map(([api, n]) => `${api} ×${n}`).join(', ')}`, evidence: { requests: result.requests } }
      : { id, status: 'pass', subject: 'verify', message: `read-only: ${Object.entries(result.requests).map(([api, n]) => `${api} ×${n}`).join(', ')}; no group joined, nothing committed`, evidence: { requests: result.requests } })
    return results
  },
})
