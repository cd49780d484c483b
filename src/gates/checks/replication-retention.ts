/**
 * @module gates/checks/replication-retention
 * `replication.retention`: on both sides, every critical topic keeps its records for at least the
 * plan's `rollbackWindow` — configured and actual. One result per topic and side, naming the topic
 * on that side, the side, and by how much it falls short (the gap):
 * - `retention.ms` (effective, defaults resolved by each cluster; -1 is forever) shorter than the
 *   window: `fail` — records the rollback may need are deleted before the window ends;
 * - the actual history already shorter: a partition whose log start has moved (records were
 *   deleted, by `retention.bytes`, DeleteRecords or an earlier shorter retention) and whose oldest
 *   retained record is younger than the window: `fail` — what the configuration promises is not
 *   what the log holds. A log still starting at offset 0 has lost nothing, whatever its age;
 * - `retention.bytes` set and nothing deleted yet: `warn` — size, not time, may cut the history;
 * - `compact` in `cleanup.policy`: `warn` — history is kept per key: a rollback replays the latest
 *   value of each key, not every record of the window.
 * The source side is where a rollback's consumers resume; the target side is what a return to the
 * source (reverse replication, reconciliation) reads from after producers moved.
 */
import { formatDuration } from '../evidence.ts'
import { worst } from '../../replication-health/lag.ts'
import { isUnavailable, type ReplicatedPartition } from '../../replication-health/types.ts'
import type { InventoryTopic } from '../../snapshot/inventory.ts'
import type { SideName } from '../../snapshot/types.ts'
import type { CheckResult, CheckStatus } from '../types.ts'
import { criticalTopics, noCriticalTopics } from './critical-topics.ts'
import { replicationCheck } from './replication-evidence.ts'

const id = 'replication.retention'

const numberOf = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

interface Finding { status: CheckStatus, text: string, gapMs?: number }

/** The findings for one topic on one side (see the module comment). */
export function retentionFindings (topic: InventoryTopic, partitions: ReadonlyArray<{ partition: number, facts: ReplicatedPartition['source'] | null }>, windowMs: number, capturedAtMs: number): Finding[] {
  const findings: Finding[] = []
  const configs = topic.effectiveConfigs ?? {}
  const policy = configs['cleanup.policy'] ?? null
  const retentionMs = numberOf(configs['retention.ms'])
  const retentionBytes = numberOf(configs['retention.bytes'])
  const deletes = policy === null || policy.split(',').map((p) => p.trim()).includes('delete')
  if (policy === null) findings.push({ status: 'unknown', text: 'cleanup.policy not in the evidence' })
  if (policy !== null && policy.includes('compact')) {
    findings.push({ status: 'warn', text: `cleanup.policy ${policy}: history is kept per key, so a rollback replays the latest value of each key, not every record of the window` })
  }
  if (deletes) {
    if (retentionMs === null) findings.push({ status: 'unknown', text: 'retention.ms not in the evidence' })
    else if (retentionMs >= 0 && retentionMs < windowMs) {
      findings.push({ status: 'fail', gapMs: windowMs - retentionMs, text: `retention.ms ${formatDuration(retentionMs)} is shorter than the rollback window ${formatDuration(windowMs)} by ${formatDuration(windowMs - retentionMs)}: records are deleted before the window ends` })
    }
  }
  let deleted = false
  for (const { partition, facts } of partitions) {
    if (facts === null) continue
    if (facts.logStart === 0) continue
    deleted = true
    if (isUnavailable(facts.oldest)) {
      findings.push({ status: 'unknown', text: `partition ${partition}: records below offset ${facts.logStart} were deleted, and the oldest retained one could not be read: ${facts.oldest.reason}` })
      continue
    }
    // everything deleted: nothing written within retention.ms, which the configured check covers
    if (facts.oldest === null) continue
    const age = capturedAtMs - facts.oldest.timestamp
    if (age < windowMs) {
      findings.push({ status: 'fail', gapMs: windowMs - age, text: `partition ${partition}: records below offset ${facts.logStart} were already deleted and the oldest retained record is ${formatDuration(Math.max(0, age))} old: the history is shorter than the rollback window ${formatDuration(windowMs)} by ${formatDuration(windowMs - age)}` })
    }
  }
  if (deletes && retentionBytes !== null && retentionBytes >= 0 && !deleted) {
    findings.push({ status: 'warn', text: `retention.bytes ${retentionBytes} per partition may delete records younger than the window once a partition grows that large (nothing deleted yet)` })
  }
  return findings
}

export const replicationRetention = replicationCheck({
  id,
  title: 'retention on both sides covers the rollback window, configured and actual',
  sides: ['source', 'target'],
  run: (input, replication, inventories) => {
    const critical = criticalTopics(input.plan, inventories.source)
    if (!critical.anySelector) return [noCriticalTopics(id)]
    const windowMs = input.plan.rollbackWindow
    const capturedAtMs = Date.parse(replication.capturedAt)
    const results: CheckResult[] = []
    for (const topic of critical.topics.filter((t) => t.exists)) {
      const parts = replication.partitions.filter((p) => p.topic === topic.name)
      const copy = parts[0]?.targetTopic ?? null
      for (const side of ['source', 'target'] as SideName[]) {
        const name = side === 'source' ? topic.name : copy
        const found = name === null ? undefined : inventories[side].topics.find((t) => t.name === name)
        if (found === undefined || name === null) {
          results.push({ id, status: 'unknown', subject: topic.name, message: `${side}: ${name ?? 'its copy'} is not on the ${side} cluster, so its retention is unknown`, evidence: { side, topic: name } })
          continue
        }
        const facts = parts.map((p) => ({ partition: p.partition, facts: side === 'source' ? p.source : p.target }))
        const findings = retentionFindings(found, facts, windowMs, capturedAtMs)
        const status = worst(findings.map((f) => f.status))
        const gaps = findings.map((f) => f.gapMs).filter((g): g is number => g !== undefined)
        const configs = found.effectiveConfigs ?? {}
        const evidence = {
          side,
          topic: name,
          cleanupPolicy: configs['cleanup.policy'] ?? null,
          retentionMs: numberOf(configs['retention.ms']),
          retentionBytes: numberOf(configs['retention.bytes']),
          rollbackWindowMs: windowMs,
          gapMs: gaps.length ? Math.max(...gaps) : 0,
          partitions: facts.map(({ partition, facts: f }) => ({
            partition,
            logStart: f?.logStart ?? null,
            logEnd: f?.logEnd ?? null,
            oldest: f === null || f.oldest === null || isUnavailable(f.oldest) ? (f?.oldest ?? null) : { ...f.oldest, ageMs: capturedAtMs - f.oldest.timestamp },
          })),
        }
        const label = `${side} ${name}`
        if (findings.length === 0) {
          const retention = evidence.retentionMs === null || evidence.retentionMs < 0 ? 'unlimited' : formatDuration(evidence.retentionMs)
          const ages = evidence.partitions.map((p) => (p.oldest && 'ageMs' in p.oldest ? p.oldest.ageMs : null)).filter((a): a is number => a !== null)
          const oldest = ages.length ? `, oldest record ${formatDuration(Math.max(0, Math.max(...ages)))} old` : ''
          results.push({ id, status: 'pass', subject: topic.name, message: `${label}: retention.ms ${retention} covers the rollback window ${formatDuration(windowMs)}${oldest}`, evidence })
        } else {
          const gap = evidence.gapMs > 0 ? ` (gap ${formatDuration(evidence.gapMs)})` : ''
          results.push({ id, status, subject: topic.name, message: `${label}${gap}: ${findings.map((f) => f.text).join('; ')}`, evidence })
        }
      }
    }
    if (results.length === 0) {
      return [{ id, status: 'unknown', subject: 'topics', message: 'no critical topic on the source: no retention checked (see topics.critical-exist-on-source)', evidence: null }]
    }
    return results
  },
})
