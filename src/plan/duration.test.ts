import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseDuration } from './duration.ts'

const hour = 3_600_000

test('compact and ISO-8601 durations parse to milliseconds', () => {
  const cases: [string, number][] = [
    ['72h', 72 * hour], ['7d', 168 * hour], ['2w', 336 * hour], ['15m', 900_000], ['30s', 30_000],
    ['500ms', 500], ['1h30m', 1.5 * hour], ['1.5h', 1.5 * hour],
    ['PT72H', 72 * hour], ['P7D', 168 * hour], ['P1W', 168 * hour], ['P1DT12H', 36 * hour],
    ['PT1M30S', 90_000], ['PT0.5S', 500],
  ]
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text)
})

test('anything else is not a duration', () => {
  for (const text of ['', '72', 'h', '3 days', '72H', '1y', 'P', 'PT', 'P1M', 'P1Y', 'P1DT', 'PT1H2D', '-1h']) {
    assert.equal(parseDuration(text), undefined, text)
  }
})
