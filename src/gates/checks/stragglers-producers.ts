/**
 * @module gates/checks/stragglers-producers
 * `stragglers.producers-on-source`: after producer cutover nothing still writes to the source's
 * critical topics. A producer left on the source writes records the target never sees (replication
 * only runs source → target for those topics), so they are lost to every consumer that moved.
 * Two kinds of evidence, each naming topic and partition:
 * - DescribeProducers on the source (the snapshot's `sourceProducers`): a producer whose last write
 *   is later than the cutover moment (idempotent and transactional producers; the default since
 *   Kafka 3.0);
 * - log-end movement: a partition whose log end is higher now than in the first snapshot after the
 *   cutover moment — any producer, idempotent or not.
 * A reverse MirrorMaker 2 flow writes to the source too, but only to its `<targetAlias>.<topic>`
 * copies, which are not critical topics and are left out. Before producer cutover the check is
 * `unknown`: producers legitimately own the source then.
 */
import { criticalSourceTopics } from '../../stragglers/capture.ts'
import { evidenceCheck, formatDuration, unknownResult } from '../evidence.ts'
import type { CheckResult } from '../types.ts'

const id = 'stragglers.producers-on-source'

interface Straggler { topic: string, partition: number, producers: Array<{ producerId: string, lastWrite: string }>, logEnd: { baseline: number, now: number } | null }

export const producerStragglers = evidenceCheck({
  id,
  title: 'nothing writes to the source\'s critical topics after producer cutover',
  sides: ['source'],
  run: ({ plan, phase, evidenceId }, { source }, snapshot) => {
    if (phase === undefined || phase === null) return [unknownResult(id, 'phase', 'the current phase is not known (no journal was read)')]
    const cutover = phase.producerCutover
    if (cutover === null) return [unknownResult(id, 'phase', `phase ${phase.current}: producer cutover has not happened, producers still own the source (stragglers are judged from producers-on-target on)`, { phase: phase.current })]
    const cutoverMs = Date.parse(cutover.at)
    const critical = new Set(criticalSourceTopics(plan, source.topics))
    const stragglers = new Map<string, Straggler>()
    const entry = (topic: string, partition: number): Straggler => {
      const key = `${topic}:${partition}`
      let s = stragglers.get(key)
      if (!s) stragglers.set(key, s = { topic, partition, producers: [], logEnd: null })
      return s
    }
    const used: string[] = []
    const missing: string[] = []
    const producers = snapshot.sourceProducers
    if (producers?.status === 'ok') {
      used.push('DescribeProducers')
      for (const p of producers.partitions) {
        if (!critical.has(p.topic)) continue
        for (const producer of p.producers) {
          if (producer.lastTimestamp > cutoverMs) entry(p.topic, p.partition).producers.push({ producerId: producer.producerId, lastWrite: new Date(producer.lastTimestamp).toISOString() })
        }
      }
    } else {
      missing.push(producers === undefined ? 'the snapshot has no DescribeProducers evidence' : producers.status === 'unsupported' ? producers.reason : `DescribeProducers failed: ${producers.error}`)
    }
    const baseline = cutover.baseline
    if (baseline !== null && baseline.evidenceId !== evidenceId && baseline.snapshot.sides?.source?.status === 'ok') {
      used.push(`log ends since ${baseline.snapshot.capturedAt}`)
      const before = new Map(baseline.snapshot.sides.source.inventory.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}:${p.partition}`, p.latest] as const)))
      for (const t of source.topics) {
        if (!critical.has(t.name)) continue
        for (const p of t.partitions) {
          const was = before.get(`${t.name}:${p.partition}`)
          if (was !== undefined && p.latest > was) entry(t.name, p.partition).logEnd = { baseline: was, now: p.latest }
        }
      }
    } else {
      missing.push(baseline === null ? `no snapshot recorded after the cutover moment (${cutover.at}) to compare log ends with` : baseline.evidenceId === evidenceId ? 'this snapshot is the first after cutover: log-end movement needs a later one' : 'the baseline snapshot has no source evidence')
    }
    if (used.length === 0) return [unknownResult(id, 'source', `no evidence of writes to the source after cutover: ${missing.join('; ')}`, { cutoverAt: cutover.at, missing })]
    const since = `since producer cutover (${cutover.at}, ${formatDuration(Date.parse(snapshot.capturedAt) - cutoverMs)} before this snapshot)`
    if (stragglers.size === 0) {
      return [{ id, status: 'pass', subject: 'source', message: `nothing wrote to the source's ${critical.size} critical topic(s) ${since} (${used.join(' and ')})`, evidence: { cutoverAt: cutover.at, used, missing, topics: [...critical].sort() } }]
    }
    return [...stragglers.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition).map((s): CheckResult => {
      const how = [
        ...(s.producers.length ? [`producer(s) ${s.producers.map((p) => `${p.producerId} (last write ${p.lastWrite})`).join(', ')}`] : []),
        ...(s.logEnd ? [`log end ${s.logEnd.baseline} → ${s.logEnd.now} (+${s.logEnd.now - s.logEnd.baseline})`] : []),
      ]
      return { id, status: 'fail', subject: `${s.topic}-${s.partition}`, message: `source topic ${s.topic} partition ${s.partition} is still written to ${since}: ${how.join('; ')} — find the producer and switch it to the target`, evidence: { cutoverAt: cutover.at, ...s } }
    })
  },
})
