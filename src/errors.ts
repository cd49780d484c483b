/**
 * @module errors
 * The error every rollgate layer throws when it knows what went wrong. The CLI turns it into one
 * line for the operator and the contract's exit code; anything else is a bug and is reported as such.
 */

/** Exit codes of the CLI contract (shared/guide/ARCHITECTURE.md). */
export const ExitCode = {
  ok: 0,
  /** a gate failed or is unknown, or an action was refused */
  refused: 1,
  /** bad input: plan, flags */
  badInput: 2,
  /** a cluster, registry or Connect could not be reached at all */
  unreachable: 3,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export class RollgateError extends Error {
  /** stable, prefixed code, e.g. `RG_KAFKA_UNREACHABLE` */
  readonly code: string
  readonly exitCode: ExitCode

  constructor (code: string, message: string, exitCode: ExitCode = ExitCode.badInput, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RollgateError'
    this.code = code
    this.exitCode = exitCode
  }
}

export function badInput (message: string): RollgateError {
  return new RollgateError('RG_BAD_INPUT', message, ExitCode.badInput)
}
