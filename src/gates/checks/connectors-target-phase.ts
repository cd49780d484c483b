/**
 * @module gates/checks/connectors-target-phase
 * `connectors.target-sinks-held`: no sink runs on the target before the phase allows it. Until
 * producers move (`producers-on-target`) the source owns writes and its sinks own the side effects;
 * a sink on the target reads the replicated copies and acts on them a second time, and what it does
 * is not undone by giving authority back to the source. From producer cutover on, target sinks are
 * allowed. An active target sink classified idempotent only warns: replay is harmless to it.
 * The phase comes from the journal; without it the check is `unknown`.
 */
import { phases } from '../../phases/phases.ts'
import { unknownResult } from '../evidence.ts'
import type { CheckResult } from '../types.ts'
import { classificationOf, connectorCheck, isActive } from './connectors-evidence.ts'

const id = 'connectors.target-sinks-held'
const allowedFrom = 'producers-on-target'

export const connectorsTargetSinksHeld = connectorCheck(id, `no sink connector runs on the target before ${allowedFrom}`, (connectors, { plan, phase }) => {
  if (phase === undefined || phase === null) return [unknownResult(id, 'phase', 'the current phase is not known (no journal was read): cannot tell whether target sinks may run')]
  const active = connectors.target.filter((c) => c.type === 'sink' && isActive(c))
  const allowed = phases.indexOf(phase.current) >= phases.indexOf(allowedFrom)
  if (allowed) return [{ id, status: 'pass', subject: 'target', message: `phase ${phase.current}: sinks may run on the target (${active.length} active)`, evidence: { phase: phase.current, active: active.map((c) => c.name) } }]
  if (active.length === 0) return [{ id, status: 'pass', subject: 'target', message: `phase ${phase.current}: no sink runs on the target`, evidence: { phase: phase.current, sinks: connectors.target.filter((c) => c.type === 'sink').map((c) => ({ name: c.name, state: c.state })) } }]
  return active.map((c): CheckResult => {
    const entry = classificationOf(plan, 'target', c.name)
    const evidence = { phase: phase.current, allowedFrom, connector: c.name, state: c.state, tasks: c.tasks, sideEffect: entry?.sideEffect ?? null }
    if (entry?.sideEffect === 'idempotent') {
      return { id, status: 'warn', subject: `target/${c.name}`, message: `sink ${c.name} is ${c.state} on the target in phase ${phase.current} (allowed from ${allowedFrom}); classified idempotent, so replay is harmless`, evidence }
    }
    return { id, status: 'fail', subject: `target/${c.name}`, message: `sink ${c.name} is ${c.state} on the target in phase ${phase.current}, before ${allowedFrom} allows it: pause or stop it (rollgate connectors pause --side target --connector ${c.name} --execute)`, evidence }
  })
})
