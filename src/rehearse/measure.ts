/**
 * @module rehearse/measure
 * The game day's verdict, a pure function of what was observed and what the plan promises: loss must
 * be 0; the records read again at each switch (sequence numbers processed twice) must stay within the
 * group's maxReplay; the non-idempotent sink must hold exactly the duplicate rows the delivery log
 * shows, no more than the rollback predicted; the consumer must be processing on the source again
 * (restore time). Fail closed: a measurement that could not be taken is `unknown`, which fails.
 */
import type { DeliveryFacts, SinkFacts } from './sink.ts'

export type CheckStatus = 'pass' | 'fail' | 'unknown'

export interface RehearsalCheck { id: 'loss' | 'duplicates' | 'sink' | 'restore' | 'offsets', status: CheckStatus, message: string }

/** A partition whose offset on the target, when the rollback read it, was not what the consumer had committed. */
export interface Rewind { partition: string, committed: number, read: number | null }

export interface Objectives {
  /** groups[].maxReplay of the group rehearsed (or the built-in one) */
  maxReplayRecords: number | null
  maxReplayMs: number | null
  /** where they come from, for the report */
  from: string
}

/** What the rollback predicted the consumer would process again on the source. */
export interface Prediction {
  /** processed on the target after its last commit, when it was stopped */
  uncommittedAtStop: number
  /** records the rollback's translation re-reads (null: not bounded) */
  rollbackReplay: number | null
  /** records the move to the target re-reads by its translation (null: not bounded) */
  moveReplay: number | null
}

export interface Observations {
  produced: number
  deliveries: DeliveryFacts | null
  sink: SinkFacts | null
  /** the team's sink row count (hooks): all there is when there is no delivery log */
  counted: number | null
  /** rollback start (ms since the epoch) */
  rollbackAt: number
  /** the rollback's own view: the groups seen resuming on the source */
  rollbackRestoreMs: number | null
  prediction: Prediction
  /** the target offsets the rollback started from against the consumer's own last commits; null: not known */
  rewinds: Rewind[] | null
}

export interface Measurement {
  status: 'pass' | 'fail'
  restoreMs: number | null
  loss: number | null
  duplicates: { total: number, atMove: number, atRollback: number } | null
  duplicateRows: number | null
  /** at most this many duplicate rows after the rollback, per its prediction (null: not bounded) */
  predictedRollbackDuplicates: number | null
  checks: RehearsalCheck[]
}

const sum = (...xs: Array<number | null>): number | null => (xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + x!, 0))

export function measure (obs: Observations, objectives: Objectives): Measurement {
  if (obs.deliveries === null && obs.counted !== null) return measureCount(obs, obs.counted, objectives)
  const d = obs.deliveries
  const checks: RehearsalCheck[] = []
  const predicted = sum(obs.prediction.uncommittedAtStop, obs.prediction.rollbackReplay)

  // loss: every sequence number produced was processed at least once
  if (d === null) checks.push({ id: 'loss', status: 'unknown', message: 'no delivery log: loss not measured' })
  else if (d.missing.count === 0) checks.push({ id: 'loss', status: 'pass', message: `0 of ${obs.produced} sequence numbers never processed` })
  else checks.push({ id: 'loss', status: 'fail', message: `${d.missing.count} of ${obs.produced} sequence numbers never processed (first: ${d.missing.first.join(', ')})` })

  // duplicates: what each switch made the consumer read again, against the plan's maxReplay
  if (d === null) {
    checks.push({ id: 'duplicates', status: 'unknown', message: 'no delivery log: duplicates not measured' })
  } else if (objectives.maxReplayRecords === null && objectives.maxReplayMs === null) {
    checks.push({ id: 'duplicates', status: 'unknown', message: `${d.duplicates.sequences} sequence number(s) processed twice, but ${objectives.from} sets no maxReplay to hold them to` })
  } else {
    const over: string[] = []
    if (objectives.maxReplayRecords !== null) {
      for (const [what, n] of [['at the move to the target', d.atMove], ['at the rollback', d.atRollback]] as const) {
        if (n > objectives.maxReplayRecords) over.push(`${n} ${what} > maxReplay ${objectives.maxReplayRecords}`)
      }
    }
    if (objectives.maxReplayMs !== null && d.duplicates.producedSpanMs !== null && d.duplicates.producedSpanMs > objectives.maxReplayMs) {
      over.push(`the duplicates span ${d.duplicates.producedSpanMs} ms of production > maxReplay ${objectives.maxReplayMs} ms`)
    }
    const detail = `${d.duplicates.sequences} sequence number(s) processed twice: ${d.atMove} at the move to the target, ${d.atRollback} at the rollback` +
      (d.duplicates.first.length ? ` (first: ${d.duplicates.first.slice(0, 10).join(', ')})` : '')
    checks.push(over.length
      ? { id: 'duplicates', status: 'fail', message: `${detail}; ${over.join('; ')} (${objectives.from})` }
      : { id: 'duplicates', status: 'pass', message: `${detail}; within maxReplay ${[objectives.maxReplayRecords !== null ? `${objectives.maxReplayRecords} records` : null, objectives.maxReplayMs !== null ? `${objectives.maxReplayMs} ms` : null].filter(Boolean).join(', ')} (${objectives.from})` })
  }

  // the side effect: the sink must show what the delivery log says happened
  const s = obs.sink
  if (s === null || d === null) {
    checks.push({ id: 'sink', status: 'unknown', message: 'the sink was not read' })
  } else if (s.mode === 'upsert') {
    const ok = s.duplicateRows === 0 && s.distinct === d.distinct
    checks.push({ id: 'sink', status: ok ? 'pass' : 'fail', message: `upsert sink: ${s.rows} row(s) for ${d.distinct} processed sequence number(s), ${s.duplicateRows} duplicate row(s)${ok ? ': replays only rewrote rows' : ': the idempotent sink does not match the delivery log'}` })
  } else {
    const rollbackRows = d.atRollback
    const matches = s.duplicateRows === d.duplicates.extra && s.distinct === d.distinct
    const withinPrediction = predicted === null || rollbackRows <= predicted
    checks.push({
      id: 'sink', status: matches && withinPrediction ? 'pass' : 'fail',
      message: `insert sink: ${s.rows} row(s) for ${d.distinct} sequence number(s): ${s.duplicateRows} duplicate row(s) (${d.atMove} from the move, ${rollbackRows} from the rollback)` +
        `; the rollback predicted at most ${predicted ?? 'an unbounded number of'} (${obs.prediction.uncommittedAtStop} processed on the target after its last commit + ${obs.prediction.rollbackReplay ?? 'unbounded'} re-read by its translation)` +
        (matches ? '' : `; MISMATCH with the delivery log (${d.duplicates.extra} extra processing(s))`) + (withinPrediction ? '' : '; MORE than predicted'),
    })
  }

  // the rollback's starting point: what the consumer committed on the target, or did something else commit after it left?
  if (obs.rewinds !== null) {
    checks.push(obs.rewinds.length === 0
      ? { id: 'offsets', status: 'pass', message: 'the rollback read the target offsets the consumer had committed' }
      : {
          id: 'offsets', status: 'fail',
          message: `after the consumer left the target, its group's offsets there were rewritten before the rollback read them: ${obs.rewinds.map((r) => `${r.partition} ${r.committed} -> ${r.read ?? 'none'}`).join(', ')} — ` +
            'something else commits for the group on the target (MirrorMaker 2\'s sync.group.offsets does, the moment a group goes idle): exclude moved groups from it (groups.exclude)',
        })
  }

  // restore: rollback start -> first record processed on the source
  const restoreMs = d?.firstAfterRollback === null || d === null ? null : d.firstAfterRollback - obs.rollbackAt
  checks.push(restoreMs === null
    ? { id: 'restore', status: 'unknown', message: `no record was processed on the source after the rollback${obs.rollbackRestoreMs !== null ? ` (the group rejoined after ${obs.rollbackRestoreMs} ms)` : ''}` }
    : { id: 'restore', status: 'pass', message: `first record processed on the source ${restoreMs} ms after the rollback started${obs.rollbackRestoreMs !== null ? ` (group seen resuming after ${obs.rollbackRestoreMs} ms)` : ''}` })

  return {
    status: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    restoreMs,
    loss: d?.missing.count ?? null,
    duplicates: d === null ? null : { total: d.duplicates.sequences, atMove: d.atMove, atRollback: d.atRollback },
    duplicateRows: s?.duplicateRows ?? null,
    predictedRollbackDuplicates: predicted,
    checks,
  }
}

/** With the team's own service, only its sink's row count and the group's return are seen. */
function measureCount (obs: Observations, rows: number, objectives: Objectives): Measurement {
  const checks: RehearsalCheck[] = []
  const extra = rows - obs.produced
  checks.push(extra >= 0
    ? { id: 'loss', status: 'pass', message: `${rows} sink row(s) for ${obs.produced} record(s): none missing by count (an idempotent sink; a non-idempotent one could hide a loss behind duplicates)` }
    : { id: 'loss', status: 'fail', message: `${rows} sink row(s) for ${obs.produced} record(s): at least ${-extra} never processed` })
  if (objectives.maxReplayRecords === null) checks.push({ id: 'duplicates', status: 'unknown', message: `${Math.max(0, extra)} row(s) beyond one per record, but ${objectives.from} sets no maxReplay records` })
  else checks.push({ id: 'duplicates', status: Math.max(0, extra) <= objectives.maxReplayRecords ? 'pass' : 'fail', message: `${Math.max(0, extra)} row(s) beyond one per record (both switches), maxReplay ${objectives.maxReplayRecords} (${objectives.from})` })
  checks.push({ id: 'sink', status: 'pass', message: `the team's sink: ${rows} row(s) (its count hook is the measurement)` })
  checks.push(obs.rollbackRestoreMs === null
    ? { id: 'restore', status: 'unknown', message: 'the group was not seen resuming on the source' }
    : { id: 'restore', status: 'pass', message: `the group resumed on the source ${obs.rollbackRestoreMs} ms after the rollback started (members seen; the hooks give no per-record time)` })
  return {
    status: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    restoreMs: obs.rollbackRestoreMs,
    loss: Math.max(0, -extra),
    duplicates: { total: Math.max(0, extra), atMove: 0, atRollback: 0 },
    duplicateRows: Math.max(0, extra),
    predictedRollbackDuplicates: sum(obs.prediction.uncommittedAtStop, obs.prediction.rollbackReplay),
    checks,
  }
}
