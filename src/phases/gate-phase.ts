/**
 * @module phases/gate-phase
 * The phase facts a gate check may need, read from the journal: the current phase, when it was
 * entered, and the producer cutover the current phase stands on. The cutover moment is the entry
 * into `producers-on-target`, or the last client switch to the target recorded after it (producers
 * keep writing to the source until their switch has run). The first snapshot recorded after that
 * moment is the baseline that tells later writes to the source from the cutover's own.
 */
import type { EvidenceReader } from '../journal/evidence.ts'
import type { Entry } from '../journal/entry.ts'
import type { GatePhase } from '../gates/types.ts'
import { readSnapshot } from '../snapshot/record.ts'
import { phaseHistory } from './history.ts'
import { phases } from './phases.ts'

/** The snapshot an evidence entry records, or null when it cannot be read (a missing baseline, said by the checks). */
function snapshotOf (evidence: EvidenceReader, id: string) {
  try {
    return readSnapshot(evidence, id)
  } catch {
    return null
  }
}

export function gatePhase (entries: readonly Entry[], evidence: EvidenceReader): GatePhase {
  const history = phaseHistory(entries, evidence)
  const base = { current: history.phase, enteredAt: history.enteredAt, producerCutover: null }
  if (phases.indexOf(history.phase) < phases.indexOf('producers-on-target')) return base
  let entered = -1
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!
    if (e.type === 'phase' && e.data.to === 'producers-on-target') { entered = i; break }
  }
  if (entered < 0) return base
  // the switch to the target: intents of client.switch to `target` after the entry, and their outcomes
  const switches = new Set<string>()
  let at = entries[entered]!.ts
  for (let i = entered + 1; i < entries.length; i++) {
    const e = entries[i]!
    if (e.type === 'intent' && e.data.action === 'client.switch' && e.data.changes.some((c) => c.after === 'target')) switches.add(e.data.actionId)
    if (e.type === 'outcome' && switches.has(e.data.actionId)) at = e.ts
  }
  let baseline: NonNullable<GatePhase['producerCutover']>['baseline'] = null
  for (let i = entered + 1; i < entries.length && baseline === null; i++) {
    const e = entries[i]!
    if (e.type !== 'evidence' || e.data.kind !== 'snapshot' || e.ts < at) continue
    const snapshot = snapshotOf(evidence, e.data.evidenceId)
    if (snapshot && snapshot.capturedAt >= at) baseline = { evidenceId: e.data.evidenceId, snapshot }
  }
  return { ...base, producerCutover: { at, baseline } }
}
