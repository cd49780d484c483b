/**
 * @module test/support/rollgate
 * Runs the real `rollgate` CLI as a subprocess, as an operator would, and captures what it says.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'rollgate.js')

export interface CliResult { code: number, stdout: string, stderr: string }

export function rollgate (args: string[], options: { env?: NodeJS.ProcessEnv, timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rollgate ${args.join(' ')} did not finish`)) }, options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout, stderr }) })
  })
}
