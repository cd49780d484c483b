/**
 * @module cli/rehearse
 * `rollgate rehearse`: a game day — move a built-in (or the team's own) consumer to the target, force
 * a rollback mid-stream with the real rollback, and measure restore time, duplicates and loss
 * against the plan's objectives. On the sandbox unless `--plan` names another migration's plan.
 */
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { parseReverseFlow, type ReverseFlow } from '../actions/rollback.ts'
import { badInput, ExitCode } from '../errors.ts'
import { rehearse } from '../rehearse/rehearse.ts'
import { renderRehearsal } from '../rehearse/report.ts'
import { reverseFlow as sandboxReverseFlow } from '../sandbox/layout.ts'
import { sandboxEnv } from '../sandbox/sandbox.ts'
import { openState, type PlanOptions } from './common.ts'

const positive = (flag: string) => (text: string): number => {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive integer`)
  return n
}

interface RehearseFlags {
  plan?: string
  stateDir?: string
  mode: 'before-cutover' | 'after-cutover'
  sink: 'upsert' | 'insert'
  records: number
  partitions: number
  rate: number
  processRate: number
  commitEvery: number
  sabotage?: 'ahead'
  group?: string
  maxReplay?: number
  reverseFlow?: string
  topicPrefix: string
  groupPrefix: string
  schema: boolean
  consumerStart?: string
  consumerStop?: string
  sinkCount?: string
  format: 'table' | 'json'
}

export function registerRehearse (program: Command): void {
  const command = program.command('rehearse')
    .description('game day: move a consumer to the target, force a rollback mid-stream, measure restore time, duplicates and loss (on the sandbox unless --plan)')
    .option('--plan <file>', 'the migration\'s plan (default: the sandbox\'s, $ROLLGATE_SANDBOX_DIR)')
    .option('--state-dir <dir>', 'journal and evidence (default: .rollgate/ beside the plan); the rehearsal works in <state-dir>/rehearsals/<id>/')
    .addOption(new Option('--mode <mode>', 'roll back before producer cutover, or after it (producers on the target, reverse replication)').choices(['before-cutover', 'after-cutover']).default('before-cutover'))
    .addOption(new Option('--sink <sink>', 'the built-in consumer\'s SQLite table: idempotent upsert, or non-idempotent insert').choices(['upsert', 'insert']).default('upsert'))
    .option('--records <n>', 'sequence-numbered records to produce', positive('--records'), 2000)
    .option('--partitions <n>', 'partitions of the rehearsal topic', positive('--partitions'), 3)
    .option('--rate <n>', 'records per second the producer writes', positive('--rate'), 400)
    .option('--process-rate <n>', 'records per second the consumer processes at most (it lags the producer, so the rollback lands mid-stream)', positive('--process-rate'), 250)
    .option('--commit-every <n>', 'the built-in consumer commits after this many records (and every second)', positive('--commit-every'), 100)
    .addOption(new Option('--sabotage <how>', 'prove the measurement: place the translated offsets ahead on the target (must show loss and fail)').choices(['ahead']))
    .option('--group <name>', 'rehearse as this plan group: its strategy and maxReplay are the objectives')
    .option('--max-replay <records>', 'maxReplay records objective (overrides the group\'s)', positive('--max-replay'))
    .option('--reverse-flow <alias->alias>', 'the MirrorMaker 2 flow target->source for after-cutover (default on the sandbox: its own, target->src0)')
    .option('--topic-prefix <prefix>', 'the rehearsal topic is <prefix><id> (the reverse flow must replicate it)', 'rb-')
    .option('--group-prefix <prefix>', 'the rehearsal group is <prefix><id>: MirrorMaker 2\'s sync.group.offsets must leave it alone (it excludes connect-.* by default)', 'connect-rb-')
    .option('--no-schema', 'do not register the value schema in the clusters\' registries')
    .option('--consumer-start <cmd>', 'hook: start the team\'s consumer on $ROLLGATE_REHEARSAL_CLUSTER ($ROLLGATE_REHEARSAL_BOOTSTRAP, _TOPICS, _GROUP)')
    .option('--consumer-stop <cmd>', 'hook: stop it on $ROLLGATE_REHEARSAL_CLUSTER')
    .option('--sink-count <cmd>', 'hook: print the number of rows its sink holds')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  command.action(async (opts: RehearseFlags) => {
    const hooks = [opts.consumerStart, opts.consumerStop, opts.sinkCount]
    if (hooks.some((h) => h !== undefined) && !hooks.every((h) => h !== undefined)) throw badInput('--consumer-start, --consumer-stop and --sink-count go together')
    const onSandbox = opts.plan === undefined
    const planFile = resolve(opts.plan ?? sandboxEnv().ROLLGATE_PLAN!)
    let reverseFlow: ReverseFlow | null = null
    if (opts.reverseFlow !== undefined) reverseFlow = parseReverseFlow(opts.reverseFlow)
    else if (onSandbox) reverseFlow = { sourceAlias: sandboxReverseFlow.sourceAlias, targetAlias: sandboxReverseFlow.targetAlias, separator: '.' }
    if (opts.mode === 'after-cutover' && reverseFlow === null) throw badInput('--mode after-cutover needs --reverse-flow <target alias>-><source alias>: the MirrorMaker 2 flow that carries the target\'s writes to the source')
    let planText: string
    try {
      planText = await readFile(planFile, 'utf8')
    } catch (error) {
      throw badInput(`cannot read plan file ${planFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    const planOptions: PlanOptions = { plan: planFile, stateDir: opts.stateDir }
    const state = await openState(planOptions)
    try {
      const result = await rehearse({
        planText, planDir: dirname(planFile), state, mode: opts.mode, sink: opts.sink, records: opts.records, partitions: opts.partitions,
        rate: opts.rate, processRate: opts.processRate, commitEvery: opts.commitEvery,
        sabotageAhead: opts.sabotage === 'ahead' ? Math.max(5, Math.ceil((opts.records * 0.05) / opts.partitions)) : null,
        group: opts.group, maxReplay: opts.maxReplay, reverseFlow, topicPrefix: opts.topicPrefix, groupPrefix: opts.groupPrefix, schema: opts.schema,
        hooks: opts.consumerStart ? { start: opts.consumerStart, stop: opts.consumerStop!, count: opts.sinkCount! } : undefined,
        log: (line) => process.stderr.write(`${line}\n`),
      })
      process.stdout.write(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderRehearsal(result))
      process.exitCode = result.measurement.status === 'pass' ? ExitCode.ok : ExitCode.refused
    } finally {
      state.close()
    }
  })
}
