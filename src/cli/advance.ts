/**
 * @module cli/advance
 * `rollgate advance <phase> [--execute] [--force --reason "…"]`.
 */
import type { Command } from 'commander'
import { ExitCode } from '../errors.ts'
import { advance } from '../actions/advance.ts'
import { renderGateTable } from '../report/gate-table.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

export function registerAdvance (program: Command): void {
  const command = program.command('advance <phase>')
    .description('move to the next phase (dry run unless --execute); refuses unless the gates guarding it pass')
    .option('--execute', 'record the move (default: dry run)')
    .option('--force', 'move although a guarding gate does not pass (needs --reason)')
    .option('--reason <text>', 'why a forced move is acceptable (journaled)')
  withFormat(withPlanOptions(command))
  command.action(async (phase: string, opts: PlanOptions & { execute?: boolean, force?: boolean, reason?: string, format: 'table' | 'json' }) => {
    const { plan, text } = await planWithText(opts)
    const state = await openState(opts)
    try {
      const result = await advance(plan, text, state, { to: phase, execute: opts.execute ?? false, force: opts.force ?? false, reason: opts.reason })
      if (opts.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n')
      else {
        const switches = (result.switches ?? []).map((s) => `switch ${s.client} (${s.owner}): ${s.status === 'would' ? 'would run' : s.status} ${s.command}${s.output ? ` → ${s.output}` : ''}\n`).join('')
        process.stdout.write(renderGateTable(result.gates) + '\n' + switches + result.message + '\n')
      }
      process.exitCode = result.outcome === 'refused' || result.switches?.some((s) => s.status === 'failed') ? ExitCode.refused : ExitCode.ok
    } finally {
      state.close()
    }
  })
}
