/**
 * @module bench/support
 * What every benchmark needs: timing a fresh process as an operator would run it, the median of the
 * runs, and Kafka's own Java tools from the sandbox's classpath for the side-by-side comparison.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sandboxAssets } from '../src/sandbox/artifacts.ts'
import { findJava } from '../src/sandbox/prerequisites.ts'

export const run = promisify(execFile)

export async function timeMs (what: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await what()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Runs one of Kafka's Java tools (a fresh JVM, as its shell script would) against the sandbox. */
export function javaTool (lib: string, mainClass: string, args: string[]) {
  return run(findJava(17, 'Kafka tools').bin, [`-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`, '-cp', `${lib}/*`, mainClass, ...args], { maxBuffer: 1 << 30 })
}

/** Runs the rollgate CLI in a fresh process. */
export function rollgateCli (args: string[]) {
  return run(process.execPath, [join(import.meta.dirname, '..', 'bin', 'rollgate.js'), ...args], { maxBuffer: 1 << 30 })
}
