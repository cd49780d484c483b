/**
 * @module gates/checks/shadow-read-evidence
 * The verify evidence the shadow-read checks read (`rollgate verify`, recorded in the journal): the
 * newest result of every shard of one split, merged. Fail closed: none recorded, a shard missing,
 * taken under another plan, or older than `gates.evidenceMaxAge` — every such check is `unknown`.
 */
import { mergeShards } from '../../verify/merge.ts'
import type { VerifyResult } from '../../verify/types.ts'
import { formatDuration, unknownResult } from '../evidence.ts'
import type { CheckResult, GateInput } from '../types.ts'

export type NeedVerify = { ok: true, value: VerifyResult, evidenceIds: string[] } | { ok: false, unknown: CheckResult }

export function needVerify (input: GateInput, id: string): NeedVerify {
  const v = input.verify
  const unknown = (message: string, evidence: unknown = null): NeedVerify => ({ ok: false, unknown: unknownResult(id, 'verify', message, evidence) })
  if (!v || v.results.length === 0) return unknown('no record-level verification recorded: run `rollgate verify`')
  const ids = { verifyIds: v.evidenceIds }
  if (v.missing.length > 0) {
    const count = v.results[0]!.shard.count
    return unknown(`the verification was split in ${count} shard(s) and shard(s) ${v.missing.map((i) => `${i}/${count}`).join(', ')} recorded no result: run \`rollgate verify --shard i/${count}\` for them`, { ...ids, missing: v.missing })
  }
  const other = v.results.find((r) => input.planHash !== undefined && r.planHash !== input.planHash)
  if (other) return unknown(`the verification was taken under another version of the plan (plan hash ${other.planHash.slice(0, 12)}): run \`rollgate verify\` again`, ids)
  const merged = mergeShards(v.results)!
  const oldest = v.results.map((r) => r.finishedAt).sort()[0]!
  const age = input.now.getTime() - Date.parse(oldest)
  const maxAge = input.plan.gates.evidenceMaxAge
  if (!(age >= 0 && age <= maxAge)) {
    return unknown(Number.isNaN(age) || age < 0
      ? `the verification is dated ${oldest}, after the evaluation time: a clock is wrong`
      : `the verification finished ${formatDuration(age)} ago (${oldest}), longer than gates.evidenceMaxAge ${formatDuration(maxAge)}: run \`rollgate verify\` again`, { ...ids, finishedAt: oldest, maxAgeMs: maxAge })
  }
  return { ok: true, value: merged, evidenceIds: v.evidenceIds }
}
