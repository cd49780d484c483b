/**
 * @module init/discover
 * The shell of `rollgate init`: reads both clusters (topics with partition counts; on the source
 * also consumer groups and the topics each has committed offsets on), the registries and the
 * Connect clusters given, all at once and read-only. Each Kafka side is bounded as a whole by the
 * timeout, as a snapshot is; a Kafka side that cannot be read fails init with the access layer's
 * message (exit 3), while a registry or Connect that cannot be read is recorded as unavailable.
 */
import { ClusterClient } from '../kafka/cluster-client.ts'
import { bounded } from '../kafka/errors.ts'
import { connectConnectors, registrySubjects } from './services.ts'
import type { DiscoveredGroup, Discovery, SideDiscovery } from './types.ts'

export interface Endpoints {
  bootstrap: string[]
  registry?: string | undefined
  connect?: string[] | undefined
}

export interface DiscoverOptions {
  source: Endpoints
  target: Endpoints
  /** bound on each Kafka side as a whole and on each HTTP request */
  timeoutMs: number
}

type KafkaPart = Pick<SideDiscovery, 'clusterId' | 'topics' | 'groups'>

async function readKafka (side: 'source' | 'target', bootstrap: string[], timeoutMs: number, withGroups: boolean): Promise<KafkaPart> {
  // security flags are not offered yet: init reaches PLAINTEXT listeners only
  const client = new ClusterClient({ name: side, bootstrap, security: { protocol: 'PLAINTEXT' }, timeoutMs }, `rollgate-init-${side}`)
  try {
    return await bounded(side, 'discovery', timeoutMs, async () => {
      const info = await client.clusterInfo()
      const topics = (await client.describeTopics()).map((topic) => ({ name: topic.name, partitions: topic.partitions.length }))
      if (!withGroups) return { clusterId: info.clusterId, topics, groups: [] }
      const listings = await client.listGroups()
      const committed = await client.committedOffsets(listings.map((group) => group.id))
      const groups = listings.map((group): DiscoveredGroup => ({
        id: group.id,
        type: group.type,
        protocolType: group.protocolType,
        state: group.state,
        committedTopics: [...new Set((committed.get(group.id) ?? []).map((offset) => offset.topic))].sort(),
      }))
      return { clusterId: info.clusterId, topics, groups }
    })
  } finally {
    await client.close()
  }
}

async function readSide (side: 'source' | 'target', endpoints: Endpoints, timeoutMs: number): Promise<SideDiscovery> {
  const [kafka, registry, connect] = await Promise.all([
    readKafka(side, endpoints.bootstrap, timeoutMs, side === 'source'),
    endpoints.registry === undefined ? undefined : registrySubjects(endpoints.registry, timeoutMs),
    endpoints.connect === undefined ? undefined : connectConnectors(endpoints.connect, timeoutMs),
  ])
  const discovered: SideDiscovery = { bootstrap: endpoints.bootstrap, ...kafka }
  if (registry !== undefined) discovered.registry = registry
  if (connect !== undefined && endpoints.connect !== undefined) discovered.connect = { ...connect, urls: endpoints.connect }
  return discovered
}

export async function discover (options: DiscoverOptions): Promise<Discovery> {
  const discoveredAt = new Date().toISOString()
  // both sides at once; when both fail, the source's reason is the one reported
  const [source, target] = await Promise.allSettled([
    readSide('source', options.source, options.timeoutMs),
    readSide('target', options.target, options.timeoutMs),
  ])
  if (source.status === 'rejected') throw source.reason
  if (target.status === 'rejected') throw target.reason
  return { discoveredAt, source: source.value, target: target.value }
}
