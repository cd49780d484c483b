/**
 * @module gates/checks/mm2-group-sync
 * `replication.group-offset-sync-excluded`: every critical group that moves to the target is outside
 * MirrorMaker 2's group offset sync. With `sync.group.offsets.enabled=true` MirrorMaker 2 writes a
 * group's target offsets whenever it has no member there: between `offsets apply` and the consumer's
 * start, and right after the consumer leaves the target on rollback — overwriting the positions
 * rollgate placed or the group reached with its checkpoint translation, so the group re-reads what
 * it had processed (replication/mm2-config.ts says more, and how the settings resolve).
 *
 * Evidence, in order: the MirrorMaker 2 properties file the plan names (`replication.mm2Config`,
 * captured by the snapshot: relevant settings only) — `fail` naming the group and the settings that
 * make it synced, `pass` naming the one that keeps it out. Without the file, what the clusters show:
 * a group with no member on the target whose committed offsets there all equal MirrorMaker 2's
 * latest checkpoints is being written by it — `fail`. Otherwise `unknown`, saying to point the plan
 * at the file (nothing else can prove the sync off).
 */
import { tpKey } from '../../kafka/types.ts'
import { groupOffsetSync, type Resolved } from '../../replication/mm2-config.ts'
import { isUnavailable } from '../../replication-health/types.ts'
import { needSnapshot } from '../evidence.ts'
import { targetTopicName } from '../select-topics.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'

const id = 'replication.group-offset-sync-excluded'

const setting = (name: string, r: Resolved): string => `${r.key ?? name}=${r.value}${r.key === null ? ' (default)' : ''}`

/** Whether the snapshot shows MirrorMaker 2 writing the group's offsets on the target (see above). */
function syncSeen (input: GateInput, group: string): { seen: boolean, partitions: number } {
  const snapshot = input.snapshot
  const target = snapshot?.sides.target
  const replication = snapshot?.replication
  if (!target || target.status !== 'ok' || !replication || replication.status !== 'ok') return { seen: false, partitions: 0 }
  const onTarget = target.inventory.groups.find((g) => g.id === group)
  const progress = replication.evidence.groups
  if (!onTarget || onTarget.members.length > 0 || onTarget.offsets.length === 0 || progress === null || isUnavailable(progress)) return { seen: false, partitions: 0 }
  const checkpoints = new Map<string, number>()
  for (const p of progress.find((g) => g.group === group)?.partitions ?? []) {
    if (p.checkpoint) checkpoints.set(tpKey(targetTopicName(input.plan, p.topic), p.partition), p.checkpoint.downstream)
  }
  const equal = onTarget.offsets.filter((o) => checkpoints.get(tpKey(o.topic, o.partition)) === o.committed)
  return { seen: equal.length === onTarget.offsets.length, partitions: equal.length }
}

export const mm2GroupSyncExcluded: Check = {
  id,
  title: 'critical groups that move are excluded from MirrorMaker 2\'s group offset sync (it would overwrite their target offsets)',
  run: (input) => {
    const { plan } = input
    if (plan.replication.kind !== 'mirrormaker2') {
      return [{ id, status: 'pass', subject: 'replication', message: `replication.kind ${plan.replication.kind}: no MirrorMaker 2 group offset sync`, evidence: { kind: plan.replication.kind } }]
    }
    const critical = plan.groups.filter((g) => g.criticality === 'critical')
    if (critical.length === 0) return [{ id, status: 'pass', subject: 'groups', message: 'the plan moves no critical consumer group', evidence: null }]
    const snapshot = needSnapshot(input, id)
    if (!snapshot.ok) return [snapshot.unknown]
    const config = snapshot.value.mm2Config
    const { sourceAlias, targetAlias } = plan.replication
    const flow = `${sourceAlias}->${targetAlias}`
    return critical.map((g): CheckResult => {
      if (config?.status === 'ok') {
        const sync = groupOffsetSync(config.properties, sourceAlias, targetAlias, g.name)
        const evidence = { file: config.path, flow, settings: sync.settings }
        if (sync.synced === true) {
          const s = sync.settings
          return {
            id, status: 'fail', subject: g.name, evidence,
            message: `MirrorMaker 2 (${config.path}) syncs this group's offsets to the target: ${setting('sync.group.offsets.enabled', s['sync.group.offsets.enabled'])}, ` +
              `${setting('groups', s.groups)} selects it and ${setting('groups.exclude', s['groups.exclude'])} does not exclude it — it will overwrite the group's target offsets whenever no member is there (after offsets apply, on rollback); add it to ${flow}.groups.exclude or set ${flow}.sync.group.offsets.enabled=false`,
          }
        }
        if (sync.synced === false) return { id, status: 'pass', subject: g.name, message: `not synced by MirrorMaker 2 (${config.path}): ${sync.because}`, evidence }
        return { id, status: 'unknown', subject: g.name, message: `MirrorMaker 2's configuration (${config.path}) cannot say: ${sync.reason}`, evidence }
      }
      const seen = syncSeen(input, g.name)
      const why = config === undefined
        ? 'the snapshot holds no MirrorMaker 2 configuration (taken before rollgate read it): take a new snapshot'
        : config.status === 'error' ? `MirrorMaker 2's configuration could not be read: ${config.error}` : 'the plan does not name MirrorMaker 2\'s configuration (replication.mm2Config)'
      if (seen.seen) {
        return {
          id, status: 'fail', subject: g.name, evidence: { flow, partitions: seen.partitions, config: config ?? null },
          message: `MirrorMaker 2 is writing this group's target offsets: no member on the target and its committed offsets there equal MirrorMaker 2's checkpoints on all ${seen.partitions} partition(s) — sync.group.offsets.enabled is on for it (${why}); exclude it (${flow}.groups.exclude) before it moves`,
        }
      }
      return { id, status: 'unknown', subject: g.name, message: `whether MirrorMaker 2 syncs this group's offsets is not known: ${why}`, evidence: { flow, config: config ?? null } }
    })
  },
}
