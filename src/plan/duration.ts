/**
 * @module plan/duration
 * Durations in a plan (rollback window, lag, replay, evidence age): `500ms`, `30s`, `15m`, `72h`,
 * `7d`, `2w`, combined as `1h30m`, or ISO-8601 `PT72H`, `P7D`, `P1DT12H`. A day is 24 hours and a
 * week 7 days; ISO years and months are refused because their length in milliseconds is not fixed.
 */

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

const compact = '(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+'
const iso = 'P(?=\\d|T\\d)(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?=\\d)(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?'

/** Both accepted forms; also published in the JSON Schema so editors flag a bad duration. */
export const durationPattern = new RegExp(`^(?:${compact}|${iso})$`)

/** Milliseconds of a duration, or `undefined` when `text` is not one. */
export function parseDuration (text: string): number | undefined {
  const match = durationPattern.exec(text)
  if (match === null) return undefined
  if (text.startsWith('P')) {
    const [, w = 0, d = 0, h = 0, m = 0, s = 0] = match.map((group) => group === undefined ? 0 : Number(group))
    return Math.round(w * unitMs.w + d * unitMs.d + h * unitMs.h + m * unitMs.m + s * unitMs.s)
  }
  let ms = 0
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    ms += Number(amount) * unitMs[unit as keyof typeof unitMs]
  }
  return Math.round(ms)
}
