/**
 * @module journal/lock
 * One rollgate process per state dir: the `lock` file, created exclusively, names its holder
 * (pid, host, start). A live holder is waited for, then refused by name; a holder that is gone
 * (a dead pid on this host) left a stale lock, which is taken over with a warning. A holder on
 * another host cannot be checked, so it is treated as live.
 */
import { hostname } from 'node:os'
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { ExitCode, RollgateError } from '../errors.ts'
import { errorCode, ioError } from './durable.ts'

interface Holder { pid: number, host: string, started: string }

export interface Lock {
  /** set when a stale lock was taken over */
  warning?: string
  release (): void
}

export async function acquireLock (path: string, timeoutMs: number): Promise<Lock> {
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })
  const deadline = Date.now() + timeoutMs
  let warning: string | undefined
  for (;;) {
    try {
      writeFileSync(path, mine, { flag: 'wx' })
      return { warning, release: () => release(path, mine) }
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw ioError(`cannot lock the state dir (${path})`, error)
    }
    const text = read(path)
    if (text === undefined) continue // released meanwhile: try again at once
    const holder = parseHolder(text)
    if (holder?.host === hostname() && !alive(holder.pid)) {
      if (takeOver(path, text)) warning = `took over a stale lock of rollgate pid ${holder.pid} (started ${holder.started}), which is no longer running`
      continue
    }
    if (Date.now() >= deadline) {
      const who = holder === undefined
        ? `an unreadable lock (a process may be writing it)`
        : `rollgate pid ${holder.pid} on ${holder.host} (running since ${holder.started})`
      throw new RollgateError('RG_JOURNAL_LOCKED', `the state dir is in use by ${who}; waited ${timeoutMs} ms. Run again once it has finished; if no such process exists, delete ${path}`, ExitCode.refused)
    }
    await sleep(Math.max(1, Math.min(100, deadline - Date.now())))
  }
}

/**
 * Moves the stale lock aside rather than deleting it: if another process took it over first, what
 * we moved is that process's fresh lock, and it is put back (link refuses to overwrite).
 */
function takeOver (path: string, staleText: string): boolean {
  const aside = `${path}.stale-${process.pid}`
  try {
    renameSync(path, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw ioError(`cannot take over the stale lock ${path}`, error)
  }
  const moved = read(aside)
  if (moved !== staleText) {
    try {
      linkSync(aside, path)
    } catch {}
  }
  unlinkSync(aside)
  return moved === staleText
}

function release (path: string, mine: string): void {
  // only our own lock; best effort, since a lock left behind is stale and taken over next run
  try {
    if (read(path) === mine) unlinkSync(path)
  } catch {}
}

function read (path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw ioError(`cannot read the lock ${path}`, error)
  }
}

function parseHolder (text: string): Holder | undefined {
  try {
    const { pid, host, started } = (JSON.parse(text) ?? {}) as Partial<Holder>
    // a pid of 0 or below would make kill() signal a process group: only a real pid counts
    if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && typeof host === 'string') return { pid, host, started: String(started) }
  } catch {}
  return undefined
}

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal
    return errorCode(error) === 'EPERM'
  }
}
