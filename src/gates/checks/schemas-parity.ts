/**
 * @module gates/checks/schemas-parity
 * The pre-replication gate's schema checks, one per aspect of registry/compare.ts, each giving one
 * result per difference (naming the subject, the version or setting, and both values) and one
 * `pass` per subject found equal:
 * - `schemas.subjects-present`: every subject of the scope is on the target (and the plan's named
 *   subjects are on the source); subjects only the target has warn;
 * - `schemas.versions-match`: the same versions with the same type, normalised schema and references;
 * - `schemas.ids-match`: the same schema ID for every version (serializers write it into records);
 * - `schemas.compatibility-match`: the same global and effective per-subject compatibility level;
 * - `schemas.mode-match`: the same global and effective per-subject mode (target IMPORT warns).
 * Why each matters is written in registry/compare.ts.
 */
import { globalSubject, type SchemaAspect, type SchemaComparison } from '../../registry/compare.ts'
import type { CheckResult } from '../types.ts'
import { schemaCheck } from './schemas-evidence.ts'

const label = (subject: string) => (subject === globalSubject ? 'registry' : 'subject')

function results (id: string, comparison: SchemaComparison, aspects: readonly SchemaAspect[], empty: () => CheckResult[]): CheckResult[] {
  const out: CheckResult[] = comparison.differences.filter((d) => aspects.includes(d.aspect)).map((d) => ({
    id,
    status: d.status,
    subject: d.subject,
    message: d.message,
    evidence: { aspect: d.aspect, key: d.key, source: d.source, target: d.target },
  }))
  for (const m of comparison.matches.filter((x) => aspects.includes(x.aspect))) {
    out.push({ id, status: 'pass', subject: m.subject, message: m.detail, evidence: { aspect: m.aspect } })
  }
  return out.length > 0 ? out : empty()
}

/** Nothing compared for a per-subject aspect: say why, never pass. */
function noCommonSubject (id: string, sourceSubjects: number): CheckResult[] {
  return sourceSubjects === 0
    ? [{ id, status: 'warn', subject: 'schemas', message: 'no subject of the plan\'s scope on the source registry: nothing to compare (check schemas.subjects)', evidence: { sourceSubjects: 0 } }]
    : [{ id, status: 'unknown', subject: 'schemas', message: 'no subject of the scope is on both registries: nothing compared (see schemas.subjects-present)', evidence: { sourceSubjects } }]
}

export const schemaSubjectsPresent = schemaCheck('schemas.subjects-present',
  'every schema subject in scope on the source is on the target registry',
  (comparison, { source }) => results('schemas.subjects-present', comparison, ['subject'], () => noCommonSubject('schemas.subjects-present', source.subjects.length)))

export const schemaVersionsMatch = schemaCheck('schemas.versions-match',
  'each subject has the same versions on the target, with the same type, normalised schema and references',
  (comparison, { source }) => results('schemas.versions-match', comparison, ['version', 'schema'], () => noCommonSubject('schemas.versions-match', source.subjects.length)))

export const schemaIdsMatch = schemaCheck('schemas.ids-match',
  'each schema version has the same ID on the target (records carry the ID)',
  (comparison, { source }) => results('schemas.ids-match', comparison, ['id'], () => noCommonSubject('schemas.ids-match', source.subjects.length)))

export const schemaCompatibilityMatch = schemaCheck('schemas.compatibility-match',
  'global and per-subject compatibility levels are the same on the target',
  (comparison) => results('schemas.compatibility-match', comparison, ['compatibility'], () => []).map((r) =>
    r.status === 'pass' ? { ...r, message: `${label(r.subject)} ${r.message}` } : r))

export const schemaModeMatch = schemaCheck('schemas.mode-match',
  'global and per-subject modes are the same on the target (IMPORT there warns)',
  (comparison) => results('schemas.mode-match', comparison, ['mode'], () => []).map((r) =>
    r.status === 'pass' ? { ...r, message: `${label(r.subject)} ${r.message}` } : r))
