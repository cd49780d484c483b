/**
 * @module registry/both-ways
 * Schemas compatible in both directions. Once producers may write with the target's registry, a
 * schema version registered only there (a "target-only version") is what a producer returning to
 * the source brings back with it: the source registry must accept it under the subject's
 * compatibility level, and the source's readers must read its data. The other way, a version only
 * the source has must be acceptable to the target, where producers are going.
 *
 * Two halves:
 * - `captureBothWays` (with the snapshot): for every subject of the plan's scope on both registries,
 *   each version one side lacks (by content: type and normalised schema, so a copy under another
 *   version number or ID is not "missing") is put to the other registry's compatibility endpoint
 *   against its latest version, or every version when the level is transitive. Answers are stored
 *   raw, with the registry's messages (Apicurio 3 answers `{"is_compatible": false}` and no message
 *   even with `verbose=true`; Confluent explains).
 * - `judgeBothWays` (pure, for the gate and rollback availability): the registry's answers and a
 *   local Avro resolution check (avro-compat.ts, under the asked side's effective level) per
 *   cross-only version of the subjects rollback depends on: `<topic>-value` and `<topic>-key` of the
 *   critical topics (TopicNameStrategy) and the subjects the plan names.
 */
import type { Plan } from '../plan/schema.ts'
import { mapLimited } from '../replication-health/map-limited.ts'
import type { SideName } from '../snapshot/types.ts'
import { AvroSchemaError, avroCompatible, problemText } from './avro-compat.ts'
import { RegistryClient } from './client.ts'
import type { RegistryEvidence, RegistrySideEvidence, RegistrySubject, RegistryVersion } from './types.ts'

export interface CompatibilityQuestion {
  subject: string
  /** the registry asked: `source` for a target-only version, `target` for a source-only one */
  askedOf: SideName
  /** the cross-only version put to it */
  candidate: { version: number, id: number, fingerprint: string }
  /** the asked registry's version it was checked against */
  against: number
  /** the asked subject's effective compatibility level when asked */
  level: string
  answer: { compatible: boolean, messages: string[] } | { error: string }
}

export interface BothWaysEvidence {
  capturedAt: string
  questions: CompatibilityQuestion[]
}

export type BothWaysSideEvidence =
  | { status: 'ok', evidence: BothWaysEvidence }
  | { status: 'error', error: string, at: string }

const key = (v: Pick<RegistryVersion, 'schemaType' | 'fingerprint'>) => `${v.schemaType}:${v.fingerprint}`

/** The versions of `of` whose content `other` does not hold, oldest first. */
export function onlyOn (of: RegistrySubject, other: RegistrySubject | undefined): RegistryVersion[] {
  const held = new Set((other?.versions ?? []).map(key))
  return of.versions.filter((v) => !held.has(key(v)))
}

/** A subject's effective compatibility level: its own, else the registry's. */
export function effectiveLevel (registry: RegistryEvidence, subject: RegistrySubject | undefined): string {
  return subject?.compatibility ?? registry.compatibility ?? 'BACKWARD'
}

/** The asked side's versions a candidate is compared with under `level`. */
function againstVersions (level: string, subject: RegistrySubject): number[] {
  const versions = subject.versions.map((v) => v.version)
  if (level.toUpperCase() === 'NONE' || versions.length === 0) return []
  return level.toUpperCase().endsWith('_TRANSITIVE') ? versions : versions.slice(-1)
}

/** Asks each side's registry about the versions only the other side has. */
export async function captureBothWays (clients: Record<SideName, RegistryClient>, registries: Record<SideName, RegistryEvidence>): Promise<BothWaysEvidence> {
  const capturedAt = new Date().toISOString()
  const jobs: Array<Omit<CompatibilityQuestion, 'answer'> & { schema: RegistryVersion }> = []
  for (const [from, askedOf] of [['target', 'source'], ['source', 'target']] as const) {
    const asked = new Map(registries[askedOf].subjects.map((s) => [s.name, s]))
    for (const subject of registries[from].subjects) {
      const there = asked.get(subject.name)
      // a subject the asked side lacks entirely: nothing to be compatible with (judged without asking)
      if (there === undefined) continue
      const level = effectiveLevel(registries[askedOf], there)
      for (const candidate of onlyOn(subject, there)) {
        for (const against of againstVersions(level, there)) {
          jobs.push({ subject: subject.name, askedOf, candidate: { version: candidate.version, id: candidate.id, fingerprint: candidate.fingerprint }, against, level, schema: candidate })
        }
      }
    }
  }
  const questions = await mapLimited(jobs, 4, async ({ schema, ...q }): Promise<CompatibilityQuestion> => {
    try {
      const answer = await clients[q.askedOf].testCompatibility(q.subject, q.against, { schema: schema.schema, schemaType: schema.schemaType, references: schema.references })
      return { ...q, answer }
    } catch (error) {
      return { ...q, answer: { error: error instanceof Error ? error.message : String(error) } }
    }
  })
  return { capturedAt, questions }
}

/**
 * The snapshot's part: asked only when both registries were captured (otherwise null: the schema
 * checks are already `unknown` for want of the registries), bounded by the gate timeout as a whole.
 */
export async function captureBothWaysSide (plan: Plan, registries: Record<SideName, RegistrySideEvidence>): Promise<BothWaysSideEvidence | null> {
  const source = plan.clusters.source.schemaRegistry
  const target = plan.clusters.target.schemaRegistry
  if (source === undefined || target === undefined || registries.source.status !== 'ok' || registries.target.status !== 'ok') return null
  const timeoutMs = plan.gates.timeout
  const abort = new AbortController()
  const clients = {
    source: new RegistryClient({ name: 'source', url: source.url, auth: source.auth, timeoutMs, signal: abort.signal }),
    target: new RegistryClient({ name: 'target', url: target.url, auth: target.auth, timeoutMs, signal: abort.signal }),
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the compatibility questions did not finish within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const evidence = await Promise.race([captureBothWays(clients, { source: registries.source.registry, target: registries.target.registry }), timeout])
    return { status: 'ok', evidence }
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error.message : String(error), at: new Date().toISOString() }
  } finally {
    clearTimeout(timer)
    abort.abort()
  }
}

// --- judgement ---------------------------------------------------------------------------------------

/** The subjects rollback depends on: TopicNameStrategy subjects of the critical topics, and the named ones. */
export function criticalSubjects (plan: Pick<Plan, 'schemas'>, criticalTopicNames: readonly string[]): string[] {
  const named = (plan.schemas?.subjects ?? []).flatMap((s) => s.names ?? [])
  return [...new Set([...criticalTopicNames.flatMap((t) => [`${t}-value`, `${t}-key`]), ...named])].sort()
}

export type Direction = 'target-to-source' | 'source-to-target'

export interface CrossVerdict {
  subject: string
  /** target-to-source: a target-only version judged by the source; source-to-target the reverse */
  direction: Direction
  version: number
  id: number
  status: 'pass' | 'warn' | 'fail' | 'unknown'
  level: string
  against: number[]
  /** what the asked registry answered: compatible, with its messages; null when not asked */
  registry: { compatible: boolean, messages: string[] } | null
  /** the local Avro check: null when not applicable (not Avro) */
  local: { compatible: boolean, problems: string } | { error: string } | null
  message: string
}

export interface SubjectSummary { subject: string, onSource: boolean, onTarget: boolean, targetOnly: number, sourceOnly: number }

const sideOf = (d: Direction): { from: SideName, asked: SideName } => (d === 'target-to-source' ? { from: 'target', asked: 'source' } : { from: 'source', asked: 'target' })

function judgeVersion (subject: string, direction: Direction, candidate: RegistryVersion, asked: RegistrySubject, askedRegistry: RegistryEvidence, evidence: BothWaysEvidence | null): CrossVerdict {
  const { from, asked: askedSide } = sideOf(direction)
  const level = effectiveLevel(askedRegistry, asked)
  const against = againstVersions(level, asked)
  const base = { subject, direction, version: candidate.version, id: candidate.id, level, against }
  const label = `${from}-only version ${candidate.version} (ID ${candidate.id})`
  const where = `the ${askedSide}'s version(s) ${against.join(', ') || 'none'} under ${level}`
  if (against.length === 0) {
    return { ...base, status: 'warn', registry: null, local: null, message: `${label}: the ${askedSide} subject's level is ${level}: nothing is checked, so nothing proves its readers can read this version's data` }
  }
  // the registry's answers for this candidate, one per version it was checked against
  const answers = evidence === null ? [] : evidence.questions.filter((q) => q.subject === subject && q.askedOf === askedSide && q.candidate.fingerprint === candidate.fingerprint && q.candidate.version === candidate.version)
  const missing = against.filter((v) => !answers.some((a) => a.against === v))
  let registry: CrossVerdict['registry'] = null
  let unknown: string | null = null
  if (evidence === null) unknown = 'the snapshot holds no compatibility answers (taken by an older rollgate, or they could not be asked): take a new snapshot'
  else if (missing.length > 0) unknown = `the ${askedSide} registry was not asked about it against version(s) ${missing.join(', ')} (the registries changed since the snapshot?): take a new snapshot`
  else {
    const failed = answers.find((a) => 'error' in a.answer)
    if (failed && 'error' in failed.answer) unknown = `the ${askedSide} registry could not answer: ${failed.answer.error}`
    else {
      const ok = answers.map((a) => a.answer as { compatible: boolean, messages: string[] })
      registry = { compatible: ok.every((a) => a.compatible), messages: [...new Set(ok.flatMap((a) => a.messages))] }
    }
  }
  let local: CrossVerdict['local'] = null
  if (candidate.schemaType === 'AVRO') {
    if (candidate.references.length > 0 || asked.versions.some((v) => v.references.length > 0)) local = { error: 'the schemas reference other subjects: not checked locally' }
    else {
      try {
        const result = avroCompatible(level, candidate.schema, asked.versions.filter((v) => against.includes(v.version) && v.schemaType === 'AVRO'))
        local = { compatible: result.compatible, problems: problemText(result) }
      } catch (error) {
        local = { error: error instanceof AvroSchemaError ? `cannot be parsed: ${error.message}` : String(error) }
      }
    }
  }
  const localText = local === null ? '' : 'error' in local ? `; local Avro check: ${local.error}` : local.compatible ? '; local Avro check: compatible' : `; local Avro check: ${local.problems}`
  const registryText = registry === null ? '' : registry.compatible ? `the ${askedSide} registry answers compatible` : `the ${askedSide} registry answers incompatible: ${registry.messages.length ? registry.messages.join('; ') : 'is_compatible false, no message given'}`
  const localBad = local !== null && 'compatible' in local && !local.compatible
  if (registry !== null && (!registry.compatible || localBad)) {
    return { ...base, status: 'fail', registry, local, message: `${label} is not compatible with ${where}: ${registryText}${localText}` }
  }
  if (unknown !== null) {
    return { ...base, status: localBad ? 'fail' : 'unknown', registry, local, message: `${label} against ${where}: ${unknown}${localText}` }
  }
  const why = direction === 'target-to-source' ? 'a producer returning to the source can register it and the source\'s readers read its data' : 'producers moving to the target can register it there'
  return { ...base, status: 'pass', registry, local, message: `${label} is compatible with ${where}: ${registryText}${localText}; ${why}` }
}

/**
 * Every cross-only version of `subjects`, judged. `bothDirections: false` (plan `schemas`) leaves
 * target-only versions unjudged (`warn`).
 */
export function judgeBothWays (plan: Pick<Plan, 'schemas'>, subjects: readonly string[], registries: Record<SideName, RegistryEvidence>, evidence: BothWaysEvidence | null): { verdicts: CrossVerdict[], summaries: SubjectSummary[] } {
  const verdicts: CrossVerdict[] = []
  const summaries: SubjectSummary[] = []
  const bySide = { source: new Map(registries.source.subjects.map((s) => [s.name, s])), target: new Map(registries.target.subjects.map((s) => [s.name, s])) }
  for (const subject of subjects) {
    const s = bySide.source.get(subject)
    const t = bySide.target.get(subject)
    if (s === undefined && t === undefined) continue
    const targetOnly = t === undefined ? [] : onlyOn(t, s)
    const sourceOnly = s === undefined ? [] : onlyOn(s, t)
    summaries.push({ subject, onSource: s !== undefined, onTarget: t !== undefined, targetOnly: targetOnly.length, sourceOnly: sourceOnly.length })
    for (const [direction, list, asked] of [['target-to-source', targetOnly, s], ['source-to-target', sourceOnly, t]] as const) {
      const { from, asked: askedSide } = sideOf(direction)
      for (const v of list) {
        if (direction === 'target-to-source' && plan.schemas?.bothDirections === false) {
          verdicts.push({ subject, direction, version: v.version, id: v.id, status: 'warn', level: '-', against: [], registry: null, local: null, message: `target-only version ${v.version} (ID ${v.id}) not checked against the source: schemas.bothDirections is false` })
          continue
        }
        if (asked === undefined) {
          // nothing to be compatible with; but its records carry an ID the other registry lacks
          verdicts.push({ subject, direction, version: v.version, id: v.id, status: 'warn', level: '-', against: [], registry: null, local: null,
            message: `${from}-only version ${v.version} (ID ${v.id}): the subject is not on the ${askedSide} registry at all; records written with it carry schema ID ${v.id}, which the ${askedSide} registry must hold (rollgate schemas sync) before its readers meet them` })
          continue
        }
        verdicts.push(judgeVersion(subject, direction, v, asked, registries[askedSide], evidence))
      }
    }
  }
  return { verdicts, summaries }
}
