/**
 * @module diff/quotas
 * Client quota parity: every quota entity (user, client-id, ip — a null name is the default entity)
 * with each of its values (producer_byte_rate, consumer_byte_rate, request_percentage,
 * controller_mutation_rate, connection_creation_rate…) must be the same on both sides, users mapped
 * through the plan's principals. Every difference is `fail`: a quota missing on the target lets a
 * client flood it, one present only there throttles a client the source did not, and either way
 * producers and consumers behave differently after the switch. A side whose quotas could not be
 * read leaves quota parity `unknown`.
 */
import type { QuotaEntry } from '../kafka/types.ts'
import type { Plan } from '../plan/schema.ts'
import type { Unavailable } from '../snapshot/inventory.ts'
import { mapUserName } from './principals.ts'
import type { Difference, PartComparison } from './types.ts'

type Quotas = QuotaEntry[] | Unavailable

/** `user=alice,client-id=<default>`: entity types sorted, as kafka-configs names entities. */
export function describeEntity (entity: Record<string, string | null>): string {
  return Object.keys(entity).sort().map((type) => `${type}=${entity[type] ?? '<default>'}`).join(',')
}

export function mapEntity (plan: Pick<Plan, 'replication'>, entity: Record<string, string | null>): Record<string, string | null> {
  const user = entity.user
  return user === undefined || user === null ? entity : { ...entity, user: mapUserName(plan, user) }
}

export function diffQuotas (plan: Pick<Plan, 'replication'>, source: Quotas, target: Quotas): PartComparison {
  if (!Array.isArray(source) || !Array.isArray(target)) {
    const sides = { source: Array.isArray(source) ? null : source.reason, target: Array.isArray(target) ? null : target.reason }
    const named = (['source', 'target'] as const).filter((s) => sides[s] !== null).map((s) => `${s}: ${sides[s]}`)
    return { status: 'unknown', reason: `client quotas could not be read (${named.join('; ')})`, sides }
  }
  const expected = new Map<string, { values: Record<string, number>, original: string }>()
  for (const q of source) {
    const mapped = mapEntity(plan, q.entity)
    expected.set(describeEntity(mapped), { values: q.values, original: describeEntity(q.entity) })
  }
  const present = new Map(target.map((q) => [describeEntity(q.entity), q.values]))
  const differences: Difference[] = []
  for (const entity of [...new Set([...expected.keys(), ...present.keys()])].sort()) {
    const from = expected.get(entity)
    const to = present.get(entity)
    const as = from !== undefined && from.original !== entity ? ` (${from.original} on the source)` : ''
    for (const key of [...new Set([...Object.keys(from?.values ?? {}), ...Object.keys(to ?? {})])].sort()) {
      const a = from?.values[key] ?? null
      const b = to?.[key] ?? null
      if (a === b) continue
      const message = b === null
        ? `${key} ${a} on the source${as}, none on the target: the client is not throttled there`
        : a === null
          ? `${key} ${b} on the target only${as}: the client is throttled there and not on the source`
          : `${key}: source ${a}${as}, target ${b}: the client is throttled differently`
      differences.push({ kind: 'quota', subject: entity, key, source: a, target: b, status: 'fail', message })
    }
  }
  return { status: 'compared', compared: new Set([...expected.keys(), ...present.keys()]).size, note: null, differences }
}
