/**
 * @module verify/progress
 * The progress line: records compared, records per second, ETA. On a terminal it is redrawn in
 * place on stderr; elsewhere (CI, a pipe) a plain line is written every `plainEveryMs`, so logs
 * stay readable. The expected total is the offset span of the ranges (records, give or take
 * transaction markers and compacted gaps), so the ETA is an estimate and says so.
 */

export interface Progress {
  compared: number
  /** offsets to go through on the source side */
  expected: number
  partitionsDone: number
  partitions: number
  elapsedMs: number
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US')

function duration (ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

export function progressLine (p: Progress): string {
  const rate = p.elapsedMs > 0 ? p.compared / (p.elapsedMs / 1000) : 0
  const share = p.expected > 0 ? Math.min(1, p.compared / p.expected) : 1
  const eta = rate > 0 ? ((p.expected - p.compared) / rate) * 1000 : Number.NaN
  return `verify ${grouped(p.compared)}/${grouped(p.expected)} records (${Math.floor(share * 100)}%)  ${grouped(rate)} records/s  ` +
    `partitions ${p.partitionsDone}/${p.partitions}  elapsed ${duration(p.elapsedMs)}  ETA ~${p.compared >= p.expected ? '0s' : duration(eta)}`
}

export interface ProgressSink { update: (p: Progress) => void, done: (p: Progress) => void }

/** Writes progress to `stream`: redrawn in place on a TTY, a plain line now and then otherwise. */
export function progressSink (stream: NodeJS.WriteStream, options: { tty?: boolean, plainEveryMs?: number } = {}): ProgressSink {
  const tty = options.tty ?? (stream.isTTY === true && !process.env.CI)
  const every = tty ? 250 : (options.plainEveryMs ?? 10_000)
  let last = 0
  return {
    update: (p) => {
      if (p.elapsedMs - last < every) return
      last = p.elapsedMs
      stream.write(tty ? `\r\u001b[2K${progressLine(p)}` : `${progressLine(p)}\n`)
    },
    done: (p) => {
      stream.write(tty ? `\r\u001b[2K${progressLine(p)}\n` : `${progressLine(p)}\n`)
    },
  }
}
