/**
 * @module journal/journal
 * The journal file, `journal.jsonl`: one entry per line, appended and fsynced before `append`
 * returns. Because every mutation is journaled first, an append that fails must throw (the caller
 * then does not mutate), and a crash mid-append can only leave a torn last line, which was never
 * acknowledged and is therefore dropped on open.
 * Only one process appends at a time: the state dir's lock guarantees it, so the tail is cached.
 * Opened read-only (no lock), it changes nothing, not even a torn line: `log` and `journal verify`
 * must be able to run beside a writer, and must never alter what they are asked to check.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ExitCode, RollgateError } from '../errors.ts'
import { defaultActor } from './actor.ts'
import { parseEntry, seal, verifyChain, type ChainCheck, type Tail } from './chain.ts'
import { errorCode, ioError, syncDir } from './durable.ts'
import type { Entry, EntryData, EntryOf, EntryType, Intent, OutcomeData } from './entry.ts'

export interface JournalOptions {
  /** recorded in every entry appended (default `user@host`) */
  actor?: string
  /** read what is there, change nothing, append nothing; a missing journal is RG_JOURNAL_NONE */
  readOnly?: boolean
}

export class Journal {
  readonly path: string
  readonly actor: string
  #tail: Tail | undefined
  /** why appends are refused, once they must be */
  #refusal: string | undefined

  constructor (path: string, actor: string, tail: Tail | undefined, refusal: string | undefined) {
    this.path = path
    this.actor = actor
    this.#tail = tail
    this.#refusal = refusal
  }

  /**
   * Opens the journal. Writable (call under the lock): creates it, and drops a torn last line, which
   * `warning` reports. Read-only: `warning` reports a torn last line, which stays.
   */
  static open (path: string, options: JournalOptions = {}): { journal: Journal, warning?: string } {
    const actor = options.actor ?? defaultActor()
    if (options.readOnly === true) return Journal.#openReadOnly(path, actor)
    let warning: string | undefined
    let lines: string[]
    try {
      if (!existsSync(path)) {
        closeSync(openSync(path, 'a'))
        syncDir(dirname(path))
      }
      const bytes = readFileSync(path)
      const end = bytes.lastIndexOf(0x0a) + 1
      if (end < bytes.length) {
        const fd = openSync(path, 'r+')
        try {
          ftruncateSync(fd, end)
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
        warning = `${path}: dropped a torn last line (${bytes.length - end} bytes): an append cut short by a crash, never acknowledged, so no change followed it`
      }
      lines = splitLines(bytes.subarray(0, end).toString('utf8'))
    } catch (error) {
      throw ioError(`cannot open the journal ${path}`, error)
    }
    const last = lines.at(-1)
    const entry = last === undefined ? undefined : parseEntry(last)
    const refusal = last !== undefined && entry === undefined
      ? `the last entry (line ${lines.length}) of ${path} is unreadable, so nothing can be chained to it; run 'rollgate journal verify'`
      : undefined
    return { journal: new Journal(path, actor, entry && { seq: entry.seq, hash: entry.hash }, refusal), warning }
  }

  static #openReadOnly (path: string, actor: string): { journal: Journal, warning?: string } {
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch (error) {
      const code = errorCode(error)
      // a writer creates the journal when it opens the state dir: without one, nothing happened yet
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new RollgateError('RG_JOURNAL_NONE', `no journal in ${dirname(path)}; nothing has been recorded yet`, ExitCode.badInput)
      throw ioError(`cannot read the journal ${path}`, error)
    }
    const torn = bytes.length - (bytes.lastIndexOf(0x0a) + 1)
    // without the lock this may also be an append in flight; either way it was never acknowledged
    const warning = torn > 0
      ? `${path}: ignored an incomplete last line (${torn} bytes): an append in progress, or one cut short by a crash (the next rollgate command that writes drops it)`
      : undefined
    return { journal: new Journal(path, actor, undefined, 'it was opened read-only'), warning }
  }

  /** Appends durably and returns the sealed entry; throws RollgateError if it is not on disk. */
  append<T extends EntryType> (type: T, data: EntryData[T]): EntryOf<T> {
    if (this.#refusal !== undefined) throw new RollgateError('RG_JOURNAL_REFUSED', `cannot append to ${this.path}: ${this.#refusal}`, ExitCode.refused)
    const { entry, line } = seal(type, data, this.actor, this.#tail)
    let fd: number | undefined
    let size: number | undefined
    try {
      fd = openSync(this.path, 'a')
      size = fstatSync(fd).size
      writeFileSync(fd, line + '\n')
      fsyncSync(fd)
    } catch (error) {
      // take back a partial line so later appends do not land after garbage; if even that fails,
      // the file's end is unknown: refuse further appends (reopening drops a torn line)
      if (fd !== undefined && size !== undefined) {
        try {
          ftruncateSync(fd, size)
        } catch {
          this.#refusal = 'an earlier append failed and could not be undone; reopen the state dir'
        }
      }
      const consequence = type === 'intent' ? ', so the change was not made'
        : type === 'outcome' ? `; the outcome of ${(data as OutcomeData).actionId} is unrecorded, so its intent stays pending` : ''
      throw ioError(`cannot append a ${type} entry to the journal ${this.path}${consequence}`, error)
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
    this.#tail = { seq: entry.seq, hash: entry.hash }
    return entry
  }

  entries (): Entry[] {
    return this.#lines().map((line, index) => {
      const entry = parseEntry(line)
      if (entry === undefined) throw new RollgateError('RG_JOURNAL_CORRUPT', `${this.path} line ${index + 1} is not a journal entry; run 'rollgate journal verify'`, ExitCode.refused)
      return entry
    })
  }

  verify (): ChainCheck {
    return verifyChain(this.#lines())
  }

  /** Intents with no outcome: mutations a crash (or a failed outcome append) left unfinished. */
  pendingIntents (): Intent[] {
    const entries = this.entries()
    const finished = new Set(entries.flatMap((entry) => entry.type === 'outcome' ? [entry.data.actionId] : []))
    return entries.filter((entry): entry is Intent => entry.type === 'intent' && !finished.has(entry.data.actionId))
  }

  close (): void {
    this.#refusal = 'the state dir was closed (its lock released)'
  }

  #lines (): string[] {
    try {
      return splitLines(readFileSync(this.path, 'utf8'))
    } catch (error) {
      throw ioError(`cannot read the journal ${this.path}`, error)
    }
  }
}

/** Complete lines only: whatever follows the last newline is an unacknowledged, torn append. */
function splitLines (text: string): string[] {
  const lines = text.split('\n')
  lines.pop()
  return lines
}
