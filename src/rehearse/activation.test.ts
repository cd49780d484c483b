import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { activationCommand, readActivation, shellQuote, writeActivation } from './activation.ts'

const dir = mkdtempSync(join(tmpdir(), 'rollgate-activation-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const sh = (command: string) => execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' })

test('shellQuote survives sh whatever the text: quotes, spaces, $ and backticks stay literal', () => {
  for (const text of ["it's", 'a b', '$HOME `id` $(id)', "''", '', 'new\nline']) {
    assert.equal(sh(`printf %s ${shellQuote(text)}`), text)
  }
})

test('the switch command rewrites the activation file atomically and names the switch; readActivation reads it back', () => {
  const file = join(dir, "client's activation")
  assert.equal(readActivation(file), 'stopped', 'no file: stopped, never a guessed cluster')
  assert.equal(sh(activationCommand(file, 'target')), "client's activation -> target\n")
  assert.equal(readFileSync(file, 'utf8'), 'target')
  assert.equal(existsSync(`${file}.tmp`), false)
  assert.equal(readActivation(file), 'target')
  sh(activationCommand(file, 'source'))
  assert.equal(readActivation(file), 'source')
})

test('writeActivation and readActivation round-trip; anything unexpected in the file reads as stopped', () => {
  const file = join(dir, 'activation')
  for (const endpoint of ['source', 'target', 'stopped'] as const) {
    writeActivation(file, endpoint)
    assert.equal(readActivation(file), endpoint)
  }
  writeFileSync(file, ' target\n')
  assert.equal(readActivation(file), 'target', 'surrounding whitespace is ignored')
  writeFileSync(file, 'staging')
  assert.equal(readActivation(file), 'stopped')
})
