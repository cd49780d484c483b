import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson, sha256 } from './canonical.ts'

test('canonical JSON sorts keys at every depth, so key order does not change the hash', () => {
  const a = canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })
  const b = canonicalJson({ a: { c: null, d: [{ x: 2, y: 1 }] }, b: 1 })
  assert.equal(a, '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}')
  assert.equal(sha256(a), sha256(b))
})

test('canonical JSON follows JSON.stringify: toJSON redacts secrets, undefined is dropped', () => {
  // the shape of the plan's Secret: whatever it holds, its JSON form is '[redacted]'
  class Secret {
    readonly value = 'hunter2'
    toJSON (): string { return '[redacted]' }
  }
  const text = canonicalJson({ password: new Secret(), gone: undefined, at: new Date(0) })
  assert.equal(text, '{"at":"1970-01-01T00:00:00.000Z","password":"[redacted]"}')
})
