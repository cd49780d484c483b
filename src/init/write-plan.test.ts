import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RollgateError } from '../errors.ts'
import { refuseExisting, writePlan } from './write-plan.ts'

function withDir (work: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-init-write-'))
  try {
    work(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const refused = (error: unknown) => error instanceof RollgateError && error.code === 'RG_INIT_EXISTS' && error.exitCode === 2 && /use --force/.test(error.message)

test('writes a new plan whole, leaving no temporary file', () => withDir((dir) => {
  const file = join(dir, 'rollgate.yaml')
  refuseExisting(file, false)
  writePlan(file, 'version: 1\n', false)
  assert.equal(readFileSync(file, 'utf8'), 'version: 1\n')
  assert.deepEqual(readdirSync(dir), ['rollgate.yaml'])
}))

test('an existing plan is refused, before discovery and when writing, unless --force', () => withDir((dir) => {
  const file = join(dir, 'rollgate.yaml')
  writeFileSync(file, 'mine\n')
  assert.throws(() => refuseExisting(file, false), refused)
  assert.throws(() => writePlan(file, 'generated\n', false), refused)
  assert.equal(readFileSync(file, 'utf8'), 'mine\n')
  assert.deepEqual(readdirSync(dir), ['rollgate.yaml'])
  refuseExisting(file, true)
  writePlan(file, 'generated\n', true)
  assert.equal(readFileSync(file, 'utf8'), 'generated\n')
  assert.deepEqual(readdirSync(dir), ['rollgate.yaml'])
}))

test('a missing directory is bad input naming it', () => withDir((dir) => {
  assert.throws(() => writePlan(join(dir, 'nope', 'rollgate.yaml'), 'x', false),
    (error: unknown) => error instanceof RollgateError && error.exitCode === 2 && /cannot write .*: no such directory .*nope/.test(error.message))
}))
