/**
 * @module cli/serve
 * `rollgate serve [--host 127.0.0.1] [--port 7070] [--token <t>]`: the dashboard and `/metrics`,
 * read from the plan and the state dir until interrupted. Read-only: it takes no lock, so every
 * other command keeps working beside it. Any bind but loopback requires a token.
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { resolve } from 'node:path'
import { startDashboard } from '../server/serve.ts'
import { stateDirSource } from '../server/source.ts'
import { planOf, type PlanOptions, stateDirOf, withPlanOptions } from './common.ts'

export const defaultPort = 7070

function port (value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('a port is a number from 0 (any free port) to 65535')
  return n
}

export function registerServe (program: Command): void {
  const command = program.command('serve').description('dashboard and Prometheus /metrics (read-only); binds 127.0.0.1 unless told otherwise')
    .option('--host <address>', 'address to bind; any but loopback requires a token', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', port, defaultPort)
    .addOption(new Option('--token <token>', 'token every request must carry (generated and printed when binding beyond loopback without one)').env('ROLLGATE_SERVE_TOKEN'))
  withPlanOptions(command)
  command.action(async (opts: PlanOptions & { host: string, port: number, token?: string }) => {
    // a bad plan is exit 2 now, not an error page later
    const plan = await planOf(opts)
    const source = stateDirSource({ planFile: resolve(opts.plan), stateDir: stateDirOf(opts), plan })
    const running = await startDashboard({ host: opts.host, port: opts.port, token: opts.token, source })
    const lines = [`rollgate dashboard on ${running.url} (read-only; metrics at ${running.url}metrics; Ctrl-C stops)`]
    if (running.tokenGenerated) {
      lines.push(`token (generated; every request needs it): ${running.token}`,
        `open ${running.url}?token=${encodeURIComponent(running.token!)} once, or send "Authorization: Bearer <token>"`)
    } else if (running.token !== null) {
      lines.push('every request needs the token given: "Authorization: Bearer <token>", or open the page once with ?token=<token>')
    }
    process.stdout.write(lines.join('\n') + '\n')
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void running.close().then(done)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
  })
}
