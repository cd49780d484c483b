/**
 * @module server/fixtures
 * A recorded migration for the dashboard's tests, in a real state dir: three snapshots carrying
 * replication lag evidence, gate verdicts (one failing with its evidence), an offset translation,
 * a move to `replicating`, a rehearsal result, and the awkward cases a dashboard meets in the field:
 * a verdict of unexpected shape and a journaled piece of evidence missing from the store.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureOffsets, fixturePlan, fixtureSnapshot } from '../gates/fixtures.ts'
import { recordVerdicts } from '../gates/run.ts'
import type { GateResult } from '../gates/types.ts'
import { openStateDir } from '../journal/index.ts'
import type { Plan } from '../plan/schema.ts'
import type { Snapshot } from '../snapshot/types.ts'

/** Replication evidence as snapshots carry it (replication-health/types.ts), written out as plain JSON. */
export function replicationJson (capturedAt: string, parts: Array<{ topic: string, partition: number, logEnd: number, mapped: number | null, firstUncopiedTs?: number | null }>): unknown {
  return {
    status: 'ok',
    evidence: {
      capturedAt, kind: 'mirrormaker2', flow: null, syncs: null, groups: null, heartbeat: null, warnings: [],
      partitions: parts.map((p) => ({
        topic: p.topic, partition: p.partition, targetTopic: p.topic,
        source: { logStart: 0, logEnd: p.logEnd, oldest: null },
        target: { logStart: 0, logEnd: p.mapped ?? 0, oldest: null },
        mapped: p.mapped === null ? { position: null, reason: 'no-sync', detail: 'no offset sync yet' } : { position: p.mapped, method: 'identity' },
        firstUncopied: p.firstUncopiedTs === undefined ? null : p.firstUncopiedTs === null ? { unavailable: true, reason: 'timeout' } : { offset: p.mapped, timestamp: p.firstUncopiedTs },
      })),
    },
  }
}

export const failingPreReplication = (evidenceId: string, evaluatedAt: string): GateResult => ({
  gate: 'pre-replication', status: 'fail', evaluatedAt, evidenceId,
  checks: [
    { id: 'runbook.owned', status: 'pass', subject: 'runbook', message: 'every runbook field has an owner', evidence: null },
    { id: 'topics.critical-exist-on-target', status: 'pass', subject: 'orders', message: 'on target: 6 partition(s)', evidence: { targetTopic: 'orders', exists: true } },
    { id: 'topics.critical-exist-on-target', status: 'fail', subject: 'payments', message: 'no copy on the target cluster: expected payments (naming identity)', evidence: { targetTopic: 'payments', naming: 'identity', exists: false } },
  ],
})

export interface RecordedFixture {
  plan: Plan
  stateDir: string
  /** ISO times of the three snapshots */
  times: string[]
  now: Date
}

/** Writes the recorded migration into a new temp state dir (the caller removes it). */
export async function recordFixture (): Promise<RecordedFixture> {
  const stateDir = mkdtempSync(join(tmpdir(), 'rollgate-server-'))
  const plan = fixturePlan()
  const state = await openStateDir(stateDir, { actor: 'test' })
  const base = Date.now() - 10 * 60_000
  const times = [0, 1, 2].map((i) => new Date(base + i * 60_000).toISOString())
  try {
    const ids: string[] = []
    times.forEach((at, i) => {
      const snapshot: Snapshot = {
        ...fixtureSnapshot(),
        capturedAt: at,
        replication: replicationJson(at, [
          { topic: 'orders', partition: 0, logEnd: 100 + i * 10, mapped: 100 - (2 - i) * 20, firstUncopiedTs: Date.parse(at) - (2 - i) * 5000 },
          { topic: 'orders', partition: 1, logEnd: 100, mapped: 100 },
          { topic: 'payments', partition: 0, logEnd: 40, mapped: i === 2 ? null : 40 },
        ]) as Snapshot['replication'],
      }
      const id = state.evidence.put(snapshot)
      ids.push(id)
      state.journal.append('evidence', { evidenceId: id, kind: 'snapshot', summary: `snapshot ${i}` })
    })
    const snapshotId = ids.at(-1)!
    recordVerdicts([
      failingPreReplication(snapshotId, times[2]!),
      { gate: 'replication', status: 'pass', evaluatedAt: times[2]!, evidenceId: snapshotId, checks: [{ id: 'replication.lag', status: 'pass', subject: 'orders', message: 'within limits', evidence: { records: 20 } }] },
    ], state)
    // a verdict of a shape no version of rollgate writes: shown as unknown, never as pass
    const odd = state.evidence.put({ nonsense: true, checks: 'not a list' })
    state.journal.append('gate', { gate: 'exit', status: 'pass', evidenceId: null, checks: { pass: 1, warn: 0, fail: 0, unknown: 0 }, resultId: odd })

    const offsets = fixtureOffsets()
    const captureId = state.evidence.put(offsets.capture)
    state.journal.append('evidence', { evidenceId: captureId, kind: 'offsets-capture' })
    const translation = { ...offsets.translation, captureId, partitions: offsets.translation.partitions.map((p, i) => (i === 5
      ? { ...p, to: null, replay: null, method: 'none' as const, untranslatable: 'no-sync' as const, note: 'no offset sync yet' }
      : i === 0 ? { ...p, method: 'content-proof' as const, replay: 3, proof: { from: { offset: 89, digest: 'abcdef0123456789' }, to: { offset: 89, digest: 'abcdef0123456789' }, aligned: 4 } } : p)) }
    const translationId = state.evidence.put(translation)
    state.journal.append('evidence', { evidenceId: translationId, kind: 'offsets-translation' })

    state.journal.append('phase', { from: 'prepare', to: 'replicating', evidenceId: snapshotId })
    const rehearsalId = state.evidence.put({ type: 'rollgate.rehearsal/v1', id: 'gd-1', measurement: { status: 'pass', restoreMs: 1500, loss: 0, duplicates: { total: 2, atMove: 1, atRollback: 1 } }, timeline: [{ at: 1 }, { at: 2 }] })
    state.journal.append('evidence', { evidenceId: rehearsalId, kind: 'rehearsal', summary: 'rehearsal gd-1: PASS' })
    // journaled, but the document is not in the store (copied state dir, pruned evidence)
    state.journal.append('evidence', { evidenceId: 'd'.repeat(64), kind: 'verify', summary: 'shard 0/1' })
  } finally {
    state.close()
  }
  return { plan, stateDir, times, now: new Date(Date.parse(times[2]!) + 60_000) }
}
