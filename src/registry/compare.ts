/**
 * @module registry/compare
 * Schema parity as a pure function of two registries' evidence: every difference a client would
 * meet on the target, with both values and a verdict. `rollgate diff` lists them; the
 * pre-replication gate's `schemas.*` checks turn each into one result.
 *
 * What differs, and why it matters:
 * - a subject of the scope missing on the target (`fail`): a consumer finds no schema, and a
 *   producer registers a new version 1 under another ID; a subject only the target has (`warn`):
 *   nothing breaks, but the target holds schema state the source does not (another tenant, or drift);
 *   a subject the plan names that the source lacks (`fail`): usually a plan error;
 * - a version missing on either side, or the same version with another schema type, text
 *   (normalised, registry/normalise.ts) or references (`fail`): producers and consumers resolve
 *   another schema by the same subject and version;
 * - a schema ID that differs (`fail`): Confluent serializers write the ID into every record, so
 *   records copied from the source name an ID that means another schema (or none) on the target;
 * - the effective compatibility level, global or per subject (`fail`; a subject following a
 *   global level that differs is covered by the global difference): the target accepts
 *   evolutions the source refuses, or refuses those it accepts;
 * - the mode, global or per subject: a target in IMPORT while the source is READWRITE is `warn` —
 *   the mode in which schemas are copied with their IDs, expected before cutover, to be set back
 *   before producers move; any other difference (e.g. READONLY) is `fail`.
 */
import type { CheckStatus } from '../gates/types.ts'
import type { Plan } from '../plan/schema.ts'
import type { RegistryEvidence, RegistrySubject, RegistryVersion, SchemaReference } from './types.ts'

export type SchemaAspect = 'subject' | 'version' | 'schema' | 'id' | 'compatibility' | 'mode'

export interface SchemaDifference {
  aspect: SchemaAspect
  /** the registry subject, or `(global)` for a registry-wide setting */
  subject: string
  /** which of its values: `version 2`, `compatibility`, …; null when the subject itself differs */
  key: string | null
  /** the source's value; null: absent */
  source: unknown
  /** the target's value; null: absent */
  target: unknown
  status: CheckStatus
  message: string
}

/** A subject compared on one aspect and found equal, for the `pass` results. */
export interface SchemaMatch { aspect: SchemaAspect, subject: string, detail: string }

export interface SchemaComparison {
  differences: SchemaDifference[]
  matches: SchemaMatch[]
}

export const globalSubject = '(global)'

const refText = (r: SchemaReference) => `${r.name} → ${r.subject} v${r.version}`
const refsText = (refs: readonly SchemaReference[]) => (refs.length === 0 ? 'none' : refs.map(refText).join(', '))
const short = (fingerprint: string) => fingerprint.slice(0, 12)
const show = (value: string | null) => value ?? 'none'

/** What a version is, as one line: type, fingerprint and the start of its text. */
function versionText (v: RegistryVersion): string {
  const text = v.schema.length > 80 ? `${v.schema.slice(0, 77)}...` : v.schema
  return `${v.schemaType} sha256:${short(v.fingerprint)} ${text}`
}

function modeStatus (source: string | null, target: string | null): CheckStatus {
  return source === 'READWRITE' && target === 'IMPORT' ? 'warn' : 'fail'
}

function modeMessage (where: string, source: string | null, target: string | null): string {
  const base = `${where} mode differs: source ${show(source)}, target ${show(target)}`
  return modeStatus(source, target) === 'warn'
    ? `${base} (IMPORT is how schemas are copied with their IDs; set READWRITE before producers move to the target)`
    : `${base}: producers registering schemas would be treated differently on the target`
}

function compareVersions (subject: string, source: RegistrySubject, target: RegistrySubject, out: SchemaComparison): void {
  const targetBy = new Map(target.versions.map((v) => [v.version, v]))
  const sourceBy = new Map(source.versions.map((v) => [v.version, v]))
  let schemaDiffs = 0
  let idDiffs = 0
  for (const s of source.versions) {
    const t = targetBy.get(s.version)
    const key = `version ${s.version}`
    if (t === undefined) {
      out.differences.push({ aspect: 'version', subject, key, source: { id: s.id, fingerprint: s.fingerprint }, target: null, status: 'fail',
        message: `version ${s.version} is missing on the target (source: ID ${s.id}, ${versionText(s)})` })
      schemaDiffs++
      continue
    }
    if (s.schemaType !== t.schemaType || s.fingerprint !== t.fingerprint) {
      out.differences.push({ aspect: 'schema', subject, key, source: { schemaType: s.schemaType, fingerprint: s.fingerprint, schema: s.schema }, target: { schemaType: t.schemaType, fingerprint: t.fingerprint, schema: t.schema }, status: 'fail',
        message: `version ${s.version} has another schema: source ${versionText(s)}; target ${versionText(t)}` })
      schemaDiffs++
    }
    if (refsText(s.references) !== refsText(t.references)) {
      out.differences.push({ aspect: 'schema', subject, key: `version ${s.version} references`, source: s.references, target: t.references, status: 'fail',
        message: `version ${s.version} references differ: source ${refsText(s.references)}; target ${refsText(t.references)}` })
      schemaDiffs++
    }
    if (s.id !== t.id) {
      out.differences.push({ aspect: 'id', subject, key: `version ${s.version}`, source: s.id, target: t.id, status: 'fail',
        message: `version ${s.version} has schema ID ${s.id} on the source and ${t.id} on the target: records carry the source's ID, which names another schema (or none) on the target` })
      idDiffs++
    }
  }
  for (const t of target.versions) {
    if (sourceBy.has(t.version)) continue
    out.differences.push({ aspect: 'version', subject, key: `version ${t.version}`, source: null, target: { id: t.id, fingerprint: t.fingerprint }, status: 'fail',
      message: `version ${t.version} exists only on the target (ID ${t.id}, ${versionText(t)}): schema state the source does not have` })
    schemaDiffs++
  }
  const versions = source.versions.map((v) => v.version).join(', ')
  if (schemaDiffs === 0) out.matches.push({ aspect: 'schema', subject, detail: `${source.versions.length} version(s) (${versions}) with the same type, schema and references` })
  if (idDiffs === 0 && source.versions.every((v) => targetBy.has(v.version))) {
    out.matches.push({ aspect: 'id', subject, detail: `schema IDs equal: ${source.versions.map((v) => `v${v.version}=${v.id}`).join(', ')}` })
  }
}

function compareSetting (aspect: 'compatibility' | 'mode', subject: string, source: string | null, target: string | null, out: SchemaComparison, sourceFrom: string, targetFrom: string): void {
  if (source === target) {
    out.matches.push({ aspect, subject, detail: `${aspect} ${show(source)} on both sides` })
    return
  }
  const where = subject === globalSubject ? 'the global' : 'the effective'
  const values = { source: { value: source, from: sourceFrom }, target: { value: target, from: targetFrom } }
  if (aspect === 'compatibility') {
    out.differences.push({ aspect, subject, key: 'compatibility', source: values.source, target: values.target, status: 'fail',
      message: `${where} compatibility differs: source ${show(source)} (${sourceFrom}), target ${show(target)} (${targetFrom}): the target ${subject === globalSubject ? 'registry' : 'subject'} accepts other schema evolutions than the source` })
  } else {
    out.differences.push({ aspect, subject, key: 'mode', source: values.source, target: values.target, status: modeStatus(source, target),
      message: `${modeMessage(where, source, target)} (source ${sourceFrom}, target ${targetFrom})` })
  }
}

/** Names the plan lists under `schemas.subjects[].names`. */
function namedSubjects (plan: Pick<Plan, 'schemas'>): string[] {
  return [...new Set((plan.schemas?.subjects ?? []).flatMap((s) => s.names ?? []))]
}

export function compareRegistries (plan: Pick<Plan, 'schemas'>, source: RegistryEvidence, target: RegistryEvidence): SchemaComparison {
  const out: SchemaComparison = { differences: [], matches: [] }
  compareSetting('compatibility', globalSubject, source.compatibility, target.compatibility, out, 'global', 'global')
  compareSetting('mode', globalSubject, source.mode, target.mode, out, 'global', 'global')

  const sourceBy = new Map(source.subjects.map((s) => [s.name, s]))
  const targetBy = new Map(target.subjects.map((s) => [s.name, s]))
  for (const name of namedSubjects(plan)) {
    if (sourceBy.has(name)) continue
    out.differences.push({ aspect: 'subject', subject: name, key: null, source: null, target: targetBy.has(name) ? { versions: targetBy.get(name)!.versions.map((v) => v.version) } : null, status: 'fail',
      message: `named in the plan (schemas.subjects) but not on the source registry${targetBy.has(name) ? ' (the target has it)' : ''}: check the name` })
  }
  for (const s of source.subjects) {
    const t = targetBy.get(s.name)
    const versions = s.versions.map((v) => v.version)
    if (t === undefined) {
      out.differences.push({ aspect: 'subject', subject: s.name, key: null, source: { versions }, target: null, status: 'fail',
        message: `missing on the target registry (source has version(s) ${versions.join(', ') || 'none'})` })
      continue
    }
    out.matches.push({ aspect: 'subject', subject: s.name, detail: `on both registries: source version(s) ${versions.join(', ')}, target ${t.versions.map((v) => v.version).join(', ')}` })
    compareVersions(s.name, s, t, out)
    // a subject without its own level follows the global one: that is what its producers get. A
    // subject-level answer equal to the registry's global one counts as following it (Apicurio
    // answers the global level for every subject), so that a global difference is reported once,
    // as the global one, and not again for every subject that merely follows it.
    const effective = (x: RegistrySubject, registry: RegistryEvidence, key: 'compatibility' | 'mode') =>
      x[key] !== null && x[key] !== registry[key] ? { value: x[key], from: 'subject' } : { value: registry[key], from: 'global' }
    for (const key of ['compatibility', 'mode'] as const) {
      const a = effective(s, source, key)
      const b = effective(t, target, key)
      if (a.from === 'global' && b.from === 'global' && a.value !== b.value) continue
      compareSetting(key, s.name, a.value, b.value, out, a.from, b.from)
    }
  }
  for (const t of target.subjects) {
    if (sourceBy.has(t.name) || namedSubjects(plan).includes(t.name)) continue
    out.differences.push({ aspect: 'subject', subject: t.name, key: null, source: null, target: { versions: t.versions.map((v) => v.version) }, status: 'warn',
      message: `only on the target registry (version(s) ${t.versions.map((v) => v.version).join(', ')}): schema state the source does not have` })
  }
  return out
}
