/**
 * @module cli/gate
 * `rollgate gate <name>|--all`: snapshot both sides (or use recorded evidence), evaluate, journal
 * each verdict, print it. Exit 1 unless every gate passes (warn passes; unknown fails).
 */
import { type Command, InvalidArgumentError } from 'commander'
import { ExitCode, badInput } from '../errors.ts'
import { runGates } from '../gates/run.ts'
import { passes } from '../gates/status.ts'
import { type GateName, gateNames } from '../gates/types.ts'
import { renderGateJson } from '../report/gate-json.ts'
import { renderGateJunit } from '../report/gate-junit.ts'
import { renderGateMarkdown } from '../report/gate-markdown.ts'
import { renderGateTable } from '../report/gate-table.ts'
import { planHash } from '../snapshot/capture.ts'
import { readSnapshot, takeSnapshot } from '../snapshot/record.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

type Format = 'table' | 'json' | 'junit' | 'markdown'

const renderers: Record<Format, (results: Parameters<typeof renderGateTable>[0]) => string> = {
  table: renderGateTable, json: renderGateJson, junit: renderGateJunit, markdown: renderGateMarkdown,
}

export function registerGate (program: Command): void {
  const command = program.command('gate [name]')
    .description(`evaluate a gate (${gateNames.join(' | ')}) or --all against fresh evidence`)
    .option('--all', 'every gate, in order')
    .option('--evidence <id>', 'evaluate on a recorded snapshot instead of taking one', (v: string) => {
      if (!/^[0-9a-f]{64}$/.test(v)) throw new InvalidArgumentError('an evidence id is 64 hex characters (see `rollgate log --type evidence`)')
      return v
    })
  withFormat(withPlanOptions(command), ['table', 'json', 'junit', 'markdown'])
  command.action(async (name: string | undefined, opts: PlanOptions & { all?: boolean, evidence?: string, format: Format }) => {
    if (opts.all && name) throw badInput('give a gate name or --all, not both')
    if (!opts.all && !name) throw badInput(`which gate? one of ${gateNames.join(', ')}, or --all`)
    if (name && !(gateNames as readonly string[]).includes(name)) throw badInput(`unknown gate '${name}': one of ${gateNames.join(', ')}`)
    const names: GateName[] = opts.all ? [...gateNames] : [name as GateName]
    const { plan, text } = await planWithText(opts)
    const state = await openState(opts)
    try {
      const recorded = opts.evidence
        ? { snapshot: readSnapshot(state.evidence, opts.evidence), evidenceId: opts.evidence }
        : await takeSnapshot(plan, text, state)
      const results = runGates(plan, names, recorded.snapshot, recorded.evidenceId, state, new Date(), planHash(text))
      process.stdout.write(renderers[opts.format](results.length === 1 ? results[0]! : results))
      process.exitCode = results.every((r) => passes(r.status)) ? ExitCode.ok : ExitCode.refused
    } finally {
      state.close()
    }
  })
}
