/**
 * @module gates/checks/parity-quotas
 * `parity.quota`: every client quota (user, client-id, ip entities, defaults included; users mapped
 * by `replication.principals`) has the same values on both sides — one result per entity and key
 * that differs, with both values. See diff/quotas.ts.
 */
import { diffQuotas } from '../../diff/quotas.ts'
import { evidenceCheck } from '../evidence.ts'
import { partResults } from './parity-part.ts'

const id = 'parity.quota'

export const parityQuotas = evidenceCheck({
  id,
  title: 'client quotas are the same on the target as on the source (users mapped)',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => partResults(id, 'quotas', diffQuotas(plan, source.quotas, target.quotas),
    (n) => (n === 0 ? 'no client quota on either side' : `${n} quota entit${n === 1 ? 'y' : 'ies'} identical on both sides`)),
})
