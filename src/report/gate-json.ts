/**
 * @module report/gate-json
 * Gate verdicts as JSON, in exactly the documented shape (ARCHITECTURE.md, "A gate result in JSON"):
 * `{ gate, status, checks: [{ id, status, subject, message, evidence }], evaluatedAt, evidenceId }`,
 * one object for one gate, an array for several. Keys are copied one by one, so whatever else a
 * result object carries never leaks into a format other tools parse, and none is ever dropped.
 */
import type { CheckResult, GateResult } from '../gates/types.ts'

export interface CheckJson {
  id: string
  status: CheckResult['status']
  subject: string
  message: string
  evidence: unknown
}

export interface GateJson {
  gate: GateResult['gate']
  status: GateResult['status']
  checks: CheckJson[]
  evaluatedAt: string
  evidenceId: string | null
}

export function gateJson (result: GateResult): GateJson {
  return {
    gate: result.gate,
    status: result.status,
    checks: result.checks.map((check) => ({
      id: check.id,
      status: check.status,
      subject: check.subject,
      message: check.message,
      // JSON.stringify drops undefined values: the key must be there even when there is no evidence
      evidence: check.evidence === undefined ? null : check.evidence,
    })),
    evaluatedAt: result.evaluatedAt,
    evidenceId: result.evidenceId ?? null,
  }
}

/** One gate → an object; several (as `gate --all` gives) → an array, in order. */
export function renderGateJson (results: GateResult | readonly GateResult[]): string {
  const value = Array.isArray(results) ? (results as readonly GateResult[]).map(gateJson) : gateJson(results as GateResult)
  return JSON.stringify(value, null, 2) + '\n'
}
