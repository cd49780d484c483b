/**
 * @module diff/render
 * The diff for the terminal: one row per difference with both values, then one line per part
 * saying what was compared (or why it could not be), then the count that decides the exit code.
 */
import { renderTable } from '../report/table.ts'
import { summarizeDiff, differencesOf } from './diff.ts'
import type { DiffReport, Difference, PartComparison } from './types.ts'

function value (d: Difference, side: 'source' | 'target'): string {
  const v = d[side]
  if (v === null || v === undefined) return d.kind === 'config' ? '(not reported)' : 'absent'
  if (d.kind === 'topic-missing') {
    const t = v as { partitions: number, replicationFactor: number }
    return `${t.partitions} partition(s), rf ${t.replicationFactor}`
  }
  if (d.kind === 'acl' && typeof v === 'object') return 'present'
  return String(v)
}

function object (d: Difference): string {
  return d.targetTopic !== undefined && d.targetTopic !== d.subject ? `${d.subject} -> ${d.targetTopic}` : d.subject
}

function partLine (name: string, part: PartComparison): string {
  if (part.status === 'unknown') return `${name}: UNKNOWN — ${part.reason}`
  const found = part.differences.filter((d) => d.status !== 'pass').length
  return `${name}: ${part.note ?? `${part.compared} compared`}${found ? `, ${found} difference(s)` : part.note ? '' : ', no difference'}`
}

export function renderDiffTable (report: DiffReport, header: string): string {
  const out: string[] = [`${header}\n`]
  const differences = differencesOf(report)
  if (differences.length > 0) {
    out.push(renderTable(['STATUS', 'KIND', 'OBJECT', 'KEY', 'SOURCE', 'TARGET', 'DETAIL'],
      differences.map((d) => [d.status === 'pass' ? 'allowed' : d.status, d.kind, object(d), d.key, value(d, 'source'), value(d, 'target'), d.message])))
  }
  const withDifferences = report.topics.filter((t) => t.differences.some((d) => d.status !== 'pass')).length
  out.push(`topics: ${report.topics.length} compared (naming ${report.naming}), ${withDifferences} with differences\n`)
  for (const s of report.emptySelectors) out.push(`topics[${s.index}]: regex ${JSON.stringify(s.regex)} selects no source topic: nothing of it compared\n`)
  out.push(partLine('acls', report.acls) + '\n')
  out.push(partLine('quotas', report.quotas) + '\n')
  out.push(partLine('credentials', report.credentials) + '\n')
  const summary = summarizeDiff(report)
  const { counts } = summary
  const real = counts.fail + counts.warn + counts.unknown
  const detail = (['fail', 'warn', 'unknown'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ')
  const allowed = counts.pass > 0 ? `; ${counts.pass} allowed by the plan` : ''
  const unknownParts = summary.unknownParts.length ? `; not compared: ${summary.unknownParts.join(', ')}` : ''
  out.push(real === 0 && summary.unknownParts.length === 0 ? `no differences${allowed}\n` : `${real} difference(s)${detail ? ` (${detail})` : ''}${allowed}${unknownParts}\n`)
  return out.join('')
}
