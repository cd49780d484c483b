import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput } from '../gates/fixtures.ts'
import { evaluateGate, evaluateGates } from '../gates/registry.ts'
import type { GateResult } from '../gates/types.ts'
import { gateNames } from '../gates/types.ts'
import { renderGateJson } from './gate-json.ts'

const gateKeys = ['gate', 'status', 'checks', 'evaluatedAt', 'evidenceId']
const checkKeys = ['id', 'status', 'subject', 'message', 'evidence']

function assertShape (value: unknown): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value))
  const gate = value as Record<string, unknown>
  assert.deepEqual(Object.keys(gate), gateKeys)
  assert.ok(gateNames.includes(gate.gate as never))
  assert.ok(['pass', 'warn', 'fail', 'unknown'].includes(gate.status as string))
  assert.equal(typeof gate.evaluatedAt, 'string')
  assert.ok(gate.evidenceId === null || typeof gate.evidenceId === 'string')
  assert.ok(Array.isArray(gate.checks))
  for (const check of gate.checks as Array<Record<string, unknown>>) {
    assert.deepEqual(Object.keys(check), checkKeys)
    for (const key of ['id', 'subject', 'message']) assert.equal(typeof check[key], 'string', key)
    assert.ok(['pass', 'warn', 'fail', 'unknown'].includes(check.status as string))
  }
}

test('one gate is one object with exactly the documented keys', () => {
  const value: unknown = JSON.parse(renderGateJson(evaluateGate('pre-replication', fixtureInput())))
  assertShape(value)
  assert.equal((value as { evidenceId: string }).evidenceId, fixtureInput().evidenceId)
})

test('several gates are an array, in order; no snapshot still gives every key', () => {
  const value: unknown = JSON.parse(renderGateJson(evaluateGates(gateNames, fixtureInput({ snapshot: null, evidenceId: null }))))
  assert.ok(Array.isArray(value))
  assert.deepEqual(value.map((g: { gate: string }) => g.gate), [...gateNames])
  for (const gate of value) assertShape(gate)
  assert.equal(value[0].evidenceId, null)
})

test('extra properties never leak and missing evidence is null, not dropped', () => {
  const result = {
    gate: 'exit',
    status: 'pass',
    evaluatedAt: '2026-03-02T10:05:00.000Z',
    evidenceId: 'abc',
    internal: 'do not print',
    checks: [{ id: 'a', status: 'pass', subject: 's', message: 'm', evidence: undefined, debug: 1 }],
  } as unknown as GateResult
  assert.equal(renderGateJson(result), JSON.stringify({
    gate: 'exit', status: 'pass', checks: [{ id: 'a', status: 'pass', subject: 's', message: 'm', evidence: null }], evaluatedAt: '2026-03-02T10:05:00.000Z', evidenceId: 'abc',
  }, null, 2) + '\n')
})
