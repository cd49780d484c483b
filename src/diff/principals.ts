/**
 * @module diff/principals
 * How a source name is expected on the target: principals through the plan's
 * `replication.principals` (Confluent Cloud service accounts are not the target's users; an
 * unmapped principal is expected under its own name), quota and SCRAM user names as the `User:`
 * principal they stand for, and topic resource names of ACLs through the plan's topic naming.
 */
import type { Plan } from '../plan/schema.ts'
import { targetTopicName } from '../gates/select-topics.ts'

type Replication = Pick<Plan, 'replication'>

/** The target principal of a source principal (`User:sa-1` → `User:orders-app`, else itself). */
export function mapPrincipal (plan: Replication, principal: string): string {
  const mapping = plan.replication.principals ?? {}
  return Object.hasOwn(mapping, principal) ? mapping[principal]! : principal
}

/**
 * The target user name of a source user name as quotas and SCRAM credentials name it (without the
 * `User:` prefix): mapped as the principal `User:<name>`; a mapping to another principal type keeps
 * the part after its colon.
 */
export function mapUserName (plan: Replication, user: string): string {
  const mapped = mapPrincipal(plan, `User:${user}`)
  return mapped.slice(mapped.indexOf(':') + 1)
}

/**
 * The resource name an ACL on the source needs on the target. Topic names follow the plan's naming
 * (a PREFIXED pattern is a topic-name prefix, so it gets the same prefix); the wildcard `*` and
 * every other resource type (groups, transactional ids, the cluster) keep their names.
 */
export function mapResourceName (plan: Replication, resourceType: string, patternType: string, name: string): string {
  if (resourceType !== 'TOPIC' || name === '*') return name
  if (patternType !== 'LITERAL' && patternType !== 'PREFIXED') return name
  return targetTopicName(plan, name)
}
