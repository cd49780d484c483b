/**
 * @module cli/main
 * The `rollgate` command line: wires one file per command into commander and turns every failure
 * into one clear line and the contract's exit code — never a stack trace for bad input.
 */
import { Command, CommanderError } from 'commander'
import { ExitCode, RollgateError } from '../errors.ts'
import { setInvocation } from './common.ts'
import { registerAdvance } from './advance.ts'
import { registerDiff } from './diff.ts'
import { registerGate } from './gate.ts'
import { registerInit } from './init.ts'
import { registerInventory } from './inventory.ts'
import { registerJournal } from './journal.ts'
import { registerOffsets } from './offsets.ts'
import { registerPlanCommands } from './plan.ts'
import { registerRehearse } from './rehearse.ts'
import { registerRollback } from './rollback.ts'
import { registerRunbook } from './runbook.ts'
import { registerSandbox } from './sandbox.ts'
import { registerServe } from './serve.ts'
import { registerSnapshot } from './snapshot.ts'
import { registerStatus } from './status.ts'
import { registerTopics } from './topics.ts'
import { registerVerify } from './verify.ts'
import { registerClients } from './clients.ts'
import { registerConnectors } from './connectors.ts'
import { registerSchemas } from './schemas.ts'
import { registerReserved } from './reserved.ts'

export function buildProgram (): Command {
  const program = new Command('rollgate')
    .description('Rollback-first Kafka cluster migrations: plan, gates with evidence, offsets, rollback.')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerSandbox(program)
  registerInit(program)
  registerInventory(program)
  registerPlanCommands(program)
  registerJournal(program)
  registerSnapshot(program)
  registerGate(program)
  registerStatus(program)
  registerAdvance(program)
  registerRunbook(program)
  registerOffsets(program)
  registerRollback(program)
  registerRehearse(program)
  registerServe(program)
  registerDiff(program)
  registerTopics(program)
  registerVerify(program)
  registerConnectors(program)
  registerClients(program)
  registerSchemas(program)
  registerReserved(program)
  return program
}

export async function main (argv: string[]): Promise<number> {
  setInvocation(argv)
  // commands report their verdict in process.exitCode: start clean, so main() can run again in one process
  process.exitCode = undefined
  const program = buildProgram()
  try {
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok
  } catch (error) {
    return reportFailure(error)
  }
}

/** One line on stderr and an exit code; a stack trace only for what is truly a bug. */
export function reportFailure (error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander; they already printed what they had to
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok
    // `commander.help` is help shown *instead* of a command (`rollgate`, `rollgate offsets`): nothing
    // was done, so a script must not read it as success
    return ExitCode.badInput
  }
  if (error instanceof RollgateError) {
    process.stderr.write(`rollgate: ${error.message}\n`)
    return error.exitCode
  }
  process.stderr.write(`rollgate: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return 70
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
