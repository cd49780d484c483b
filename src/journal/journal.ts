/**
 * @module journal/journal
 * The journal file, `journal.jsonl`: one canonical JSON entry per line, appended and fsynced before
 * `append` returns. Because every mutation is journaled first, an append that fails must throw (the
 * caller then does not mutate), and a crash mid-append can only leave a torn last line, which was
 * never acknowledged and is therefore dropped on open.
 * Only one process appends at a time: the state dir's lock guarantees it, so the tail is cached.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ExitCode, RollgateError } from '../errors.ts'
import { parseEntry, seal, verifyChain, type ChainCheck, type Tail } from './chain.ts'
import { ioError, syncDir } from './durable.ts'
import type { Entry, EntryBody, Intent } from './entry.ts'

export class Journal {
  readonly path: string
  #tail: Tail | undefined
  /** why appends are refused, once they must be */
  #refusal: string | undefined

  constructor (path: string, tail: Tail | undefined, refusal: string | undefined) {
    this.path = path
    this.#tail = tail
    this.#refusal = refusal
  }

  /** Opens (creating) the journal; `warning` says a torn last line was dropped. Call under the lock. */
  static open (path: string): { journal: Journal, warning?: string } {
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
    return { journal: new Journal(path, entry && { seq: entry.seq, hash: entry.hash }, refusal), warning }
  }

  /** Appends durably and returns the sealed entry; throws RollgateError if it is not on disk. */
  append (body: EntryBody): Entry {
    if (this.#refusal !== undefined) throw new RollgateError('RG_JOURNAL_REFUSED', `cannot append to ${this.path}: ${this.#refusal}`, ExitCode.refused)
    const { entry, line } = seal(body, this.#tail)
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
      const consequence = body.kind === 'intent' ? ', so the change was not made'
        : body.kind === 'outcome' ? `; the outcome of ${body.actionId} is unrecorded, so its intent stays pending` : ''
      throw ioError(`cannot append a ${body.kind} entry to the journal ${this.path}${consequence}`, error)
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
    const finished = new Set(entries.flatMap((entry) => entry.kind === 'outcome' ? [entry.actionId] : []))
    return entries.filter((entry): entry is Intent => entry.kind === 'intent' && !finished.has(entry.actionId))
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
