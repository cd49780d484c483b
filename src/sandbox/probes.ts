/**
 * @module sandbox/probes
 * Readiness by real requests, never by sleeping: a Metadata answer from a broker, an HTTP 200 from a
 * registry or Connect, heartbeats written by MirrorMaker 2 on the target.
 */
import { createServer } from 'node:net'
import { ClusterClient } from '../kafka/cluster-client.ts'
import type { KafkaConnection } from '../kafka/options.ts'
import { lag0Flow, reverseFlow, type SandboxLayout } from './layout.ts'

export async function kafkaAnswers (bootstrap: string, name: string): Promise<boolean> {
  return clusterAnswers({ name, bootstrap: [bootstrap], timeoutMs: 2_000 })
}

/** A Metadata answer over any connection (the secure cluster's mTLS admin listener, too). */
export async function clusterAnswers (connection: KafkaConnection): Promise<boolean> {
  const client = new ClusterClient(connection)
  try {
    await client.clusterInfo()
    return true
  } catch {
    return false
  } finally {
    await client.close()
  }
}

export async function httpAnswers (url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}

/** MirrorMaker 2 is replicating once its heartbeat connector has written to the target. */
export async function mirrorMakerReplicating (targetBootstrap: string, heartbeatsTopic: string): Promise<boolean> {
  const client = new ClusterClient({ name: 'target', bootstrap: [targetBootstrap], timeoutMs: 2_000 })
  try {
    const topics = await client.listTopics()
    if (!topics.includes(heartbeatsTopic)) return false
    const [end] = await client.offsets([{ topic: heartbeatsTopic, partition: 0 }], 'latest')
    return (end?.offset ?? 0) > 0
  } catch {
    return false
  } finally {
    await client.close()
  }
}

export function portIsFree (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` until true; gives up after `timeoutMs` or as soon as `alive()` says the process died. */
export async function waitFor (probe: () => Promise<boolean>, options: { timeoutMs: number, alive: () => boolean, intervalMs?: number }): Promise<'ready' | 'died' | 'timeout'> {
  const until = Date.now() + options.timeoutMs
  while (Date.now() < until) {
    if (await probe()) return 'ready'
    if (!options.alive()) return 'died'
    await sleep(options.intervalMs ?? 250)
  }
  return 'timeout'
}

/** The second flow is up once its source connector has created its offset-syncs topic on the source. */
export async function mirrorMakerLag0Ready (layout: SandboxLayout): Promise<boolean> {
  const client = new ClusterClient({ name: 'source', bootstrap: [layout.source.bootstrap], timeoutMs: 2_000 })
  try {
    return (await client.listTopics()).includes(lag0Flow.offsetSyncsTopic)
  } catch {
    return false
  } finally {
    await client.close()
  }
}

/** The reverse flow is up once its source connector has created its offset-syncs topic on its upstream, the target. */
export async function mirrorMakerReverseReady (layout: SandboxLayout): Promise<boolean> {
  const client = new ClusterClient({ name: 'target', bootstrap: [layout.target.bootstrap], timeoutMs: 2_000 })
  try {
    return (await client.listTopics()).includes(reverseFlow.offsetSyncsTopic)
  } catch {
    return false
  } finally {
    await client.close()
  }
}
