/**
 * @module cli/common
 * Options every command shares (`--plan`, `--state-dir`, `--format`), loading the plan with its
 * text (evidence is tied to the plan's hash) and opening the state dir as the invoking command.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { type Command, Option } from 'commander'
import { existsSync } from 'node:fs'
import { commandActor, type Entry, type EvidenceReader, openStateDir, type StateDir } from '../journal/index.ts'
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

/** The plan and its exact text (whose hash ties evidence to it). */
export async function planWithText (options: PlanOptions): Promise<{ plan: Plan, text: string }> {
  const plan = await loadPlan(options.plan)
  return { plan, text: await readFile(options.plan, 'utf8') }
}

let invocation: readonly string[] = []
/** The command line being run, recorded as the journal's actor (plans hold references, never secrets). */
export function setInvocation (args: readonly string[]): void { invocation = args }

export function openState (options: PlanOptions, mode: { readOnly?: boolean } = {}): Promise<StateDir> {
  return openStateDir(stateDirOf(options), { actor: commandActor(invocation), readOnly: mode.readOnly })
}

/**
 * What has been recorded, for read-only commands: no lock, nothing written, and a state dir that
 * does not exist yet reads as an empty journal (phase prepare, nothing evaluated).
 */
export async function recorded (options: PlanOptions): Promise<{ entries: Entry[], evidence: EvidenceReader, close: () => void }> {
  if (!existsSync(stateDirOf(options))) {
    return { entries: [], evidence: { get: (id: string) => { throw new Error(`evidence ${id} is not recorded`) } }, close: () => {} }
  }
  const state = await openState(options, { readOnly: true })
  return { entries: state.journal.entries(), evidence: state.evidence, close: () => state.close() }
}
