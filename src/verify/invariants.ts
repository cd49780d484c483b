/**
 * @module verify/invariants
 * The plan's business invariants: per side, a shell command or an HTTP GET that answers a number
 * (orders in the ledger fed from each cluster, say), compared within the invariant's tolerance.
 * Both sides are asked at the same moment, each bounded by the plan's gate timeout. What a probe
 * printed is kept short and redacted of every secret the plan holds (a command may echo one).
 * A probe that fails, times out or prints anything but a number gives no value: `unknown`.
 */
import { spawn } from 'node:child_process'
import type { Plan } from '../plan/schema.ts'
import { redact, type Secret } from '../plan/secret.ts'
import type { InvariantResult, InvariantSide } from './types.ts'

type Probe = Plan['invariants'][number]['source']

const outputLimit = 400
const numberPattern = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/

/** The number a probe printed: the whole output, trimmed, must be one. */
export function parseNumber (text: string): number | null {
  const trimmed = text.trim()
  if (!numberPattern.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

const short = (text: string) => (text.length > outputLimit ? `${text.slice(0, outputLimit)}…` : text)

/** Runs `command` with a shell, bounded by `timeoutMs`; stdout is the answer. */
export function runCommand (command: string, timeoutMs: number): Promise<{ code: number | null, stdout: string, stderr: string, timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < 65_536) stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 65_536) stderr += d })
    const timer = setTimeout(() => {
      timedOut = true
      // the whole process group: a shell's children must not outlive the probe
      try { process.kill(-child.pid!, 'SIGKILL') } catch { child.kill('SIGKILL') }
    }, timeoutMs)
    child.on('error', (error) => { clearTimeout(timer); resolve({ code: null, stdout, stderr: stderr + error.message, timedOut }) })
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, timedOut }) })
  })
}

export async function probe (p: Probe, timeoutMs: number, secrets: readonly Secret[]): Promise<InvariantSide> {
  const started = Date.now()
  const clean = (text: string) => short(redact(text, secrets))
  if (p.command !== undefined) {
    const run = await runCommand(p.command, timeoutMs)
    const durationMs = Date.now() - started
    const output = clean(run.stdout.trim() || run.stderr.trim())
    if (run.timedOut) return { probe: 'command', value: null, error: `did not finish within ${timeoutMs} ms`, output, durationMs }
    if (run.code !== 0) return { probe: 'command', value: null, error: `exited with code ${run.code}${run.stderr.trim() ? `: ${clean(run.stderr.trim())}` : ''}`, output, durationMs }
    const value = parseNumber(run.stdout)
    if (value === null) return { probe: 'command', value: null, error: 'did not print a number', output, durationMs }
    return { probe: 'command', value, error: null, output, durationMs }
  }
  try {
    const response = await fetch(p.http!, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/plain, application/json' } })
    const body = await response.text()
    const durationMs = Date.now() - started
    if (!response.ok) return { probe: 'http', value: null, error: `HTTP ${response.status} ${response.statusText}`, output: clean(body), durationMs }
    const value = parseNumber(body)
    if (value === null) return { probe: 'http', value: null, error: 'the response body is not a number', output: clean(body), durationMs }
    return { probe: 'http', value, error: null, output: clean(body), durationMs }
  } catch (error) {
    const name = (error as Error).name
    const message = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : clean((error as Error).message + ((error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ''))
    return { probe: 'http', value: null, error: message, output: '', durationMs: Date.now() - started }
  }
}

/** The verdict on two answers: within tolerance, beyond it, or unknown without both numbers. */
export function judge (invariant: Plan['invariants'][number], source: InvariantSide, target: InvariantSide): InvariantResult {
  const difference = source.value === null || target.value === null ? null : Math.abs(source.value - target.value)
  const status = difference === null ? 'unknown' : difference <= invariant.tolerance ? 'pass' : 'fail'
  return { name: invariant.name, owner: invariant.owner, tolerance: invariant.tolerance, source, target, difference, status }
}

export async function evaluateInvariants (plan: Plan, secrets: readonly Secret[]): Promise<InvariantResult[]> {
  return Promise.all(plan.invariants.map(async (invariant) => {
    const [source, target] = await Promise.all([probe(invariant.source, plan.gates.timeout, secrets), probe(invariant.target, plan.gates.timeout, secrets)])
    return judge(invariant, source, target)
  }))
}
