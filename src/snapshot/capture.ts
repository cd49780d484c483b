/**
 * @module snapshot/capture
 * Captures the evidence both sides can give, in parallel, each bounded by the plan's gate timeout
 * as a whole — a paused broker accepts connections and never answers, so per-call timeouts alone
 * would let a snapshot take many times the timeout. A side that fails is recorded with the reason.
 */
import { createHash } from 'node:crypto'
import { ExitCode, RollgateError } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { bounded } from '../kafka/errors.ts'
import type { KafkaConnection } from '../kafka/options.ts'
import type { Plan } from '../plan/schema.ts'
import { captureBothWaysSide } from '../registry/both-ways.ts'
import { captureRegistrySide } from '../registry/capture.ts'
import { captureConnectSide } from '../connect/capture.ts'
import { captureSourceProducers } from '../stragglers/capture.ts'
import { captureScramCredentials } from '../diff/scram-capture.ts'
import { captureMm2Config } from '../replication/mm2-config-capture.ts'
import { captureTargetWrites } from '../target-writes/capture.ts'
import type { TargetWritesEvidence } from '../target-writes/types.ts'
import { captureReplication } from '../replication-health/capture.ts'
import type { ReplicationSideEvidence } from '../replication-health/types.ts'
import { captureInventory } from './inventory.ts'
import type { SideEvidence, SideName, Snapshot } from './types.ts'

export function connectionOf (plan: Plan, side: SideName): KafkaConnection {
  const cluster = plan.clusters[side]
  return { name: side, bootstrap: cluster.bootstrap, security: cluster.security, timeoutMs: plan.gates.timeout }
}

export async function captureSide (plan: Plan, side: SideName): Promise<SideEvidence> {
  const connection = connectionOf(plan, side)
  const client = new ClusterClient(connection)
  try {
    // SCRAM users beside the inventory: a cluster that cannot list them records why (never "none")
    const [inventory, credentials] = await Promise.all([
      bounded(side, 'snapshot', plan.gates.timeout, () => captureInventory(client)),
      captureScramCredentials(connection),
    ])
    return { status: 'ok', bootstrap: connection.bootstrap, inventory: { ...inventory, credentials } }
  } catch (error) {
    const at = new Date().toISOString()
    const message = error instanceof Error ? error.message : String(error)
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', bootstrap: connection.bootstrap, error: message, at }
  } finally {
    await client.close()
  }
}

export const planHash = (planText: string): string => createHash('sha256').update(planText).digest('hex')

/** Replication progress and health (replication-health/capture.ts), on clients of its own. */
export async function captureReplicationSide (plan: Plan): Promise<ReplicationSideEvidence> {
  const clients = {
    source: new ClusterClient(connectionOf(plan, 'source'), 'rollgate-replication-source'),
    target: new ClusterClient(connectionOf(plan, 'target'), 'rollgate-replication-target'),
  }
  try {
    return await captureReplication(plan, clients)
  } finally {
    await Promise.all([clients.source.close(), clients.target.close()])
  }
}

/**
 * Both sides, then who writes to the target read from their inventories (target-writes/capture.ts):
 * chained so the inventory's metadata and log ranges are not asked for twice, within one gate timeout.
 */
function sidesAndTargetWrites (plan: Plan): Promise<[SideEvidence, SideEvidence, TargetWritesEvidence]> {
  const deadline = Date.now() + plan.gates.timeout
  return Promise.all([captureSide(plan, 'source'), captureSide(plan, 'target')]).then(async ([source, target]) => [
    source, target,
    await captureTargetWrites(plan, source.status === 'ok' && target.status === 'ok' ? { source: source.inventory, target: target.inventory } : undefined, deadline),
  ])
}

export async function captureSnapshot (plan: Plan, planText: string): Promise<Snapshot> {
  const capturedAt = new Date().toISOString()
  // every part in parallel, each bounded by the gate timeout: the snapshot takes one timeout at most
  // the compatibility questions need both registries' versions first: chained after them only
  const registriesAndCompatibility = Promise.all([captureRegistrySide(plan, 'source'), captureRegistrySide(plan, 'target')])
    .then(async ([s, t]) => [s, t, await captureBothWaysSide(plan, { source: s, target: t })] as const)
  const [[source, target, targetWrites], [sourceRegistry, targetRegistry, schemaCompatibility], replication, sourceConnect, targetConnect, sourceProducers, mm2Config] = await Promise.all([
    sidesAndTargetWrites(plan),
    registriesAndCompatibility,
    captureReplicationSide(plan),
    captureConnectSide(plan, 'source'),
    captureConnectSide(plan, 'target'),
    captureSourceProducers(plan),
    captureMm2Config(plan),
  ])
  return {
    type: 'rollgate.snapshot/v1',
    capturedAt,
    planHash: planHash(planText),
    sides: { source, target },
    registries: { source: sourceRegistry, target: targetRegistry },
    schemaCompatibility,
    replication,
    connect: { source: sourceConnect, target: targetConnect },
    sourceProducers,
    mm2Config,
    targetWrites,
  }
}

/**
 * The evidence of the pre-replication gate only, as `rollgate diff` takes it: both sides (inventory,
 * SCRAM credentials), the registries and who writes to the target — not replication health,
 * producers on the source, Connect or MirrorMaker 2's configuration, which neither diff nor that
 * gate reads. On a 2-core machine the parts compete for CPU, so leaving them out is what keeps a
 * diff of 2,000 topics within seconds. The parts left out are absent: a later gate reading this
 * snapshot is `unknown` for them (fail closed), never misled.
 */
export async function capturePreReplicationSnapshot (plan: Plan, planText: string): Promise<Snapshot> {
  const capturedAt = new Date().toISOString()
  const [[source, target, targetWrites], sourceRegistry, targetRegistry] = await Promise.all([
    sidesAndTargetWrites(plan),
    captureRegistrySide(plan, 'source'),
    captureRegistrySide(plan, 'target'),
  ])
  return {
    type: 'rollgate.snapshot/v1',
    scope: 'pre-replication',
    capturedAt,
    planHash: planHash(planText),
    sides: { source, target },
    registries: { source: sourceRegistry, target: targetRegistry },
    targetWrites,
  }
}
