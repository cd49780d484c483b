import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { resolveReferences } from './references.ts'
import { Secret } from './secret.ts'

const dir = mkdtempSync(join(tmpdir(), 'rollgate-references-'))
writeFileSync(join(dir, 'password'), 's3cret\n')
const context = { dir, env: { HOST: 'sr.internal', TOKEN: 't0ken' } }

test('references resolve in any string; in secret fields they become Secrets', () => {
  const { value, problems } = resolveReferences({
    url: 'https://${env:HOST}:8081',
    command: 'echo ${NAMESPACE} ${HOME:-x}',
    sasl: { username: '${env:HOST}', password: '${file:password}', token: '${env:TOKEN}' },
    list: ['${file:password}', 3, null],
  }, context)
  assert.deepEqual(problems, [])
  const resolved = value as { url: string, command: string, sasl: Record<string, unknown>, list: unknown[] }
  assert.equal(resolved.url, 'https://sr.internal:8081')
  assert.equal(resolved.command, 'echo ${NAMESPACE} ${HOME:-x}', 'other ${…} forms are left to the shell')
  assert.equal(resolved.sasl.username, 'sr.internal')
  assert.ok(resolved.sasl.password instanceof Secret)
  assert.equal(resolved.sasl.password.reveal(), 's3cret', 'trailing newline trimmed')
  assert.equal((resolved.sasl.token as Secret).reveal(), 't0ken')
  assert.deepEqual(resolved.list, ['s3cret', 3, null])
})

test('a literal secret stays a plain string (the schema refuses it)', () => {
  const { value } = resolveReferences({ password: 'hunter2', token: 'x${env:TOKEN}' }, context)
  assert.deepEqual(value, { password: 'hunter2', token: 'x${env:TOKEN}' })
})

test('a missing variable, unreadable file or empty reference is a problem at its path', () => {
  const { problems } = resolveReferences({ a: ['${env:NOPE}'], b: { password: '${file:nope}' }, c: '${env:}' }, context)
  assert.deepEqual(problems, [
    { path: ['a', 0], message: '${env:NOPE}: environment variable NOPE is not set' },
    { path: ['b', 'password'], message: `\${file:nope}: cannot read ${join(dir, 'nope')} (ENOENT)` },
    { path: ['c'], message: '${env:}: empty reference' },
  ])
})
