/**
 * @module test/support/dashboard-fetch
 * Everything `rollgate serve` shows for a plan, as bytes: it is started on a free loopback port
 * (`--port 0`), the page, its assets, `/api`, every `/api/*` endpoint (each gate's too, and the first
 * events of the stream) and `/metrics` are fetched, then it is stopped. For the secret scan: the
 * dashboard is something rollgate prints too.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { apiRoutes } from '../../src/server/app.ts'
import { gateNames } from '../../src/gates/types.ts'

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'rollgate.js')

export interface DashboardBytes {
  /** path → status and body, plus `serve output` (what the command printed) */
  bodies: Record<string, string>
  statuses: Record<string, number>
}

/** The paths to fetch: the page, its assets, the API index, every route (`{gate}` for each gate), metrics. */
export function dashboardPaths (): string[] {
  const api = Object.keys(apiRoutes).flatMap((route) => (route.includes('{gate}') ? gateNames.map((g) => route.replace('{gate}', g)) : [route]))
  return ['/', '/assets/dashboard.css', '/assets/dashboard.js', '/api', ...api, '/metrics']
}

export async function fetchDashboard (plan: string, env: NodeJS.ProcessEnv): Promise<DashboardBytes> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--plan', plan], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { output += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { output += d })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`rollgate serve did not listen within 60 s:\n${output}`)), 60_000)
      child.stdout.on('data', () => {
        const found = /rollgate dashboard on (http:\/\/\S+)/.exec(output)?.[1]
        if (found) { clearTimeout(timer); resolveUrl(found) }
      })
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`rollgate serve exited (${code}) before listening:\n${output}`)) })
    })
    const bodies: Record<string, string> = {}
    const statuses: Record<string, number> = {}
    for (const path of dashboardPaths()) {
      const controller = new AbortController()
      const response = await fetch(new URL(path.slice(1), url), { signal: controller.signal })
      statuses[path] = response.status
      if (path === '/api/events') {
        // an endless stream: its first event is enough (the journal's revision)
        const reader = response.body!.getReader()
        const { value } = await reader.read()
        bodies[path] = Buffer.from(value ?? new Uint8Array()).toString('utf8')
        controller.abort()
      } else {
        bodies[path] = await response.text()
      }
    }
    return { bodies: { ...bodies, 'serve output': output }, statuses }
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
}
