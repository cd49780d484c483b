/**
 * @module gates/checks/schemas-both-ways
 * `schemas.compatible-both-ways` (producer-cutover gate): every schema version only one registry
 * holds, of the subjects rollback depends on (`<topic>-value`/`-key` of the critical topics and the
 * plan's named subjects), is compatible with the other registry's versions under that subject's
 * level — asked of the other registry at snapshot time and checked locally for Avro
 * (registry/both-ways.ts). One result per such version, naming the subject, the version and ID, the
 * direction, the versions it was checked against and the registry's answer; one `pass` per subject
 * whose versions are the same on both sides.
 *
 * Why both ways: producers move to the target with the source's versions (source-only versions must
 * be acceptable there), and a rollback brings producers back to the source with whatever they
 * registered on the target (target-only versions must be acceptable there, and readable by the
 * source's consumers).
 */
import { criticalSubjects, judgeBothWays } from '../../registry/both-ways.ts'
import { subjectScope } from '../../registry/capture.ts'
import { needSide } from '../evidence.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'
import { criticalTopics } from './critical-topics.ts'
import { needRegistries } from './schemas-evidence.ts'

const id = 'schemas.compatible-both-ways'

/** The critical topics' names: from the source inventory when it was captured, else only the plan's names (regex selectors need it). */
export function criticalTopicNames (input: GateInput, checkId: string): { names: string[] } | { unknown: CheckResult } {
  const source = needSide(input, 'source', checkId)
  if (source.ok) return { names: criticalTopics(input.plan, source.value).topics.map((t) => t.name) }
  if (input.plan.topics.some((t) => t.criticality === 'critical' && t.regex !== undefined)) return { unknown: source.unknown }
  return { names: input.plan.topics.filter((t) => t.criticality === 'critical').flatMap((t) => t.names ?? []) }
}

export const schemasCompatibleBothWays: Check = {
  id,
  title: 'schema versions only one registry holds are compatible with the other registry\'s, both ways (critical topics\' subjects)',
  run: (input) => {
    const need = needRegistries(input, id)
    if (!need.ok) return need.results
    const topics = criticalTopicNames(input, id)
    if ('unknown' in topics) return [topics.unknown]
    const subjects = criticalSubjects(input.plan, topics.names)
    const side = input.snapshot?.schemaCompatibility
    const evidence = side?.status === 'ok' ? side.evidence : null
    const { verdicts, summaries } = judgeBothWays(input.plan, subjects, need.value, evidence)
    const results: CheckResult[] = verdicts.map((v) => ({
      id,
      status: v.status === 'unknown' && side?.status === 'error' ? 'unknown' : v.status,
      subject: v.subject,
      message: v.status === 'unknown' && side?.status === 'error' ? `${v.message} (the compatibility questions failed: ${side.error})` : v.message,
      evidence: { direction: v.direction, version: v.version, id: v.id, level: v.level, against: v.against, registry: v.registry, local: v.local },
    }))
    for (const s of summaries.filter((x) => x.targetOnly === 0 && x.sourceOnly === 0)) {
      results.push({ id, status: 'pass', subject: s.subject, message: 'the same schema versions on both registries: nothing only one side holds', evidence: s })
    }
    // a critical topic's subjects left out of the plan's scope were never captured: say so, never pass silently
    const inScope = subjectScope(input.plan)
    for (const topic of topics.names.filter((t) => !inScope(`${t}-value`) && !inScope(`${t}-key`))) {
      results.push({ id, status: 'warn', subject: `${topic}-value`, message: `critical topic ${topic}: its subjects (${topic}-value, ${topic}-key) are outside schemas.subjects, so they were not captured or checked`, evidence: { topic } })
    }
    if (results.length === 0) {
      return [{ id, status: 'pass', subject: 'schemas', message: `no subject of the critical topics (${subjects.slice(0, 6).join(', ')}${subjects.length > 6 ? ', …' : ''}) is on either registry: their records carry no registry schema`, evidence: { subjects } }]
    }
    return results
  },
}
