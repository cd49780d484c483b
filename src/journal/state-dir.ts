/**
 * @module journal/state-dir
 * The state dir (`.rollgate/` beside the plan, or `--state-dir`): `lock`, `journal.jsonl` and
 * `evidence/`. Opening it takes the lock first, so everything after is single-writer.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ioError, syncDir } from './durable.ts'
import { EvidenceStore } from './evidence.ts'
import { Journal } from './journal.ts'
import { acquireLock } from './lock.ts'

export interface StateDir {
  dir: string
  journal: Journal
  evidence: EvidenceStore
  /** for the operator: a stale lock taken over, a torn journal line dropped */
  warnings: string[]
  /** releases the lock; the journal refuses appends afterwards */
  close (): void
}

export interface OpenStateDirOptions {
  /** how long to wait for another rollgate process to release the lock (default 5000) */
  lockTimeoutMs?: number
}

/** The CLI contract's default: `.rollgate/` beside the plan file. */
export function defaultStateDir (planPath: string): string {
  return join(dirname(resolve(planPath)), '.rollgate')
}

export async function openStateDir (dir: string, options: OpenStateDirOptions = {}): Promise<StateDir> {
  dir = resolve(dir)
  makeDir(dir)
  const lock = await acquireLock(join(dir, 'lock'), options.lockTimeoutMs ?? 5000)
  try {
    const evidenceDir = join(dir, 'evidence')
    makeDir(evidenceDir)
    const { journal, warning } = Journal.open(join(dir, 'journal.jsonl'))
    const warnings = [lock.warning, warning].filter((w) => w !== undefined)
    const close = (): void => {
      journal.close()
      lock.release()
    }
    return { dir, journal, evidence: new EvidenceStore(evidenceDir), warnings, close }
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
