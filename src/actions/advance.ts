/**
 * @module actions/advance
 * Moving write authority one phase forward. The gates guarding the next phase are evaluated on a
 * fresh snapshot and recorded; the move happens only when they pass — or when the operator forces
 * it with a reason, which is journaled as a decision. A dry run unless `execute`.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { runGates } from '../gates/run.ts'
import { passes } from '../gates/status.ts'
import type { GateResult } from '../gates/types.ts'
import type { StateDir } from '../journal/index.ts'
import { phaseHistory } from '../phases/history.ts'
import { isPhase, nextPhase, type Phase, phaseInfo, phases } from '../phases/phases.ts'
import type { Plan } from '../plan/schema.ts'
import { planHash } from '../snapshot/capture.ts'
import { takeSnapshot } from '../snapshot/record.ts'
import { runSwitch } from '../clients/switch.ts'

export interface AdvanceRequest { to: string, execute: boolean, force: boolean, reason?: string }

export type AdvanceOutcome = 'advanced' | 'advanced-forced' | 'dry-run' | 'refused'

export interface AdvanceResult {
  from: Phase
  to: Phase
  gates: GateResult[]
  gatesPass: boolean
  outcome: AdvanceOutcome
  message: string
  /** entering producers-on-target: each client's switchToTarget, run (or, in a dry run, listed) after the move is recorded */
  switches?: Array<{ client: string, owner: string, command: string, status: 'done' | 'failed' | 'would', output: string }>
}

/** The phase a request may move to from `from`, or why not (thrown: bad input or refused order). */
export function checkAdvanceRequest (from: Phase, request: AdvanceRequest): Phase {
  if (!isPhase(request.to)) throw new RollgateError('RG_BAD_INPUT', `unknown phase '${request.to}': one of ${phases.join(', ')}`, ExitCode.badInput)
  if (request.force && !request.reason?.trim()) throw new RollgateError('RG_BAD_INPUT', '--force needs --reason "<why>": a forced move is a decision the journal keeps', ExitCode.badInput)
  const expected = nextPhase(from)
  if (request.to !== expected) {
    throw new RollgateError('RG_ADVANCE_ORDER', expected
      ? `the migration is in phase ${from}: the only phase to advance to is ${expected} (use \`rollgate rollback\` to go back)`
      : `the migration is in phase ${from}: the point of no return has passed, there is no phase after it`, ExitCode.refused)
  }
  return request.to
}

/** Pure: what to do given the guarding gates' verdicts. */
export function decideAdvance (from: Phase, to: Phase, gates: GateResult[], request: AdvanceRequest): AdvanceResult {
  const gatesPass = gates.length > 0 ? gates.every((g) => passes(g.status)) : phaseInfo[to].guardedBy.length === 0
  const failing = gates.filter((g) => !passes(g.status)).map((g) => `${g.gate} is ${g.status}`)
  const base = { from, to, gates, gatesPass }
  const authority = `write authority: ${phaseInfo[to].writeAuthority}`
  if (!gatesPass && !request.force) {
    return { ...base, outcome: 'refused', message: `refused: ${failing.join(', ')}; fix what the checks say, or --force --reason "<why>"` }
  }
  if (!request.execute) {
    return { ...base, outcome: 'dry-run', message: `dry run: would advance ${from} -> ${to} (${authority})${gatesPass ? '' : `, FORCED although ${failing.join(', ')}`}; run again with --execute` }
  }
  if (!gatesPass) return { ...base, outcome: 'advanced-forced', message: `advanced ${from} -> ${to} (FORCED although ${failing.join(', ')}: ${request.reason}); ${authority}` }
  return { ...base, outcome: 'advanced', message: `advanced ${from} -> ${to}; ${authority}` }
}

export async function advance (plan: Plan, planText: string, state: StateDir, request: AdvanceRequest): Promise<AdvanceResult> {
  const from = phaseHistory(state.journal.entries(), state.evidence).phase
  const to = checkAdvanceRequest(from, request)
  const recorded = await takeSnapshot(plan, planText, state)
  const gates = runGates(plan, phaseInfo[to].guardedBy, recorded.snapshot, recorded.evidenceId, state, new Date(), planHash(planText))
  const result = decideAdvance(from, to, gates, request)
  if (result.outcome === 'advanced-forced') {
    state.journal.append('note', { decision: `advance to ${to} although ${gates.filter((g) => !passes(g.status)).map((g) => `${g.gate} is ${g.status}`).join(', ')}`, reason: request.reason! })
    state.journal.append('phase', { from, to, forced: true, reason: request.reason!, evidenceId: recorded.evidenceId })
  } else if (result.outcome === 'advanced') {
    state.journal.append('phase', { from, to, evidenceId: recorded.evidenceId })
  }
  // producers move with the phase: the clients' switch commands, journaled, after the move is
  // recorded (a failed switch leaves the phase in place, where rollback can switch them back)
  if (to === 'producers-on-target' && plan.clients.length > 0 && result.outcome !== 'refused') {
    result.switches = []
    for (const client of plan.clients) {
      if (result.outcome === 'dry-run') {
        result.switches.push({ client: client.name, owner: client.owner, command: client.switchToTarget, status: 'would', output: '' })
        continue
      }
      const r = await runSwitch(plan, state, client, 'target')
      result.switches.push({ client: r.client, owner: r.owner, command: r.command, status: r.ok ? 'done' : 'failed', output: r.output })
    }
    const failed = result.switches.filter((s) => s.status === 'failed')
    if (failed.length > 0) result.message += `; client switch FAILED for ${failed.map((f) => `${f.client} (${f.output})`).join(', ')}: fix and run the command, or rollback`
    else if (result.outcome !== 'dry-run') result.message += `; switched ${result.switches.map((s) => s.client).join(', ')} to the target`
    else result.message += `; would switch ${result.switches.map((s) => s.client).join(', ')} to the target`
  }
  return result
}
