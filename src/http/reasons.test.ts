import assert from 'node:assert/strict'
import { test } from 'node:test'
import { errorBody, networkReason } from './reasons.ts'

test('network failures in an operator\'s words: timeout, refused, the socket error\'s code', () => {
  assert.equal(networkReason(new DOMException('timed out', 'TimeoutError'), 5000), 'no answer within 5000 ms')
  assert.equal(networkReason(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 5000), 'connection refused')
  assert.equal(networkReason(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), 5000), 'ECONNRESET')
  assert.equal(networkReason(new Error('other'), 5000), 'other')
})

test('error bodies: the message, with the code when asked; anything else cut to 200 characters', () => {
  const body = JSON.stringify({ error_code: 40401, message: 'Subject not found' })
  assert.equal(errorBody(body), 'Subject not found')
  assert.equal(errorBody(body, true), 'Subject not found (error 40401)')
  assert.equal(errorBody('x'.repeat(300)).length, 200)
})
