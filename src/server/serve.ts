/**
 * @module server/serve
 * Starting and stopping the dashboard's HTTP server on a host and port. Binding is where the
 * access rule is enforced: a non-loopback host always gets a token (see auth.ts `chooseToken`).
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { ExitCode, RollgateError } from '../errors.ts'
import { dashboardApp } from './app.ts'
import { chooseToken, isLoopbackHost } from './auth.ts'
import type { DashboardSource } from './source.ts'

export interface ServeOptions {
  host: string
  port: number
  /** the operator's token; absent: none on loopback, a generated one elsewhere */
  token?: string
  source: DashboardSource
}

export interface RunningDashboard {
  /** the page's URL (without the token) */
  url: string
  port: number
  token: string | null
  tokenGenerated: boolean
  close (): Promise<void>
}

const urlHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)

export async function startDashboard (options: ServeOptions): Promise<RunningDashboard> {
  const { token, generated } = chooseToken(options.host, options.token)
  const loopback = isLoopbackHost(options.host)
  let port = options.port
  const app = dashboardApp({ source: options.source, token, loopbackPort: loopback ? () => port : undefined })
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EADDRNOTAVAIL' ? 'no such address on this machine' : error.code === 'EACCES' ? 'not permitted' : error.message
      reject(new RollgateError('RG_SERVE_BIND', `cannot listen on ${options.host}:${options.port}: ${why}`, ExitCode.badInput, { cause: error }))
    })
    server.listen(options.port, options.host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${urlHost(options.host)}:${port}/`,
    port,
    token,
    tokenGenerated: generated,
    close: () => new Promise<void>((resolve) => {
      // event streams never end on their own: cut them, then wait for the listener to close
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
