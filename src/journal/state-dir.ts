/**
 * @module journal/state-dir
 * The state dir (`.rollgate/` beside the plan, or `--state-dir`): `lock`, `journal.jsonl` and
 * `evidence/`. Opening it takes the lock first, so everything after is single-writer. Opening it
 * read-only (`rollgate log`, `rollgate journal verify`) takes no lock and writes nothing, so it
 * works beside a running writer and on a state dir the operator may only read.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { defaultActor } from './actor.ts'
import { ioError, syncDir } from './durable.ts'
import { EvidenceStore } from './evidence.ts'
import { Journal } from './journal.ts'
import { acquireLock } from './lock.ts'

export interface StateDir {
  dir: string
  /** opened with `readOnly`: no lock held, appends and evidence puts refused */
  readOnly: boolean
  journal: Journal
  evidence: EvidenceStore
  /** for the operator: a stale lock taken over, a torn journal line dropped (or, read-only, ignored) */
  warnings: string[]
  /** releases the lock; the journal refuses appends afterwards */
  close (): void
}

export interface OpenStateDirOptions {
  /** how long to wait for another rollgate process to release the lock (default 5000) */
  lockTimeoutMs?: number
  /**
   * who appends, recorded in every entry: `user@host` and the rollgate command line, without
   * secrets (see `commandActor`); default `user@host`
   */
  actor?: string
  /**
   * no lock, nothing created or changed, appends refused; a state dir with no journal is
   * RG_JOURNAL_NONE (exit 2)
   */
  readOnly?: boolean
}

/** The CLI contract's default: `.rollgate/` beside the plan file. */
export function defaultStateDir (planPath: string): string {
  return join(dirname(resolve(planPath)), '.rollgate')
}

export async function openStateDir (dir: string, options: OpenStateDirOptions = {}): Promise<StateDir> {
  dir = resolve(dir)
  const actor = options.actor ?? defaultActor()
  if (options.readOnly === true) {
    const { journal, warning } = Journal.open(join(dir, 'journal.jsonl'), { actor, readOnly: true })
    const evidence = new EvidenceStore(join(dir, 'evidence'), { readOnly: true })
    return { dir, readOnly: true, journal, evidence, warnings: warning === undefined ? [] : [warning], close: () => journal.close() }
  }
  makeDir(dir)
  const lock = await acquireLock(join(dir, 'lock'), options.lockTimeoutMs ?? 5000)
  try {
    const evidenceDir = join(dir, 'evidence')
    makeDir(evidenceDir)
    const { journal, warning } = Journal.open(join(dir, 'journal.jsonl'), { actor })
    const warnings = [lock.warning, warning].filter((w) => w !== undefined)
    const close = (): void => {
      journal.close()
      lock.release()
    }
    return { dir, readOnly: false, journal, evidence: new EvidenceStore(evidenceDir), warnings, close }
  } catch (error) {
    lock.release()
    throw error
  }
}

/** mkdir -p, then fsync the parent of every directory it created so they survive a crash. */
function makeDir (dir: string): void {
  try {
    const first = mkdirSync(dir, { recursive: true })
    if (first === undefined) return
    for (let created = dir; ; created = dirname(created)) {
      syncDir(dirname(created))
      if (created === first) break
    }
  } catch (error) {
    throw ioError(`cannot create the state dir ${dir}`, error)
  }
}
