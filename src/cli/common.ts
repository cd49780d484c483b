/**
 * @module cli/common
 * Options every command shares (`--plan`, `--state-dir`, `--format`) and the plan → cluster
 * connection step, so each command file only parses, calls a service and renders.
 */
import { dirname, join, resolve } from 'node:path'
import { type Command, Option } from 'commander'
import type { KafkaConnection } from '../kafka/options.ts'
import { loadPlan } from '../plan/load.ts'
import type { Plan } from '../plan/schema.ts'

export interface PlanOptions { plan: string, stateDir?: string }

export function withPlanOptions (command: Command): Command {
  return command
    .option('--plan <file>', 'the plan file', './rollgate.yaml')
    .option('--state-dir <dir>', 'journal and evidence (default: .rollgate/ beside the plan)')
}

export function withFormat (command: Command, formats: string[] = ['table', 'json']): Command {
  return command.addOption(new Option('--format <format>', 'output format').choices(formats).default(formats[0]))
}

export function stateDirOf (options: PlanOptions): string {
  return options.stateDir ?? join(dirname(resolve(options.plan)), '.rollgate')
}

export async function planOf (options: PlanOptions): Promise<Plan> {
  return loadPlan(options.plan)
}

/** The access layer's view of one side of the plan. */
export function connectionOf (plan: Plan, side: 'source' | 'target'): KafkaConnection {
  const cluster = plan.clusters[side]
  return { name: side, bootstrap: cluster.bootstrap, security: cluster.security }
}
