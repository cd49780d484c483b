/**
 * @module connect/redact
 * A connector's config as evidence may keep: every value whose key looks secret (password, secret,
 * token, jaas, credentials, a key such as `api.key` or `aws.access.key` — but not `key.converter`),
 * every key the plan marks (`connectors[].redactConfigs`), and any plan secret's value wherever it
 * appears, replaced by `[redacted]`. Evidence is journaled and shown on dashboards: a connector's
 * database password must never reach it.
 */
import { redact, type Secret } from '../plan/secret.ts'

export const redacted = '[redacted]'

const secretWords = /password|passwd|secret|token|jaas|credential|private/i

/** Whether a config key names a secret. */
export function looksSecret (key: string): boolean {
  if (secretWords.test(key)) return true
  // `key` as the last word of the name (api.key, aws.access.key, apiKey, sasl_key), not key.converter
  const last = key.split(/[._-]/).filter((part) => part !== '').at(-1) ?? ''
  return /key$/i.test(last)
}

export function redactConfig (config: Record<string, string>, marked: readonly string[], secrets: Iterable<Secret>): Record<string, string> {
  const marks = new Set(marked)
  const values = [...secrets]
  const out: Record<string, string> = {}
  for (const key of Object.keys(config).sort()) {
    out[key] = looksSecret(key) || marks.has(key) ? redacted : redact(config[key]!, values)
  }
  return out
}
