/**
 * @module gates/registry
 * Which checks make up each of the six gates of the seed, and the engine that runs them. The engine
 * never crashes on a check: one that throws, returns nothing or returns a malformed result becomes
 * `unknown` with the reason, so a bug in a check fails its gate instead of hiding it.
 *
 * This issue ships the checks that need only the plan and the snapshot; later capabilities add to
 * the lists below (marked "later"), never remove `clusters.reachable`: it keeps every gate from
 * passing on a snapshot that holds no evidence.
 */
import { clustersReachable } from './checks/clusters-reachable.ts'
import { criticalGroupsExistOnSource } from './checks/groups-exist.ts'
import { mm2GroupSyncExcluded } from './checks/mm2-group-sync.ts'
import { inactiveOnTarget, positionTranslated, replayWithinMax, sourcePositionCaptured } from './checks/offsets.ts'
import { exitPointOfNoReturn } from './checks/exit-point-of-no-return.ts'
import { partitionCountFrozen } from './checks/partition-count.ts'
import { priorGatesPassed, rollbackDocumented } from './checks/producer-cutover.ts'
import { schemasCompatibleBothWays } from './checks/schemas-both-ways.ts'
import { parityAcls } from './checks/parity-acls.ts'
import { parityCredentials } from './checks/parity-credentials.ts'
import { parityQuotas } from './checks/parity-quotas.ts'
import { parityTopics } from './checks/parity-topics.ts'
import { replicationCheckpoints } from './checks/replication-checkpoints.ts'
import { replicationHeartbeats } from './checks/replication-heartbeats.ts'
import { replicationLag } from './checks/replication-lag.ts'
import { replicationRetention } from './checks/replication-retention.ts'
import { replicationSyncHistory } from './checks/replication-sync-history.ts'
import { runbookOwned } from './checks/runbook-owned.ts'
import { shadowReadNoTargetCommits } from './checks/shadow-read-groups.ts'
import { shadowReadInvariants } from './checks/shadow-read-invariants.ts'
import { shadowReadParity } from './checks/shadow-read-parity.ts'
import { schemaCompatibilityMatch, schemaIdsMatch, schemaModeMatch, schemaSubjectsPresent, schemaVersionsMatch } from './checks/schemas-parity.ts'
import { criticalTopicsExistOnSource, criticalTopicsExistOnTarget } from './checks/topics-exist.ts'
import { targetNoClientConsumers, targetNoClientWrites } from './checks/target-writes.ts'
import { connectorsClassified } from './checks/connectors-classified.ts'
import { connectorsNoDoubleSink } from './checks/connectors-double-sink.ts'
import { connectorsOffsetsCaptured } from './checks/connectors-offsets.ts'
import { connectorsTargetSinksHeld } from './checks/connectors-target-phase.ts'
import { consumerStragglers } from './checks/stragglers-consumers.ts'
import { producerStragglers } from './checks/stragglers-producers.ts'
import { unknownResult } from './evidence.ts'
import { gateStatus, isCheckStatus } from './status.ts'
import type { Check, CheckResult, GateInput, GateName, GateResult } from './types.ts'
import { gateNames } from './types.ts'

const gates: Record<GateName, readonly Check[]> = {
  // Topics, configs, schemas, ACLs, quotas and credentials present on the target; no writes there yet.
  // Schemas: the registries compared subject by subject (schemas.*).
  'pre-replication': [runbookOwned, clustersReachable, criticalTopicsExistOnSource, criticalTopicsExistOnTarget, partitionCountFrozen, parityTopics, parityAcls, parityQuotas,
    parityCredentials, schemaSubjectsPresent, schemaVersionsMatch, schemaIdsMatch, schemaCompatibilityMatch, schemaModeMatch,
    targetNoClientWrites, targetNoClientConsumers],
  // Source-to-target lag within thresholds; retention on both sides covers the rollback window;
  // the replicator alive (heartbeats, checkpoints) and its offset-sync history reaching the groups.
  replication: [clustersReachable, criticalTopicsExistOnSource, criticalTopicsExistOnTarget, partitionCountFrozen,
    replicationLag, replicationHeartbeats, replicationCheckpoints, replicationRetention, replicationSyncHistory],
  // Source positions captured, target positions validated, reset procedures documented.
  offsets: [clustersReachable, criticalGroupsExistOnSource, criticalTopicsExistOnTarget, sourcePositionCaptured, positionTranslated, replayWithinMax, inactiveOnTarget],
  // Consumers read from the target without irreversible side effects: record parity (rollgate
  // verify), business invariants, no commits on the target but those the plan allows.
  // Connectors: no sink on both sides at once, every sink classified, none running on the target yet.
  // later: no commits on the source by shadow readers.
  'shadow-read': [clustersReachable, criticalTopicsExistOnTarget, partitionCountFrozen, shadowReadParity, shadowReadInvariants, shadowReadNoTargetCommits,
    connectorsNoDoubleSink, connectorsClassified, connectorsTargetSinksHeld],
  // Write authority moves only once rollback ownership and target-only write handling are documented
  // (rollback.documented), the offsets and shadow-read gates passed (gates.prior-passed) and the
  // critical topics' schemas are compatible both ways (schemas.compatible-both-ways).
  // later: reverse replication ready, client switch commands, invariants.
  // Consumers have moved first: no critical group member left on the source; connectors as in
  // shadow-read, with their offsets captured as rollback evidence. The moved groups outside
  // MirrorMaker 2's group offset sync, which would overwrite their target offsets on rollback.
  'producer-cutover': [runbookOwned, clustersReachable, criticalTopicsExistOnTarget, partitionCountFrozen,
    rollbackDocumented, priorGatesPassed, schemasCompatibleBothWays,
    consumerStragglers, connectorsNoDoubleSink, connectorsClassified, connectorsTargetSinksHeld, connectorsOffsetsCaptured, mm2GroupSyncExcluded],
  // Rollback stays available until a named point, then the target is authoritative.
  // Retention (both sides) against the rollback window, as in the replication gate.
  // The point of no return computed from evidence (exit.point-of-no-return): source retention,
  // target-only writes and schema versions, irreversible connector side effects.
  // No straggler writes to or reads from the source; still no sink on both sides.
  exit: [runbookOwned, clustersReachable, replicationRetention, exitPointOfNoReturn, producerStragglers, consumerStragglers, connectorsNoDoubleSink],
}

/** The checks of a gate, in the order they are run and reported (a copy: callers may not edit the registry). */
export function gateChecks (name: GateName): Check[] {
  return [...(gates[name] ?? [])]
}

/** Every registered check once, in first-use order. */
export function allChecks (): Check[] {
  const seen = new Map<string, Check>()
  for (const name of gateNames) for (const check of gates[name]) if (!seen.has(check.id)) seen.set(check.id, check)
  return [...seen.values()]
}

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

/** One check's results, with anything but well-formed results turned into `unknown`. */
export function runCheck (check: Check, input: GateInput): CheckResult[] {
  let results: unknown
  try {
    results = check.run(input)
  } catch (error) {
    return [unknownResult(check.id, 'check', `the check failed to run: ${errorText(error)}`, { error: errorText(error) })]
  }
  if (!Array.isArray(results)) return [unknownResult(check.id, 'check', 'the check returned no list of results (a bug in the check)')]
  if (results.length === 0) return [unknownResult(check.id, 'check', 'the check produced no result: nothing proven')]
  return results.map((result: Partial<CheckResult> | null): CheckResult => {
    if (result === null || typeof result !== 'object' || !isCheckStatus(result.status)) {
      return unknownResult(check.id, 'check', `the check returned a malformed result (a bug in the check): ${JSON.stringify(result)?.slice(0, 200)}`)
    }
    return {
      id: typeof result.id === 'string' && result.id !== '' ? result.id : check.id,
      status: result.status,
      subject: typeof result.subject === 'string' && result.subject !== '' ? result.subject : '-',
      message: typeof result.message === 'string' ? result.message : String(result.message ?? ''),
      // always present, so the JSON form keeps its documented keys
      evidence: result.evidence === undefined ? null : result.evidence,
    }
  })
}

const isoTime = (date: Date): string => (Number.isNaN(date.getTime()) ? String(date) : date.toISOString())

/** A gate of the given checks (the registry's or any others, e.g. in tests). */
export function evaluateChecks (gate: GateName, checks: readonly Check[], input: GateInput): GateResult {
  const results = checks.flatMap((check) => runCheck(check, input))
  return { gate, status: gateStatus(results.map((r) => r.status)), checks: results, evaluatedAt: isoTime(input.now), evidenceId: input.evidenceId }
}

export function evaluateGate (name: GateName, input: GateInput): GateResult {
  return evaluateChecks(name, gateChecks(name), input)
}

export function evaluateGates (names: readonly GateName[], input: GateInput): GateResult[] {
  return names.map((name) => evaluateGate(name, input))
}
