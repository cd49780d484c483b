/**
 * @module bench/support
 * What every benchmark needs: the sandbox it measures on, a plan for it, topics created and copied
 * by MirrorMaker 2, timing a fresh process as an operator would run it, the median of the runs, and
 * Kafka's own Java tools from the sandbox's classpath for the side-by-side comparison.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { sandboxAssets } from '../src/sandbox/artifacts.ts'
import { findJava } from '../src/sandbox/prerequisites.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'

export const run = promisify(execFile)

export async function timeMs (what: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await what()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Runs one of Kafka's Java tools (a fresh JVM, as its shell script would) against the sandbox. */
export function javaTool (lib: string, mainClass: string, args: string[], jvmOptions: string[] = []) {
  return run(findJava(17, 'Kafka tools').bin, [...jvmOptions, `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`, '-cp', `${lib}/*`, mainClass, ...args], { maxBuffer: 1 << 30 })
}

/** Runs the rollgate CLI in a fresh process. */
export function rollgateCli (args: string[]) {
  return run(process.execPath, [join(import.meta.dirname, '..', 'bin', 'rollgate.js'), ...args], { maxBuffer: 1 << 30 })
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Progress on stderr: stdout is the benchmark's JSON result. */
export const say = (line: string): void => { process.stderr.write(`${line}\n`) }

/** The running sandbox the benchmark measures on (`ROLLGATE_SANDBOX_DIR`, started by scripts/bench.sh). */
export function benchSandbox (): { source: string, target: string, lib: string, naming: 'identity' | 'prefix', plan: string } {
  const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
  return {
    source: env.ROLLGATE_SOURCE_BOOTSTRAP!,
    target: env.ROLLGATE_TARGET_BOOTSTRAP!,
    lib: env.ROLLGATE_KAFKA_LIB!,
    naming: env.ROLLGATE_NAMING as 'identity' | 'prefix',
    plan: env.ROLLGATE_PLAN!,
  }
}

/**
 * A plan for a benchmark in a fresh temp dir: the sandbox's clusters, the given topic selectors and
 * groups (YAML list items), every runbook field owned so no gate refuses for ownership.
 */
export function writeBenchPlan (name: string, body: { topics: string[], groups?: string[], gates?: string }): { dir: string, plan: string } {
  const sb = benchSandbox()
  const dir = mkdtempSync(join(tmpdir(), `rollgate-bench-${name}-`))
  const plan = join(dir, 'rollgate.yaml')
  const owned = (field: string) => `  ${field}: { owner: b, ticket: B-1 }`
  writeFileSync(plan, [
    'version: 1',
    'clusters:',
    `  source: { bootstrap: [${JSON.stringify(sb.source)}] }`,
    `  target: { bootstrap: [${JSON.stringify(sb.target)}] }`,
    `replication: { kind: mirrormaker2, naming: ${sb.naming} }`,
    'rollbackWindow: 72h',
    'topics:',
    ...body.topics.map((t) => `  - ${t}`),
    ...(body.groups ? ['groups:', ...body.groups.map((g) => `  - ${g}`)] : []),
    'runbook:',
    ...['writeAuthority', 'criticalTopics', 'criticalGroups', 'schemaState', 'connectorSideEffects', 'clientSwitch', 'pointOfNoReturn'].map(owned),
    `gates: ${body.gates ?? '{ timeout: 60s }'}`,
    '',
  ].join('\n'))
  return { dir, plan }
}

/** Creates the topics the cluster lacks (50 per request) and waits for their leaders; returns the ones created. */
export async function createMissingTopics (bootstrap: string, topics: readonly string[], partitions: number): Promise<string[]> {
  const client = new ClusterClient({ name: 'source', bootstrap: [bootstrap], timeoutMs: 60_000 })
  const admin = new Admin({ clientId: 'rollgate-bench', bootstrapBrokers: [bootstrap], timeout: 60_000 })
  try {
    const existing = new Set(await client.listTopics())
    const missing = topics.filter((t) => !existing.has(t))
    for (let i = 0; i < missing.length; i += 50) await admin.createTopics({ topics: missing.slice(i, i + 50), partitions, replicas: 1 })
    // new partitions need a leader before they take writes
    while (missing.length) {
      const described = await client.describeTopics(missing)
      if (described.length === missing.length && described.every((t) => t.partitions.every((p) => p.leader >= 0))) break
      await sleep(500)
    }
    return missing
  } finally {
    await admin.close()
    await client.close()
  }
}

/** Waits until MirrorMaker 2 has copied at least `records` to every partition of each topic's copy on the target. */
export async function waitForCopies (target: string, copies: readonly string[], partitions: number, records: number): Promise<void> {
  const client = new ClusterClient({ name: 'target', bootstrap: [target], timeoutMs: 60_000 })
  const all = copies.flatMap((topic) => Array.from({ length: partitions }, (_, partition) => ({ topic, partition })))
  try {
    for (;;) {
      try {
        const names = new Set(await client.listTopics())
        if (copies.every((t) => names.has(t)) && (await client.offsets(all, 'latest')).every((e) => e.offset >= records)) return
      } catch {
        // copies just created by MirrorMaker 2 may not have a leader yet
      }
      await sleep(1000)
    }
  } finally {
    await client.close()
  }
}
