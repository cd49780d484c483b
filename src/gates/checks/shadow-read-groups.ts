/**
 * @module gates/checks/shadow-read-groups
 * `shadow-read.no-target-commits`: during the shadow phase no consumer group commits offsets on the
 * target, except those the plan allows (`gates.shadowRead.allowedGroups`, e.g. a shadow reader
 * with a group of its own). A shadow reader committing in a production group's name would move
 * the position that group resumes from after the switch, and its commits block MirrorMaker 2's
 * group offset sync (it only writes to groups with no members, never backwards).
 *
 * Judged on the snapshot's target inventory: every group with committed offsets there, or with live
 * consumer members. Under MirrorMaker 2, a group that also exists on the source and has no member
 * on the target is taken for MirrorMaker 2's own group offset sync (`sync.group.offsets.enabled`)
 * — a shadow reader that used such a group and left cannot be told apart from it by offsets alone.
 */
import { evidenceCheck } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'shadow-read.no-target-commits'

export const shadowReadNoTargetCommits = evidenceCheck({
  id,
  title: 'no consumer group commits on the target during the shadow phase, except those the plan allows',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => {
    const allowed = new Set(plan.gates.shadowRead?.allowedGroups ?? [])
    const onSource = new Set(source.groups.map((g) => g.id))
    const committing = target.groups.filter((g) => g.offsets.length > 0 || (g.members.length > 0 && (g.protocolType === 'consumer' || g.protocolType === '')))
    if (committing.length === 0) return [{ id, status: 'pass', subject: 'target', message: 'no consumer group has committed offsets or live members on the target', evidence: { groups: target.groups.length } }]
    return committing.map((g): CheckResult => {
      const evidence = { state: g.state, members: g.members.map((m) => ({ clientId: m.clientId, host: m.host })), partitions: g.offsets.length, topics: [...new Set(g.offsets.map((o) => o.topic))] }
      const what = `${g.offsets.length} partition(s) committed on the target${g.members.length ? `, ${g.members.length} live member(s) (${[...new Set(g.members.map((m) => m.clientId))].join(', ')})` : ''}`
      if (allowed.has(g.id)) return { id, status: 'pass', subject: g.id, message: `${what}: allowed by gates.shadowRead.allowedGroups`, evidence }
      if (plan.replication.kind === 'mirrormaker2' && onSource.has(g.id) && g.members.length === 0) {
        return { id, status: 'pass', subject: g.id, message: `${what}: the group exists on the source and has no member on the target — MirrorMaker 2's group offset sync`, evidence }
      }
      return { id, status: 'fail', subject: g.id, message: `${what}: shadow readers must not commit on the target (allow the group in gates.shadowRead.allowedGroups if it is meant to)`, evidence }
    })
  },
})
