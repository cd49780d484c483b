/**
 * @module rehearse/report
 * The game day's report, for people: verdict first, then the three numbers the seed asks for
 * (restore time, duplicates, loss) against the objectives, what the rollback did step by step, the
 * timeline, and where the evidence is. Pure.
 */
import { renderTable } from '../report/table.ts'
import type { RehearsalResult } from './rehearse.ts'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export function renderRehearsal (r: RehearsalResult): string {
  const m = r.measurement
  const lines: string[] = []
  lines.push(`REHEARSAL ${r.id}: ${m.status.toUpperCase()} — ${r.mode}, ${r.sink} sink${r.sabotage ? `, SABOTAGED (offsets ${r.sabotage.aheadPerPartition} ahead per partition)` : ''}`)
  lines.push(`  topic ${r.topic} (${r.partitions} partitions)${r.reverseTopic ? `, reverse copy ${r.reverseTopic}` : ''}, group ${r.group}`)
  lines.push(`  records ${r.records}: ${r.produced.source} produced on the source, ${r.produced.target} on the target` +
    (r.schemaIds.source !== null || r.schemaIds.target !== null ? `; value schema registered (id ${r.schemaIds.source ?? '-'} on the source, ${r.schemaIds.target ?? '-'} on the target)` : ''))
  lines.push(`  objectives: loss 0; replay per switch ${r.objectives.maxReplayRecords ?? '-'} records${r.objectives.maxReplayMs !== null ? ` / ${r.objectives.maxReplayMs} ms` : ''} — from ${r.objectives.from}`)
  lines.push('')
  lines.push(`  restore time   ${m.restoreMs === null ? 'not measured' : `${m.restoreMs} ms`}   (rollback start → first record processed on the source)`)
  lines.push(`  duplicates     ${m.duplicates === null ? 'not measured' : `${m.duplicates.total} sequence number(s) processed twice: ${m.duplicates.atMove} at the move, ${m.duplicates.atRollback} at the rollback`}`)
  lines.push(`  predicted      at most ${m.predictedRollbackDuplicates ?? 'unbounded'} at the rollback (${r.prediction.uncommittedAtStop} processed on the target after its last commit + ${r.prediction.rollbackReplay ?? 'unbounded'} re-read by the reverse translation); ${r.prediction.moveReplay ?? 'unbounded'} at the move`)
  lines.push(`  duplicate rows ${m.duplicateRows ?? 'not measured'}${r.sink === 'upsert' ? ' (idempotent upsert: replays rewrite rows)' : r.sink === 'insert' ? ' (non-idempotent insert)' : ''}`)
  lines.push(`  loss           ${m.loss === null ? 'not measured' : m.loss}`)
  lines.push('')
  lines.push(renderTable(['CHECK', 'STATUS', 'MESSAGE'], m.checks.map((c) => [c.id, c.status, c.message])).trimEnd())
  if (r.rollback) {
    lines.push('')
    lines.push(`ROLLBACK ${r.rollback.from} -> ${r.rollback.to}: ${r.rollback.ok ? 'done' : 'DID NOT COMPLETE'}${r.rollback.restoreMs !== null ? `, group resuming on the source after ${r.rollback.restoreMs} ms` : ''}`)
    lines.push(renderTable(['STEP', 'STATUS', 'DETAIL'], r.rollback.steps.map((s) => [s.step, s.status, s.detail.length > 220 ? `${s.detail.slice(0, 217)}...` : s.detail])).trimEnd())
  }
  lines.push('')
  lines.push('TIMELINE')
  for (const e of r.timeline) lines.push(`  ${seconds(e.atMs).padStart(7)}  ${e.event}`)
  if (r.error) lines.push('', `STOPPED: ${r.error}`)
  lines.push('', `plan, journal and sink of this rehearsal: ${r.dir}`)
  return lines.join('\n') + '\n'
}
