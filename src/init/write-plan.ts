/**
 * @module init/write-plan
 * Writing the generated plan without ever clobbering one by accident: an existing file is refused
 * unless `--force` (checked before discovery, and again atomically when writing, in case another
 * init wrote it meanwhile). The text goes to a temporary file first, so the plan appears whole or
 * not at all: renamed over the old one with --force, otherwise hard-linked into place, which
 * fails if the name is taken.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { ExitCode, RollgateError } from '../errors.ts'
import { errorCode, syncDir } from '../journal/durable.ts'

function exists (file: string): RollgateError {
  return new RollgateError('RG_INIT_EXISTS', `${file} already exists: rollgate init does not overwrite a plan (use --force to replace it)`, ExitCode.badInput)
}

/** Refuses an existing `file` unless `force`: called before anything is contacted. */
export function refuseExisting (file: string, force: boolean): void {
  if (!force && existsSync(file)) throw exists(file)
}

export function writePlan (file: string, text: string, force: boolean): void {
  const target = resolve(file)
  const dir = dirname(target)
  const temp = join(dir, `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`)
  let linking = false
  try {
    const fd = openSync(temp, 'wx', 0o644)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (force) {
      renameSync(temp, target)
    } else {
      linking = true
      linkSync(temp, target)
      unlinkSync(temp)
    }
    syncDir(dir)
  } catch (error) {
    try { unlinkSync(temp) } catch { /* not created, or already moved */ }
    if (linking && errorCode(error) === 'EEXIST') throw exists(file)
    const reason = errorCode(error) === 'ENOENT' ? `no such directory ${dir}` : (error as Error).message
    throw new RollgateError('RG_INIT_WRITE', `cannot write ${file}: ${reason}`, ExitCode.badInput, { cause: error })
  }
}
