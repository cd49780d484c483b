/**
 * @module cli/reserved
 * Command names of the CLI contract that later capabilities implement. They exist now so that
 * scripts and docs can rely on the names; until then each says so and exits 2.
 */
import type { Command } from 'commander'
import { badInput } from '../errors.ts'

const reserved: Array<[name: string, summary: string]> = [
  ['init', 'write a plan from live discovery of both clusters'],
  ['validate', 'check a plan; errors as file:line:col'],
  ['schema', 'print the JSON Schema of the plan file'],
  ['snapshot', 'capture evidence of both sides into the journal'],
  ['diff', 'parity of topics, configs, partitions, ACLs, quotas, schemas, connectors'],
  ['gate', 'evaluate a gate: pre-replication | replication | offsets | shadow-read | producer-cutover | exit'],
  ['offsets', 'capture | translate | plan | apply | export | import consumer group offsets'],
  ['verify', 'shadow-read record parity, read-only, never joins a group'],
  ['status', 'phase, write authority, rollback availability, point of no return'],
  ['advance', 'move write authority to the next phase (refuses unless its gate passes)'],
  ['rollback', 'execute rollback (dry-run by default)'],
  ['rehearse', 'game day: force a rollback and measure restore time, duplicates, loss'],
  ['runbook', 'the runbook from plan + latest evidence (markdown or html)'],
  ['serve', 'dashboard and /metrics'],
  ['log', 'the journal, newest last'],
  ['journal', 'journal verify: check the hash chain of the state dir'],
]

export function registerReserved (program: Command): void {
  const taken = new Set(program.commands.map((c) => c.name()))
  for (const [name, summary] of reserved) {
    if (taken.has(name)) continue
    program.command(name)
      .description(`${summary} (not implemented yet)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => { throw badInput(`'${name}' is not implemented yet in this version of rollgate`) })
  }
}
