/**
 * @module server/figures
 * Evidence the dashboard shows without knowing its schema: the scalar figures of a JSON document,
 * named by path (`measurement.restoreMs`, `topics[]` for a list's length). Kinds that other parts of
 * rollgate record and keep evolving (rehearsal results, shadow-read parity) are shown this way, so a
 * new or renamed field shows up instead of breaking the page. Pure; never throws on any input.
 */

export type FigureValue = string | number | boolean | null

export interface Figure {
  /** dotted path from the document's top level; a list is shown by its length as `name[]` */
  name: string
  value: FigureValue
}

export interface FigureOptions {
  /** how many levels of objects to descend (1: top level only) */
  depth?: number
  /** at most this many figures, in document order */
  max?: number
  /** longer strings are cut: a figure is a glance, the evidence id leads to the whole */
  maxString?: number
}

export function figures (document: unknown, options: FigureOptions = {}): Figure[] {
  const depth = options.depth ?? 3
  const max = options.max ?? 60
  const maxString = options.maxString ?? 200
  const out: Figure[] = []
  const walk = (value: unknown, path: string, level: number): void => {
    if (out.length >= max) return
    if (value === null || typeof value === 'number' || typeof value === 'boolean') {
      // JSON has no NaN or Infinity; a number that is not finite came from elsewhere: show it as text
      out.push({ name: path, value: typeof value === 'number' && !Number.isFinite(value) ? String(value) : value })
    } else if (typeof value === 'string') {
      out.push({ name: path, value: value.length > maxString ? `${value.slice(0, maxString)}…` : value })
    } else if (Array.isArray(value)) {
      out.push({ name: `${path}[]`, value: value.length })
    } else if (typeof value === 'object' && level < depth) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(inner, path === '' ? key : `${path}.${key}`, level + 1)
    }
  }
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    for (const [key, value] of Object.entries(document as Record<string, unknown>)) walk(value, key, 1)
  } else {
    walk(document, 'value', depth)
  }
  return out
}

/** The figures that are numbers (list lengths included), for metrics. */
export function numericFigures (list: readonly Figure[]): Array<{ name: string, value: number }> {
  return list.flatMap((f) => (typeof f.value === 'number' && Number.isFinite(f.value) ? [{ name: f.name, value: f.value }]
    : typeof f.value === 'boolean' ? [{ name: f.name, value: f.value ? 1 : 0 }] : []))
}
