/**
 * @module connect/capture
 * Captures one side's Kafka Connect as evidence (connect/types.ts): every connector with its state,
 * tasks, topics, redacted config and offsets. A connector whose topics or offsets cannot be read is
 * kept with that part marked unavailable; Connect that cannot be read at all is recorded with the
 * reason, never as "no connectors". The whole capture is bounded by `gates.timeout`.
 */
import { ExitCode, RollgateError } from '../errors.ts'
import type { Plan } from '../plan/schema.ts'
import { secretsIn } from '../plan/secret.ts'
import { mapLimited } from '../replication-health/map-limited.ts'
import type { SideName } from '../snapshot/types.ts'
import { ConnectClient, type ConnectorListing } from './client.ts'
import { redactConfig } from './redact.ts'
import type { ConnectEvidence, ConnectorEvidence, ConnectSideEvidence, ConnectUnavailable } from './types.ts'

const concurrency = 8

/** The side's Connect client as the plan configures it, or null when it has none. */
export function connectClientOf (plan: Plan, side: SideName, signal?: AbortSignal): ConnectClient | null {
  const config = plan.clusters[side].connect
  if (config === undefined) return null
  return new ConnectClient({ name: side, urls: config.urls, auth: config.auth, timeoutMs: plan.gates.timeout, ...(signal ? { signal } : {}) })
}

const splitTopics = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '')

async function part<T> (work: () => Promise<T>): Promise<T | ConnectUnavailable> {
  try {
    return await work()
  } catch (error) {
    // only this part is missing; Connect itself going away fails the whole capture
    if (error instanceof RollgateError && error.exitCode === ExitCode.unreachable) throw error
    return { unavailable: true, reason: error instanceof Error ? error.message : String(error) }
  }
}

async function captureConnector (client: ConnectClient, listing: ConnectorListing, plan: Plan, side: SideName): Promise<ConnectorEvidence> {
  const [activeTopics, offsets] = await Promise.all([part(() => client.topics(listing.name)), part(() => client.offsets(listing.name))])
  const marked = plan.connectors.filter((c) => c.name === listing.name && c.side === side).flatMap((c) => c.redactConfigs)
  return {
    name: listing.name,
    type: listing.type,
    state: listing.status.connector.state,
    tasks: listing.status.tasks.map((t) => ({ id: t.id, state: t.state, workerId: t.worker_id ?? null })).sort((a, b) => a.id - b.id),
    activeTopics,
    configTopics: listing.type === 'sink' ? splitTopics(listing.config.topics) : [],
    topicsRegex: listing.type === 'sink' ? (listing.config['topics.regex'] ?? null) : null,
    config: redactConfig(listing.config, marked, secretsIn(plan)),
    offsets,
  }
}

export async function captureConnect (client: ConnectClient, plan: Plan, side: SideName): Promise<ConnectEvidence> {
  const capturedAt = new Date().toISOString()
  const listings = await client.connectors()
  const connectors = await mapLimited(listings, concurrency, (l) => captureConnector(client, l, plan, side))
  return { urls: client.urls, capturedAt, connectors }
}

/** One side's Connect for a snapshot, bounded by the plan's gate timeout as a whole. */
export async function captureConnectSide (plan: Plan, side: SideName): Promise<ConnectSideEvidence> {
  const abort = new AbortController()
  const client = connectClientOf(plan, side, abort.signal)
  if (client === null) return { status: 'not-configured' }
  const timeoutMs = plan.gates.timeout
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RollgateError('RG_CONNECT_TIMEOUT', `${client.label}: the capture did not finish within ${timeoutMs} ms`, ExitCode.unreachable)), timeoutMs)
  })
  try {
    return { status: 'ok', connect: await Promise.race([captureConnect(client, plan, side), timeout]) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const unreachable = error instanceof RollgateError && error.exitCode === ExitCode.unreachable
    return { status: unreachable ? 'unreachable' : 'error', urls: client.urls, error: message, at: new Date().toISOString() }
  } finally {
    clearTimeout(timer)
    abort.abort()
  }
}
