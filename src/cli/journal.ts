/**
 * @module cli/journal
 * `rollgate log` and `rollgate journal verify`: read the state dir's journal, never write it. Both
 * open the state dir read-only (no lock), so they run beside a writer, and both work from
 * `--state-dir` or the plan's path alone: the plan need not exist or be valid to read what was done.
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { ExitCode } from '../errors.ts'
import { entryTypes, type Entry, type EntryType, openStateDir, type StateDir, summarizeEntry } from '../journal/index.ts'
import { renderTable } from '../report/table.ts'
import { type PlanOptions, stateDirOf, withFormat, withPlanOptions } from './common.ts'

interface LogOptions extends PlanOptions { format: 'table' | 'json', type?: EntryType, limit?: number }
interface VerifyOptions extends PlanOptions { format: 'table' | 'json' }

const positiveInteger = (what: string) => (value: string): number => {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`)
  return n
}

export function registerJournal (program: Command): void {
  const log = program.command('log')
    .description('the journal, oldest first, newest last')
    .addOption(new Option('--type <type>', 'only entries of this type').choices(entryTypes))
    .option('--limit <n>', 'only the newest n entries (after --type)', positiveInteger('--limit'))
  withPlanOptions(log)
  withFormat(log)
  log.action(async (opts: LogOptions) => {
    const state = await openReadOnly(opts)
    try {
      const check = state.journal.verify()
      if (!check.ok) warn(`the journal's chain is broken at seq ${check.seq} (${check.reason}); run 'rollgate journal verify'`)
      let entries = state.journal.entries()
      if (opts.type !== undefined) entries = entries.filter((entry) => entry.type === opts.type)
      if (opts.limit !== undefined) entries = entries.slice(-opts.limit)
      process.stdout.write(opts.format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : renderLog(entries, opts.type))
    } finally {
      state.close()
    }
  })

  const journal = program.command('journal').description('the journal of the state dir')
  const verify = journal.command('verify')
    .description('check the hash chain: exit 1 naming the first edited, removed or reordered entry')
  withPlanOptions(verify)
  withFormat(verify)
  verify.action(async (opts: VerifyOptions) => {
    const state = await openReadOnly(opts)
    try {
      const check = state.journal.verify()
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify({ journal: state.journal.path, ...check }, null, 2) + '\n')
      } else if (check.ok) {
        // the last hash is what shows entries cut from the end, which the chain itself cannot
        process.stdout.write(`journal ok: ${check.entries} ${check.entries === 1 ? 'entry' : 'entries'}, chain intact` +
          (check.last === null ? '\n' : `; last seq ${check.last.seq}, hash ${check.last.hash}\n`))
      } else {
        process.stdout.write(`journal broken at seq ${check.seq} (${check.reason}): ${check.message}\n`)
      }
      if (!check.ok) process.exitCode = ExitCode.refused
    } finally {
      state.close()
    }
  })
}

async function openReadOnly (opts: PlanOptions): Promise<StateDir> {
  // stateDirOf only resolves the plan's path: the plan is never read here
  const state = await openStateDir(stateDirOf(opts), { readOnly: true })
  for (const warning of state.warnings) warn(warning)
  return state
}

function renderLog (entries: Entry[], type: EntryType | undefined): string {
  if (entries.length === 0) return `no ${type === undefined ? '' : `${type} `}entries\n`
  // the actor's user@host; its command line is in --format json
  return renderTable(['SEQ', 'TS', 'ACTOR', 'TYPE', 'SUMMARY'], entries.map((entry) =>
    [entry.seq, entry.ts, entry.actor.split(' ', 1)[0], entry.type, summarizeEntry(entry)]))
}

function warn (message: string): void {
  process.stderr.write(`rollgate: warning: ${message}\n`)
}
