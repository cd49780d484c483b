/**
 * @module cli/init
 * `rollgate init`: write a plan from live, read-only discovery of both clusters (and the registries
 * and Connect clusters given). The summary and warnings go to stderr, the file written to stdout.
 */
import { type Command, Option } from 'commander'
import { runInit } from '../init/init.ts'
import { bootstrapList, httpUrl, httpUrls, timeoutMs } from '../init/options.ts'
import type { Naming } from '../init/replication.ts'

interface InitOptions {
  sourceBootstrap: string
  targetBootstrap: string
  sourceRegistry?: string
  targetRegistry?: string
  sourceConnect?: string
  targetConnect?: string
  naming?: Naming
  plan: string
  force?: boolean
  timeout: string
}

export function registerInit (program: Command): void {
  program.command('init')
    .description('write a plan from live discovery of both clusters (read-only; TODO owners for a person to fill)')
    .requiredOption('--source-bootstrap <host:port,...>', 'source cluster bootstrap servers')
    .requiredOption('--target-bootstrap <host:port,...>', 'target cluster bootstrap servers')
    .option('--source-registry <url>', 'source schema registry (Confluent API), e.g. http://registry:8081')
    .option('--target-registry <url>', 'target schema registry (Confluent API)')
    .option('--source-connect <url,...>', 'source Kafka Connect REST URL(s)')
    .option('--target-connect <url,...>', 'target Kafka Connect REST URL(s)')
    .addOption(new Option('--naming <naming>', 'MirrorMaker 2 topic naming on the target (default: detected)').choices(['identity', 'prefix']))
    .option('--plan <file>', 'where to write the plan', './rollgate.yaml')
    .option('--force', 'overwrite an existing plan file')
    .option('--timeout <duration>', 'bound on each cluster and each HTTP call; written as gates.timeout', '15s')
    .action(async (opts: InitOptions) => {
      const result = await runInit({
        source: {
          bootstrap: bootstrapList(opts.sourceBootstrap, '--source-bootstrap'),
          registry: opts.sourceRegistry === undefined ? undefined : httpUrl(opts.sourceRegistry, '--source-registry'),
          connect: opts.sourceConnect === undefined ? undefined : httpUrls(opts.sourceConnect, '--source-connect'),
        },
        target: {
          bootstrap: bootstrapList(opts.targetBootstrap, '--target-bootstrap'),
          registry: opts.targetRegistry === undefined ? undefined : httpUrl(opts.targetRegistry, '--target-registry'),
          connect: opts.targetConnect === undefined ? undefined : httpUrls(opts.targetConnect, '--target-connect'),
        },
        naming: opts.naming,
        planFile: opts.plan,
        force: opts.force === true,
        timeout: { text: opts.timeout, ms: timeoutMs(opts.timeout) },
      })
      for (const warning of result.warnings) process.stderr.write(`rollgate: warning: ${warning}\n`)
      for (const line of result.summary) process.stderr.write(`rollgate init: ${line}\n`)
      process.stdout.write(`${result.planFile}\n`)
    })
}
