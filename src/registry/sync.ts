/**
 * @module registry/sync
 * `rollgate schemas sync`: copy to the target registry every version of the plan's subjects that the
 * target lacks, oldest first, so producers and consumers find the same schemas there.
 *
 * IDs matter more than versions: serializers write the schema ID into every record, so a record
 * copied from the source names the source's ID. The copy therefore asks the target to keep the
 * source's ID and version — the Confluent API's IMPORT mode: `PUT /mode/{subject}?force=true`
 * IMPORT, then register with `id` and `version`, then the subject's mode set back. Whether the
 * registry honoured them is read from its answer, never assumed: Apicurio 3.3.3 accepts IMPORT
 * mode and the fields but assigns its own IDs, and a registry may refuse IMPORT mode altogether
 * (then the version is registered normally). Either way the result lists the ID mapping source ID →
 * target ID for every version whose IDs differ, which is what a consumer of copied records needs.
 *
 * "Missing" is by content (type and normalised schema), so a re-run finds what an earlier run
 * copied and does nothing: the sync converges. Each subject's copy is one journaled intent (its
 * versions and the mode change), written before the first call that changes the target.
 */
import { randomUUID } from 'node:crypto'
import { badInput } from '../errors.ts'
import { type StateDir, withIntent } from '../journal/index.ts'
import type { Plan } from '../plan/schema.ts'
import type { SideName } from '../snapshot/types.ts'
import { captureRegistry } from './capture.ts'
import { RegistryClient } from './client.ts'
import { onlyOn } from './both-ways.ts'
import type { RegistryEvidence, RegistryVersion } from './types.ts'

export const syncAction = 'schema.sync'

export type SyncStatus = 'present' | 'would-copy' | 'copied' | 'failed'

export interface SyncItem {
  subject: string
  /** the source's version and ID */
  version: number
  sourceId: number
  status: SyncStatus
  /** where it is (or landed) on the target; null before it is copied */
  target: { version: number, id: number } | null
  /** how it was registered: with the source's ID asked for (IMPORT), or normally */
  via: 'import' | 'register' | null
  error: string | null
}

export interface SyncResult {
  type: 'rollgate.schemas-sync/v1'
  execute: boolean
  /**
   * what the target did with IMPORT mode: kept the IDs asked for (`preserves-ids`), accepted the
   * mode but assigned its own IDs (`ignores-ids`), refused the mode (`refused`), or not tried
   * (`untried`: a dry run, or nothing to copy)
   */
  importMode: 'preserves-ids' | 'ignores-ids' | 'refused' | 'untried'
  items: SyncItem[]
  /** every version whose target ID differs from the source's: what copied records need translated */
  mapping: Array<{ subject: string, version: number, sourceId: number, targetId: number }>
  counts: Record<SyncStatus, number>
  ok: boolean
}

function clientOf (plan: Plan, side: SideName): RegistryClient {
  const config = plan.clusters[side].schemaRegistry
  if (config === undefined) throw badInput(`clusters.${side}.schemaRegistry is not set in the plan: schemas sync needs both registries`)
  return new RegistryClient({ name: side, url: config.url, auth: config.auth, timeoutMs: plan.gates.timeout })
}

const key = (v: RegistryVersion) => `${v.schemaType}:${v.fingerprint}`
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Pure: each source version of the scope, present on the target (by content) or to copy. */
export function planSync (source: RegistryEvidence, target: RegistryEvidence): SyncItem[] {
  const items: SyncItem[] = []
  const targetBy = new Map(target.subjects.map((s) => [s.name, s]))
  for (const subject of source.subjects) {
    const there = targetBy.get(subject.name)
    const missing = new Set(onlyOn(subject, there).map(key))
    for (const v of subject.versions) {
      const found = there?.versions.find((t) => key(t) === key(v))
      items.push({
        subject: subject.name, version: v.version, sourceId: v.id,
        status: missing.has(key(v)) ? 'would-copy' : 'present',
        target: found ? { version: found.version, id: found.id } : null,
        via: null, error: null,
      })
    }
  }
  return items
}

function summarise (execute: boolean, importMode: SyncResult['importMode'], items: SyncItem[]): SyncResult {
  const counts: Record<SyncStatus, number> = { present: 0, 'would-copy': 0, copied: 0, failed: 0 }
  for (const i of items) counts[i.status]++
  const mapping = items.filter((i) => i.target !== null && i.target.id !== i.sourceId).map((i) => ({ subject: i.subject, version: i.version, sourceId: i.sourceId, targetId: i.target!.id }))
  return { type: 'rollgate.schemas-sync/v1', execute, importMode, items, mapping, counts, ok: counts.failed === 0 }
}

export async function syncSchemas (plan: Plan, state: StateDir | null, options: { execute: boolean }): Promise<SyncResult> {
  const clients = { source: clientOf(plan, 'source'), target: clientOf(plan, 'target') }
  const [source, target] = await Promise.all([captureRegistry(clients.source, plan), captureRegistry(clients.target, plan)])
  const items = planSync(source, target)
  if (!options.execute || state === null || !items.some((i) => i.status === 'would-copy')) return summarise(options.execute, 'untried', items)

  let importMode: SyncResult['importMode'] = 'untried'
  const sourceBy = new Map(source.subjects.map((s) => [s.name, s]))
  for (const subject of [...new Set(items.filter((i) => i.status === 'would-copy').map((i) => i.subject))]) {
    const todo = items.filter((i) => i.subject === subject && i.status === 'would-copy')
    const versions = sourceBy.get(subject)!.versions
    const before = await clients.target.subjectMode(subject)
    const intent = {
      actionId: randomUUID(),
      action: syncAction,
      changes: [
        ...todo.map((i) => ({ subject: `schema ${subject} v${i.version}`, before: null, after: { sourceId: i.sourceId, fingerprint: versions.find((v) => v.version === i.version)!.fingerprint } })),
        { subject: `mode ${subject}`, before, after: `IMPORT while copying, then ${before ?? 'the global mode'}` },
      ],
    }
    try {
      await withIntent(state.journal, intent, async () => {
        let imported = false
        if (importMode !== 'refused') {
          try {
            imported = (await clients.target.setSubjectMode(subject, 'IMPORT')) === 'IMPORT'
          } catch {
            importMode = 'refused'
          }
        }
        try {
          for (const item of todo) {
            const v = versions.find((x) => x.version === item.version)!
            try {
              const id = await clients.target.register(subject, v, imported ? { id: v.id, version: v.version } : undefined)
              item.status = 'copied'
              item.via = imported ? 'import' : 'register'
              item.target = { version: -1, id }
              if (imported) importMode = id === v.id ? (importMode === 'ignores-ids' ? 'ignores-ids' : 'preserves-ids') : 'ignores-ids'
            } catch (error) {
              item.status = 'failed'
              item.error = messageOf(error)
            }
          }
        } finally {
          // the subject's mode as it was: its own, or following the global one again
          if (imported) {
            if (before === null) await clients.target.deleteSubjectMode(subject)
            else await clients.target.setSubjectMode(subject, before)
          }
        }
        const failed = todo.filter((i) => i.status === 'failed')
        if (failed.length > 0) throw new Error(failed.map((i) => `v${i.version}: ${i.error}`).join('; '))
      })
    } catch (error) {
      // the journal holds the failed outcome; the items say which versions failed and why
      for (const item of todo.filter((i) => i.status === 'would-copy')) { item.status = 'failed'; item.error = messageOf(error) }
    }
    // the version numbers the target gave, read back by content
    const after = (await captureRegistry(clients.target, { schemas: { subjects: [{ names: [subject] }], bothDirections: true } })).subjects[0]
    for (const item of todo.filter((i) => i.status === 'copied')) {
      const fingerprint = versions.find((v) => v.version === item.version)!.fingerprint
      const landed = after?.versions.find((t) => t.fingerprint === fingerprint)
      item.target = landed ? { version: landed.version, id: landed.id } : item.target
    }
  }
  return summarise(true, importMode, items)
}
