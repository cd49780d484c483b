/**
 * @module cli/topics
 * `rollgate topics create [--execute]`: create the target copies of the plan's critical topics that
 * are missing there (standard ones too with --standard), with the source's partition count and
 * topic-level configs, named by the plan's naming. A dry run unless --execute; each creation is
 * journaled before it is made. Exit 1 when a creation failed or a selected topic is not on the
 * source; 3 when a cluster cannot be reached at all.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { ExitCode } from '../errors.ts'
import { type CreateStatus, createMissingTopics, summarizeCreate, type TopicsCreateResult } from '../diff/create-topics.ts'
import type { ReplicationChoice } from '../diff/create-plan.ts'
import { renderTable } from '../report/table.ts'
import { openState, planOf, type PlanOptions, stateDirOf, withFormat, withPlanOptions } from './common.ts'

interface CreateOptions extends PlanOptions { execute?: boolean, standard?: boolean, replicationFactor: ReplicationChoice, format: 'table' | 'json' }

const statusLabel: Record<CreateStatus, string> = {
  'created': 'created', 'would-create': 'would create', 'exists': 'exists', 'absent-on-source': 'NOT ON SOURCE', 'failed': 'FAILED',
}

function renderCreate (result: TopicsCreateResult): string {
  const rows = result.topics.map((t) => [
    t.topic, t.targetTopic, statusLabel[t.status], t.partitions, t.replicationFactor === -1 ? 'default' : t.replicationFactor,
    Object.entries(t.configs).map(([k, v]) => `${k}=${v}`).join(',') || '-',
    t.error ?? (t.hidden.length ? `hidden on the source, not copied: ${t.hidden.join(',')}` : ''),
  ])
  const pending = result.pending.map((p) => `interrupted ${p.actionId} (journal seq ${p.seq}, ${p.targetTopic ?? 'unknown topic'}): ${p.settled === null ? 'pending' : p.settled === 'in-place' ? 'closed: the topic is on the target' : 'closed: superseded by this run'}\n`)
  const tail = result.execute ? '' : result.counts['would-create'] > 0 ? 'dry run: nothing created; run with --execute to create\n' : 'dry run: nothing to create\n'
  return renderTable(['TOPIC', 'TARGET TOPIC', 'STATUS', 'PARTITIONS', 'RF', 'CONFIGS', 'NOTE'], rows) + pending.join('') + `${summarizeCreate(result)}\n` + tail
}

export function registerTopics (program: Command): Command {
  const topics = program.command('topics').description('target topics: create the missing copies of the plan\'s topics')
  const create = topics.command('create')
    .description('create missing target copies of critical topics with the source\'s partitions and configs (dry run unless --execute)')
    .option('--execute', 'create them (default: dry run, nothing created)')
    .option('--standard', 'also standard topics (default: critical only)')
    .option('--replication-factor <rf>', 'source (the source topic\'s), default (the target\'s default.replication.factor) or a number', (v: string): ReplicationChoice => {
      if (v === 'source' || v === 'default') return v
      const n = Number(v)
      if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('source, default or a positive integer')
      return n
    }, 'source' as ReplicationChoice)
  withFormat(withPlanOptions(create))
  create.action(async (opts: CreateOptions) => {
    const plan = await planOf(opts)
    const execute = opts.execute === true
    // a dry run writes nothing, not even the journal; it reads it, when there is one, for interrupted runs
    const hasJournal = existsSync(join(stateDirOf(opts), 'journal.jsonl'))
    const state = execute ? await openState(opts) : hasJournal ? await openState(opts, { readOnly: true }) : null
    try {
      for (const warning of state?.warnings ?? []) process.stderr.write(`rollgate: warning: ${warning}\n`)
      const result = await createMissingTopics(plan, state, { execute, standard: opts.standard === true, replicationFactor: opts.replicationFactor })
      process.stdout.write(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderCreate(result))
      process.exitCode = result.ok ? ExitCode.ok : ExitCode.refused
    } finally {
      state?.close()
    }
  })
  return topics
}
