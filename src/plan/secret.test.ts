import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect } from 'node:util'
import { redact, Secret, secretsIn } from './secret.ts'

test('a secret prints as [redacted] in every form, and reveal() gives the value', () => {
  const secret = new Secret('hunter2')
  assert.equal(secret.reveal(), 'hunter2')
  assert.equal(String(secret), '[redacted]')
  assert.equal(`${secret}`, '[redacted]')
  assert.equal(JSON.stringify({ password: secret }), '{"password":"[redacted]"}')
  for (const text of [inspect(secret), inspect({ deep: { password: secret } }, { depth: null, showHidden: true })]) {
    assert.ok(!text.includes('hunter2'), text)
  }
  assert.deepEqual(Object.keys(secret), [])
})

test('redact hides every occurrence, longest secret first, and ignores empty secrets', () => {
  const secrets = [new Secret('abc'), new Secret('abcdef'), new Secret('')]
  assert.equal(redact('x abcdef y abc z abc', secrets), 'x [redacted] y [redacted] z [redacted]')
  assert.equal(redact('nothing here', secrets), 'nothing here')
})

test('secretsIn finds the secrets nested in a value', () => {
  const a = new Secret('a')
  const b = new Secret('b')
  assert.deepEqual(secretsIn({ x: [a, { y: b }], z: 'plain', n: null }), [a, b])
})
