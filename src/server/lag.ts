/**
 * @module server/lag
 * Replication lag over time, from the replication evidence the journal's snapshots carry
 * (`snapshot.replication`, replication-health/types.ts). That evidence is young and may change,
 * so it is read here as untyped JSON and anything of another shape is skipped, not trusted: a
 * snapshot without it (older ones, or a replicator not captured) simply adds no point.
 *
 * Figures follow replication-health/lag.ts (the definition the replication gate judges by):
 * records = source log end − the source position of the target's copy end (never negative);
 * seconds = capture time − timestamp of the oldest source record not yet known on the target,
 * 0 when caught up, unknown when that record could not be read or nothing was mapped.
 */

export interface PartitionLagFigure {
  topic: string
  partition: number
  targetTopic: string | null
  /** null: not mapped (no copy, no offset sync yet, …) — `note` says why */
  records: number | null
  seconds: number | null
  note: string | null
}

export interface LagSample {
  /** when the replication evidence was captured */
  capturedAt: string
  partitions: PartitionLagFigure[]
}

export interface LagPoint {
  at: string
  /** summed over the topic's partitions; null when no partition's lag is known */
  records: number | null
  /** the worst partition's; null when none is known */
  seconds: number | null
  /** partitions whose lag is unknown at this point */
  unknown: number
}

export interface LagView {
  /** false: no snapshot in the journal carries replication lag evidence */
  available: boolean
  /** one series per critical topic, oldest point first */
  series: Array<{ topic: string, points: LagPoint[] }>
  /** the newest sample, per partition */
  latest: LagSample | null
  /** snapshots read for the chart (the newest ones, at most `maxSamples`) */
  samples: number
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The lag figures of one snapshot document, or null when it holds no usable replication evidence. */
export function snapshotLag (snapshot: unknown): LagSample | null {
  if (!isObject(snapshot) || !isObject(snapshot.replication) || snapshot.replication.status !== 'ok') return null
  const evidence = snapshot.replication.evidence
  if (!isObject(evidence) || !Array.isArray(evidence.partitions)) return null
  const capturedAt = typeof evidence.capturedAt === 'string' ? evidence.capturedAt : typeof snapshot.capturedAt === 'string' ? snapshot.capturedAt : null
  const at = capturedAt === null ? Number.NaN : Date.parse(capturedAt)
  if (capturedAt === null || Number.isNaN(at)) return null
  const partitions: PartitionLagFigure[] = []
  for (const p of evidence.partitions) {
    if (!isObject(p) || typeof p.topic !== 'string' || !isCount(p.partition)) continue
    const base = { topic: p.topic, partition: p.partition, targetTopic: typeof p.targetTopic === 'string' ? p.targetTopic : null }
    const logEnd = isObject(p.source) ? p.source.logEnd : undefined
    const mapped = isObject(p.mapped) ? p.mapped : {}
    if (!isCount(logEnd) || !isCount(mapped.position)) {
      const why = [mapped.reason, mapped.detail].filter((x) => typeof x === 'string').join(': ')
      partitions.push({ ...base, records: null, seconds: null, note: why || 'not mapped to a source position' })
      continue
    }
    const records = Math.max(0, logEnd - mapped.position)
    let seconds: number | null = 0
    let note: string | null = null
    if (records > 0) {
      const first = p.firstUncopied
      if (isObject(first) && isCount(first.timestamp)) seconds = Math.max(0, (at - first.timestamp) / 1000)
      else if (first === null) seconds = 0 // only transaction markers remain uncopied
      else { seconds = null; note = 'the oldest uncopied record could not be read' }
    }
    partitions.push({ ...base, records, seconds, note })
  }
  return { capturedAt, partitions }
}

/** Per-topic series from samples in journal order (oldest first). */
export function lagView (samples: readonly LagSample[]): LagView {
  const topics = new Map<string, LagPoint[]>()
  for (const sample of samples) {
    const byTopic = new Map<string, PartitionLagFigure[]>()
    for (const p of sample.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p])
    for (const [topic, parts] of byTopic) {
      const known = parts.filter((p) => p.records !== null)
      const timed = parts.filter((p) => p.seconds !== null)
      const point: LagPoint = {
        at: sample.capturedAt,
        records: known.length ? known.reduce((s, p) => s + p.records!, 0) : null,
        seconds: timed.length ? Math.max(...timed.map((p) => p.seconds!)) : null,
        unknown: parts.length - known.length,
      }
      topics.set(topic, [...(topics.get(topic) ?? []), point])
    }
  }
  return {
    available: samples.length > 0,
    series: [...topics].sort(([a], [b]) => a.localeCompare(b)).map(([topic, points]) => ({ topic, points })),
    latest: samples.at(-1) ?? null,
    samples: samples.length,
  }
}
