/**
 * @module gates/checks/parity-acls
 * `parity.acl`: every ACL binding of the source (principal mapped by `replication.principals`,
 * topic names by the plan's naming) is on the target, and the target has no binding that denies
 * what the source allows; bindings only the target grants warn. See diff/acls.ts for the weights
 * and for why no authorizer on either side is parity while one side without it is a difference.
 */
import { diffAcls } from '../../diff/acls.ts'
import { evidenceCheck } from '../evidence.ts'
import { partResults } from './parity-part.ts'

const id = 'parity.acl'

export const parityAcls = evidenceCheck({
  id,
  title: 'every ACL binding of the source is on the target (principals mapped, topic names by the plan\'s naming)',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => partResults(id, 'acls', diffAcls(plan, source.acls, target.acls),
    (n) => `${n} binding(s) identical on both sides (principals mapped by replication.principals, topics by naming ${plan.replication.naming})`),
})
