/**
 * @module cli/sandbox
 * `rollgate sandbox up|down|status|env`: parses flags, calls the sandbox service, renders.
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { sandboxDown, sandboxEnv, sandboxStatus, sandboxUp } from '../sandbox/sandbox.ts'
import { renderTable } from '../report/table.ts'
import type { ComponentName } from '../sandbox/layout.ts'

const integer = (what: string) => (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`)
  return n
}

interface Common { dir?: string, basePort?: number }

export function registerSandbox (program: Command): void {
  const sandbox = program.command('sandbox').description('local source + target clusters, MirrorMaker 2, registries and Connect (127.0.0.1 only)')
  const common = (c: Command) => c
    .option('--dir <path>', 'sandbox state, data and logs (default: $ROLLGATE_SANDBOX_DIR or ~/.cache/rollgate/sandbox)')
    .option('--base-port <port>', 'first of the sandbox ports (default: $ROLLGATE_SANDBOX_BASE_PORT or 19092)', integer('--base-port'))

  common(sandbox.command('up').description('start the sandbox (idempotent: starts only what is not running)'))
    .addOption(new Option('--naming <policy>', 'MirrorMaker 2 topic naming').choices(['identity', 'prefix']))
    .option('--offset-lag-max <n>', 'MirrorMaker 2 offset.lag.max (default 100, as in production)', integer('--offset-lag-max'))
    .option('--secure', 'add a third cluster with SASL_SSL (SCRAM-SHA-512, PLAIN API key), mTLS and ACLs: an admin and a read-only principal')
    // development aid: start only some components (e.g. secure-kafka) on a machine that cannot run them all
    .addOption(new Option('--only <components>', 'comma-separated components to start').hideHelp()
      .argParser((value: string) => value.split(',').map((n) => n.trim()).filter((n) => n !== '') as ComponentName[]))
    .action(async (opts: Common & { naming?: 'identity' | 'prefix', offsetLagMax?: number, secure?: boolean, only?: ComponentName[] }) => {
      const result = await sandboxUp({ ...opts, log: (line) => process.stderr.write(`${line}\n`) })
      process.stdout.write(`sandbox up in ${result.seconds.toFixed(1)} s (${result.layout.dir}): ` +
        `${result.started.length} started, ${result.alreadyRunning.length} already running\n` +
        `source ${result.layout.source.bootstrap}  target ${result.layout.target.bootstrap}  naming ${result.layout.naming}\n` +
        (result.layout.secure ? 'secure cluster: SASL_SSL SCRAM, SASL_SSL PLAIN and mTLS listeners (endpoints and credential files in `sandbox env`)\n' : '') +
        'run `eval "$(rollgate sandbox env)"` for the exports\n')
    })

  common(sandbox.command('down').description('stop what `up` started (by PID) and remove its data'))
    .option('--keep', 'keep data and logs')
    .action(async (opts: Common & { keep?: boolean }) => {
      const result = await sandboxDown({ ...opts, log: (line) => process.stderr.write(`${line}\n`) })
      process.stdout.write(`sandbox down: ${result.stopped.length} stopped` +
        (result.notOurs.length ? `, ${result.notOurs.length} already gone (${result.notOurs.join(', ')})` : '') +
        (result.removedData ? ', data removed' : '') + '\n')
    })

  common(sandbox.command('status').description('state of each component'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: Common & { format: 'table' | 'json' }) => {
      const { components } = await sandboxStatus(opts)
      if (opts.format === 'json') process.stdout.write(JSON.stringify({ components }, null, 2) + '\n')
      else process.stdout.write(renderTable(['COMPONENT', 'STATE', 'PID', 'ENDPOINT'], components.map((c) => [c.name, c.state, c.pid ?? '-', c.endpoint])))
      if (components.some((c) => c.state !== 'ready')) process.exitCode = 1
    })

  common(sandbox.command('env').description('shell exports for the sandbox: eval "$(rollgate sandbox env)"'))
    .action((opts: Common) => {
      const env = sandboxEnv(opts)
      process.stdout.write(Object.entries(env).map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`).join('\n') + '\n')
    })
}
