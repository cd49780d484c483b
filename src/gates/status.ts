/**
 * @module gates/status
 * How check statuses add up to a gate's status. Not a plain "worst of" order: `unknown` is placed
 * below `fail` but above `warn`, and callers treat it as failing (exit 1), because evidence we do
 * not have proves nothing. A gate with nothing checked is `unknown`, never `pass`.
 */
import type { CheckStatus } from './types.ts'

export const checkStatuses: readonly CheckStatus[] = ['pass', 'warn', 'unknown', 'fail']

/** The gate's verdict: any fail → fail; else any unknown → unknown; else any warn → warn; else pass. */
export function gateStatus (statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.length === 0) return 'unknown'
  for (const status of ['fail', 'unknown', 'warn'] as const) {
    if (statuses.includes(status)) return status
  }
  return 'pass'
}

/** Whether a gate (or check) with this status lets the migration proceed. */
export function passes (status: CheckStatus): boolean {
  return status === 'pass' || status === 'warn'
}

export function isCheckStatus (value: unknown): value is CheckStatus {
  return typeof value === 'string' && (checkStatuses as readonly string[]).includes(value)
}
