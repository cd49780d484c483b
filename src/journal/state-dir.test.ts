import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { RollgateError } from '../errors.ts'
import { commandActor } from './actor.ts'
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
  state.journal.append('phase', { from: null, to: 'prepare' })
  state.close()
  assert.throws(() => state.journal.append('phase', { from: 'prepare', to: 'replicating' }), { code: 'RG_JOURNAL_REFUSED' })
  assert.equal(existsSync(join(state.dir, 'lock')), false)
})

test('every entry names its actor: the one given, else user@host', async () => {
  const dir = join(base(), '.rollgate')
  const actor = commandActor(['advance', 'producers-on-target', '--force', '--reason', "lag is MM2's metric lag"])
  // quoted for a shell, so it can be pasted back
  assert.equal(actor, String.raw`${userInfo().username}@${hostname()} rollgate advance producers-on-target --force --reason 'lag is MM2'\''s metric lag'`)
  const state = await openStateDir(dir, { actor })
  state.journal.append('phase', { from: 'shadow-read', to: 'producers-on-target', forced: true, reason: "lag is MM2's metric lag" })
  state.close()
  const next = await openStateDir(dir)
  next.journal.append('phase', { from: 'producers-on-target', to: 'shadow-read' })
  assert.deepEqual(next.journal.entries().map((entry) => entry.actor), [actor, `${userInfo().username}@${hostname()}`])
  next.close()
})

test('read-only opens beside a writer without waiting for its lock, and changes nothing', async () => {
  const dir = join(base(), '.rollgate')
  const writer = await openStateDir(dir)
  try {
    const evidenceId = writer.evidence.put({ cluster: 'source', topics: 3 })
    writer.journal.append('evidence', { evidenceId, kind: 'snapshot', summary: 'source: 3 topics' })
    const before = tree(dir)
    const started = Date.now()
    const reader = await openStateDir(dir, { readOnly: true, lockTimeoutMs: 60_000 })
    assert.ok(Date.now() - started < 5_000, 'read-only waited for the lock')
    assert.equal(reader.readOnly, true)
    assert.deepEqual(reader.journal.entries().map((entry) => entry.type), ['evidence'])
    assert.equal(reader.journal.verify().ok, true)
    assert.deepEqual(reader.evidence.get(evidenceId), { cluster: 'source', topics: 3 })
    assert.throws(() => reader.journal.append('note', { decision: 'x', reason: 'y' }), { code: 'RG_JOURNAL_REFUSED' })
    assert.throws(() => reader.evidence.put({ other: true }), { code: 'RG_JOURNAL_REFUSED', message: /opened read-only/ })
    reader.close()
    assert.deepEqual(tree(dir), before)
    // the writer still holds its lock and appends as before
    assert.equal(writer.journal.append('note', { decision: 'x', reason: 'y' }).seq, 2)
  } finally {
    writer.close()
  }
})

test('read-only, a state dir with no journal is bad input that says nothing was recorded, and is not created', async () => {
  const dir = join(base(), 'nowhere', '.rollgate')
  await assert.rejects(openStateDir(dir, { readOnly: true }), (error: unknown) =>
    error instanceof RollgateError && error.code === 'RG_JOURNAL_NONE' && error.exitCode === 2 &&
    error.message === `no journal in ${dir}; nothing has been recorded yet`)
  assert.equal(existsSync(join(dir, '..')), false)
})

/** Every file below `dir` with its bytes and mtime: what "changes nothing" is checked against. */
function tree (dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name)
    const stat = statSync(path)
    files[name] = stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.mtimeMs} ${readFileSync(path).toString('base64')}`
  }
  return files
}

function canWrite (dir: string): boolean {
  try {
    writeFileSync(join(dir, 'probe'), '')
    return true
  } catch {
    return false
  }
}
