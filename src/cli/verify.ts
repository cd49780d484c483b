/**
 * @module cli/verify
 * `rollgate verify`: record-level parity of the plan's critical topics between source and target,
 * read-only (no group joined, nothing committed), with the plan's invariants; the result is
 * recorded as evidence for the shadow-read gate. Exit 1 when a critical topic differs, could not be
 * verified to the end, or an invariant fails or has no answer.
 */
import { readFileSync } from 'node:fs'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { ExitCode, badInput } from '../errors.ts'
import { renderTable } from '../report/table.ts'
import { planHash } from '../snapshot/capture.ts'
import { judgeTopic } from '../verify/judge.ts'
import { previewText } from '../verify/preview.ts'
import { progressSink } from '../verify/progress.ts'
import { readOnlyApis } from '../verify/requests.ts'
import { defaults, defaultWorkers, verifyPlan } from '../verify/service.ts'
import { parseOffsets, parseSince } from '../verify/range-spec.ts'
import { parseShard } from '../verify/shard.ts'
import type { Divergence, RangeSpec, RecordSummary, VerifyResult } from '../verify/types.ts'
import type { Plan } from '../plan/schema.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

interface VerifyCliOptions extends PlanOptions {
  topic?: string[]
  allTopics?: boolean
  since?: string
  offsets?: string
  isolation: 'read_committed' | 'read_uncommitted'
  timestamps?: boolean
  shard: string
  workers?: number
  window: number
  duplicateWindow: number
  invariants: boolean
  import?: string
  progress: 'auto' | 'tty' | 'plain' | 'none'
  format: 'table' | 'json'
}

const count = (what: string, min: number) => (v: string) => {
  // Number('') is 0: a blank value is no number, not zero workers
  const n = v.trim() === '' ? Number.NaN : Number(v)
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${what} is a whole number >= ${min}`)
  return n
}

const line = (r: RecordSummary | null) => (r === null ? '-' : `${r.offset} @${new Date(r.timestamp).toISOString()} key=${previewText(r.key)} value=${previewText(r.value)}` +
  (r.headers.length ? ` headers=${r.headers.map((h) => `${previewText(h.key)}:${previewText(h.value)}`).join(',')}` : ''))

export function describeDivergence (d: Divergence): string {
  return `${d.kind}: ${d.detail}\n      source ${line(d.source)}\n      target ${line(d.target)}`
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`

export function renderVerify (result: VerifyResult, plan: Plan, evidenceId: string | null): string {
  const verdicts = result.topics.map((t) => ({ t, v: judgeTopic(plan, t) }))
  const out: string[] = []
  const partitions = result.topics.reduce((s, t) => s + t.partitions.length, 0)
  out.push(`verify ${evidenceId ?? '(not recorded)'}: ${result.topics.length} topic(s), ${partitions} partition(s)` +
    `${result.shard.count > 1 ? ` (shard ${result.shard.index}/${result.shard.count})` : ''}, ${result.run.compared.toLocaleString('en-US')} record(s) compared in ${(result.run.durationMs / 1000).toFixed(1)}s` +
    ` (${result.run.recordsPerSecond.toLocaleString('en-US')} records/s, peak RSS ${mb(result.run.peakRssBytes)})\n`)
  out.push(renderTable(['TOPIC', 'TARGET', 'PARTITIONS', 'COMPARED', 'MISSING', 'EXTRA', 'ABORTED', 'DUPLICATE', 'ALTERED', 'ORDER', 'OFFSET', 'SYNC', 'LAG', 'VERDICT'],
    verdicts.map(({ t, v }) => [t.topic, t.targetTopic, t.partitions.length, v.totals.compared, v.totals.missing, v.totals.extra, v.totals.aborted, v.totals.duplicate, v.totals.mismatch, v.totals.order, v.totals.offset, v.totals.sync, v.totals.lag, v.status])))
  const diverged = verdicts.flatMap(({ t, v }) => v.diverged.map((d) => ({ topic: t.topic, ...d })))
  if (diverged.length) {
    out.push('\nfirst divergence per partition:\n')
    for (const d of diverged.slice(0, 50)) {
      out.push(`  ${d.topic}-${d.partition} (${d.status}): ${d.firstDivergence ? describeDivergence(d.firstDivergence) : d.error ?? ''}\n`)
    }
    if (diverged.length > 50) out.push(`  … and ${diverged.length - 50} more partition(s) (--format json has them all)\n`)
  }
  out.push('\n' + verdicts.map(({ t, v }) => `${v.status.padEnd(7)} ${t.topic}: ${v.message}\n`).join(''))
  if (result.invariants?.length) {
    out.push('\n' + renderTable(['INVARIANT', 'SOURCE', 'TARGET', 'DIFFERENCE', 'TOLERANCE', 'STATUS', 'NOTE'], result.invariants.map((i) => [
      i.name, i.source.value ?? `error`, i.target.value ?? 'error', i.difference, i.tolerance, i.status,
      [i.source.error && `source: ${i.source.error}`, i.target.error && `target: ${i.target.error}`].filter(Boolean).join('; '),
    ])))
  }
  const writes = Object.keys(result.requests).filter((api) => !readOnlyApis.has(api))
  out.push(`\nKafka requests: ${Object.entries(result.requests).map(([api, k]) => `${api} ${k}`).join(', ')}${writes.length ? ` — NOT read-only: ${writes.join(', ')}` : ' (read-only: no group joined, nothing committed)'}\n`)
  out.push(result.notes.map((n) => `note: ${n}\n`).join(''))
  out.push(result.run.warnings.map((w) => `warning: ${w}\n`).join(''))
  return out.join('')
}

/** Exit code of a result: 1 when a critical topic or an invariant does not pass (warn passes). */
export function verifyExitCode (result: VerifyResult, plan: Plan): number {
  const topics = result.topics.map((t) => judgeTopic(plan, t).status)
  const invariants = (result.invariants ?? []).map((i) => i.status)
  return [...topics, ...invariants].some((s) => s === 'fail' || s === 'unknown') ? ExitCode.refused : ExitCode.ok
}

function readResult (file: string): VerifyResult {
  let document: Partial<VerifyResult>
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as Partial<VerifyResult>
  } catch (error) {
    throw badInput(`cannot read a verify result from ${file}: ${(error as Error).message}`)
  }
  if (document.type !== 'rollgate.verify/v1') throw badInput(`${file} is not a rollgate verify result (type ${JSON.stringify(document.type ?? null)})`)
  const { evidenceId: _ignored, ...result } = document as VerifyResult & { evidenceId?: string }
  return result
}

export function registerVerify (program: Command): void {
  const command = program.command('verify')
    .description('record-level parity of the critical topics between source and target, read-only (never joins a group), with the plan\'s invariants; recorded for the shadow-read gate')
    .option('--topic <topic...>', 'these source topics (default: the plan\'s critical topics)')
    .option('--all-topics', 'every topic the plan selects, standard ones too')
    .option('--since <duration|timestamp>', 'records since then (e.g. 72h, or 2026-03-02T10:00:00Z); default: the whole retained log')
    .option('--offsets <from:until>', 'a range of source offsets in every partition (e.g. 1000:5000, 1000:)')
    .addOption(new Option('--isolation <level>', 'how both sides are read').choices(['read_committed', 'read_uncommitted']).default('read_committed'))
    .option('--timestamps', 'compare record timestamps too (differences are always counted)')
    .option('--shard <i/n>', 'verify only the i-th of n shares of the partitions (other processes or machines take the rest)', '1/1')
    .option('--workers <n>', `worker threads comparing partitions (0: in this thread; default ${defaultWorkers()})`, count('--workers', 0))
    .option('--window <records>', 'records read ahead on each side to classify a difference', count('--window', 2), defaults.window)
    .option('--duplicate-window <records>', 'copied records remembered to recognise a duplicate', count('--duplicate-window', 1), defaults.duplicateWindow)
    .option('--no-invariants', 'do not evaluate the plan\'s invariants')
    .option('--import <file>', 'record a result written by `verify --format json` elsewhere (another shard\'s machine) instead of verifying')
    .addOption(new Option('--progress <mode>', 'progress on stderr: redrawn on a terminal, a plain line every 10 s otherwise').choices(['auto', 'tty', 'plain', 'none']).default('auto'))
  withFormat(withPlanOptions(command))
  command.action(async (opts: VerifyCliOptions) => {
    if (opts.since && opts.offsets) throw badInput('give --since or --offsets, not both')
    const { plan, text } = await planWithText(opts)
    let result: VerifyResult
    if (opts.import) {
      result = readResult(opts.import)
    } else {
      const range: RangeSpec = opts.since ? parseSince(opts.since, new Date()) : opts.offsets ? parseOffsets(opts.offsets) : { kind: 'whole' }
      const sink = opts.progress === 'none' ? null : progressSink(process.stderr, opts.progress === 'auto' ? {} : { tty: opts.progress === 'tty' })
      let last: Parameters<NonNullable<typeof sink>['update']>[0] | null = null
      result = await verifyPlan(plan, {
        range,
        isolation: opts.isolation,
        withTimestamps: opts.timestamps ?? false,
        shard: parseShard(opts.shard),
        workers: opts.workers ?? defaultWorkers(),
        window: opts.window,
        duplicateWindow: opts.duplicateWindow,
        concurrency: defaults.concurrency,
        partitionMaxBytes: defaults.partitionMaxBytes,
        invariants: opts.invariants,
        planHash: planHash(text),
        topics: opts.topic,
        allTopics: opts.allTopics,
        onProgress: (p) => { last = p; sink?.update(p) },
      })
      if (sink && last) sink.done(last)
    }
    if (result.planHash !== planHash(text)) process.stderr.write('warning: the result was taken under another version of the plan: the shadow-read gate will not use it\n')
    // the state dir is locked only to record: shards running side by side do not wait on each other
    const state = await openState(opts)
    let evidenceId: string
    try {
      evidenceId = state.evidence.put(result)
      const partitions = result.topics.reduce((s, t) => s + t.partitions.length, 0)
      const statuses = result.topics.map((t) => judgeTopic(plan, t).status)
      state.journal.append('evidence', {
        evidenceId,
        kind: 'verify',
        summary: `shard ${result.shard.index}/${result.shard.count}: ${result.topics.length} topic(s), ${partitions} partition(s), ${result.run.compared} compared; ` +
          (['pass', 'warn', 'fail', 'unknown'] as const).map((s) => `${statuses.filter((x) => x === s).length} ${s}`).join(', '),
      })
    } finally {
      state.close()
    }
    process.stdout.write(opts.format === 'json' ? JSON.stringify({ evidenceId, ...result }, null, 2) + '\n' : renderVerify(result, plan, evidenceId))
    process.exitCode = verifyExitCode(result, plan)
  })
}
