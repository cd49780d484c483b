/**
 * @module cli/diff
 * `rollgate diff`: snapshot both sides (recorded, or a recorded one with --evidence), compare them
 * (diff/diff.ts), record the comparison as evidence, print it. Exit 0 when nothing differs but what
 * the plan allows, 1 when anything else differs or could not be compared, 3 when a side could not
 * be reached at all.
 */
import { type Command, InvalidArgumentError } from 'commander'
import { ExitCode } from '../errors.ts'
import { diffInventories, summarizeDiff } from '../diff/diff.ts'
import { renderDiffTable } from '../diff/render.ts'
import { renderTable } from '../report/table.ts'
import { readSnapshot, takeSnapshot } from '../snapshot/record.ts'
import type { SideName } from '../snapshot/types.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

export function registerDiff (program: Command): void {
  const command = program.command('diff')
    .description('parity of topics (partitions, replication factor, behaviour configs), ACLs and client quotas between source and target')
    .option('--evidence <id>', 'compare a recorded snapshot instead of taking one', (v: string) => {
      if (!/^[0-9a-f]{64}$/.test(v)) throw new InvalidArgumentError('an evidence id is 64 hex characters (see `rollgate log --type evidence`)')
      return v
    })
  withFormat(withPlanOptions(command))
  command.action(async (opts: PlanOptions & { evidence?: string, format: 'table' | 'json' }) => {
    const { plan, text } = await planWithText(opts)
    const state = await openState(opts)
    try {
      const recorded = opts.evidence
        ? { snapshot: readSnapshot(state.evidence, opts.evidence), evidenceId: opts.evidence }
        : await takeSnapshot(plan, text, state, { scope: 'pre-replication' })
      const { snapshot, evidenceId: snapshotId } = recorded
      const { source, target } = snapshot.sides
      if (source.status !== 'ok' || target.status !== 'ok') {
        // nothing to compare: say which side and why; unreachable is the contract's exit 3
        const sides = (['source', 'target'] as const).map((name: SideName) => {
          const s = snapshot.sides[name]
          return { side: name, status: s.status, bootstrap: s.bootstrap, error: s.status === 'ok' ? null : s.error }
        })
        process.stdout.write(opts.format === 'json'
          ? JSON.stringify({ type: 'rollgate.diff/v1', snapshotId, capturedAt: snapshot.capturedAt, compared: false, sides }, null, 2) + '\n'
          : `diff of snapshot ${snapshotId.slice(0, 12)}: not compared\n` + renderTable(['SIDE', 'STATUS', 'BOOTSTRAP', 'ERROR'], sides.map((s) => [s.side, s.status, s.bootstrap.join(','), s.error])))
        process.exitCode = sides.some((s) => s.status === 'unreachable') ? ExitCode.unreachable : ExitCode.refused
        return
      }
      const report = diffInventories(plan, source.inventory, target.inventory)
      const summary = summarizeDiff(report)
      const evidenceId = state.evidence.put({ ...report, snapshotId })
      const { counts } = summary
      state.journal.append('evidence', {
        evidenceId,
        kind: 'diff',
        summary: `${counts.fail} fail, ${counts.warn} warn, ${counts.unknown} unknown, ${counts.pass} allowed${summary.unknownParts.length ? `; not compared: ${summary.unknownParts.join(', ')}` : ''}`,
      })
      process.stdout.write(opts.format === 'json'
        ? JSON.stringify({ evidenceId, snapshotId, capturedAt: snapshot.capturedAt, compared: true, ...report, summary }, null, 2) + '\n'
        : renderDiffTable(report, `diff ${evidenceId.slice(0, 12)} of snapshot ${snapshotId.slice(0, 12)} captured ${snapshot.capturedAt}`))
      process.exitCode = summary.clean ? ExitCode.ok : ExitCode.refused
    } finally {
      state.close()
    }
  })
}
