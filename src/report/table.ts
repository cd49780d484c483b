/**
 * @module report/table
 * Plain aligned text tables for the terminal, in the style of Kafka's own tools.
 */

export type Cell = string | number | boolean | null | undefined

export function renderTable (header: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))))
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]?.length ?? 0)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()
  return [line(header), ...text.map(line)].join('\n') + '\n'
}
