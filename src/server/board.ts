/**
 * @module server/board
 * The six gates as a board: each gate's last recorded verdict with its checks and their evidence,
 * the phase it guards, and who owns it. A gate's owner is the plan's runbook field for the boundary
 * the gate protects (the seed: gates "tied to named owners"); a check about a group, connector or
 * client names that entry's owner. A verdict read back from the evidence store is treated as data
 * of unknown shape: a malformed one shows as `unknown`, never as `pass`.
 */
import { isCheckStatus } from '../gates/status.ts'
import { type CheckStatus, type GateName, type GateResult, gateNames } from '../gates/types.ts'
import { type Phase, phaseInfo, phases } from '../phases/phases.ts'
import type { Plan } from '../plan/schema.ts'

export type BoardStatus = CheckStatus | 'not-evaluated'

/** The runbook field whose owner answers for each gate. */
export const gateOwnerField: Record<GateName, keyof Plan['runbook']> = {
  // topics, configs, schemas, ACLs present on the target before any data moves
  'pre-replication': 'criticalTopics',
  replication: 'criticalTopics',
  offsets: 'criticalGroups',
  // consumers read the target; what must not happen twice is the side effects
  'shadow-read': 'connectorSideEffects',
  'producer-cutover': 'clientSwitch',
  exit: 'pointOfNoReturn',
}

export interface BoardCheck {
  id: string
  status: CheckStatus
  subject: string
  message: string
  evidence: unknown
  /** the owner of the plan entry the check is about (a group, connector or client), if any */
  owner: string | null
}

export interface BoardGate {
  gate: GateName
  status: BoardStatus
  owner: string
  /** the runbook field the owner comes from, e.g. `runbook.criticalGroups` */
  ownerField: string
  how: { command: string | null, dashboard: string | null, ticket: string | null }
  /** the phase this gate guards entry to */
  guards: Phase | null
  evaluatedAt: string | null
  /** the journal entry that recorded the verdict */
  seq: number | null
  /** the snapshot the checks read */
  evidenceId: string | null
  counts: Record<CheckStatus, number>
  checks: BoardCheck[]
}

type Verdicts = Partial<Record<GateName, { result: GateResult, seq: number }>>

const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : v === undefined || v === null ? fallback : String(v))

export function gateBoard (plan: Plan, verdicts: Verdicts): BoardGate[] {
  const owners = new Map<string, string>()
  for (const list of [plan.groups, plan.connectors, plan.clients]) for (const entry of list) owners.set(entry.name, entry.owner)
  return gateNames.map((gate): BoardGate => {
    const field = gateOwnerField[gate]
    const procedure = plan.runbook[field]
    const verdict = verdicts[gate]
    const result = verdict?.result as Partial<GateResult> | null | undefined
    const rawChecks: unknown[] = Array.isArray(result?.checks) ? result.checks : []
    const checks = rawChecks.map((raw): BoardCheck => {
      const c = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
      const subject = text(c.subject, '-')
      return {
        id: text(c.id, '?'),
        status: isCheckStatus(c.status) ? c.status : 'unknown',
        subject,
        message: text(c.message, ''),
        evidence: c.evidence ?? null,
        owner: owners.get(subject) ?? null,
      }
    })
    const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
    for (const c of checks) counts[c.status]++
    const guards = phases.find((p) => phaseInfo[p].guardedBy.includes(gate)) ?? null
    return {
      gate,
      status: verdict === undefined ? 'not-evaluated' : isCheckStatus(result?.status) ? result.status : 'unknown',
      owner: procedure.owner,
      ownerField: `runbook.${field}`,
      how: { command: procedure.command ?? null, dashboard: procedure.dashboard ?? null, ticket: procedure.ticket ?? null },
      guards,
      evaluatedAt: typeof result?.evaluatedAt === 'string' ? result.evaluatedAt : null,
      seq: verdict?.seq ?? null,
      evidenceId: typeof result?.evidenceId === 'string' ? result.evidenceId : null,
      counts,
      checks,
    }
  })
}
