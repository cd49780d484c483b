/**
 * @module verify/requests
 * Counts the Kafka requests this process sends, by API, from the client library's diagnostics
 * channel: the evidence that `verify` only reads. A request that could commit, join or create
 * anything (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetCommit, Produce, …) would show
 * here by name, and the gate would see it.
 */
import { tracingChannel } from 'node:diagnostics_channel'

/** Kafka API keys by name (the protocol's own names). */
const apiNames: Record<number, string> = {
  0: 'Produce', 1: 'Fetch', 2: 'ListOffsets', 3: 'Metadata', 8: 'OffsetCommit', 9: 'OffsetFetch', 10: 'FindCoordinator',
  11: 'JoinGroup', 12: 'Heartbeat', 13: 'LeaveGroup', 14: 'SyncGroup', 15: 'DescribeGroups', 16: 'ListGroups', 17: 'SaslHandshake',
  18: 'ApiVersions', 19: 'CreateTopics', 20: 'DeleteTopics', 21: 'DeleteRecords', 22: 'InitProducerId', 23: 'OffsetForLeaderEpoch',
  24: 'AddPartitionsToTxn', 25: 'AddOffsetsToTxn', 26: 'EndTxn', 28: 'TxnOffsetCommit', 29: 'DescribeAcls', 32: 'DescribeConfigs',
  33: 'AlterConfigs', 36: 'SaslAuthenticate', 42: 'DeleteGroups', 47: 'OffsetDelete', 48: 'DescribeClientQuotas', 60: 'DescribeCluster',
  68: 'ConsumerGroupHeartbeat', 69: 'ConsumerGroupDescribe',
}

/** What a read-only verification may send; anything else is a finding. */
export const readOnlyApis = new Set(['Fetch', 'ListOffsets', 'Metadata', 'ApiVersions', 'SaslHandshake', 'SaslAuthenticate', 'DescribeConfigs', 'DescribeCluster'])

export const apiName = (key: number): string => apiNames[key] ?? `api-${key}`

/** Starts counting; `stop()` returns the counts and unsubscribes. */
export function countRequests (): { stop: () => Record<string, number>, peek: () => Record<string, number> } {
  const counts: Record<string, number> = {}
  const channel = tracingChannel<unknown, { apiKey?: number }>('plt:kafka:connections:api')
  const start = (context: { apiKey?: number }) => {
    if (typeof context.apiKey !== 'number') return
    const name = apiName(context.apiKey)
    counts[name] = (counts[name] ?? 0) + 1
  }
  const handlers = { start, end: () => {}, asyncStart: () => {}, asyncEnd: () => {}, error: () => {} }
  channel.subscribe(handlers)
  return {
    peek: () => ({ ...counts }),
    stop: () => {
      channel.unsubscribe(handlers)
      return { ...counts }
    },
  }
}

/** Adds `more` into `into`. */
export function addCounts (into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [name, n] of Object.entries(more)) into[name] = (into[name] ?? 0) + n
  return into
}
