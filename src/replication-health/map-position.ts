/**
 * @module replication-health/map-position
 * The source position of the target's copy end for one partition (types.ts MappedPosition), from
 * both log ranges and the partition's offset-sync history — pure. MirrorMaker 2: the target log end
 * through `translateToSource`, the safe reverse rule (never ahead: every source record below the
 * result has a copy below the target log end). Offset-preserving: the target log end. An empty copy
 * with no sync yet maps to the source log start: nothing is copied, the oldest retained record is
 * the first to copy. Anything else cannot be mapped, and says why.
 */
import type { Plan } from '../plan/schema.ts'
import type { SyncHistory } from '../replication/sync-history.ts'
import { translateToSource } from '../replication/translate.ts'
import type { Unavailable } from '../snapshot/inventory.ts'
import type { MappedPosition } from './types.ts'

export interface Range { logStart: number, logEnd: number }

/** The source position of the target's copy end for one partition (see MappedPosition). */
export function mapPosition (kind: Plan['replication']['kind'], source: Range, target: Range | null, history: SyncHistory | Unavailable | null): MappedPosition {
  if (target === null) return { position: null, reason: 'no-target-copy', detail: 'the target has no such partition: nothing is copied' }
  if (kind === 'none') return { position: null, reason: 'no-replication', detail: 'replication.kind none: nothing maps the target to source offsets' }
  if (kind === 'offset-preserving') return { position: target.logEnd, method: 'identity' }
  if (history === null || 'unavailable' in history) {
    return { position: null, reason: 'syncs-unavailable', detail: `the offset syncs could not be read${history ? `: ${history.reason}` : ''}` }
  }
  if (history.valid.length === 0 && target.logEnd === 0) return { position: source.logStart, method: 'empty-copy' }
  const t = translateToSource(history, target.logEnd)
  if (t.kind === 'untranslatable') return { position: null, reason: t.reason, detail: t.detail }
  return { position: t.offset, method: 'offset-syncs', sync: t.sync, exact: t.exact }
}
