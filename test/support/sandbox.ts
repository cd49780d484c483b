/**
 * @module test/support/sandbox
 * The sandbox every integration test shares: started once by scripts/test.sh, found here through
 * ROLLGATE_SANDBOX_DIR. A test that finds no sandbox fails with the reason — it never skips.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sandboxEnv } from '../../src/sandbox/sandbox.ts'
import { findJava } from '../../src/sandbox/prerequisites.ts'
import { sandboxAssets } from '../../src/sandbox/artifacts.ts'
import { type ProduceBatch, produceSequenced } from '../../src/sandbox/traffic.ts'

const run = promisify(execFile)

export interface SandboxEnv {
  dir: string
  source: string
  target: string
  kafkaLib: string
  plan: string
  naming: 'identity' | 'prefix'
}

export function sandbox (): SandboxEnv {
  if (!process.env.ROLLGATE_SANDBOX_DIR) {
    throw new Error('ROLLGATE_SANDBOX_DIR is not set: integration tests run on the sandbox that scripts/test.sh starts')
  }
  const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
  return {
    dir: env.ROLLGATE_SANDBOX_DIR!,
    source: env.ROLLGATE_SOURCE_BOOTSTRAP!,
    target: env.ROLLGATE_TARGET_BOOTSTRAP!,
    kafkaLib: env.ROLLGATE_KAFKA_LIB!,
    plan: env.ROLLGATE_PLAN!,
    naming: env.ROLLGATE_NAMING as 'identity' | 'prefix',
  }
}

/** A name no other test uses: `prefix-<random>`. */
export function unique (prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/** Runs one of Kafka's own Java tools from the sandbox classpath; returns stdout. */
export async function javaTool (kafkaLib: string, mainClass: string, args: string[]): Promise<string> {
  const java = findJava(17, 'Kafka tools').bin
  const { stdout } = await run(java, [
    '-Xmx256m', '-XX:TieredStopAtLevel=1', `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`,
    '-cp', `${kafkaLib}/*`, mainClass, ...args,
  ], { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 })
  return stdout
}

/** Produces `count` sequenced records to each listed partition; returns when all are acknowledged. */
export async function produce (bootstrap: string, batches: ProduceBatch[]): Promise<void> {
  await produceSequenced(bootstrap, batches)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `check` returns a value, or fails with `what` after `timeoutMs`. */
export async function eventually<T> (what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < until) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) { last = error }
    await sleep(500)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}
