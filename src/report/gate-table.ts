/**
 * @module report/gate-table
 * Gate verdicts for the terminal: per gate a headline (status, counts, evidence), then one row per
 * check: STATUS, ID, SUBJECT, MESSAGE. With several gates, a summary closes the output. Control
 * characters from cluster-supplied text (group names, error messages) are shown escaped, so they
 * can neither break the table nor drive the terminal.
 */
import type { CheckStatus, GateResult } from '../gates/types.ts'
import { renderTable } from './table.ts'

const order: readonly CheckStatus[] = ['pass', 'warn', 'unknown', 'fail']

/** One printable line: control characters become `\n`, `\t`, `\x1b`-style escapes. */
export function printable (text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\t') return '\\t'
    if (c === '\r') return '\\r'
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  })
}

function counts (result: GateResult): string {
  if (result.checks.length === 0) return 'no checks ran: nothing proven'
  const by = order.map((status) => [status, result.checks.filter((c) => c.status === status).length] as const).filter(([, n]) => n > 0)
  return `${result.checks.length} check(s): ${by.map(([status, n]) => `${n} ${status}`).join(', ')}`
}

export function renderGateBlock (result: GateResult): string {
  const evidence = result.evidenceId === null ? 'no evidence' : `evidence ${result.evidenceId}`
  const head = `GATE ${result.gate}: ${result.status.toUpperCase()}  (${counts(result)}; evaluated ${result.evaluatedAt}, ${evidence})\n`
  if (result.checks.length === 0) return head
  return head + renderTable(['STATUS', 'ID', 'SUBJECT', 'MESSAGE'], result.checks.map((c) =>
    [c.status.toUpperCase(), printable(c.id), printable(c.subject), printable(c.message)]))
}

export function renderGateTable (results: GateResult | readonly GateResult[]): string {
  const list: readonly GateResult[] = Array.isArray(results) ? results : [results as GateResult]
  const blocks = list.map(renderGateBlock)
  if (list.length > 1) blocks.push(renderTable(['GATE', 'STATUS', 'CHECKS'], list.map((r) => [r.gate, r.status.toUpperCase(), counts(r)])))
  return blocks.join('\n')
}
