/**
 * @module offsets/reset-scenarios
 * The offsets kafka-consumer-groups `--reset-offsets` would commit, per scenario, computed from
 * facts read beforehand (committed offset, log start, high watermark, ListOffsets by timestamp) —
 * the rules of ConsumerGroupCommand/OffsetsUtils, checked against Kafka 4.3.1. Pure.
 *
 * - to-offset, shift-by, from-file: the requested offset clamped into [log start, log end]
 *   (checkOffsetsRange: above the log end first, then below the log start), with its warnings;
 * - to-earliest: the log start; to-latest: the log end (high watermark); to-current: the committed
 *   offset, or the log end when nothing is committed; none of these is clamped;
 * - to-datetime, by-duration: ListOffsets by timestamp; when it finds nothing (-1) the log end, with
 *   the tool's "is empty. Falling back to latest known offset." warning; not clamped.
 */
import { badInput } from '../errors.ts'
import type { SideName } from '../snapshot/types.ts'
import { clampOffset } from './apply-rule.ts'
import type { GroupResetPlan, PlannedOffset, ResetPlan } from './types.ts'

/** What the tool reads about one partition before it computes the new offset. */
export interface PartitionState {
  topic: string
  partition: number
  /** the group's committed offset on the cluster being written; null when nothing is committed */
  current: number | null
  logStart: number
  /** high watermark */
  logEnd: number
  /** to-datetime / by-duration: ListOffsets for the scenario's timestamp; -1 when no record qualifies */
  offsetForTime?: number
}

export type ResetScenario =
  | { kind: 'to-offset', offset: number }
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'shift-by', shift: number }
  /** `yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]`, see parseKafkaDateTime */
  | { kind: 'to-datetime', datetime: string }
  /** an ISO-8601 duration before now, see parseIsoDuration */
  | { kind: 'by-duration', duration: string }
  /** rows of a `--from-file` CSV, per group (parseOffsetsCsv) */
  | { kind: 'from-file', groups: ReadonlyArray<{ group: string, offsets: ReadonlyArray<{ topic: string, partition: number, offset: number }> }> }

/** One partition's scenario: from-file is reduced to the offset its row asks for. */
export type PartitionScenario = Exclude<ResetScenario, { kind: 'from-file' }> | { kind: 'from-file', offset: number }

export interface PartitionReset { offset: PlannedOffset, warnings: string[] }

/** OffsetsUtils.getLogTimestampOffsets' line (printed to stdout after a blank line). */
export function emptyPartitionWarning (topic: string, partition: number): string {
  return `Warn: Partition ${partition} from topic ${topic} is empty. Falling back to latest known offset.`
}

function clamped (state: PartitionState, requested: number): PartitionReset {
  const { offset, warning } = clampOffset(state.topic, state.partition, requested, state)
  const planned: PlannedOffset = { topic: state.topic, partition: state.partition, current: state.current, planned: offset }
  if (offset !== requested) planned.clampedFrom = requested
  return { offset: planned, warnings: warning ? [warning] : [] }
}

const unclamped = (state: PartitionState, planned: number, warnings: string[] = []): PartitionReset =>
  ({ offset: { topic: state.topic, partition: state.partition, current: state.current, planned }, warnings })

/** The offset kafka-consumer-groups computes for one partition, and the warnings it prints. */
export function resetPartition (scenario: PartitionScenario, state: PartitionState): PartitionReset {
  switch (scenario.kind) {
    case 'to-offset':
      return clamped(state, scenario.offset)
    case 'from-file':
      return clamped(state, scenario.offset)
    case 'shift-by':
      if (state.current === null) {
        // OffsetsUtils.resetByShiftBy's IllegalArgumentException, word for word
        throw badInput(`Cannot shift offset for partition ${state.topic}-${state.partition} since there is no current committed offset`)
      }
      return clamped(state, state.current + scenario.shift)
    case 'to-earliest':
      return unclamped(state, state.logStart)
    case 'to-latest':
      return unclamped(state, state.logEnd)
    case 'to-current':
      return unclamped(state, state.current ?? state.logEnd)
    case 'to-datetime':
    case 'by-duration': {
      const found = state.offsetForTime
      if (found === undefined) throw new Error(`${scenario.kind} needs offsetForTime (ListOffsets by timestamp) for ${state.topic}-${state.partition}`)
      return found === -1 ? unclamped(state, state.logEnd, [emptyPartitionWarning(state.topic, state.partition)]) : unclamped(state, found)
    }
  }
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`

/**
 * One group's plan. `partitions` are the partitions in scope (--topic / --all-topics resolved by the
 * caller); for from-file the scope is the file's rows for the group, and `partitions` must hold the
 * state of each of them.
 */
export function planGroupReset (group: string, cluster: SideName, scenario: ResetScenario, partitions: readonly PartitionState[]): { plan: GroupResetPlan, warnings: string[] } {
  const resets: PartitionReset[] = []
  if (scenario.kind === 'from-file') {
    const rows = scenario.groups.find((g) => g.group === group)
    // OffsetsUtils.resetFromFile prints this as an error and resets nothing for the group
    if (!rows) throw badInput(`No reset plan for group ${group} found`)
    const byKey = new Map(partitions.map((p) => [tpKey(p.topic, p.partition), p]))
    for (const row of rows.offsets) {
      const state = byKey.get(tpKey(row.topic, row.partition))
      if (!state) throw badInput(`the reset plan for group '${group}' names ${row.topic}-${row.partition}, which the cluster being written does not have`)
      resets.push(resetPartition({ kind: 'from-file', offset: row.offset }, state))
    }
  } else {
    for (const state of partitions) resets.push(resetPartition(scenario, state))
  }
  return { plan: { group, cluster, offsets: resets.map((r) => r.offset) }, warnings: resets.flatMap((r) => r.warnings) }
}

/** A whole reset plan: one scenario over several groups, warnings in the tool's words. */
export function planReset (input: {
  createdAt: string
  basedOn: string
  cluster: SideName
  scenario: ResetScenario
  groups: ReadonlyArray<{ group: string, partitions: readonly PartitionState[] }>
}): ResetPlan {
  const groups: GroupResetPlan[] = []
  const warnings: string[] = []
  for (const g of input.groups) {
    const { plan, warnings: w } = planGroupReset(g.group, input.cluster, input.scenario, g.partitions)
    groups.push(plan)
    warnings.push(...w)
  }
  return { type: 'rollgate.reset-plan/v1', createdAt: input.createdAt, basedOn: input.basedOn, groups, warnings }
}

/** The timestamp to ask ListOffsets for (to-datetime, by-duration); null for the other scenarios. */
export function listOffsetsTimestamp (scenario: ResetScenario, nowMs: number): number | null {
  if (scenario.kind === 'to-datetime') return parseKafkaDateTime(scenario.datetime)
  if (scenario.kind === 'by-duration') return timestampBefore(nowMs, parseIsoDuration(scenario.duration))
  return null
}

const dateTimeShape = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})(Z|[+-][0-9]{2}(?::[0-9]{2})?)?$/
const dateTimeHelp = 'expected yyyy-MM-ddTHH:mm:ss.SSS, optionally followed by Z, ±hh:mm or ±hh (no zone = UTC), ' +
  'e.g. 2024-05-01T12:00:00.000 or 2024-05-01T14:00:00.000+02:00'

/**
 * `--to-datetime`: Utils.getDateTime — `yyyy-MM-dd'T'HH:mm:ss.SSS` with an optional zone `Z`,
 * `±hh:mm` (XXX) or `±hh` (X); without a zone the time is UTC (the tool appends `Z`). Returns epoch
 * milliseconds. Stricter than Java's non-lenient SimpleDateFormat where it silently misreads: it
 * reads `.5` as 5 ms, `+0530` as +05, ignores trailing text, takes 1- or 5-digit fields — here those
 * are errors. Instants before 1970 are refused: ListOffsets reads -1 and -2 as latest and earliest.
 */
export function parseKafkaDateTime (text: string): number {
  const bad = (why: string) => badInput(`invalid date-time '${text}': ${why}`)
  if (text.split('T').length < 2) throw bad('Error parsing timestamp. It does not contain a \'T\' according to ISO8601 format')
  const m = dateTimeShape.exec(text)
  if (!m) {
    if (/\.[0-9]{1,2}(?![0-9])/.test(text) || /\.[0-9]{4,}/.test(text)) throw bad(`the milliseconds need exactly 3 digits (kafka-consumer-groups reads .5 as 5 ms); ${dateTimeHelp}`)
    if (/[+-][0-9]{4}$/.test(text)) throw bad(`write the zone as ±hh:mm (kafka-consumer-groups would read +0530 as +05); ${dateTimeHelp}`)
    throw bad(dateTimeHelp)
  }
  const [year, month, day, hour, minute, second, milli] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number]
  const zone = m[8] ?? 'Z'
  const monthEnd = new Date(0)
  monthEnd.setUTCFullYear(year, month, 0) // day 0 of the next month: the last day of this one
  const daysInMonth = monthEnd.getUTCDate()
  if (month < 1 || month > 12) throw bad(`no month ${month}`)
  if (day < 1 || day > daysInMonth) throw bad(`no day ${day} in ${m[1]}-${m[2]}`)
  if (hour > 23 || minute > 59 || second > 59) throw bad(`no time ${m[4]}:${m[5]}:${m[6]} (hours 00-23, minutes and seconds 00-59)`)
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3))
    const zm = zone.length > 3 ? Number(zone.slice(4, 6)) : 0
    if (zh > 23 || zm > 59) throw bad(`no zone offset ${zone}`)
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm)
  }
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day) // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written
  utc.setUTCHours(hour, minute, second, milli)
  const ms = utc.getTime() - offsetMinutes * 60_000
  if (ms < 0) throw bad('it is before 1970-01-01T00:00:00.000Z, and ListOffsets reads negative timestamps as special values (-1 latest, -2 earliest)')
  return ms
}

/** A java.time.Duration: `seconds` (may be negative) plus `nanos` in [0, 999999999]. */
export interface IsoDuration { seconds: bigint, nanos: number }

const durationShape = /^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$/i
const longMax = (1n << 63n) - 1n
const longMin = -(1n << 63n)

/**
 * `--by-duration`: java.time.Duration.parse — `[±]PnDTnHnMn.nS`, each number signed, case-insensitive,
 * up to 9 fraction digits after `.` or `,` (the seconds' sign applies to the fraction), at least one
 * part, and a `T` only with a time part. No years, months or weeks (those are Periods).
 */
export function parseIsoDuration (text: string): IsoDuration {
  const bad = (why: string) => badInput(`invalid ISO-8601 duration '${text}': ${why}`)
  const help = 'expected [-]PnDTnHnMn.nS, e.g. PT30M, PT1H, P1DT12H, P7D (java.time.Duration: days, hours, minutes, seconds only)'
  const m = durationShape.exec(text)
  if (!m) {
    if (/^[-+]?P.*[YW]/i.test(text) || /^[-+]?P[^T]*[0-9]M/i.test(text)) throw bad(`years, months and weeks are not durations; ${help}`)
    throw bad(help)
  }
  const [, sign, days, t, hours, minutes, secs, fraction] = m
  if (t !== undefined && hours === undefined && minutes === undefined && secs === undefined) throw bad(`'T' must be followed by hours, minutes or seconds; ${help}`)
  if (days === undefined && hours === undefined && minutes === undefined && secs === undefined) throw bad(`no days, hours, minutes or seconds; ${help}`)
  // exact arithmetic in Java's long range (Math.multiplyExact / addExact): overflow is an error
  const inLong = (value: bigint, what: string) => {
    if (value > longMax || value < longMin) throw bad(`the ${what} overflow a Java long`)
    return value
  }
  const part = (value: string | undefined, unit: bigint, what: string) => (value === undefined ? 0n : inLong(inLong(BigInt(value), what) * unit, what))
  const [d, h, min, sec] = [part(days, 86400n, 'days'), part(hours, 3600n, 'hours'), part(minutes, 60n, 'minutes'), part(secs, 1n, 'seconds')]
  // summed in Java's order: days + (hours + (minutes + seconds)), each step exact
  const seconds = inLong(d + inLong(h + inLong(min + sec, 'seconds'), 'seconds'), 'seconds')
  let nanos = fraction ? BigInt(fraction.padEnd(9, '0')) : 0n
  if (secs?.startsWith('-')) nanos = -nanos
  let total = seconds * 1_000_000_000n + nanos
  if (sign === '-') total = -total
  const floorSeconds = total >= 0n ? total / 1_000_000_000n : -((-total + 999_999_999n) / 1_000_000_000n)
  inLong(floorSeconds, 'seconds')
  return { seconds: floorSeconds, nanos: Number(total - floorSeconds * 1_000_000_000n) }
}

/**
 * `--by-duration`'s timestamp: `Instant.now().minus(duration).toEpochMilli()` (which floors). A
 * negative duration lands in the future, where ListOffsets finds nothing and the tool falls back to
 * the log end; a duration reaching before 1970 is refused (negative timestamps are special values).
 */
export function timestampBefore (nowMs: number, duration: IsoDuration): number {
  const nanos = BigInt(nowMs) * 1_000_000n - (duration.seconds * 1_000_000_000n + BigInt(duration.nanos))
  const ms = nanos >= 0n ? nanos / 1_000_000n : -((-nanos + 999_999n) / 1_000_000n)
  if (ms < 0n) throw badInput(`the duration reaches before 1970-01-01T00:00:00.000Z: ListOffsets reads negative timestamps as special values (-1 latest, -2 earliest)`)
  if (ms > BigInt(Number.MAX_SAFE_INTEGER)) throw badInput('the duration reaches too far into the future')
  return Number(ms)
}
