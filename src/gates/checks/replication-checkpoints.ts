/**
 * @module gates/checks/replication-checkpoints
 * `replication.checkpoints`: MirrorMaker 2's checkpoints advance for every critical group — for each
 * partition the group has committed on the source, the latest checkpoint names that committed offset
 * (or a later one: the group committed again after we read it). MirrorMaker 2 checkpoints a group
 * only when its position moves, so an idle group's old checkpoint is current, not stale; what is
 * judged is a checkpoint *behind* the group: `warn` while it was written within `gates.lag.time`
 * (1 minute when unset: MirrorMaker 2 is on its way, emitting every
 * `emit.checkpoints.interval.seconds`), `fail` when older (its checkpoint task has stopped, or the
 * group is outside its `groups` filter), `fail` when there is none at all. Its checkpoints are what
 * `sync.group.offsets` writes to the target and what MirrorMaker 2's own tooling translates with;
 * rollgate's translation reads the offset syncs and does not depend on them.
 */
import { formatDuration } from '../evidence.ts'
import { worst } from '../../replication-health/lag.ts'
import { isUnavailable } from '../../replication-health/types.ts'
import type { CheckResult, CheckStatus } from '../types.ts'
import { defaultHeartbeatLimitMs } from './replication-heartbeats.ts'
import { replicationCheck } from './replication-evidence.ts'

const id = 'replication.checkpoints'

export const replicationCheckpoints = replicationCheck({
  id,
  title: 'MirrorMaker 2\'s checkpoints follow every critical group\'s committed offsets',
  sides: [],
  run: (input, replication): CheckResult[] => {
    if (replication.kind !== 'mirrormaker2') {
      return [{ id, status: 'warn', subject: 'replication', message: `not applicable: replication.kind ${replication.kind} writes no MirrorMaker 2 checkpoints`, evidence: { kind: replication.kind } }]
    }
    const critical = input.plan.groups.filter((g) => g.criticality === 'critical')
    if (critical.length === 0) return [{ id, status: 'warn', subject: 'groups', message: 'the plan names no critical consumer group: no checkpoint to follow', evidence: null }]
    const groups = replication.groups
    if (groups === null || isUnavailable(groups)) {
      return [{ id, status: 'unknown', subject: 'groups', message: `critical groups' positions or MirrorMaker 2's checkpoints could not be read${groups ? `: ${groups.reason}` : ''}`, evidence: groups }]
    }
    const limitMs = input.plan.gates.lag.time ?? defaultHeartbeatLimitMs
    const capturedAt = Date.parse(replication.capturedAt)
    return critical.map((g): CheckResult => {
      const progress = groups.find((x) => x.group === g.name)
      if (progress === undefined) return { id, status: 'unknown', subject: g.name, message: 'not in the replication evidence: take a new snapshot', evidence: null }
      if (progress.partitions.length === 0) {
        return { id, status: 'warn', subject: g.name, message: 'no committed offsets on the source: nothing for MirrorMaker 2 to checkpoint', evidence: { partitions: [] } }
      }
      const judged = progress.partitions.map((p) => {
        const ageMs = p.checkpoint ? capturedAt - p.checkpoint.writtenAt : null
        let status: CheckStatus
        let note: string
        if (p.checkpoint === null) {
          status = 'fail'
          note = `${p.topic}-${p.partition}: committed ${p.committed}, no checkpoint`
        } else if (p.checkpoint.upstream >= p.committed) {
          status = 'pass'
          note = `${p.topic}-${p.partition}: checkpoint at ${p.checkpoint.upstream} → ${p.checkpoint.downstream}`
        } else {
          status = ageMs !== null && ageMs > limitMs ? 'fail' : 'warn'
          note = `${p.topic}-${p.partition}: committed ${p.committed}, checkpoint at ${p.checkpoint.upstream} written ${formatDuration(ageMs ?? 0)} ago`
        }
        return { ...p, ageMs, status, note }
      })
      const status = worst(judged.map((j) => j.status))
      const off = judged.filter((j) => j.status !== 'pass')
      const evidence = { limitMs, capturedAt: replication.capturedAt, partitions: judged.map(({ note: _note, ...rest }) => rest) }
      if (off.length === 0) {
        const newest = Math.min(...judged.map((j) => j.ageMs ?? Infinity))
        return { id, status, subject: g.name, message: `checkpoints current on ${judged.length} partition(s) (newest written ${formatDuration(newest)} before the capture)`, evidence }
      }
      const why = status === 'fail' ? `checkpoints missing or not advancing (older than ${formatDuration(limitMs)}, gates.lag.time)` : 'checkpoints behind the group, written recently: MirrorMaker 2 is catching up'
      return { id, status, subject: g.name, message: `${off.length} of ${judged.length} partition(s): ${why}: ${off.slice(0, 4).map((j) => j.note).join('; ')}${off.length > 4 ? `; and ${off.length - 4} more` : ''}`, evidence }
    })
  },
})
