/**
 * @module server/source
 * Where the dashboard's data comes from: the plan file and the state dir, read-only (no lock, as
 * `rollgate status` reads it), so serving never stands in the way of a command that records.
 * The journal's size and modification time are its revision: a new snapshot, verdict or phase
 * changes them, and that is what live refresh waits for. Evidence is content-addressed and never
 * changes under its id, so what was read of it is kept (a few documents; lag figures per snapshot).
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { type Entry, type EvidenceReader, openStateDir } from '../journal/index.ts'
import { loadPlan } from '../plan/load.ts'
import type { Plan } from '../plan/schema.ts'
import { type DashboardData, dashboardData } from './data.ts'
import { type LagSample, snapshotLag } from './lag.ts'

/** Whole documents kept (snapshots can be large); lag figures are kept for every snapshot read. */
const keptDocuments = 16

export interface DashboardSource {
  /** changes whenever the journal or the plan file does */
  revision (): string
  load (now: Date): Promise<DashboardData>
}

const stamp = (path: string): string => {
  try {
    const s = statSync(path)
    return `${s.size}:${s.mtimeMs}`
  } catch {
    return 'none'
  }
}

/** An evidence reader that keeps the last documents read (ids are content hashes: never stale). */
export function memoizedReader (reader: EvidenceReader, keep = keptDocuments): EvidenceReader {
  const kept = new Map<string, unknown>()
  return {
    get (id: string): unknown {
      if (kept.has(id)) {
        const doc = kept.get(id)
        kept.delete(id)
        kept.set(id, doc)
        return doc
      }
      const doc = reader.get(id)
      kept.set(id, doc)
      if (kept.size > keep) kept.delete(kept.keys().next().value!)
      return doc
    },
  }
}

export function stateDirSource (options: { planFile: string, stateDir: string, plan?: Plan }): DashboardSource {
  const journalPath = join(options.stateDir, 'journal.jsonl')
  let plan = options.plan
  let planStamp = plan ? stamp(options.planFile) : ''
  let planProblem: string | null = null
  let entries: { stamp: string, list: Entry[], evidence: EvidenceReader } | null = null
  const lagOfSnapshot = new Map<string, LagSample | null>()

  const currentPlan = async (): Promise<Plan> => {
    const now = stamp(options.planFile)
    if (plan && now === planStamp) return plan
    try {
      plan = await loadPlan(options.planFile)
      planProblem = null
    } catch (error) {
      // keep showing the plan last loaded: an edit in progress must not blank the dashboard
      if (!plan) throw error
      planProblem = `plan ${options.planFile} could not be reloaded, showing the previous version: ${error instanceof Error ? error.message : String(error)}`
    }
    planStamp = now
    return plan
  }

  const currentEntries = async (): Promise<{ list: Entry[], evidence: EvidenceReader }> => {
    const now = stamp(journalPath)
    if (entries && entries.stamp === now) return entries
    if (now === 'none') {
      entries = { stamp: now, list: [], evidence: { get: (id) => { throw new Error(`evidence ${id} is not recorded`) } } }
      return entries
    }
    const state = await openStateDir(options.stateDir, { readOnly: true })
    try {
      entries = { stamp: now, list: state.journal.entries(), evidence: memoizedReader(state.evidence) }
    } finally {
      state.close()
    }
    return entries
  }

  return {
    revision: () => `${stamp(journalPath)}|${stamp(options.planFile)}`,
    async load (now: Date): Promise<DashboardData> {
      const p = await currentPlan()
      const { list, evidence } = await currentEntries()
      const lagOf = (id: string): LagSample | null => {
        if (!lagOfSnapshot.has(id)) lagOfSnapshot.set(id, snapshotLag(evidence.get(id)))
        return lagOfSnapshot.get(id)!
      }
      const data = dashboardData({ plan: p, planFile: options.planFile, entries: list, evidence, now, lagOf })
      if (planProblem) data.problems.unshift(planProblem)
      return data
    },
  }
}
