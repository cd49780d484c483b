/**
 * @module server/prometheus-parse
 * For tests only: a real Prometheus text-format parser (parse-prometheus-text-format, a dev
 * dependency without type declarations), typed here once, so the tests read `/metrics` as
 * Prometheus would rather than with our own regexes.
 */
import { createRequire } from 'node:module'

export interface MetricFamily {
  name: string
  help: string
  type: string
  metrics: Array<{ value: string, labels?: Record<string, string> }>
}

const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => MetricFamily[]

export function parsePrometheusText (text: string): MetricFamily[] {
  return parse(text)
}

/** The value of one series (NaN when absent), by metric name and exact labels. */
export function sample (families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name)
  const want = JSON.stringify(Object.entries(labels).sort())
  const found = family?.metrics.find((m) => JSON.stringify(Object.entries(m.labels ?? {}).sort()) === want)
  if (found === undefined) return Number.NaN
  // the text format spells infinities +Inf / -Inf, which Number() does not read
  return found.value === '+Inf' ? Number.POSITIVE_INFINITY : found.value === '-Inf' ? Number.NEGATIVE_INFINITY : Number(found.value)
}
