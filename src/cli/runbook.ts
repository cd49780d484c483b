/**
 * @module cli/runbook
 * `rollgate runbook [--format markdown|html] [--output <file>]`: the document for the change meeting.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { migrationStatus } from '../phases/status.ts'
import { renderRunbook } from '../report/runbook.ts'
import { planOf, type PlanOptions, recorded, withFormat, withPlanOptions } from './common.ts'

export function registerRunbook (program: Command): void {
  const command = program.command('runbook').description('the runbook from the plan and the latest evidence')
    .option('--output <file>', 'write it to a file instead of stdout')
  withFormat(withPlanOptions(command), ['markdown', 'html'])
  command.action(async (opts: PlanOptions & { format: 'markdown' | 'html', output?: string }) => {
    const plan = await planOf(opts)
    const state = await recorded(opts)
    try {
      const now = new Date()
      const status = migrationStatus(plan, state.entries, state.evidence, now)
      const text = renderRunbook({ plan, planFile: opts.plan, phase: status.phase, availability: status.rollback, verdicts: status.verdicts, generatedAt: now.toISOString() }, opts.format)
      if (opts.output) {
        writeFileSync(opts.output, text)
        process.stdout.write(`runbook written to ${resolve(opts.output)}\n`)
      } else {
        process.stdout.write(text)
      }
    } finally {
      state.close()
    }
  })
}
