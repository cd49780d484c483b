/**
 * @module report/gate-junit
 * Gate verdicts as JUnit XML, so CI systems show gates as test suites and checks as test cases:
 * one <testsuite> per gate, one <testcase> per check (classname = gate, name = `id [subject]`).
 * fail → <failure type="fail">, unknown → <error type="unknown"> (it fails the gate all the same),
 * warn → passes with a <system-out> note. A gate with no checks gets one erroring test case: an
 * empty suite would show green in CI, and nothing proven is not a pass. Attributes follow Jenkins'
 * junit-10.xsd (the schema GitLab, Jenkins and most report readers accept).
 */
import type { CheckResult, GateResult } from '../gates/types.ts'

/**
 * Text XML 1.0 can carry: characters it forbids even as references (C0 controls but tab, newline,
 * carriage return; U+FFFE/U+FFFF; lone surrogates) become visible `\uXXXX` escapes / U+FFFD.
 */
export function xmlSafe (text: string): string {
  return text.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function escapeXmlText (text: string): string {
  // `>` too: `]]>` is not allowed in text; `\r` as a reference, or parsers turn it into `\n`
  return xmlSafe(text).replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c] ?? c)
}

export function escapeXmlAttribute (text: string): string {
  // tab, newline and CR as references: attribute normalisation would turn them into spaces
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c] ?? c)
}

const attributes = (pairs: Array<[string, string | number]>): string =>
  pairs.map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`).join('')

interface Case {
  name: string
  outcome: 'pass' | 'warn' | 'failure' | 'error'
  type: string
  message: string
  body: string
}

function caseOf (check: CheckResult): Case {
  const evidence = check.evidence === undefined || check.evidence === null ? '' : `\nevidence: ${JSON.stringify(check.evidence)}`
  const outcome = ({ pass: 'pass', warn: 'warn', fail: 'failure', unknown: 'error' } as const)[check.status] ?? 'error'
  return { name: `${check.id} [${check.subject}]`, outcome, type: check.status, message: check.message, body: check.message + evidence }
}

function casesOf (result: GateResult): Case[] {
  if (result.checks.length > 0) return result.checks.map(caseOf)
  const message = 'no checks ran: nothing proven'
  return [{ name: `${result.gate} [no checks]`, outcome: 'error', type: 'unknown', message, body: message }]
}

function renderCase (gate: string, c: Case): string {
  const open = `    <testcase${attributes([['classname', gate], ['name', c.name], ['time', '0']])}`
  switch (c.outcome) {
    case 'pass': return `${open}/>\n`
    case 'warn': return `${open}>\n      <system-out>${escapeXmlText(`WARN: ${c.body}`)}</system-out>\n    </testcase>\n`
    default: return `${open}>\n      <${c.outcome}${attributes([['type', c.type], ['message', c.message]])}>${escapeXmlText(c.body)}</${c.outcome}>\n    </testcase>\n`
  }
}

interface Counts { tests: number, failures: number, errors: number }

function tally (cases: Case[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'failure').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
  }
}

/** `timestamp` as Ant writes it (no zone, no fraction); evaluatedAt is UTC, and kept whole as a property. */
const antTimestamp = (iso: string): string => (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.exec(iso)?.[0] ?? iso)

export function renderGateJunit (results: GateResult | readonly GateResult[]): string {
  const list: readonly GateResult[] = Array.isArray(results) ? results : [results as GateResult]
  const suites = list.map((result, index) => {
    const cases = casesOf(result)
    const counts = tally(cases)
    const properties = [['gate.status', result.status], ['evaluatedAt', result.evaluatedAt], ['evidenceId', result.evidenceId ?? '']]
      .map(([name, value]) => `      <property${attributes([['name', name ?? ''], ['value', value ?? '']])}/>\n`).join('')
    return {
      counts,
      xml: `  <testsuite${attributes([
        ['name', result.gate], ['id', index], ['tests', counts.tests], ['failures', counts.failures], ['errors', counts.errors],
        ['skipped', 0], ['time', '0'], ['timestamp', antTimestamp(result.evaluatedAt)],
      ])}>\n    <properties>\n${properties}    </properties>\n${cases.map((c) => renderCase(result.gate, c)).join('')}  </testsuite>\n`,
    }
  })
  const total = suites.reduce((sum, s) => ({ tests: sum.tests + s.counts.tests, failures: sum.failures + s.counts.failures, errors: sum.errors + s.counts.errors }), { tests: 0, failures: 0, errors: 0 })
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attributes([['name', 'rollgate gates'], ['tests', total.tests], ['failures', total.failures], ['errors', total.errors], ['time', '0']])}>\n` +
    suites.map((s) => s.xml).join('') +
    '</testsuites>\n'
}
