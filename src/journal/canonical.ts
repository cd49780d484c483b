/**
 * @module journal/canonical
 * Canonical JSON: the one serialisation whose sha256 names a journal entry or an evidence document.
 * It runs JSON.stringify first, so `toJSON` is honoured (a plan Secret becomes '[redacted]' and never
 * reaches disk) and `undefined` is dropped exactly as everywhere else; then it sorts object keys by
 * UTF-16 code unit (as RFC 8785 does), so a value hashes the same whatever order its keys were built in.
 */
import { createHash } from 'node:crypto'

export function canonicalJson (value: unknown): string {
  const plain = JSON.stringify(value)
  // a bug in the caller (a function, a bare undefined), never an operator's mistake
  if (plain === undefined) throw new TypeError('canonicalJson: the value has no JSON form')
  return write(JSON.parse(plain))
}

function write (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>
    return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${write(object[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function sha256 (data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}
