/**
 * @module diff/credentials
 * Client credential parity, where Kafka can show it: every user with SCRAM credentials on the
 * source (DescribeUserScramCredentials) has them on the target under its mapped principal, for each
 * mechanism the source offers it — a client configured for SCRAM-SHA-512 fails to authenticate
 * against a target that has only SCRAM-SHA-256 for it. Users only the target has are not a
 * difference (no client of the source breaks). Principals authenticated otherwise (mTLS, OAUTHBEARER,
 * PLAIN, a cloud's API keys) are beyond what any Kafka API lists: the note says so. A side that
 * cannot list SCRAM credentials leaves this part `unknown` with its reason.
 *
 * The plan's clients name the principal each authenticates as (`clients[].principal`): that one
 * must be a SCRAM user on the target (mapped). A client principal that is a SCRAM user on neither
 * side authenticates some other way, which Kafka cannot list: `unknown`, saying so, never `pass`.
 * A client without `principal` is not checked (plans without clients, such as the sandbox's,
 * compare the SCRAM users alone).
 */
import type { Plan } from '../plan/schema.ts'
import type { Unavailable } from '../snapshot/inventory.ts'
import { mapPrincipal, mapUserName } from './principals.ts'
import type { ScramCredential } from './scram-capture.ts'
import type { Difference, PartComparison } from './types.ts'

export type Credentials = ScramCredential[] | Unavailable

export function diffCredentials (plan: Pick<Plan, 'replication'> & Partial<Pick<Plan, 'clients'>>, source: Credentials | undefined, target: Credentials | undefined): PartComparison {
  const reasonOf = (c: Credentials | undefined): string | null =>
    c === undefined ? 'the snapshot holds no SCRAM credential evidence (not captured)' : Array.isArray(c) ? null : c.reason
  const sides = { source: reasonOf(source), target: reasonOf(target) }
  if (!Array.isArray(source) || !Array.isArray(target)) {
    const named = (['source', 'target'] as const).filter((s) => sides[s] !== null).map((s) => `${s}: ${sides[s]}`)
    return { status: 'unknown', reason: `SCRAM credentials could not be listed (${named.join('; ')})`, sides }
  }
  const onTarget = new Map(target.map((c) => [c.user, new Set(c.mechanisms)]))
  const differences: Difference[] = []
  for (const credential of source) {
    const user = mapUserName(plan, credential.user)
    const as = user === credential.user ? '' : ` (mapped from User:${credential.user})`
    const have = onTarget.get(user)
    const missing = credential.mechanisms.filter((m) => !have?.has(m))
    if (missing.length === 0) continue
    differences.push({
      kind: 'credential', subject: `User:${user}`, key: null, source: credential.mechanisms, target: have ? [...have].sort() : null, status: 'fail',
      message: have
        ? `SCRAM ${credential.mechanisms.join(', ')} on the source, only ${[...have].sort().join(', ') || 'none'} on the target${as}: clients using ${missing.join(', ')} cannot authenticate there`
        : `SCRAM ${credential.mechanisms.join(', ')} on the source, no SCRAM credential on the target${as}: its clients cannot authenticate there`,
    })
  }
  const onSource = new Set(source.map((c) => c.user))
  let clients = 0
  for (const client of plan.clients ?? []) {
    if (client.principal === undefined) continue
    clients++
    const principal = client.principal
    const mapped = mapPrincipal(plan, principal)
    const as = mapped === principal ? '' : ` (mapped from ${principal})`
    const subject = `${mapped} (client ${client.name})`
    if (!mapped.startsWith('User:')) {
      differences.push({ kind: 'credential', subject, key: null, source: principal, target: null, status: 'unknown',
        message: `client ${client.name} authenticates as ${mapped}${as}, not a User principal: Kafka lists only SCRAM users, so its credentials on the target cannot be checked` })
      continue
    }
    const user = mapped.slice('User:'.length)
    if (onTarget.has(user)) continue
    const sourceUser = principal.startsWith('User:') ? principal.slice('User:'.length) : principal
    // a SCRAM user of the source missing on the target is already a difference above
    if (onSource.has(sourceUser)) continue
    differences.push({ kind: 'credential', subject, key: null, source: null, target: null, status: 'unknown',
      message: `client ${client.name} authenticates as ${mapped}${as}, a SCRAM user on neither cluster: it uses another mechanism (mTLS, OAUTHBEARER, PLAIN, a cloud API key) whose principals Kafka cannot list — confirm it on the target by hand` })
  }
  const note = source.length === 0 && clients === 0 ? 'no user has SCRAM credentials on the source and no plan client names its principal (principals authenticated otherwise are not listed by Kafka)' : null
  return { status: 'compared', compared: source.length + clients, note, differences }
}
