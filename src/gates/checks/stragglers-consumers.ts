/**
 * @module gates/checks/stragglers-consumers
 * `stragglers.consumers-on-source`: after consumer cutover no member of a critical group is still
 * connected to the source. Consumers move before producers (they read the target's copies while the
 * source still owns writes), so by the producer-cutover gate every critical group must have left the
 * source; a member still there keeps reading and committing on the old cluster, and after producers
 * move it silently stops seeing new records. Each straggler is named by client ID and host, which is
 * how an operator finds the process. Judged on the snapshot's source inventory (live members).
 */
import { evidenceCheck } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'stragglers.consumers-on-source'

export const consumerStragglers = evidenceCheck({
  id,
  title: 'no member of a critical group is still connected to the source after consumer cutover',
  sides: ['source'],
  run: ({ plan }, { source }) => {
    const critical = plan.groups.filter((g) => g.criticality === 'critical')
    if (critical.length === 0) return [{ id, status: 'warn', subject: 'groups', message: 'the plan marks no consumer group critical: no straggler to look for', evidence: null }]
    return critical.map((g): CheckResult => {
      const group = source.groups.find((x) => x.id === g.name)
      const members = group?.members ?? []
      if (members.length === 0) return { id, status: 'pass', subject: g.name, message: `no member of ${g.name} is connected to the source${group ? ` (state ${group.state})` : ''}`, evidence: { state: group?.state ?? null, members: 0 } }
      const named = members.map((m) => ({ clientId: m.clientId, host: m.host, memberId: m.memberId, instanceId: m.instanceId }))
      return {
        id,
        status: 'fail',
        subject: g.name,
        message: `${members.length} member(s) of ${g.name} still connected to the source: ${named.map((m) => `${m.clientId} on ${m.host}`).join(', ')} — stop them or switch them to the target (owner ${g.owner})`,
        evidence: { state: group!.state, members: named },
      }
    })
  },
})
