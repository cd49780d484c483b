/**
 * @module gates/checks/exit-point-of-no-return
 * `exit.point-of-no-return` (exit gate): the point of no return computed from evidence
 * (phases/point-of-no-return.ts) — one result per factor (source retention per critical topic,
 * target-only writes, target-only schema versions, connector side effects) and one for the point
 * itself, naming the time and what sets it. The exit gate does not wait for the point: it makes it
 * known, so the team declares the target authoritative (`rollgate advance target-authoritative`)
 * knowingly. A factor that cannot be told is `unknown`, so the gate is too; a point already passed
 * warns (rollback is no longer lossless: declaring is overdue).
 */
import { pointOfNoReturn } from '../../phases/point-of-no-return.ts'
import { evidenceCheck, formatDuration } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'exit.point-of-no-return'

export const exitPointOfNoReturn = evidenceCheck({
  id,
  title: 'the point of no return is computed from evidence: source retention, target-only writes and schema versions, connector side effects',
  sides: ['source', 'target'],
  run: (input, inventories, snapshot) => {
    const point = pointOfNoReturn({ plan: input.plan, snapshot, source: inventories.source, target: inventories.target, phase: input.phase, now: input.now })
    const results: CheckResult[] = point.factors.map((f) => ({
      id,
      // a factor that already ended rollback is what the point reports; the factor itself is a fact, not a failure of the gate
      status: f.status === 'fail' ? 'warn' : f.status,
      subject: `${f.kind}: ${f.subject}`,
      message: f.message,
      evidence: { kind: f.kind, at: f.at, ...(f.evidence as object ?? {}) },
    }))
    const evidence = { at: point.at, reason: point.reason, passed: point.passed, complete: point.complete, anchor: point.anchor }
    const left = point.at === null ? null : Date.parse(point.at) - input.now.getTime()
    let summary: CheckResult
    if (!point.complete) {
      summary = { id, status: 'unknown', subject: 'point-of-no-return', message: `not fully computed: some factor cannot be told (see above)${point.at ? `; at the latest ${point.at}: ${point.reason}` : ''}`, evidence }
    } else if (point.at === null) {
      summary = { id, status: 'pass', subject: 'point-of-no-return', message: 'no factor bounds rollback in time: it stays possible until the target is declared authoritative', evidence }
    } else if (point.passed) {
      summary = { id, status: 'warn', subject: 'point-of-no-return', message: `passed at ${point.at} (${formatDuration(-left!)} ago): ${point.reason}; rollback is no longer lossless — declare the target authoritative (rollgate advance target-authoritative --execute)`, evidence }
    } else {
      summary = { id, status: 'pass', subject: 'point-of-no-return', message: `${point.at} (in ${formatDuration(left!)}, measured from ${point.anchor.kind === 'now' ? 'now: producers have not moved' : `producer cutover ${point.anchor.at}`}): ${point.reason}`, evidence }
    }
    return [...results, summary]
  },
})
