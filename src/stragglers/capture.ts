/**
 * @module stragglers/capture
 * Captures which producers have state on the partitions of the source's critical topics
 * (DescribeProducers, asked of each leader), bounded by `gates.timeout`. The topics are the plan's
 * critical selection on the source minus copies a reverse MirrorMaker 2 flow writes there
 * (`<targetAlias><separator><topic>`): after producer cutover that flow legitimately writes to the
 * source, but only to its own copies, never to the critical topics themselves.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { describeProducers } from '../kafka/describe-producers.ts'
import { bounded } from '../kafka/errors.ts'
import { toClientOptions } from '../kafka/options.ts'
import { selectTopics } from '../gates/select-topics.ts'
import type { Plan } from '../plan/schema.ts'
import type { InventoryTopic } from '../snapshot/inventory.ts'
import { connectionOf } from '../snapshot/capture.ts'
import type { SourceProducersEvidence } from './types.ts'

/** Whether a source topic is a reverse flow's copy of a target topic rather than a topic of its own. */
export function isReverseCopy (plan: Pick<Plan, 'replication'>, topic: string, sourceTopics: ReadonlySet<string>): boolean {
  const prefix = `${plan.replication.targetAlias}${plan.replication.separator}`
  return topic.startsWith(prefix) && sourceTopics.has(topic.slice(prefix.length))
}

/** The source's critical topics as producers see them (reverse copies left out). */
export function criticalSourceTopics (plan: Pick<Plan, 'topics' | 'replication'>, topics: Array<{ name: string, internal: boolean }>): string[] {
  const names = new Set(topics.map((t) => t.name))
  // the selection reads only names and the internal flag
  return selectTopics(plan, { topics: topics as Array<Pick<InventoryTopic, 'name' | 'internal'>> as InventoryTopic[] })
    .topics.filter((t) => t.criticality === 'critical' && t.exists && !isReverseCopy(plan, t.name, names)).map((t) => t.name)
}

export async function captureSourceProducers (plan: Plan): Promise<SourceProducersEvidence> {
  const connection = connectionOf(plan, 'source')
  const client = new ClusterClient(connection, 'rollgate-producers-source')
  try {
    return await bounded('source', 'DescribeProducers', plan.gates.timeout, async () => {
      const capturedAt = new Date().toISOString()
      const [info, described] = await Promise.all([client.clusterInfo(), client.describeTopics()])
      const critical = new Set(criticalSourceTopics(plan, described))
      const partitions = described.filter((t) => critical.has(t.name))
        .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader })))
      const leaders = new Map(info.brokers.map((b) => [b.id, b]))
      const answer = await describeProducers(toClientOptions(connection, 'rollgate-producers-source'), leaders, partitions)
      return answer.supported
        ? { status: 'ok', capturedAt, partitions: answer.partitions }
        : { status: 'unsupported', capturedAt, reason: answer.reason }
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', error: message, at: new Date().toISOString() }
  } finally {
    await client.close()
  }
}
