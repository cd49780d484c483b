/**
 * @module gates/checks/parity-credentials
 * `parity.credentials`: every user with SCRAM credentials on the source has them on the target for
 * the same mechanisms, under its mapped principal (diff/credentials.ts). It reads each side's
 * `credentials` (diff/scram-capture.ts), which the snapshot does not capture yet: until it does,
 * this check is `unknown`, saying so — which is why it is not in a gate until then.
 */
import { type Credentials, diffCredentials } from '../../diff/credentials.ts'
import type { Inventory } from '../../snapshot/inventory.ts'
import { evidenceCheck } from '../evidence.ts'
import { partResults } from './parity-part.ts'

const id = 'parity.credentials'

/** An inventory as it will be once the snapshot captures SCRAM credentials. */
export type InventoryWithCredentials = Inventory & { credentials?: Credentials }

export const parityCredentials = evidenceCheck({
  id,
  title: 'every SCRAM user of the source has credentials on the target for the same mechanisms (principals mapped)',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => partResults(id, 'credentials',
    diffCredentials(plan, (source as InventoryWithCredentials).credentials, (target as InventoryWithCredentials).credentials),
    (n) => `${n} SCRAM user(s) of the source have credentials on the target for the same mechanisms`),
})
