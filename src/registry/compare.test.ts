import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compareRegistries } from './compare.ts'
import { orderV1, orderV2, paymentV1, registry, schemaVersion, subject } from './fixtures.ts'

const plan = {}
const line = (d: { status: string, aspect: string, subject: string, key: string | null }) => `${d.status} ${d.aspect} ${d.subject}${d.key ? ` [${d.key}]` : ''}`

test('identical registries: no difference; every aspect matched per subject', () => {
  const c = compareRegistries(plan, registry(), registry())
  assert.deepEqual(c.differences, [])
  assert.deepEqual(c.matches.map((m) => `${m.aspect} ${m.subject}`), [
    'compatibility (global)', 'mode (global)',
    'subject orders-value', 'schema orders-value', 'id orders-value', 'compatibility orders-value', 'mode orders-value',
    'subject payments-value', 'schema payments-value', 'id payments-value', 'compatibility payments-value', 'mode payments-value',
  ])
})

test('formatting differences are not differences', () => {
  const pretty = registry({ subjects: [subject('orders-value', [schemaVersion(1, 11, JSON.stringify(JSON.parse(orderV1), null, 2)), schemaVersion(2, 12, orderV2)]), subject('payments-value', [schemaVersion(1, 21, paymentV1)])] })
  assert.deepEqual(compareRegistries(plan, registry(), pretty).differences, [])
})

test('each difference once, with both values: missing subject, version, schema, references, id, levels, modes', () => {
  const target = registry({
    compatibility: 'NONE',
    mode: 'IMPORT',
    subjects: [
      subject('orders-value', [
        schemaVersion(1, 31, orderV1, { references: [{ name: 'Money', subject: 'money-value', version: 1 }] }),
        schemaVersion(2, 12, orderV1),
        schemaVersion(3, 13, orderV2),
      ], { compatibility: 'FULL' }),
      subject('extra-value', [schemaVersion(1, 99, paymentV1)]),
    ],
  })
  const c = compareRegistries(plan, registry(), target)
  assert.deepEqual(c.differences.map(line), [
    'fail compatibility (global) [compatibility]',
    'warn mode (global) [mode]',
    'fail schema orders-value [version 1 references]',
    'fail id orders-value [version 1]',
    'fail schema orders-value [version 2]',
    'fail version orders-value [version 3]',
    'fail compatibility orders-value [compatibility]',
    'fail subject payments-value',
    'warn subject extra-value',
  ])
  const byKey = (aspect: string, key: string | null) => c.differences.find((d) => d.aspect === aspect && d.key === key)!
  assert.equal(byKey('compatibility', 'compatibility').message, 'the global compatibility differs: source BACKWARD (global), target NONE (global): the target registry accepts other schema evolutions than the source')
  assert.deepEqual([byKey('id', 'version 1').source, byKey('id', 'version 1').target], [11, 31])
  assert.match(byKey('id', 'version 1').message, /schema ID 11 on the source and 31 on the target/)
  assert.match(byKey('schema', 'version 2').message, /^version 2 has another schema: source AVRO sha256:[0-9a-f]{12} .*qty.*; target AVRO sha256:/)
  assert.match(byKey('schema', 'version 1 references').message, /source none; target Money → money-value v1/)
  assert.match(byKey('version', 'version 3').message, /exists only on the target \(ID 13/)
  const subjectLevel = c.differences.find((d) => d.aspect === 'compatibility' && d.subject === 'orders-value')!
  assert.equal(subjectLevel.message, 'the effective compatibility differs: source BACKWARD (global), target FULL (subject): the target subject accepts other schema evolutions than the source')
  assert.deepEqual(subjectLevel.source, { value: 'BACKWARD', from: 'global' })
  assert.equal(c.differences.find((d) => d.subject === 'payments-value')!.message, 'missing on the target registry (source has version(s) 1)')
  assert.match(byKey('mode', 'mode').message, /source READWRITE, target IMPORT \(IMPORT is how schemas are copied with their IDs/)
})

test('a subject-level setting equal to the other side\'s global one is no difference; READONLY on the target fails', () => {
  const source = registry({ subjects: [subject('orders-value', [schemaVersion(1, 11, orderV1)], { compatibility: 'BACKWARD' })] })
  const target = registry({ mode: 'READONLY', subjects: [subject('orders-value', [schemaVersion(1, 11, orderV1)])] })
  const c = compareRegistries(plan, source, target)
  // the subject follows each side's global mode: the global difference is its cause, reported once
  assert.deepEqual(c.differences.map(line), ['fail mode (global) [mode]'])
  assert.match(c.differences[0]!.message, /source READWRITE, target READONLY: producers registering schemas would be treated differently/)
})

test('a subject the plan names but the source lacks fails; the named one only on the target is not also a target-only warning', () => {
  const c = compareRegistries({ schemas: { subjects: [{ names: ['refunds-value'] }], bothDirections: true } }, registry(), registry({ subjects: [...registry().subjects, subject('refunds-value', [schemaVersion(1, 5, paymentV1)])] }))
  assert.deepEqual(c.differences.map(line), ['fail subject refunds-value'])
  assert.match(c.differences[0]!.message, /named in the plan \(schemas.subjects\) but not on the source registry \(the target has it\)/)
})
