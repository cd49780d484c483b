/**
 * @module gates/checks/groups-exist
 * `groups.critical-exist-on-source`: each consumer group the plan names exists on the source with
 * committed offsets, the position every offset strategy but three starts from. A critical group
 * failing this fails the gate; a standard one warns. For `app-checkpoint`, `reset-earliest` and
 * `reset-latest` the committed offsets are not needed, so a missing group only warns (a typo'd
 * name should still be seen before cutover).
 */
import type { OffsetStrategy } from '../../plan/schema.ts'
import { evidenceCheck } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'groups.critical-exist-on-source'

/** Strategies whose target position is derived from the group's committed source offsets. */
const needsCommitted: ReadonlySet<OffsetStrategy> = new Set(['translate', 'exact', 'timestamp', 'identical'])

export const criticalGroupsExistOnSource = evidenceCheck({
  id,
  title: 'every consumer group of the plan exists on the source with committed offsets',
  sides: ['source'],
  run: ({ plan }, { source }) => {
    if (plan.groups.length === 0) {
      return [{ id, status: 'warn', subject: 'groups', message: 'the plan names no consumer groups: nothing to check', evidence: null }]
    }
    const byId = new Map(source.groups.map((g) => [g.id, g]))
    return plan.groups.map((group): CheckResult => {
      const found = byId.get(group.name)
      const needs = needsCommitted.has(group.strategy)
      const missing = group.criticality === 'critical' ? 'fail' : 'warn'
      const evidence = found === undefined
        ? { exists: false, strategy: group.strategy, criticality: group.criticality }
        : {
            exists: true,
            strategy: group.strategy,
            criticality: group.criticality,
            state: found.state,
            members: found.members.length,
            partitions: found.offsets.length,
            topics: [...new Set(found.offsets.map((o) => o.topic))].sort(),
            totalLag: found.totalLag,
          }
      if (found === undefined) {
        return needs
          ? { id, status: missing, subject: group.name, message: `not on the source cluster: strategy ${group.strategy} starts from its committed source offsets`, evidence }
          : { id, status: 'warn', subject: group.name, message: `not on the source cluster (strategy ${group.strategy} does not need committed offsets; check the name)`, evidence }
      }
      const described = `state ${found.state}, ${found.members.length} member(s)`
      if (found.offsets.length === 0) {
        return needs
          ? { id, status: missing, subject: group.name, message: `on source (${described}) but with no committed offsets: strategy ${group.strategy} starts from them`, evidence }
          : { id, status: 'pass', subject: group.name, message: `on source (${described}), no committed offsets (strategy ${group.strategy} does not need them)`, evidence }
      }
      const topics = new Set(found.offsets.map((o) => o.topic)).size
      const lag = found.totalLag === null ? 'lag unknown' : `lag ${found.totalLag}`
      return { id, status: 'pass', subject: group.name, message: `on source (${described}): committed offsets for ${found.offsets.length} partition(s) of ${topics} topic(s), ${lag}`, evidence }
    })
  },
})
