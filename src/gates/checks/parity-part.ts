/**
 * @module gates/checks/parity-part
 * A compared part of the diff (ACLs, quotas, credentials) as check results: one per difference,
 * naming the object and both values; a single `pass` saying what was compared when nothing
 * differs; `unknown` with each side's reason when the part could not be compared.
 */
import type { Difference, PartComparison } from '../../diff/types.ts'
import { unknownResult } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

export function differenceResult (id: string, d: Difference): CheckResult {
  return {
    id,
    status: d.status,
    subject: d.subject,
    message: d.message,
    evidence: { key: d.key, source: d.source, target: d.target, ...(d.targetTopic === undefined ? {} : { targetTopic: d.targetTopic }), ...(d.allowed === undefined ? {} : { allowed: d.allowed }) },
  }
}

export function partResults (id: string, subject: string, part: PartComparison, compared: (count: number) => string): CheckResult[] {
  if (part.status === 'unknown') return [unknownResult(id, subject, part.reason, { sides: part.sides })]
  if (part.differences.length > 0) return part.differences.map((d) => differenceResult(id, d))
  return [{ id, status: 'pass', subject, message: part.note ?? compared(part.compared), evidence: { compared: part.compared, note: part.note } }]
}
