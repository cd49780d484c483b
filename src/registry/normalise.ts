/**
 * @module registry/normalise
 * Schema text as compared between two registries: what cannot change meaning is removed, nothing
 * else — two registries may store the same schema with other whitespace or key order (one
 * re-serialises what it was given, the other keeps it verbatim), and that is not a difference.
 * - AVRO and JSON (JSON Schema): parsed and re-serialised compactly with object keys sorted; arrays
 *   keep their order (Avro's field order is its binary layout). For Avro also `{"type": "int"}` →
 *   `"int"` where the object has no other key: the two spellings are the same schema, and
 *   registries differ in which they store (Apicurio stores the short one).
 * - PROTOBUF: comments removed, whitespace collapsed, none around punctuation; string literals kept.
 * - Text that does not parse is only trimmed: it is compared as it is.
 * Anything else that differs (docs, defaults, aliases, field order, an equivalent rewrite) is
 * reported as a difference, even where a compatibility rule would accept it: parity means the same
 * schema, and a reviewer can accept a difference; rollgate cannot prove one harmless.
 */
import { createHash } from 'node:crypto'

const avroPrimitives = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])

function canonicalJson (value: unknown, avro: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => canonicalJson(v, avro))
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>)
  if (avro && entries.length === 1 && entries[0]![0] === 'type' && typeof entries[0]![1] === 'string' && avroPrimitives.has(entries[0]![1])) {
    return entries[0]![1]
  }
  const sorted: Record<string, unknown> = {}
  for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) sorted[k] = canonicalJson(v, avro)
  return sorted
}

/** Protobuf source without comments and insignificant whitespace; string literals untouched. */
function normaliseProto (text: string): string {
  let out = ''
  let i = 0
  let space = false
  const emit = (s: string) => {
    if (space && out !== '' && !/[{}();=<>,[\]]$/.test(out) && !/^[{}();=<>,[\]]/.test(s)) out += ' '
    space = false
    out += s
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      space = true
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
      space = true
    } else if (c === '"' || c === '\'') {
      let j = i + 1
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1
      emit(text.slice(i, j + 1))
      i = j + 1
    } else if (/\s/.test(c)) {
      space = true
      i++
    } else {
      let j = i + 1
      if (!/[{}();=<>,[\]]/.test(c)) while (j < text.length && !/[\s{}();=<>,[\]"'/]/.test(text[j]!)) j++
      emit(text.slice(i, j))
      i = j
    }
  }
  return out
}

export function normaliseSchema (schemaType: string, text: string): string {
  if (schemaType === 'PROTOBUF') return normaliseProto(text)
  try {
    return JSON.stringify(canonicalJson(JSON.parse(text), schemaType === 'AVRO'))
  } catch {
    return text.trim()
  }
}

export function schemaFingerprint (normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex')
}
