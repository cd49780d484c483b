/**
 * @module gates/checks/replication-sync-history
 * `replication.sync-history`: MirrorMaker 2's offset-sync history reaches back far enough to
 * translate every critical group's committed position. A committed offset `c` translates only
 * through a valid sync at or below it (replication/translate.ts); the offset-syncs topic is
 * compacted (once its segments roll, one sync per partition is left) and a rewind discards the
 * history before it, so a group sitting below the oldest valid sync has no translation at all — its
 * position on the target could only be guessed. Checked for groups whose strategy translates through
 * the syncs (`translate`, and `exact`, which falls back to them). rollgate translates with every
 * retained sync; MirrorMaker 2's own store keeps at most 64 per partition, so its checkpoints may
 * re-read more — the number of valid syncs is in the evidence.
 */
import type { OffsetStrategy } from '../../plan/schema.ts'
import { worst } from '../../replication-health/lag.ts'
import { isUnavailable } from '../../replication-health/types.ts'
import type { CheckResult, CheckStatus } from '../types.ts'
import { replicationCheck } from './replication-evidence.ts'

const id = 'replication.sync-history'
const throughSyncs: ReadonlySet<OffsetStrategy> = new Set(['translate', 'exact'])

export const replicationSyncHistory = replicationCheck({
  id,
  title: 'MirrorMaker 2\'s offset-sync history reaches every critical group\'s committed position',
  sides: [],
  run: (input, replication): CheckResult[] => {
    if (replication.kind !== 'mirrormaker2') {
      return [{ id, status: 'warn', subject: 'replication', message: `not applicable: replication.kind ${replication.kind} has no MirrorMaker 2 offset syncs`, evidence: { kind: replication.kind } }]
    }
    const critical = input.plan.groups.filter((g) => g.criticality === 'critical' && throughSyncs.has(g.strategy))
    if (critical.length === 0) return [{ id, status: 'warn', subject: 'groups', message: 'no critical group translates through the offset syncs (strategy translate or exact): nothing to reach', evidence: null }]
    const { groups, syncs } = replication
    if (groups === null || isUnavailable(groups) || syncs === null || isUnavailable(syncs)) {
      const reason = [groups, syncs].filter(isUnavailable).map((u) => u.reason).join('; ')
      return [{ id, status: 'unknown', subject: 'groups', message: `critical groups' positions or the offset syncs could not be read${reason ? `: ${reason}` : ''}`, evidence: { groups, syncs } }]
    }
    const reachOf = new Map(syncs.map((s) => [`${s.topic}\u0000${s.partition}`, s]))
    return critical.map((g): CheckResult => {
      const progress = groups.find((x) => x.group === g.name)
      if (progress === undefined) return { id, status: 'unknown', subject: g.name, message: 'not in the replication evidence: take a new snapshot', evidence: null }
      if (progress.partitions.length === 0) return { id, status: 'warn', subject: g.name, message: 'no committed offsets on the source: nothing to translate', evidence: { partitions: [] } }
      const judged = progress.partitions.map((p) => {
        const reach = reachOf.get(`${p.topic}\u0000${p.partition}`)
        const where = `${p.topic}-${p.partition}`
        let status: CheckStatus
        let note: string
        if (reach === undefined) {
          status = 'unknown'
          note = `${where}: its offset syncs were not read`
        } else if (reach.oldest === null) {
          status = 'fail'
          note = `${where}: committed ${p.committed}, no offset sync at all (MirrorMaker 2 has copied none of it, or does not replicate it)`
        } else if (reach.oldest.upstream > p.committed) {
          status = 'fail'
          note = `${where}: committed ${p.committed} is below the oldest valid sync (upstream ${reach.oldest.upstream})${reach.reset ? `; older syncs were discarded (${reach.reset})` : ''}`
        } else {
          status = 'pass'
          note = `${where}: committed ${p.committed}, oldest valid sync upstream ${reach.oldest.upstream} (${reach.valid} valid)`
        }
        return { topic: p.topic, partition: p.partition, committed: p.committed, reach: reach ?? null, status, note }
      })
      const status = worst(judged.map((j) => j.status))
      const off = judged.filter((j) => j.status !== 'pass')
      const evidence = { strategy: g.strategy, partitions: judged.map(({ note: _note, ...rest }) => rest) }
      if (off.length === 0) {
        return { id, status, subject: g.name, message: `every committed position (${judged.length} partition(s)) is at or above the oldest valid offset sync: translatable`, evidence }
      }
      return { id, status, subject: g.name, message: `${off.length} of ${judged.length} partition(s) cannot be translated: ${off.slice(0, 4).map((j) => j.note).join('; ')}${off.length > 4 ? `; and ${off.length - 4} more` : ''}`, evidence }
    })
  },
})
