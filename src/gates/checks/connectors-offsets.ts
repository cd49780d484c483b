/**
 * @module gates/checks/connectors-offsets
 * `connectors.offsets-captured`: every connector's offsets (KIP-875, `GET /connectors/{name}/offsets`)
 * are in the snapshot — the positions a rollback returns a connector to, or reconciles its side
 * effects from. A connector whose offsets could not be read is `unknown` for that connector.
 */
import { isUnavailable } from '../../connect/types.ts'
import { unknownResult } from '../evidence.ts'
import type { CheckResult } from '../types.ts'
import { connectorCheck } from './connectors-evidence.ts'

const id = 'connectors.offsets-captured'

export const connectorsOffsetsCaptured = connectorCheck(id, 'every connector\'s offsets are captured as rollback evidence', (connectors) => {
  const results: CheckResult[] = []
  for (const side of ['source', 'target'] as const) {
    for (const c of connectors[side]) {
      const subject = `${side}/${c.name}`
      if (isUnavailable(c.offsets)) results.push(unknownResult(id, subject, `offsets of ${c.name} on the ${side} could not be read: ${c.offsets.reason}`, { side, connector: c.name }))
      else results.push({ id, status: 'pass', subject, message: `${c.offsets.length} offset(s) of ${c.type} ${c.name} on the ${side} captured`, evidence: { side, connector: c.name, partitions: c.offsets.length } })
    }
  }
  if (results.length === 0) return [{ id, status: 'pass', subject: 'connectors', message: 'no connector runs on either side: no offsets to capture', evidence: null }]
  return results
})
