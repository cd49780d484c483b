import { test } from 'node:test'
import assert from 'node:assert/strict'
import { reached } from './lifecycle.ts'

const status = (connector: string, ...tasks: string[]) => ({ connector: { state: connector }, tasks: tasks.map((state, id) => ({ id, state })) })

test('a state is reached only when the connector and every task report it (a stopped connector has no tasks)', () => {
  assert.equal(reached(status('PAUSED', 'PAUSED', 'PAUSED'), 'PAUSED'), true)
  assert.equal(reached(status('PAUSED', 'PAUSED', 'RUNNING'), 'PAUSED'), false)
  assert.equal(reached(status('RUNNING', 'RUNNING'), 'RUNNING'), true)
  assert.equal(reached(status('RUNNING', 'UNASSIGNED'), 'RUNNING'), false)
  assert.equal(reached(status('STOPPED'), 'STOPPED'), true)
  assert.equal(reached(status('RUNNING'), 'STOPPED'), false)
})
