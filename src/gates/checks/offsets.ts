/**
 * @module gates/checks/offsets
 * The offset gate's checks, on the recorded translation (`rollgate offsets translate`): every
 * critical group has a captured source position (its rollback position), a target position that is
 * translated — and proven by content where the strategy is `exact` — with replay within the plan's
 * maximum, and is not active on the target, where it could commit surprise offsets. Missing or stale
 * translation evidence makes every one of them `unknown`.
 */
import { formatDuration, needSide, unknownResult } from '../evidence.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'

type Offsets = NonNullable<GateInput['offsets']>

function needOffsets (input: GateInput, id: string): { ok: true, value: Offsets } | { ok: false, unknown: CheckResult } {
  const o = input.offsets
  if (!o) return { ok: false, unknown: unknownResult(id, 'offsets', 'no offset translation recorded: run `rollgate offsets translate`') }
  if (o.translation.direction !== 'source-to-target') return { ok: false, unknown: unknownResult(id, 'offsets', 'the recorded translation is target-to-source: the offset gate needs source-to-target') }
  const age = input.now.getTime() - Date.parse(o.translation.translatedAt)
  if (!(age >= 0 && age <= input.plan.gates.evidenceMaxAge)) {
    return { ok: false, unknown: unknownResult(id, 'offsets', `the offset translation is ${formatDuration(age)} old, older than gates.evidenceMaxAge ${formatDuration(input.plan.gates.evidenceMaxAge)}: run \`rollgate offsets translate\``, { translationId: o.translationId, translatedAt: o.translation.translatedAt }) }
  }
  return { ok: true, value: o }
}

const offsetsCheck = (id: string, title: string, run: (input: GateInput, offsets: Offsets) => CheckResult[]): Check => ({
  id,
  title,
  run: (input) => {
    const o = needOffsets(input, id)
    if (!o.ok) return [o.unknown]
    const critical = input.plan.groups.filter((g) => g.criticality === 'critical')
    if (critical.length === 0) return [{ id, status: 'warn', subject: 'groups', message: 'the plan names no critical consumer group', evidence: null }]
    return run(input, o.value)
  },
})

export const sourcePositionCaptured = offsetsCheck('offsets.source-position-captured',
  'every critical group has a captured source position: its rollback position', (input, { capture, translationId }) =>
    input.plan.groups.filter((g) => g.criticality === 'critical').map((g): CheckResult => {
      const id = 'offsets.source-position-captured'
      const found = capture.groups.find((c) => c.group === g.name)
      const committed = found?.partitions.filter((p) => p.committed !== null) ?? []
      const evidence = { translationId, capturedAt: capture.capturedAt, state: found?.state ?? null, partitions: committed.map((p) => ({ topic: p.topic, partition: p.partition, committed: p.committed })) }
      if (g.strategy === 'app-checkpoint' || g.strategy === 'reset-earliest' || g.strategy === 'reset-latest') {
        return { id, status: 'pass', subject: g.name, message: `strategy ${g.strategy}: the position is not taken from committed offsets (documented in the plan)`, evidence }
      }
      if (!found || committed.length === 0) return { id, status: 'fail', subject: g.name, message: 'no committed offsets captured on the source: there is no rollback position', evidence }
      const missing = found.partitions.filter((p) => p.committed === null)
      if (missing.length) return { id, status: 'fail', subject: g.name, message: `${missing.length} assigned partition(s) without a committed offset: ${missing.map((p) => `${p.topic}-${p.partition}`).join(', ')}`, evidence }
      return { id, status: 'pass', subject: g.name, message: `${committed.length} partition(s) captured at ${capture.capturedAt} (state ${found.state})`, evidence }
    }))

export const positionTranslated = offsetsCheck('offsets.translated',
  'every critical group has a target position, never ahead; `exact` groups proven by content', (input, { translation, translationId }) =>
    input.plan.groups.filter((g) => g.criticality === 'critical').map((g): CheckResult => {
      const id = 'offsets.translated'
      const parts = translation.partitions.filter((p) => p.group === g.name)
      const evidence = { translationId, partitions: parts.map((p) => ({ topic: p.topic, partition: p.partition, from: p.from, to: p.to, method: p.method, replay: p.replay, untranslatable: p.untranslatable, note: p.note })) }
      if (g.strategy === 'app-checkpoint') return { id, status: 'pass', subject: g.name, message: 'app-checkpoint: the application keeps its own position (nothing to translate)', evidence }
      if (parts.length === 0) return { id, status: 'fail', subject: g.name, message: 'no partition of the group was translated', evidence }
      const failed = parts.filter((p) => p.to === null)
      if (failed.length) {
        return { id, status: 'fail', subject: g.name, message: `${failed.length} of ${parts.length} partition(s) untranslatable: ${failed.slice(0, 3).map((p) => `${p.topic}-${p.partition} (${p.untranslatable}${p.note ? `: ${p.note}` : ''})`).join('; ')}`, evidence }
      }
      if (g.strategy === 'exact') {
        const unproven = parts.filter((p) => p.method !== 'content-proof')
        if (unproven.length) return { id, status: 'warn', subject: g.name, message: `${unproven.length} of ${parts.length} partition(s) not proven by content, positioned by the offset-sync rule instead (safe, may re-read): ${unproven.slice(0, 3).map((p) => `${p.topic}-${p.partition}: ${p.note}`).join('; ')}`, evidence }
        return { id, status: 'pass', subject: g.name, message: `${parts.length} partition(s) proven by content: zero replay`, evidence }
      }
      return { id, status: 'pass', subject: g.name, message: `${parts.length} partition(s) translated by ${[...new Set(parts.map((p) => p.method))].join(', ')}`, evidence }
    }))

export const replayWithinMax = offsetsCheck('offsets.replay-within-max',
  'the replay each critical group will see stays within its maxReplay', (input, { translation, translationId }) =>
    input.plan.groups.filter((g) => g.criticality === 'critical').map((g): CheckResult => {
      const id = 'offsets.replay-within-max'
      const parts = translation.partitions.filter((p) => p.group === g.name && p.to !== null)
      const max = g.maxReplay?.records
      const replays = parts.map((p) => p.replay)
      const total = replays.every((r) => r !== null) ? replays.reduce<number>((s, r) => s + (r ?? 0), 0) : null
      const evidence = { translationId, maxReplayRecords: max ?? null, totalReplay: total, perPartition: parts.map((p) => ({ topic: p.topic, partition: p.partition, replay: p.replay })) }
      if (max === undefined) return { id, status: 'pass', subject: g.name, message: `no maxReplay in the plan; replay ${total === null ? 'not bounded' : `${total} record(s)`}`, evidence }
      if (total === null) return { id, status: 'unknown', subject: g.name, message: `maxReplay is ${max} record(s) but the replay of strategy ${g.strategy} cannot be bounded for every partition`, evidence }
      if (total > max) return { id, status: 'fail', subject: g.name, message: `replay ${total} record(s) exceeds maxReplay ${max}`, evidence }
      return { id, status: 'pass', subject: g.name, message: `replay ${total} record(s) within maxReplay ${max}`, evidence }
    }))

export const inactiveOnTarget: Check = {
  id: 'offsets.inactive-on-target',
  title: 'no critical group has live members on the target (no surprise commits there)',
  run: (input) => {
    const id = 'offsets.inactive-on-target'
    const target = needSide(input, 'target', id)
    if (!target.ok) return [target.unknown]
    return input.plan.groups.filter((g) => g.criticality === 'critical').map((g): CheckResult => {
      const found = target.value.groups.find((x) => x.id === g.name)
      const evidence = { state: found?.state ?? null, members: found?.members.map((m) => ({ clientId: m.clientId, host: m.host })) ?? [] }
      if (found && found.members.length > 0) return { id, status: 'fail', subject: g.name, message: `${found.members.length} live member(s) on the target (state ${found.state}): it can commit offsets there before the switch`, evidence }
      return { id, status: 'pass', subject: g.name, message: found ? `on the target with no members (state ${found.state})` : 'not on the target yet', evidence }
    })
  },
}
