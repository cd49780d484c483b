/**
 * @module report/gate-markdown
 * Gate verdicts as a Markdown checklist for the runbook and change tickets: per gate a heading
 * with its status, then `- [x]` for each check that lets the migration proceed (pass, warn) and
 * `- [ ]` for each that does not (fail, unknown), with a plain-text label: PASS, WARN, FAIL, UNKNOWN.
 * Text from clusters and plans is escaped so it renders as written, never as markup.
 */
import { passes } from '../gates/status.ts'
import type { CheckResult, GateResult } from '../gates/types.ts'

export interface MarkdownOptions {
  /** heading level of each gate (the runbook nests gates under its own headings); default 2 */
  headingLevel?: number
}

/** `text` as inline Markdown: one line, markup characters backslash-escaped, raw HTML impossible. */
export function markdownText (text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    // only what is markup inline (after the list marker): emphasis, code, links, HTML, tables, entities
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
}

/** `text` as a code span, fenced with more backticks than it contains. */
export function markdownCode (text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ')
  let fence = '`'
  while (clean.includes(fence)) fence += '`'
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean.startsWith(' ') ? ' ' : ''
  return `${fence}${pad}${clean}${pad}${fence}`
}

function item (check: CheckResult): string {
  const box = passes(check.status) ? '[x]' : '[ ]'
  return `- ${box} ${check.status.toUpperCase()} ${markdownCode(check.id)} ${markdownCode(check.subject)}: ${markdownText(check.message)}`
}

export function renderGateMarkdownSection (result: GateResult, options: MarkdownOptions = {}): string {
  const level = Math.min(6, Math.max(1, options.headingLevel ?? 2))
  const evidence = result.evidenceId === null ? 'no evidence' : `evidence ${markdownCode(result.evidenceId)}`
  const lines = [
    `${'#'.repeat(level)} Gate ${markdownCode(result.gate)}: ${result.status.toUpperCase()}`,
    '',
    `Evaluated ${markdownText(result.evaluatedAt)} on ${evidence}.`,
    '',
    ...(result.checks.length === 0 ? ['- [ ] UNKNOWN no checks ran: nothing proven'] : result.checks.map(item)),
  ]
  return lines.join('\n') + '\n'
}

export function renderGateMarkdown (results: GateResult | readonly GateResult[], options: MarkdownOptions = {}): string {
  const list: readonly GateResult[] = Array.isArray(results) ? results : [results as GateResult]
  return list.map((r) => renderGateMarkdownSection(r, options)).join('\n')
}
