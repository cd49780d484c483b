import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RollgateError } from '../errors.ts'
import { defaultStateDir, openStateDir } from './state-dir.ts'
import { withIntent } from './with-intent.ts'

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

function base (): string {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-state-')))
  return made.at(-1)!
}

test('a state dir that cannot be written refuses to open', async () => {
  const parent = join(base(), 'read-only')
  mkdirSync(parent)
  chmodSync(parent, 0o555)
  let dir = join(parent, '.rollgate')
  if (canWrite(parent)) {
    // root ignores permission bits; a state dir below a regular file cannot be written by anyone
    const plan = join(base(), 'rollgate.yaml')
    writeFileSync(plan, '')
    dir = join(plan, '.rollgate')
  }
  await assert.rejects(openStateDir(dir), (error: unknown) => error instanceof RollgateError && error.code === 'RG_JOURNAL_IO' && error.exitCode === 1)
})

test('an append the disk cannot take throws, and withIntent never runs the mutation', { skip: !existsSync('/dev/full') && 'no /dev/full' }, async () => {
  const state = await openStateDir(join(base(), '.rollgate'))
  try {
    // /dev/full fails every write with ENOSPC: a full disk, whoever runs the test
    rmSync(join(state.dir, 'journal.jsonl'))
    symlinkSync('/dev/full', join(state.dir, 'journal.jsonl'))
    let mutated = false
    await assert.rejects(
      withIntent(state.journal, { actionId: 'a1', action: 'offsets.apply', changes: [] }, () => { mutated = true }),
      (error: unknown) => error instanceof RollgateError && error.code === 'RG_JOURNAL_IO' && /change was not made.*ENOSPC/.test(error.message)
    )
    assert.equal(mutated, false)
  } finally {
    state.close()
  }
})

test('the default state dir is .rollgate beside the plan, and close stops appends', async () => {
  const plan = join(base(), 'rollgate.yaml')
  assert.equal(defaultStateDir(plan), join(plan, '..', '.rollgate'))
  const state = await openStateDir(defaultStateDir(plan))
  state.journal.append({ kind: 'phase', from: null, to: 'prepare' })
  state.close()
  assert.throws(() => state.journal.append({ kind: 'phase', from: 'prepare', to: 'replicating' }), { code: 'RG_JOURNAL_REFUSED' })
  assert.equal(existsSync(join(state.dir, 'lock')), false)
})

function canWrite (dir: string): boolean {
  try {
    writeFileSync(join(dir, 'probe'), '')
    return true
  } catch {
    return false
  }
}
