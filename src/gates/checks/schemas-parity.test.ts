import assert from 'node:assert/strict'
import { test } from 'node:test'
import { orderV1, registry, schemaVersion, subject } from '../../registry/fixtures.ts'
import type { RegistryEvidence, RegistrySideEvidence } from '../../registry/types.ts'
import { capturedAt, fixtureInput, fixturePlan, fixtureSnapshot } from '../fixtures.ts'
import type { GateInput } from '../types.ts'
import { schemaCompatibilityMatch, schemaIdsMatch, schemaModeMatch, schemaSubjectsPresent, schemaVersionsMatch } from './schemas-parity.ts'

const checks = [schemaSubjectsPresent, schemaVersionsMatch, schemaIdsMatch, schemaCompatibilityMatch, schemaModeMatch]
const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`

const withRegistries = fixturePlan({
  clusters: {
    source: { bootstrap: ['source-kafka-0:9092'], schemaRegistry: { url: 'http://source-registry:8081' } },
    target: { bootstrap: ['automq-0:9093'], schemaRegistry: { url: 'http://target-registry:8081' } },
  },
})
const ok = (r: RegistryEvidence): RegistrySideEvidence => ({ status: 'ok', registry: r })

function input (source: RegistrySideEvidence, target: RegistrySideEvidence, extra: Partial<GateInput> = {}): GateInput {
  return fixtureInput({ plan: withRegistries, snapshot: fixtureSnapshot({}, { registries: { source, target } }), ...extra })
}

test('no registry in the plan and no schemas section: schemas are out of scope, each check passes saying so', () => {
  for (const check of checks) {
    const results = check.run(fixtureInput({ snapshot: null }))
    assert.deepEqual(results.map(line), ['pass schemas: the plan configures no schema registry (clusters.*.schemaRegistry) and no schemas section: schemas are not part of this migration'])
  }
})

test('identical registries: every check passes, one result per subject (and the global settings)', () => {
  const i = input(ok(registry()), ok(registry()))
  assert.deepEqual(schemaSubjectsPresent.run(i).map((r) => `${r.status} ${r.subject}`), ['pass orders-value', 'pass payments-value'])
  assert.deepEqual(schemaVersionsMatch.run(i).map(line), [
    'pass orders-value: 2 version(s) (1, 2) with the same type, schema and references',
    'pass payments-value: 1 version(s) (1) with the same type, schema and references',
  ])
  assert.deepEqual(schemaIdsMatch.run(i).map(line), ['pass orders-value: schema IDs equal: v1=11, v2=12', 'pass payments-value: schema IDs equal: v1=21'])
  assert.deepEqual(schemaCompatibilityMatch.run(i).map(line), [
    'pass (global): registry compatibility BACKWARD on both sides',
    'pass orders-value: subject compatibility BACKWARD on both sides',
    'pass payments-value: subject compatibility BACKWARD on both sides',
  ])
  assert.deepEqual(schemaModeMatch.run(i).map((r) => r.status), ['pass', 'pass', 'pass'])
})

test('drift: a compatibility level and a missing subject fail, one result each, naming the subject and both values', () => {
  const target = registry({ subjects: [subject('orders-value', registry().subjects[0]!.versions, { compatibility: 'NONE' })] })
  const i = input(ok(registry()), ok(target))
  const missing = schemaSubjectsPresent.run(i).filter((r) => r.status !== 'pass')
  assert.deepEqual(missing.map(line), ['fail payments-value: missing on the target registry (source has version(s) 1)'])
  assert.deepEqual(missing[0]!.evidence, { aspect: 'subject', key: null, source: { versions: [1] }, target: null })
  const compat = schemaCompatibilityMatch.run(i).filter((r) => r.status !== 'pass')
  assert.deepEqual(compat.map(line), ['fail orders-value: the effective compatibility differs: source BACKWARD (global), target NONE (subject): the target subject accepts other schema evolutions than the source'])
  assert.deepEqual(compat[0]!.evidence, { aspect: 'compatibility', key: 'compatibility', source: { value: 'BACKWARD', from: 'global' }, target: { value: 'NONE', from: 'subject' } })
})

test('another ID and another schema for the same version fail in their own checks', () => {
  const target = registry({ subjects: [subject('orders-value', [schemaVersion(1, 99, orderV1), schemaVersion(2, 12, orderV1)]), registry().subjects[1]!] })
  const i = input(ok(registry()), ok(target))
  assert.deepEqual(schemaIdsMatch.run(i).map((r) => `${r.status} ${r.subject}`), ['fail orders-value', 'pass payments-value'])
  assert.match(schemaIdsMatch.run(i)[0]!.message, /^version 1 has schema ID 11 on the source and 99 on the target/)
  const versions = schemaVersionsMatch.run(i)
  assert.deepEqual(versions.map((r) => `${r.status} ${r.subject}`), ['fail orders-value', 'pass payments-value'])
  assert.match(versions[0]!.message, /^version 2 has another schema: source AVRO sha256:/)
})

test('nothing in scope on the source warns; nothing on both sides is unknown', () => {
  const empty = registry({ subjects: [] })
  assert.deepEqual(schemaVersionsMatch.run(input(ok(empty), ok(empty))).map((r) => r.status), ['warn'])
  const i = input(ok(registry()), ok(empty))
  assert.deepEqual(schemaVersionsMatch.run(i).map((r) => r.status), ['unknown'])
  assert.deepEqual(schemaSubjectsPresent.run(i).map((r) => r.status), ['fail', 'fail'])
})

test('fail closed: a registry unreachable, unread, not configured on one side, absent from the snapshot or stale is unknown', () => {
  const down: RegistrySideEvidence = { status: 'unreachable', url: 'http://target-registry:8081', error: 'cannot reach it for GET /subjects: connection refused', at: capturedAt }
  for (const check of checks) {
    const [r, ...rest] = check.run(input(ok(registry()), down))
    assert.equal(rest.length, 0)
    assert.equal(line(r!), 'unknown target: target schema registry (http://target-registry:8081) was unreachable: cannot reach it for GET /subjects: connection refused')
  }
  const partial: RegistrySideEvidence = { status: 'error', url: 'http://s:8081', error: 'GET /config answered HTTP 403', at: capturedAt }
  assert.match(line(schemaModeMatch.run(input(partial, ok(registry())))[0]!), /^unknown source: source schema registry \(http:\/\/s:8081\) could not be fully read: GET \/config answered HTTP 403/)
  const oneSided = fixturePlan({ clusters: { source: withRegistries.clusters.source, target: { bootstrap: ['automq-0:9093'] } } })
  assert.deepEqual(schemaSubjectsPresent.run(input(ok(registry()), { status: 'not-configured' }, { plan: oneSided })).map(line),
    ['unknown target: clusters.target.schemaRegistry is not set in the plan: the target\'s schemas cannot be compared'])
  assert.match(line(schemaSubjectsPresent.run(fixtureInput({ plan: withRegistries }))[0]!), /^unknown schemas: the snapshot holds no schema registry evidence/)
  assert.match(line(schemaSubjectsPresent.run(input(ok(registry()), ok(registry()), { now: new Date('2026-03-02T11:00:00.000Z') }))[0]!), /^unknown snapshot: evidence is 1h old/)
  const old = registry({ capturedAt: '2026-03-02T09:00:00.000Z' })
  assert.match(line(schemaSubjectsPresent.run(input(ok(old), ok(registry())))[0]!), /^unknown source: evidence of the source schema registry \(captured 2026-03-02T09:00:00.000Z\) is 1h 5m old, older than gates.evidenceMaxAge 15m/)
})
