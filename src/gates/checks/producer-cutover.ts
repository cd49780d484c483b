/**
 * @module gates/checks/producer-cutover
 * The producer-cutover gate's own checks — once producers write to the target, every record they
 * write exists only there, so before that:
 * - `rollback.documented`: the plan's `rollback` section names who answers for a return to the
 *   source and how target-only writes are handled (reverse-replicate with its flow, replay, or
 *   accept-gap with the loss window accepted), with a real owner, not a placeholder;
 * - `gates.prior-passed`: the latest recorded verdicts of the offsets and shadow-read gates pass
 *   (or warn): consumers can be positioned on the target and were proven to read it correctly.
 *   A gate never evaluated, or failing, or unknown, fails this check naming it.
 */
import type { GateName } from '../types.ts'
import type { Check, CheckResult } from '../types.ts'
import { formatDuration } from '../evidence.ts'
import { passes } from '../status.ts'
import { isPlaceholder } from './runbook-owned.ts'

export const rollbackDocumented: Check = {
  id: 'rollback.documented',
  title: 'rollback ownership and target-only write handling (reverse-replicate | replay | accept-gap) are in the plan',
  run: ({ plan }) => {
    const id = 'rollback.documented'
    const r = plan.rollback
    if (r === undefined) {
      return [{ id, status: 'fail', subject: 'rollback', message: 'the plan has no rollback section: name its owner and choose how target-only writes are handled (rollback.targetOnlyWrites: reverse-replicate | replay | accept-gap) before producers move', evidence: null }]
    }
    const evidence = { owner: r.owner, targetOnlyWrites: r.targetOnlyWrites, reverseFlow: r.reverseFlow ?? null, maxGapMs: r.maxGap ?? null }
    if (isPlaceholder(r.owner)) return [{ id, status: 'fail', subject: 'rollback.owner', message: `owner ${JSON.stringify(r.owner)} is a placeholder: name who decides and runs a rollback after producer cutover`, evidence }]
    const how = r.targetOnlyWrites === 'reverse-replicate'
      ? `reverse-replicated by the flow ${r.reverseFlow} (rollgate rollback --reverse-flow ${r.reverseFlow})`
      : r.targetOnlyWrites === 'replay'
        ? 'replayed to the source by rollgate rollback --replay-target-writes'
        : `accepted as lost, up to ${formatDuration(r.maxGap ?? 0)} of target-only writes`
    return [{ id, status: 'pass', subject: 'rollback', message: `owned by ${r.owner}; target-only writes are ${how}`, evidence }]
  },
}

const required: readonly GateName[] = ['offsets', 'shadow-read']

export const priorGatesPassed: Check = {
  id: 'gates.prior-passed',
  title: 'the offsets and shadow-read gates passed (their latest recorded verdicts)',
  run: ({ verdicts, now }) => {
    const id = 'gates.prior-passed'
    if (verdicts === undefined || verdicts === null) {
      return [{ id, status: 'unknown', subject: 'gates', message: 'the recorded gate verdicts were not given to this evaluation', evidence: null }]
    }
    return required.map((gate): CheckResult => {
      const v = verdicts[gate]
      if (v === undefined) return { id, status: 'fail', subject: gate, message: `the ${gate} gate was never evaluated: run rollgate gate ${gate}`, evidence: null }
      const age = now.getTime() - Date.parse(v.evaluatedAt)
      const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 }
      for (const c of v.checks) counts[c.status]++
      const evidence = { gate, status: v.status, evaluatedAt: v.evaluatedAt, evidenceId: v.evidenceId, checks: counts }
      const when = `evaluated ${v.evaluatedAt}${Number.isNaN(age) ? '' : `, ${formatDuration(Math.max(0, age))} ago`}`
      if (!passes(v.status)) {
        const bad = v.checks.filter((c) => !passes(c.status)).slice(0, 3).map((c) => `${c.id} [${c.subject}] ${c.status}`)
        return { id, status: 'fail', subject: gate, message: `the ${gate} gate's latest verdict is ${v.status} (${when}): ${bad.join(', ')}${counts.fail + counts.unknown > bad.length ? ', …' : ''}`, evidence }
      }
      return { id, status: 'pass', subject: gate, message: `the ${gate} gate's latest verdict is ${v.status} (${when})`, evidence }
    })
  },
}
