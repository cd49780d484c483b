/**
 * @module sandbox/prerequisites
 * Finds the Java runtimes and Maven the sandbox needs, and says plainly what to install when one is
 * missing. Kafka needs Java >= 17; Apicurio Registry 3.x needs Java >= 21.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ExitCode, RollgateError } from '../errors.ts'

export interface JavaRuntime { bin: string, major: number }

function javaMajor (bin: string): number | undefined {
  // `java -version` writes to stderr
  const result = spawnSync(bin, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 })
  return result.status === 0 ? parseJavaVersion(`${result.stderr}${result.stdout}`) : undefined
}

/** `openjdk version "17.0.15"` → 17, `"1.8.0_402"` → 8 */
export function parseJavaVersion (text: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text)
  if (!m) return undefined
  const first = Number(m[1])
  return first === 1 && m[2] ? Number(m[2]) : first
}

function candidates (): string[] {
  const list: string[] = []
  if (process.env.JAVA_HOME) list.push(join(process.env.JAVA_HOME, 'bin', 'java'))
  list.push('java')
  for (const root of ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm']) {
    if (!existsSync(root)) continue
    for (const entry of readdirSync(root)) list.push(join(root, entry, 'bin', 'java'))
  }
  return list
}

const found = new Map<number, JavaRuntime>()

/** The first Java runtime of at least `minMajor`: JAVA_HOME, then PATH, then the usual JVM folders. */
export function findJava (minMajor: number, forWhat: string): JavaRuntime {
  const cached = found.get(minMajor)
  if (cached) return cached
  const seen: string[] = []
  for (const bin of candidates()) {
    if (bin !== 'java' && !existsSync(bin)) continue
    const major = javaMajor(bin)
    if (major === undefined) continue
    seen.push(`${bin} (${major})`)
    if (major >= minMajor) {
      const runtime = { bin, major }
      found.set(minMajor, runtime)
      return runtime
    }
  }
  throw new RollgateError('RG_SANDBOX_JAVA', `${forWhat} needs Java ${minMajor} or newer; ` +
    (seen.length ? `found only ${seen.join(', ')}` : 'no Java was found') +
    `. Install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jre-headless) or set JAVA_HOME.`, ExitCode.badInput)
}

export function requireMaven (): string {
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore', timeout: 30_000 })
    return 'mvn'
  } catch {
    throw new RollgateError('RG_SANDBOX_MAVEN', 'the sandbox fetches Kafka from Maven Central with Maven, but `mvn` was not found on PATH. ' +
      'Install Maven 3.8+ (e.g. apt-get install maven).', ExitCode.badInput)
  }
}
