/**
 * @module journal/durable
 * The two things every state-dir write shares: making a new name survive a crash (fsync of the
 * directory holding it), and turning a failed file operation into a RollgateError that says the
 * change was not made, so a caller never mutates a cluster it could not journal.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs'
import { ExitCode, RollgateError } from '../errors.ts'

/** A created or renamed file is only durable once its directory entry is: fsync the directory. */
export function syncDir (dir: string): void {
  // Windows cannot open a directory for fsync, and NTFS journals the metadata itself
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export function ioError (what: string, error: unknown): RollgateError {
  const reason = error instanceof Error ? error.message : String(error)
  return new RollgateError('RG_JOURNAL_IO', `${what}: ${reason}`, ExitCode.refused, { cause: error })
}

export function errorCode (error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}
