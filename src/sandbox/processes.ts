/**
 * @module sandbox/processes
 * Starting and stopping the sandbox's JVMs. Each process carries a marker of its sandbox directory
 * on its command line, so `down` only ever signals a PID that this sandbox started, even if the
 * operating system has since reused the number.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'

export interface StartSpec {
  /** component name, also the log file name */
  name: string
  java: string
  /** JVM options before the main class or -jar */
  jvm: string[]
  main: string[]
  cwd: string
  logFile: string
  /** the marker argument, `-Drollgate.sandbox=<dir>` */
  marker: string
}

export function startProcess (spec: StartSpec): number {
  const log = openSync(spec.logFile, 'a')
  try {
    const child = spawn(spec.java, [spec.marker, ...spec.jvm, ...spec.main], {
      cwd: spec.cwd,
      detached: true, // own process group: survives the CLI, and `down` can stop it alone
      stdio: ['ignore', log, log],
      env: { ...process.env, KAFKA_HEAP_OPTS: undefined, JAVA_TOOL_OPTIONS: undefined },
    })
    child.unref()
    if (child.pid === undefined) throw new Error(`could not start ${spec.name}`)
    return child.pid
  } finally {
    closeSync(log)
  }
}

/** True when `pid` is alive and its command line carries `marker`. */
export function isOurs (pid: number, marker: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (!cmdline.split('\0').includes(marker)) return false
    // a zombie (exited, not yet reaped) still has a cmdline on some kernels
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/\) Z /.test(stat)
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGTERM, then SIGKILL after `graceMs`. Returns false if the PID was not ours (left alone). */
export async function stopProcess (pid: number, marker: string, graceMs = 15_000): Promise<boolean> {
  if (!isOurs(pid, marker)) return false
  try { process.kill(pid, 'SIGTERM') } catch { return true }
  const until = Date.now() + graceMs
  while (Date.now() < until) {
    if (!isOurs(pid, marker)) return true
    await sleep(100)
  }
  try { process.kill(pid, 'SIGKILL') } catch {}
  while (isOurs(pid, marker)) await sleep(50)
  return true
}

/** The last lines of a component's log, to show why it did not come up. */
export function logTail (file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)'
  const text = readFileSync(file, 'utf8').trimEnd().split('\n')
  return text.slice(-lines).join('\n')
}
