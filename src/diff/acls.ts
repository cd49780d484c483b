/**
 * @module diff/acls
 * ACL parity: every binding (principal, resource type, pattern type, name, operation, permission,
 * host) of the source, with its principal mapped and its topic name under the plan's naming, must
 * be on the target. What a difference does to a client decides its weight:
 * - a source binding missing on the target: `fail` (an ALLOW missing denies a client; a DENY
 *   missing lets one do what the source forbade);
 * - a target-only DENY: `fail` (denies what the source allowed);
 * - a target-only ALLOW: `warn` (grants more than the source — the replicator's own principal
 *   typically — no client breaks, but the access model drifts).
 * A cluster without an authorizer answers DescribeAcls with SECURITY_DISABLED: an answer, not
 * missing evidence. Neither side enforcing ACLs is parity (nothing is enforced on either side); one
 * side enforcing them is a difference. Any other unreadable side leaves ACL parity `unknown`.
 */
import type { AclBinding } from '../kafka/types.ts'
import type { Plan } from '../plan/schema.ts'
import type { Unavailable } from '../snapshot/inventory.ts'
import { mapPrincipal, mapResourceName } from './principals.ts'
import type { Difference, PartComparison } from './types.ts'

type Acls = AclBinding[] | Unavailable

const isUnavailable = (acls: Acls): acls is Unavailable => !Array.isArray(acls)
/** the inventory's wording for SECURITY_DISABLED, and the raw code should an older snapshot hold it */
const noAuthorizer = (acls: Acls): boolean => isUnavailable(acls) && /SECURITY_DISABLED/.test(acls.reason)

const keyOf = (b: AclBinding): string => JSON.stringify([b.principal, b.resourceType, b.patternType, b.resourceName, b.operation, b.permission, b.host])

/** `User:alice ALLOW READ on TOPIC LITERAL orders from *`: how kafka-acls words a binding. */
export function describeBinding (b: AclBinding): string {
  return `${b.principal} ${b.permission} ${b.operation} on ${b.resourceType} ${b.patternType} ${b.resourceName} from ${b.host}`
}

/** The binding a source binding needs on the target. */
export function mapBinding (plan: Pick<Plan, 'replication'>, b: AclBinding): AclBinding {
  return { ...b, principal: mapPrincipal(plan, b.principal), resourceName: mapResourceName(plan, b.resourceType, b.patternType, b.resourceName) }
}

function authorizerDifference (source: Acls, target: Acls): Difference {
  const state = (acls: Acls) => (isUnavailable(acls) ? 'no authorizer (SECURITY_DISABLED)' : `authorizer with ${acls.length} binding(s)`)
  const message = noAuthorizer(source)
    ? `the source enforces no ACLs (no authorizer), the target has an authorizer with ${(target as AclBinding[]).length} binding(s): clients authorized by default on the source may be denied on the target`
    : `the target enforces no ACLs (no authorizer): any client may do anything there, where the source enforces ${(source as AclBinding[]).length} binding(s)`
  return { kind: 'acl', subject: 'authorizer', key: null, source: state(source), target: state(target), status: 'fail', message }
}

export function diffAcls (plan: Pick<Plan, 'replication'>, source: Acls, target: Acls): PartComparison {
  if (noAuthorizer(source) && noAuthorizer(target)) {
    return { status: 'compared', compared: 0, differences: [], note: 'neither cluster has an authorizer (DescribeAcls: SECURITY_DISABLED on both): no ACL is enforced on either side, so clients are authorized alike' }
  }
  const unreadable = (acls: Acls): string | null => (isUnavailable(acls) && !noAuthorizer(acls) ? acls.reason : null)
  const sides = { source: unreadable(source), target: unreadable(target) }
  if (sides.source !== null || sides.target !== null) {
    const named = (['source', 'target'] as const).filter((s) => sides[s] !== null).map((s) => `${s}: ${sides[s]}`)
    return { status: 'unknown', reason: `ACLs could not be read (${named.join('; ')})`, sides }
  }
  // exactly one side without an authorizer
  if (isUnavailable(source) || isUnavailable(target)) {
    return { status: 'compared', compared: isUnavailable(source) ? 0 : source.length, note: null, differences: [authorizerDifference(source, target)] }
  }
  const expected = new Map(source.map((b) => {
    const mapped = mapBinding(plan, b)
    return [keyOf(mapped), { mapped, original: b }]
  }))
  const present = new Map(target.map((b) => [keyOf(b), b]))
  const differences: Difference[] = []
  for (const [key, { mapped, original }] of expected) {
    if (present.has(key)) continue
    const as = keyOf(original) === key ? '' : ` (on the source: ${describeBinding(original)})`
    const effect = mapped.permission === 'DENY' ? 'the target allows what the source denies' : 'a client allowed on the source is denied on the target'
    differences.push({ kind: 'acl', subject: describeBinding(mapped), key: null, source: original, target: null, status: 'fail', message: `on the source, not on the target${as}: ${effect}` })
  }
  for (const [key, binding] of present) {
    if (expected.has(key)) continue
    const deny = binding.permission === 'DENY'
    differences.push({
      kind: 'acl', subject: describeBinding(binding), key: null, source: null, target: binding, status: deny ? 'fail' : 'warn',
      message: deny ? 'on the target only: it denies what the source allows' : 'on the target only: it grants more than the source (no client breaks; the access model drifts)',
    })
  }
  const targetOnly = [...present.keys()].filter((k) => !expected.has(k)).length
  return { status: 'compared', compared: expected.size + targetOnly, note: null, differences }
}
