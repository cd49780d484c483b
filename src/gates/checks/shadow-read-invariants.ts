/**
 * @module gates/checks/shadow-read-invariants
 * `shadow-read.invariants`: each business invariant of the plan answered on both sides (by
 * `rollgate verify`) and the two answers within its tolerance. A side without an answer (failed,
 * timed out, not a number) is `unknown`; a plan without invariants has nothing to hold.
 */
import type { CheckResult } from '../types.ts'
import type { Check } from '../types.ts'
import { needVerify } from './shadow-read-evidence.ts'

const id = 'shadow-read.invariants'

export const shadowReadInvariants: Check = {
  id,
  title: 'every business invariant of the plan agrees between source and target within its tolerance',
  run: (input) => {
    if (input.plan.invariants.length === 0) return [{ id, status: 'pass', subject: 'invariants', message: 'the plan defines no business invariant (invariants: []): nothing to compare', evidence: null }]
    const verify = needVerify(input, id)
    if (!verify.ok) return [verify.unknown]
    const evaluated = verify.value.invariants
    if (evaluated === null) return [{ id, status: 'unknown', subject: 'invariants', message: 'the verification did not evaluate the invariants (run `rollgate verify` without --no-invariants; with shards, shard 1 evaluates them)', evidence: { verifyIds: verify.evidenceIds } }]
    return input.plan.invariants.map((invariant): CheckResult => {
      const r = evaluated.find((x) => x.name === invariant.name)
      if (!r) return { id, status: 'unknown', subject: invariant.name, message: 'not evaluated by the recorded verification (added to the plan since?): run `rollgate verify`', evidence: { verifyIds: verify.evidenceIds } }
      const evidence = { verifyIds: verify.evidenceIds, owner: r.owner, source: r.source, target: r.target, difference: r.difference, tolerance: invariant.tolerance }
      const side = (name: string, s: typeof r.source) => (s.value === null ? `${name}: no answer (${s.error})` : `${name} ${s.value}`)
      if (r.source.value === null || r.target.value === null) return { id, status: 'unknown', subject: invariant.name, message: `${side('source', r.source)}; ${side('target', r.target)}`, evidence }
      const difference = Math.abs(r.source.value - r.target.value)
      const within = difference <= invariant.tolerance
      return { id, status: within ? 'pass' : 'fail', subject: invariant.name, message: `source ${r.source.value}, target ${r.target.value}: difference ${difference} ${within ? 'within' : 'beyond'} tolerance ${invariant.tolerance} (owner ${invariant.owner})`, evidence }
    })
  },
}
