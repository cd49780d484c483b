/**
 * @module journal/chain
 * The hash chain, pure: sealing a type and its data into the next entry, and checking a journal's
 * lines. Each entry carries the hash of the one before it, so an edited, removed or reordered entry
 * breaks the chain at a seq `verifyChain` can name. (Dropping entries from the end leaves no trace in
 * the chain itself; only the last hash kept elsewhere, e.g. in a report, can show that: `verifyChain`
 * returns it for that reason.)
 */
import { canonicalJson, sha256 } from './canonical.ts'
import { isEntryType, type Entry, type EntryData, type EntryOf, type EntryType } from './entry.ts'

export interface Tail { seq: number, hash: string }

/**
 * The entry that follows `last` (undefined: the first), and its line. The hash is over the canonical
 * JSON; the line lists the fields in envelope order (`seq` first, `hash` last) so the file reads
 * well, which costs nothing since verifying re-canonicalises what it parses.
 */
export function seal<T extends EntryType> (type: T, data: EntryData[T], actor: string, last: Tail | undefined): { entry: EntryOf<T>, line: string } {
  // bugs in the caller the compiler cannot always see (a cast, a computed type); readers rely on both
  if (!isEntryType(type)) throw new TypeError(`unknown journal entry type '${String(type)}'`)
  if (typeof actor !== 'string' || actor === '') throw new TypeError('a journal entry needs an actor')
  const text = canonicalJson({ seq: (last?.seq ?? 0) + 1, ts: new Date().toISOString(), actor, type, data, prev: last?.hash ?? null })
  // the parsed form is what lands on disk: toJSON applied (secrets redacted), undefined dropped
  const unsealed = JSON.parse(text) as Omit<EntryOf<T>, 'hash'>
  if (!isObject(unsealed.data)) throw new TypeError(`the data of a journal ${type} entry must be an object`)
  const { seq, ts, prev } = unsealed
  const entry = { seq, ts, actor: unsealed.actor, type: unsealed.type, data: unsealed.data, prev, hash: sha256(text) } as EntryOf<T>
  return { entry, line: JSON.stringify(entry) }
}

export type BreakReason = 'unparsable' | 'tampered' | 'reordered' | 'missing'

export type ChainCheck =
  | { ok: true, entries: number, /** the last entry, null when there is none */ last: Tail | null }
  | { ok: false, seq: number, line: number, reason: BreakReason, message: string }

const fields = ['seq', 'ts', 'actor', 'type', 'data', 'prev', 'hash']

/** The entry a line holds, if it has exactly the entry's fields with the right types. */
export function parseEntry (line: string): Entry | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (!isObject(value) || Object.keys(value).length !== fields.length) return undefined
  const { seq, ts, actor, type, data, prev, hash } = value
  // with the key count above, requiring each field also rules out any other
  const valid = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 && typeof ts === 'string' && typeof actor === 'string' &&
    isEntryType(type) && isObject(data) && (prev === null || typeof prev === 'string') && typeof hash === 'string'
  return valid ? value as unknown as Entry : undefined
}

/** The first place the chain breaks; `seq` is the seq that belongs at that line. */
export function verifyChain (lines: readonly string[]): ChainCheck {
  const entries = lines.map(parseEntry)
  let last: Tail | null = null
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
    if (entry.prev !== (last?.hash ?? null)) return broken('tampered', `seq ${seq} does not chain to seq ${seq - 1}: one of them was rewritten`)
    last = { seq, hash }
  }
  return { ok: true, entries: entries.length, last }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
