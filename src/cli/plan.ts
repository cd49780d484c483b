/**
 * @module cli/plan
 * `rollgate validate` (every problem of a plan as file:line:col, exit 2) and `rollgate schema`
 * (the plan's JSON Schema, for editors).
 */
import type { Command } from 'commander'
import { planJsonSchema } from '../plan/json-schema.ts'
import { planOf, type PlanOptions, withPlanOptions } from './common.ts'

export function registerPlanCommands (program: Command): void {
  withPlanOptions(program.command('validate').description('check a plan: syntax, schema, references; errors as file:line:col'))
    .action(async (opts: PlanOptions) => {
      const plan = await planOf(opts)
      const groups = plan.groups.length
      process.stdout.write(`${opts.plan}: valid (plan version ${plan.version}, ${plan.topics.length} topic selector(s), ${groups} group(s), ` +
        `replication ${plan.replication.kind}, rollback window ${plan.rollbackWindow / 3_600_000} h)\n`)
    })
  program.command('schema').description('print the JSON Schema of the plan file (for editors)')
    .action(() => { process.stdout.write(JSON.stringify(planJsonSchema(), null, 2) + '\n') })
}
