/**
 * @module cli/connectors
 * `rollgate connectors pause|resume|stop --side source|target [--connector name…] [--execute]`:
 * hold or release a side's connectors, for the runbook and rollback (connect/lifecycle.ts). A dry
 * run unless --execute; each change journaled and read back. Exit 1 when a connector did not reach
 * the state asked for, 3 when Connect cannot be reached.
 */
import { type Command, Option } from 'commander'
import { ExitCode } from '../errors.ts'
import { changeConnectors, type LifecycleResult, type LifecycleVerb } from '../connect/lifecycle.ts'
import { renderTable } from '../report/table.ts'
import type { SideName } from '../snapshot/types.ts'
import { openState, planOf, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

interface LifecycleOptions extends PlanOptions { side: SideName, connector?: string[], execute?: boolean, format: 'table' | 'json' }

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function render (result: LifecycleResult): string {
  const rows = result.connectors.map((c) => [c.connector, c.type, c.before, c.status === 'unchanged' ? c.before : c.after, c.status === 'would' ? 'would change' : c.status,
    c.tasks.map((t) => `${t.id}:${t.state}`).join(' ') || '-', c.error ?? ''])
  const changing = result.connectors.filter((c) => c.status === 'would').length
  const tail = result.execute ? '' : changing > 0 ? `dry run: nothing changed; run with --execute to ${result.verb} ${changing} connector(s)\n` : 'dry run: nothing to change\n'
  return renderTable(['CONNECTOR', 'TYPE', 'BEFORE', 'AFTER', 'STATUS', 'TASKS', 'ERROR'], rows) + (result.connectors.length === 0 ? `no connector on the ${result.side}\n` : '') + tail
}

export function registerConnectors (program: Command): Command {
  const connectors = program.command('connectors').description('Kafka Connect connectors: pause, resume or stop them on one side')
  for (const [verb, summary] of [
    ['pause', 'pause connectors (tasks stop moving data, config and assignment kept)'],
    ['resume', 'resume paused or stopped connectors'],
    ['stop', 'stop connectors (tasks shut down, config kept; offsets can then be reset)'],
  ] as const) {
    const command = connectors.command(verb)
      .description(`${summary}; dry run unless --execute`)
      .addOption(new Option('--side <side>', 'the Connect cluster').choices(['source', 'target']).makeOptionMandatory())
      .option('--connector <name>', 'a connector (repeat for several; default: every connector of the side)', collect)
      .option('--execute', 'change them (default: dry run)')
    withFormat(withPlanOptions(command))
    command.action(async (opts: LifecycleOptions) => {
      const plan = await planOf(opts)
      const execute = opts.execute === true
      const state = execute ? await openState(opts) : null
      try {
        const result = await changeConnectors(plan, state, { side: opts.side, verb: verb as LifecycleVerb, connectors: opts.connector ?? [], execute })
        process.stdout.write(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : render(result))
        process.exitCode = result.ok ? ExitCode.ok : ExitCode.refused
      } finally {
        state?.close()
      }
    })
  }
  return connectors
}
