/**
 * @module journal/chain
 * The hash chain, pure: sealing a payload into the next entry, and checking a journal's lines.
 * Each entry carries the hash of the one before it, so an edited, removed or reordered entry breaks
 * the chain at a seq `verifyChain` can name. (Dropping entries from the end leaves no trace in the
 * chain itself; only a hash kept elsewhere, e.g. in a report, can show that.)
 */
import { canonicalJson, sha256 } from './canonical.ts'
import type { Entry, EntryBody } from './entry.ts'

const envelope = ['seq', 'at', 'prev', 'hash']

export interface Tail { seq: number, hash: string }

/** The entry that follows `last` (undefined: the first), in its canonical JSON form. */
export function seal (body: EntryBody, last: Tail | undefined): { entry: Entry, line: string } {
  // a payload field named like the envelope would be silently overwritten: a bug in the caller
  for (const key of envelope) if (key in body) throw new TypeError(`journal payload must not set '${key}'`)
  const unsealed = { ...body, seq: (last?.seq ?? 0) + 1, at: new Date().toISOString(), prev: last?.hash ?? null }
  const text = canonicalJson(unsealed)
  const entry = { ...JSON.parse(text), hash: sha256(text) } as Entry
  return { entry, line: canonicalJson(entry) }
}

export type BreakReason = 'unparsable' | 'tampered' | 'reordered' | 'missing'

export type ChainCheck =
  | { ok: true, entries: number }
  | { ok: false, seq: number, line: number, reason: BreakReason, message: string }

export function parseEntry (line: string): Entry | undefined {
  try {
    const value = JSON.parse(line) as Partial<Entry> | null
    if (typeof value?.seq === 'number' && typeof value.hash === 'string' && (value.prev === null || typeof value.prev === 'string')) return value as Entry
  } catch {}
  return undefined
}

/** The first place the chain breaks; `seq` is the seq that belongs at that line. */
export function verifyChain (lines: readonly string[]): ChainCheck {
  const entries = lines.map(parseEntry)
  let prev: string | null = null
  for (const [index, entry] of entries.entries()) {
    const seq = index + 1
    const broken = (reason: BreakReason, message: string): ChainCheck => ({ ok: false, seq, line: seq, reason, message })
    if (entry === undefined) return broken('unparsable', `line ${seq} is not a journal entry`)
    if (entry.seq !== seq) {
      return entries.some((other) => other?.seq === seq)
        ? broken('reordered', `line ${seq} holds seq ${entry.seq}; seq ${seq} comes later: entries were reordered`)
        : broken('missing', `seq ${seq} is missing: line ${seq} holds seq ${entry.seq}`)
    }
    const { hash, ...unsealed } = entry
    if (sha256(canonicalJson(unsealed)) !== hash) return broken('tampered', `seq ${seq} does not match its hash: it was edited`)
    if (entry.prev !== prev) return broken('tampered', `seq ${seq} does not chain to seq ${seq - 1}: one of them was rewritten`)
    prev = hash
  }
  return { ok: true, entries: entries.length }
}
