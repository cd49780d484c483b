/**
 * @module cli/offsets-apply
 * `rollgate offsets apply [--reset-plan <evidenceId>] [--execute]`: write a recorded reset plan's
 * committed offsets (dry run unless --execute). Exit 1 when any group is refused (not Empty or
 * Dead) or fails; 2 without a reset plan; 3 when a cluster cannot be reached at all.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { ExitCode, RollgateError } from '../errors.ts'
import type { Entry, EvidenceReader } from '../journal/index.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { type ApplyResult, applyResetPlan, summarizeApply } from '../offsets/apply.ts'
import type { ResetPlan } from '../offsets/types.ts'
import { renderTable } from '../report/table.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { openState, planOf, type PlanOptions, stateDirOf, withFormat, withPlanOptions } from './common.ts'

interface ApplyOptions extends PlanOptions { resetPlan?: string, execute?: boolean, concurrency: number, format: 'table' | 'json' }

const noPlan = () => new RollgateError('RG_NO_RESET_PLAN', 'no reset plan recorded: run `rollgate offsets plan` first', ExitCode.badInput)

export function registerOffsetsApply (offsets: Command): void {
  const command = offsets.command('apply')
    .description('write the reset plan\'s committed offsets (dry run unless --execute); refuses groups that are not Empty or Dead')
    .option('--reset-plan <evidenceId>', 'the reset plan to apply (default: the newest recorded)', (v: string) => {
      if (!/^[0-9a-f]{64}$/.test(v)) throw new InvalidArgumentError('an evidence id is 64 hex characters (see `rollgate log --type evidence`)')
      return v
    })
    .option('--execute', 'write the offsets (default: dry run, nothing written)')
    .option('--concurrency <n>', 'groups read and written at the same time', (v: string) => {
      const n = Number(v)
      if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('--concurrency must be a positive integer')
      return n
    }, 8)
  withFormat(withPlanOptions(command))
  command.action(async (opts: ApplyOptions) => {
    const plan = await planOf(opts)
    // without a journal nothing was planned; say so rather than create an empty state dir
    if (!existsSync(join(stateDirOf(opts), 'journal.jsonl'))) throw noPlan()
    // a dry run writes nothing, not even the journal: it reads beside a running writer, unlocked
    const state = await openState(opts, { readOnly: opts.execute !== true })
    try {
      for (const warning of state.warnings) process.stderr.write(`rollgate: warning: ${warning}\n`)
      const resetPlanId = opts.resetPlan ?? newestResetPlan(state.journal.entries())
      const resetPlan = readResetPlan(state.evidence, resetPlanId)
      const clients = { source: new ClusterClient(connectionOf(plan, 'source')), target: new ClusterClient(connectionOf(plan, 'target')) }
      let result: ApplyResult
      try {
        result = await applyResetPlan(resetPlan, clients, state, { execute: opts.execute === true, resetPlanId, concurrency: opts.concurrency })
      } finally {
        await Promise.all([clients.source.close(), clients.target.close()])
      }
      process.stdout.write(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderApply(result))
      process.exitCode = result.ok ? ExitCode.ok : ExitCode.refused
    } finally {
      state.close()
    }
  })
}

function newestResetPlan (entries: readonly Entry[]): string {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    if (entry.type === 'evidence' && entry.data.kind === 'reset-plan') return entry.data.evidenceId
  }
  throw noPlan()
}

function readResetPlan (evidence: EvidenceReader, id: string): ResetPlan {
  const document = evidence.get(id) as Partial<ResetPlan> | null
  if (document?.type !== 'rollgate.reset-plan/v1' || !Array.isArray(document.groups)) {
    throw new RollgateError('RG_EVIDENCE_KIND', `evidence ${id} is not a rollgate reset plan`, ExitCode.badInput)
  }
  return document as ResetPlan
}

const statusLabel: Record<string, string> = {
  'applied': 'applied', 'would-apply': 'would apply', 'already-at-plan': 'already at plan', 'refused': 'REFUSED', 'failed': 'FAILED',
}

export function renderApply (result: ApplyResult): string {
  const lines: string[] = []
  lines.push(result.execute
    ? `offsets apply: ${summarizeApply(result)} (${result.elapsedMs} ms)`
    : `DRY RUN: nothing was written. ${summarizeApply(result)}; run again with --execute to write`)
  const rows = result.groups.flatMap((g) => g.changes.length === 0
    ? [[g.group, g.cluster, '-', '-', '-', '-', statusLabel[g.status], g.status === 'already-at-plan' ? `${g.atPlan} partition(s) at plan` : '']]
    : g.changes.map((c) => [g.group, g.cluster, c.topic, c.partition, c.before, c.after, statusLabel[g.status],
      c.clampedFrom === undefined ? '' : `clamped from ${c.clampedFrom}`]))
  lines.push(renderTable(['GROUP', 'CLUSTER', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'NEW-OFFSET', 'STATUS', 'DETAIL'], rows).trimEnd())
  // why, below the table: refusals and clamping in kafka-consumer-groups' own words
  for (const g of result.groups) if (g.message !== undefined) lines.push(g.message)
  for (const g of result.groups) if (g.error !== undefined) lines.push(`Error: group '${g.group}': ${g.error}`)
  for (const g of result.groups) for (const w of g.warnings) lines.push(`Warning: group '${g.group}': ${w}`)
  for (const p of result.pending) {
    const how = p.settled === 'in-place' ? 'its offsets were found in place: outcome ok recorded'
      : p.settled === 'superseded' ? 'its offsets were not in place: closed as superseded, the group re-applied'
        : result.execute ? 'left pending (its group was not written by this run)' : 'a run with --execute will settle it'
    lines.push(`interrupted: ${p.actionId} (seq ${p.seq}, group ${p.group ?? '?'}) had no outcome; ${how}`)
  }
  return lines.join('\n') + '\n'
}
