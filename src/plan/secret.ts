/**
 * @module plan/secret
 * A resolved secret (a password or token from the plan's `${env:…}` / `${file:…}` references). It
 * prints as `[redacted]` everywhere — JSON output, logs, `console.log`, template strings — so only an
 * explicit `reveal()` at the point of use (e.g. the Kafka connection) ever sees the value.
 */

const redacted = '[redacted]'

export class Secret {
  // An ES private field: invisible to JSON.stringify, util.inspect, Object.keys and structuredClone.
  readonly #value: string

  constructor (value: string) {
    this.#value = value
  }

  reveal (): string {
    return this.#value
  }

  toString (): string {
    return redacted
  }

  toJSON (): string {
    return redacted
  }

  [Symbol.for('nodejs.util.inspect.custom')] (): string {
    return redacted
  }
}

/** `text` with every occurrence of a secret's value replaced by `[redacted]` (e.g. a hook's output). */
export function redact (text: string, secrets: Iterable<Secret>): string {
  // Longest first, so a secret that contains another is hidden whole, not left half-visible.
  const values = [...new Set([...secrets].map((secret) => secret.reveal()))]
    .filter((value) => value !== '')
    .sort((a, b) => b.length - a.length)
  return values.reduce((out, value) => out.split(value).join(redacted), text)
}

/** Every `Secret` inside a value (e.g. a whole plan), to hand to `redact`. */
export function secretsIn (value: unknown): Secret[] {
  if (value instanceof Secret) return [value]
  if (value === null || typeof value !== 'object') return []
  return Object.values(value).flatMap(secretsIn)
}
