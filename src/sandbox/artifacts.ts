/**
 * @module sandbox/artifacts
 * Fetches the sandbox's jars from Maven Central once, with the poms shipped in `sandbox/`, into a
 * cache outside the repo (`$ROLLGATE_CACHE`, default ~/.cache/rollgate). A finished download is
 * marked complete; a half-finished one is redone, never used.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { ExitCode, RollgateError } from '../errors.ts'
import { requireMaven } from './prerequisites.ts'

const run = promisify(execFile)

/** The project's `sandbox/` folder (poms, log4j2.properties). */
export const sandboxAssets = resolve(import.meta.dirname, '..', '..', 'sandbox')

export function cacheRoot (): string {
  return process.env.ROLLGATE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rollgate')
}

function pomProperty (pom: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]+)</${name}>`).exec(readFileSync(pom, 'utf8'))
  if (!m?.[1]) throw new Error(`${pom} has no <${name}>`)
  return m[1]
}

export const kafkaVersion = (): string => pomProperty(join(sandboxAssets, 'kafka-pom.xml'), 'kafka.version')
export const registryVersion = (): string => pomProperty(join(sandboxAssets, 'apicurio-pom.xml'), 'apicurio.version')

async function fetchOnce (what: string, finalDir: string, goal: (tmp: string) => string[], log: (line: string) => void): Promise<string> {
  const marker = join(finalDir, '.complete')
  if (existsSync(marker)) return finalDir
  const mvn = requireMaven()
  const tmp = `${finalDir}.partial-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  log(`fetching ${what} from Maven Central into ${finalDir} (once)`)
  try {
    await run(mvn, ['-B', '-q', ...goal(tmp)], { maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 })
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-8).join('\n')
    throw new RollgateError('RG_SANDBOX_FETCH', `could not fetch ${what} with Maven:\n${out}`, ExitCode.unreachable)
  }
  writeFileSync(join(tmp, '.complete'), new Date().toISOString() + '\n')
  rmSync(finalDir, { recursive: true, force: true })
  renameSync(tmp, finalDir)
  return finalDir
}

/** The Kafka classpath directory (`<dir>/*`): broker, tools, Connect, MirrorMaker 2, FileStream connectors. */
export async function ensureKafkaLib (log: (line: string) => void): Promise<string> {
  const dir = join(cacheRoot(), `kafka-${kafkaVersion()}`)
  await fetchOnce(`Apache Kafka ${kafkaVersion()}`, dir, (tmp) => [
    '-f', join(sandboxAssets, 'kafka-pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(tmp, 'lib')}`,
  ], log)
  return join(dir, 'lib')
}

/** The unpacked Apicurio Registry (quarkus-run.jar + lib/). */
export async function ensureRegistry (log: (line: string) => void): Promise<string> {
  const dir = join(cacheRoot(), `apicurio-${registryVersion()}`)
  await fetchOnce(`Apicurio Registry ${registryVersion()}`, dir, (tmp) => [
    '-f', join(sandboxAssets, 'apicurio-pom.xml'), 'dependency:unpack', `-DoutputDirectory=${tmp}`, `-DmarkersDirectory=${join(tmp, '.markers')}`,
  ], log)
  return dir
}
