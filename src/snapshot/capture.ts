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
import { captureRegistrySide } from '../registry/capture.ts'
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
    const inventory = await bounded(side, 'snapshot', plan.gates.timeout, () => captureInventory(client))
    return { status: 'ok', bootstrap: connection.bootstrap, inventory }
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

export async function captureSnapshot (plan: Plan, planText: string): Promise<Snapshot> {
  const capturedAt = new Date().toISOString()
  // every part in parallel, each bounded by the gate timeout: the snapshot takes one timeout at most
  const [source, target, sourceRegistry, targetRegistry, replication] = await Promise.all([
    captureSide(plan, 'source'),
    captureSide(plan, 'target'),
    captureRegistrySide(plan, 'source'),
    captureRegistrySide(plan, 'target'),
    captureReplicationSide(plan),
  ])
  return {
    type: 'rollgate.snapshot/v1',
    capturedAt,
    planHash: planHash(planText),
    sides: { source, target },
    registries: { source: sourceRegistry, target: targetRegistry },
    replication,
  }
}
