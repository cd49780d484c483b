import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gateStatus, passes } from './status.ts'

test('a gate fails on any fail, else is unknown on any unknown, else warns on any warn', () => {
  assert.equal(gateStatus(['pass', 'pass']), 'pass')
  assert.equal(gateStatus(['pass', 'warn']), 'warn')
  assert.equal(gateStatus(['warn', 'unknown', 'pass']), 'unknown')
  assert.equal(gateStatus(['unknown', 'fail', 'warn']), 'fail')
})

test('a gate with nothing checked is unknown, never pass', () => {
  assert.equal(gateStatus([]), 'unknown')
})

test('unknown does not let a migration proceed; warn does', () => {
  assert.deepEqual((['pass', 'warn', 'unknown', 'fail'] as const).map(passes), [true, true, false, false])
})
