/**
 * @module gates/checks/clusters-reachable
 * `clusters.reachable`: both clusters answered the snapshot with the plan's bootstrap and
 * credentials. Every gate carries it, so no gate can pass on a snapshot that holds no evidence.
 * A side that timed out, refused the connection or the credentials is `unknown`, not `fail`, as
 * ARCHITECTURE.md's fail-closed rule has it: the cluster may be fine and our path to it broken, and
 * either way nothing about it was proven. `unknown` fails the gate all the same.
 */
import type { SideName } from '../../snapshot/types.ts'
import { clusterLabel, evidenceCheck, unknownResult } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'clusters.reachable'
const sides: readonly SideName[] = ['source', 'target']

export const clustersReachable = evidenceCheck({
  id,
  title: 'source and target clusters are reachable with the configured credentials',
  sides: [],
  run: (_input, _inventories, snapshot) => sides.map((side): CheckResult => {
    const evidence = snapshot.sides?.[side]
    if (evidence === undefined || evidence === null) return unknownResult(id, side, `no evidence of the ${side} cluster in the snapshot`)
    const label = clusterLabel(side, evidence)
    switch (evidence.status) {
      case 'ok': {
        const { clusterId, brokers } = evidence.inventory.cluster
        return {
          id,
          status: 'pass',
          subject: side,
          message: `${label} reachable: cluster id ${clusterId}, ${brokers.length} broker(s)`,
          evidence: { status: 'ok', bootstrap: evidence.bootstrap, clusterId, brokers: brokers.length, capturedAt: evidence.inventory.capturedAt },
        }
      }
      case 'unreachable':
        return unknownResult(id, side, `${label} unreachable: ${evidence.error}`,
          { status: evidence.status, bootstrap: evidence.bootstrap, error: evidence.error, at: evidence.at })
      case 'error':
        // reached, but a call failed (e.g. not authorised): the credentials are not shown sufficient
        return unknownResult(id, side, `${label} reached but could not be fully read: ${evidence.error}`,
          { status: evidence.status, bootstrap: evidence.bootstrap, error: evidence.error, at: evidence.at })
      default:
        return unknownResult(id, side, `${label}: unrecognised evidence status ${JSON.stringify((evidence as { status: unknown }).status)}`)
    }
  }),
})
