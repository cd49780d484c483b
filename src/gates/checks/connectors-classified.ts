/**
 * @module gates/checks/connectors-classified
 * `connectors.classified`: every sink connector either cluster runs is classified in the plan
 * (`connectors[]`: idempotent, upsert or non-idempotent), and every non-idempotent one has a stop
 * condition and a compensating action — rollback replays records, and a sink that cannot tolerate
 * replay needs someone who knows when to stop it and how to undo what it wrote twice. An unclassified
 * sink's side effects on replay are unknown, so it fails like a non-idempotent one without a plan.
 * Unclassified source connectors only warn: they write into Kafka, where replication and offsets
 * already account for records. A classified connector Connect does not run is a warning (a stale plan).
 */
import type { SideName } from '../../snapshot/types.ts'
import type { CheckResult } from '../types.ts'
import { classificationOf, connectorCheck } from './connectors-evidence.ts'

const id = 'connectors.classified'

export const connectorsClassified = connectorCheck(id, 'every sink connector is classified in the plan; a non-idempotent one has a stop condition and a compensating action', (connectors, { plan }) => {
  const results: CheckResult[] = []
  for (const side of ['source', 'target'] as const satisfies readonly SideName[]) {
    for (const c of connectors[side]) {
      const subject = `${side}/${c.name}`
      const entry = classificationOf(plan, side, c.name)
      const evidence = { side, connector: c.name, type: c.type, state: c.state, sideEffect: entry?.sideEffect ?? null }
      if (!entry) {
        results.push(c.type === 'sink'
          ? { id, status: 'fail', subject, message: `sink ${c.name} on the ${side} (${c.state}) is not classified in the plan: its side effects on replay are unknown (add it to connectors: with sideEffect idempotent|upsert|non-idempotent, side: ${side})`, evidence }
          : { id, status: 'warn', subject, message: `${c.type} connector ${c.name} on the ${side} (${c.state}) is not classified in the plan`, evidence })
        continue
      }
      if (entry.sideEffect === 'non-idempotent') {
        const missing = (['stopCondition', 'compensatingAction'] as const).filter((k) => entry[k] === undefined)
        if (missing.length > 0) {
          results.push({ id, status: 'fail', subject, message: `non-idempotent ${c.type} ${c.name} on the ${side} has no ${missing.join(' and no ')} in the plan: replay after a rollback would repeat its side effects with nobody to stop or undo them`, evidence })
          continue
        }
        results.push({ id, status: 'pass', subject, message: `non-idempotent ${c.type} ${c.name}: stop when "${entry.stopCondition}"; compensation owned by ${entry.compensatingAction!.owner}`, evidence })
        continue
      }
      results.push({ id, status: 'pass', subject, message: `${c.type} ${c.name} is ${entry.sideEffect}: replay is harmless to it`, evidence })
    }
    for (const entry of plan.connectors.filter((e) => e.side === side)) {
      if (connectors[side].some((c) => c.name === entry.name)) continue
      results.push({ id, status: 'warn', subject: `${side}/${entry.name}`, message: `the plan classifies connector ${entry.name} on the ${side}, but that Connect does not run it`, evidence: { side, connector: entry.name } })
    }
  }
  if (results.length === 0) return [{ id, status: 'pass', subject: 'connectors', message: 'no connector runs on either side and the plan classifies none', evidence: null }]
  return results
})
