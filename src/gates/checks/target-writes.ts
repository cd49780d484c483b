/**
 * @module gates/checks/target-writes
 * "The target is not written by production clients yet", the pre-replication gate's last question:
 *
 * `target.no-client-writes` — every sampled record on the target's critical topics is a copy of a
 * source record and every producer DescribeProducers lists there wrote copies
 * (target-writes/capture.ts has the rule and why MirrorMaker 2's producer is judged by its records,
 * not its id). `fail` per partition naming the foreign records' offsets and producer ids; `unknown`
 * where a record or producer could not be proven either way, or producer state cannot be listed.
 *
 * `target.no-client-consumers` — no consumer-group member on the target reads a critical topic's
 * copy, and no critical group of the plan has members there. Groups the plan allows on the target
 * (`gates.shadowRead.allowedGroups`) are left out; MirrorMaker 2 itself reads the source, so it
 * never appears here.
 */
import { needSide, needSnapshot, unknownResult } from '../evidence.ts'
import { selectTopics, targetTopicName } from '../select-topics.ts'
import type { Check, CheckResult } from '../types.ts'

const writesId = 'target.no-client-writes'

export const targetNoClientWrites: Check = {
  id: writesId,
  title: 'nothing but the replicator writes to the target\'s critical topics (records are copies of source records)',
  run: (input) => {
    const snapshot = needSnapshot(input, writesId)
    if (!snapshot.ok) return [snapshot.unknown]
    const evidence = snapshot.value.targetWrites
    if (evidence === undefined) return [unknownResult(writesId, 'target', 'the snapshot holds no target-writes evidence (taken before rollgate captured it): take a new snapshot')]
    if (evidence.status !== 'ok') return [unknownResult(writesId, 'target', `target writes could not be captured (${evidence.status}): ${evidence.error}`, { at: evidence.at })]
    const results: CheckResult[] = []
    const passed = new Map<string, { partitions: number, sampled: number, copies: number, producers: Set<string> }>()
    for (const p of evidence.partitions) {
      const subject = `${p.targetTopic}-${p.partition}`
      const foreignProducers = (p.producers ?? []).filter((x) => x.verdict === 'foreign').map((x) => x.producerId)
      const unresolved = (p.producers ?? []).filter((x) => x.verdict === 'unresolved').map((x) => x.producerId)
      const facts = { topic: p.topic, targetTopic: p.targetTopic, partition: p.partition, logStart: p.logStart, logEnd: p.logEnd, sampled: p.sampled, copies: p.copies, foreign: p.foreign, producers: p.producers }
      if (p.foreignCount > 0) {
        const ids = [...new Set([...p.foreign.map((f) => f.producerId), ...foreignProducers])]
        const offsets = p.foreign.map((f) => f.offset).join(', ')
        results.push({
          id: writesId, status: 'fail', subject, evidence: facts,
          message: `${p.foreignCount} of ${p.sampled} sampled record(s) are not copies of source records (offsets ${offsets}${p.foreignCount > p.foreign.length ? ', …' : ''}; producer id(s) ${ids.map((i) => (i === '-1' ? '-1 (not idempotent)' : i)).join(', ')}): a client writes to the target directly`,
        })
      } else if (p.error !== null) {
        results.push(unknownResult(writesId, subject, `not sampled: ${p.error}`, facts))
      } else if (p.unproven > 0) {
        results.push(unknownResult(writesId, subject, `${p.unproven} of ${p.sampled} sampled record(s) neither found on the source nor proven foreign: ${p.unprovenReason}`, facts))
      } else if (unresolved.length > 0) {
        results.push(unknownResult(writesId, subject, `producer id(s) ${unresolved.join(', ')} have state on the partition but none of their records could be sampled: who they are is not known`, facts))
      } else if (p.producers === null && p.logEnd > p.logStart) {
        results.push(unknownResult(writesId, subject, `DescribeProducers is not available on the target (${evidence.producersUnsupported ?? 'unsupported'}): only the ${p.sampled} newest record(s) were checked, earlier writes by other producers cannot be excluded`, facts))
      } else {
        const t = passed.get(p.targetTopic) ?? { partitions: 0, sampled: 0, copies: 0, producers: new Set<string>() }
        t.partitions++
        t.sampled += p.sampled
        t.copies += p.copies
        for (const x of p.producers ?? []) t.producers.add(x.producerId)
        passed.set(p.targetTopic, t)
      }
    }
    for (const [topic, t] of passed) {
      results.push({
        id: writesId, status: 'pass', subject: topic, evidence: { partitions: t.partitions, sampled: t.sampled, copies: t.copies, replicatorProducers: [...t.producers] },
        message: t.sampled === 0
          ? `${t.partitions} partition(s), no record and no producer on the target`
          : `${t.partitions} partition(s): all ${t.sampled} sampled record(s) are copies of source records; producer(s) ${[...t.producers].join(', ') || 'none with state'} wrote copies only`,
      })
    }
    if (results.length === 0) results.push({ id: writesId, status: 'pass', subject: 'target', message: 'no critical topic has a copy on the target yet: nothing written there', evidence: { partitions: 0 } })
    return results
  },
}

const consumersId = 'target.no-client-consumers'

export const targetNoClientConsumers: Check = {
  id: consumersId,
  title: 'no consumer-group member on the target reads the critical topics, no critical group has members there',
  run: (input) => {
    const source = needSide(input, 'source', consumersId)
    if (!source.ok) return [source.unknown]
    const target = needSide(input, 'target', consumersId)
    if (!target.ok) return [target.unknown]
    const copies = new Set(selectTopics(input.plan, source.value).topics.filter((t) => t.criticality === 'critical').map((t) => targetTopicName(input.plan, t.name)))
    const critical = new Set(input.plan.groups.filter((g) => g.criticality === 'critical').map((g) => g.name))
    const allowed = new Set(input.plan.gates.shadowRead?.allowedGroups ?? [])
    const results: CheckResult[] = []
    for (const group of target.value.groups) {
      if (group.members.length === 0 || allowed.has(group.id)) continue
      const reading = [...new Set(group.members.flatMap((m) => m.assignments.map((a) => a.topic)).filter((t) => copies.has(t)))].sort()
      if (reading.length === 0 && !critical.has(group.id)) continue
      results.push({
        id: consumersId, status: 'fail', subject: group.id,
        message: `${group.members.length} member(s) on the target (state ${group.state})${reading.length ? ` reading ${reading.join(', ')}` : ', and it is a critical group of the plan'}: clients already consume from the target (${group.members.slice(0, 3).map((m) => `${m.clientId}@${m.host}`).join(', ')})`,
        evidence: { state: group.state, topics: reading, members: group.members.map((m) => ({ clientId: m.clientId, host: m.host })) },
      })
    }
    if (results.length > 0) return results
    return [{ id: consumersId, status: 'pass', subject: 'target', message: `no group member on the target reads the ${copies.size} critical topic copy(ies) or belongs to a critical group${allowed.size ? ` (allowed: ${[...allowed].join(', ')})` : ''}`, evidence: { topics: copies.size } }]
  },
}
