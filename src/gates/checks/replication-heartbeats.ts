/**
 * @module gates/checks/replication-heartbeats
 * `replication.heartbeats`: MirrorMaker 2's heartbeats are arriving — the newest one of the plan's
 * flow (`sourceAlias` → `targetAlias`) in the target's `heartbeats` topic is younger than
 * `gates.lag.time` (1 minute when the plan sets none). MirrorMaker 2 emits one every
 * `emit.heartbeats.interval.seconds` (default 1 s), so an older one means its heartbeat connector,
 * and most likely the whole flow, has stopped; none at all means the aliases in the plan are not the
 * flow's, or it never ran. Age is measured against the capture time with MirrorMaker 2's own clock
 * in the record, so a skewed clock shows as an age that is too large or negative (reported).
 * Other replication kinds write no heartbeats: the check warns that it does not apply.
 */
import { formatDuration } from '../evidence.ts'
import { judge, warnFraction } from '../../replication-health/lag.ts'
import { isUnavailable } from '../../replication-health/types.ts'
import type { CheckResult } from '../types.ts'
import { replicationCheck } from './replication-evidence.ts'

const id = 'replication.heartbeats'
export const defaultHeartbeatLimitMs = 60_000

export const replicationHeartbeats = replicationCheck({
  id,
  title: 'MirrorMaker 2\'s heartbeats for the plan\'s flow are arriving on the target',
  sides: [],
  run: (input, replication): CheckResult[] => {
    if (replication.kind !== 'mirrormaker2' || replication.flow === null) {
      return [{ id, status: 'warn', subject: 'replication', message: `not applicable: replication.kind ${replication.kind} writes no MirrorMaker 2 heartbeats; replication is judged by lag only`, evidence: { kind: replication.kind } }]
    }
    const flow = `${replication.flow.sourceAlias}->${replication.flow.targetAlias}`
    const heartbeat = replication.heartbeat
    if (heartbeat === null || isUnavailable(heartbeat)) {
      return [{ id, status: 'unknown', subject: flow, message: `heartbeats could not be read${heartbeat ? `: ${heartbeat.reason}` : ''}`, evidence: heartbeat }]
    }
    const limitMs = input.plan.gates.lag.time ?? defaultHeartbeatLimitMs
    const where = `in ${heartbeat.topic} on the target`
    if (heartbeat.newest === null) {
      return [{ id, status: 'fail', subject: flow, message: `no heartbeat of flow ${flow} ${where} (${heartbeat.scanned} record(s) read): MirrorMaker 2 is not running this flow, or replication.sourceAlias/targetAlias are not its aliases`, evidence: { ...heartbeat, limitMs } }]
    }
    const age = Date.parse(replication.capturedAt) - heartbeat.newest.timestamp
    const evidence = { ...heartbeat, ageMs: age, limitMs, warnFromMs: warnFraction * limitMs, capturedAt: replication.capturedAt }
    if (age < 0) {
      return [{ id, status: 'warn', subject: flow, message: `newest heartbeat ${where} is dated ${formatDuration(-age)} after the capture: MirrorMaker 2's clock and this one disagree`, evidence }]
    }
    const status = judge(age, limitMs)
    const described = `newest heartbeat of ${flow} ${where} is ${formatDuration(age)} old (limit ${formatDuration(limitMs)}, gates.lag.time)`
    return [{ id, status, subject: flow, message: status === 'fail' ? `${described}: heartbeats have stopped arriving — MirrorMaker 2 is down or stalled` : described, evidence }]
  },
})
