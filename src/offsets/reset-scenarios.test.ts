import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RollgateError } from '../errors.ts'
import {
  emptyPartitionWarning, listOffsetsTimestamp, type PartitionState, parseIsoDuration, parseKafkaDateTime, planGroupReset, planReset,
  resetPartition, type ResetScenario, timestampBefore,
} from './reset-scenarios.ts'

// orders-0: log [100, 500), committed 250; orders-1: log [0, 40), nothing committed
const p0: PartitionState = { topic: 'orders', partition: 0, current: 250, logStart: 100, logEnd: 500 }
const p1: PartitionState = { topic: 'orders', partition: 1, current: null, logStart: 0, logEnd: 40 }

const planned = (scenario: ResetScenario, state: PartitionState) => {
  if (scenario.kind === 'from-file') throw new Error('use planGroupReset')
  return resetPartition(scenario, state)
}

test('to-earliest, to-latest, to-current: log start, high watermark, committed (log end without a commit); never clamped, no warnings', () => {
  assert.deepEqual(planned({ kind: 'to-earliest' }, p0), { offset: { topic: 'orders', partition: 0, current: 250, planned: 100 }, warnings: [] })
  assert.deepEqual(planned({ kind: 'to-latest' }, p0), { offset: { topic: 'orders', partition: 0, current: 250, planned: 500 }, warnings: [] })
  assert.deepEqual(planned({ kind: 'to-current' }, p0), { offset: { topic: 'orders', partition: 0, current: 250, planned: 250 }, warnings: [] })
  assert.deepEqual(planned({ kind: 'to-current' }, p1), { offset: { topic: 'orders', partition: 1, current: null, planned: 40 }, warnings: [] })
  // a committed offset outside today's log (retention moved the start) is kept as it is by to-current
  assert.equal(planned({ kind: 'to-current' }, { ...p0, current: 50 }).offset.planned, 50)
})

test('to-offset clamps both sides with checkOffsetsRange\'s warnings', () => {
  assert.deepEqual(planned({ kind: 'to-offset', offset: 300 }, p0), { offset: { topic: 'orders', partition: 0, current: 250, planned: 300 }, warnings: [] })
  assert.deepEqual(planned({ kind: 'to-offset', offset: 900 }, p0), {
    offset: { topic: 'orders', partition: 0, current: 250, planned: 500, clampedFrom: 900 },
    warnings: ['New offset (900) is higher than latest offset for topic partition orders-0. Value will be set to 500'],
  })
  assert.deepEqual(planned({ kind: 'to-offset', offset: 7 }, p0), {
    offset: { topic: 'orders', partition: 0, current: 250, planned: 100, clampedFrom: 7 },
    warnings: ['New offset (7) is lower than earliest offset for topic partition orders-0. Value will be set to 100'],
  })
  // the bounds are in range
  assert.deepEqual(planned({ kind: 'to-offset', offset: 500 }, p0).warnings, [])
  assert.deepEqual(planned({ kind: 'to-offset', offset: 100 }, p0).warnings, [])
})

test('shift-by moves the committed offset and clamps; without a commit it fails in the tool\'s words', () => {
  assert.equal(planned({ kind: 'shift-by', shift: -50 }, p0).offset.planned, 200)
  assert.equal(planned({ kind: 'shift-by', shift: 20 }, p0).offset.planned, 270)
  assert.deepEqual(planned({ kind: 'shift-by', shift: 1000 }, p0).warnings, ['New offset (1250) is higher than latest offset for topic partition orders-0. Value will be set to 500'])
  assert.deepEqual(planned({ kind: 'shift-by', shift: -1000 }, p0), {
    offset: { topic: 'orders', partition: 0, current: 250, planned: 100, clampedFrom: -750 },
    warnings: ['New offset (-750) is lower than earliest offset for topic partition orders-0. Value will be set to 100'],
  })
  assert.throws(() => planned({ kind: 'shift-by', shift: 1 }, p1), (e: unknown) => e instanceof RollgateError &&
    e.message === 'Cannot shift offset for partition orders-1 since there is no current committed offset')
})

test('to-datetime and by-duration take ListOffsets\' answer; -1 falls back to the log end with the tool\'s warning; not clamped', () => {
  for (const scenario of [{ kind: 'to-datetime', datetime: '2024-01-01T00:00:00.000' }, { kind: 'by-duration', duration: 'PT1H' }] as const) {
    assert.deepEqual(planned(scenario, { ...p0, offsetForTime: 321 }), { offset: { topic: 'orders', partition: 0, current: 250, planned: 321 }, warnings: [] })
    assert.deepEqual(planned(scenario, { ...p1, offsetForTime: -1 }), {
      offset: { topic: 'orders', partition: 1, current: null, planned: 40 },
      warnings: ['Warn: Partition 1 from topic orders is empty. Falling back to latest known offset.'],
    })
    assert.throws(() => planned(scenario, p0), /needs offsetForTime/)
  }
  assert.equal(emptyPartitionWarning('a.b', 12), 'Warn: Partition 12 from topic a.b is empty. Falling back to latest known offset.')
})

test('from-file: the file\'s rows for the group, clamped; a group without rows or a row without a partition fails', () => {
  const scenario: ResetScenario = {
    kind: 'from-file',
    groups: [
      { group: 'billing', offsets: [{ topic: 'orders', partition: 1, offset: 99 }, { topic: 'orders', partition: 0, offset: 120 }] },
      { group: 'audit', offsets: [{ topic: 'orders', partition: 0, offset: 3 }] },
    ],
  }
  assert.deepEqual(planGroupReset('billing', 'target', scenario, [p0, p1]), {
    plan: {
      group: 'billing',
      cluster: 'target',
      offsets: [
        { topic: 'orders', partition: 1, current: null, planned: 40, clampedFrom: 99 },
        { topic: 'orders', partition: 0, current: 250, planned: 120 },
      ],
    },
    warnings: ['New offset (99) is higher than latest offset for topic partition orders-1. Value will be set to 40'],
  })
  // the scope is the file's: partitions in scope that the file does not name are left alone
  assert.deepEqual(planGroupReset('audit', 'source', scenario, [p0, p1]).plan.offsets, [{ topic: 'orders', partition: 0, current: 250, planned: 100, clampedFrom: 3 }])
  assert.throws(() => planGroupReset('other', 'target', scenario, [p0, p1]), /^RollgateError: No reset plan for group other found$/)
  assert.throws(() => planGroupReset('billing', 'target', scenario, [p0]), /names orders-1, which the cluster being written does not have/)
})

test('planReset: one scenario over several groups, warnings collected in order', () => {
  const plan = planReset({
    createdAt: '2024-05-01T00:00:00.000Z',
    basedOn: 'csv:plan.csv',
    cluster: 'target',
    scenario: { kind: 'to-offset', offset: 45 },
    groups: [{ group: 'a', partitions: [p0, p1] }, { group: 'b', partitions: [p1] }],
  })
  assert.deepEqual(plan, {
    type: 'rollgate.reset-plan/v1',
    createdAt: '2024-05-01T00:00:00.000Z',
    basedOn: 'csv:plan.csv',
    groups: [
      { group: 'a', cluster: 'target', offsets: [{ topic: 'orders', partition: 0, current: 250, planned: 100, clampedFrom: 45 }, { topic: 'orders', partition: 1, current: null, planned: 40, clampedFrom: 45 }] },
      { group: 'b', cluster: 'target', offsets: [{ topic: 'orders', partition: 1, current: null, planned: 40, clampedFrom: 45 }] },
    ],
    warnings: [
      'New offset (45) is lower than earliest offset for topic partition orders-0. Value will be set to 100',
      'New offset (45) is higher than latest offset for topic partition orders-1. Value will be set to 40',
      'New offset (45) is higher than latest offset for topic partition orders-1. Value will be set to 40',
    ],
  })
})

test('--to-datetime: yyyy-MM-ddTHH:mm:ss.SSS, no zone = UTC, Z / ±hh:mm / ±hh (values Kafka 4.3.1\'s Utils.getDateTime returns)', () => {
  assert.equal(parseKafkaDateTime('2024-01-01T00:00:00.000'), 1704067200000) // UTC, whatever the local zone
  assert.equal(parseKafkaDateTime('2024-01-01T00:00:00.000Z'), 1704067200000)
  assert.equal(parseKafkaDateTime('2024-01-01T00:00:00.000+05'), 1704049200000)
  assert.equal(parseKafkaDateTime('2024-01-01T10:00:00.000-03:30'), 1704115800000)
  assert.equal(parseKafkaDateTime('2024-01-01T00:00:00.000-00:00'), 1704067200000)
  assert.equal(parseKafkaDateTime('2024-02-29T00:00:00.000'), 1709164800000)
  assert.equal(parseKafkaDateTime('1970-01-01T00:00:00.000Z'), 0)
  assert.equal(parseKafkaDateTime('2024-05-01T14:30:15.250+02:00'), Date.parse('2024-05-01T12:30:15.250Z'))
})

test('--to-datetime errors: what Java refuses, and what it silently misreads', () => {
  const bad = (text: string, message: RegExp) => assert.throws(() => parseKafkaDateTime(text), (e: unknown) => {
    assert.ok(e instanceof RollgateError)
    assert.equal(e.exitCode, 2)
    assert.match(e.message, message)
    return true
  })
  bad('2024-01-01 00:00:00.000', /It does not contain a 'T' according to ISO8601 format/)
  bad('2024-01-01T00:00:00', /expected yyyy-MM-ddTHH:mm:ss\.SSS/)
  bad('2024-02-30T00:00:00.000', /no day 30 in 2024-02/)
  bad('2023-02-29T00:00:00.000', /no day 29 in 2023-02/)
  bad('2024-13-01T00:00:00.000', /no month 13/)
  bad('2024-01-01T24:00:00.000', /no time 24:00:00/)
  bad('2024-01-01T00:00:60.000', /no time 00:00:60/)
  bad('2024-01-01T00:00:00.000+24:00', /no zone offset \+24:00/)
  bad('2024-01-01T00:00:00.000+05:60', /no zone offset \+05:60/) // Java reads it as +05
  bad('2024-01-01T00:00:00.5', /milliseconds need exactly 3 digits/) // Java: 5 ms
  bad('2024-01-01T00:00:00.1234', /milliseconds need exactly 3 digits/)
  bad('2024-01-01T00:00:00.000+0530', /write the zone as ±hh:mm/) // Java: +05
  bad('2024-01-01T00:00:00.000Zjunk', /expected yyyy-MM-dd/) // Java ignores the rest
  bad('24-01-01T00:00:00.000', /expected yyyy-MM-dd/) // Java: year 24
  bad('2024-01-01T00:00:00.000z', /expected yyyy-MM-dd/)
  bad('1969-12-31T23:59:59.999', /before 1970-01-01T00:00:00\.000Z/) // Java sends -1: latest
  bad('1970-01-01T00:30:00.000+01:00', /before 1970/)
})

test('--by-duration: java.time.Duration.parse (values Java 17 returns)', () => {
  const d = (text: string) => { const x = parseIsoDuration(text); return `${x.seconds}s ${x.nanos}ns` }
  assert.equal(d('PT1H'), '3600s 0ns')
  assert.equal(d('P1D'), '86400s 0ns')
  assert.equal(d('P1DT2H3M4.5S'), '93784s 500000000ns')
  assert.equal(d('-PT1H'), '-3600s 0ns')
  assert.equal(d('PT-1H'), '-3600s 0ns')
  assert.equal(d('-PT-1H'), '3600s 0ns')
  assert.equal(d('pt1h'), '3600s 0ns')
  assert.equal(d('PT1.S'), '1s 0ns')
  assert.equal(d('PT-0.5S'), '-1s 500000000ns')
  assert.equal(d('PT0,5S'), '0s 500000000ns')
  assert.equal(d('PT+1H'), '3600s 0ns')
  assert.equal(d('+PT1H'), '3600s 0ns')
  assert.equal(d('P-1DT1H'), '-82800s 0ns')
  assert.equal(d('PT1H30M'), '5400s 0ns')
  assert.equal(d('PT-1.5S'), '-2s 500000000ns')
  assert.equal(d('PT1.000000001S'), '1s 1ns')
  assert.equal(d('-PT0.0000001S'), '-1s 999999900ns')
  assert.equal(d('PT9223372036854775807S'), '9223372036854775807s 0ns')
  for (const text of ['PT', 'P1DT', 'P', 'P1W', 'P1Y', 'P1M', 'PT1.1234567891S', 'PT1S1M', 'P1DT1H ', ' PT1H', 'P1.5D', 'PT1.5H', '1H', '']) {
    assert.throws(() => parseIsoDuration(text), (e: unknown) => e instanceof RollgateError && e.exitCode === 2 && e.message.startsWith(`invalid ISO-8601 duration '${text}': `), text)
  }
  assert.throws(() => parseIsoDuration('P1M'), /years, months and weeks are not durations/)
  assert.throws(() => parseIsoDuration('PT'), /'T' must be followed by hours, minutes or seconds/)
  assert.throws(() => parseIsoDuration('PT9223372036854775808S'), /overflow a Java long/)
  assert.throws(() => parseIsoDuration('P106751991167301D'), /overflow a Java long/)
})

test('by-duration\'s timestamp is now minus the duration, floored to the millisecond; before 1970 is refused', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z')
  assert.equal(timestampBefore(now, parseIsoDuration('PT1H')), Date.parse('2024-05-01T11:00:00.000Z'))
  assert.equal(timestampBefore(now, parseIsoDuration('PT0.0005S')), now - 1) // Instant.toEpochMilli floors
  assert.equal(timestampBefore(now, parseIsoDuration('-PT1H')), now + 3_600_000) // the future: ListOffsets finds nothing
  assert.throws(() => timestampBefore(now, parseIsoDuration('P20000D')), /before 1970/)
  assert.equal(listOffsetsTimestamp({ kind: 'by-duration', duration: 'P1D' }, now), now - 86_400_000)
  assert.equal(listOffsetsTimestamp({ kind: 'to-datetime', datetime: '2024-01-01T00:00:00.000' }, now), 1704067200000)
  assert.equal(listOffsetsTimestamp({ kind: 'to-latest' }, now), null)
})
