/**
 * @module init/fixtures
 * Hand-built discoveries for the init tests: a source with data topics (`orders` 6 partitions,
 * `payments` 3), the plumbing a MirrorMaker 2 + Connect deployment leaves, consumer groups of every
 * kind, a registry and a Connect cluster; a target holding same-name copies (identity naming).
 * `discovery` takes overrides so each test states only what it changes.
 */
import type { DiscoveredGroup, Discovery, SideDiscovery } from './types.ts'

export const discoveredAt = '2026-03-02T10:00:00.000Z'

export const sourceTopics = [
  { name: '__consumer_offsets', partitions: 50 },
  { name: 'connect-configs', partitions: 1 },
  { name: 'connect-offsets.internal', partitions: 25 },
  { name: 'mm2-offset-syncs.target.internal', partitions: 1 },
  { name: 'orders', partitions: 6 },
  { name: 'payments', partitions: 3 },
  { name: '_schemas', partitions: 1 },
]

export const group = (id: string, committedTopics: string[], extra: Partial<DiscoveredGroup> = {}): DiscoveredGroup =>
  ({ id, type: 'classic', protocolType: 'consumer', state: 'Stable', committedTopics, ...extra })

export const sourceGroups: DiscoveredGroup[] = [
  group('billing', ['orders', 'payments']),
  group('audit-tool', ['payments'], { protocolType: '', state: 'Empty' }),
  group('connect-jdbc-sink', ['orders']),
  group('connect-cluster', [], { protocolType: 'connect' }),
  group('idle', []),
  group('offsets-only-on-plumbing', ['connect-configs']),
]

export function side (extra: Partial<SideDiscovery> = {}): SideDiscovery {
  return { bootstrap: ['source-kafka-0:9092'], clusterId: 'src-cluster-id', topics: [], groups: [], ...extra }
}

export function discovery (extra: { source?: Partial<SideDiscovery>, target?: Partial<SideDiscovery> } = {}): Discovery {
  return {
    discoveredAt,
    source: side({
      topics: sourceTopics,
      groups: sourceGroups,
      registry: { status: 'ok', url: 'http://registry.source:8081', value: ['orders-value', 'payments-value'] },
      connect: {
        status: 'ok',
        url: 'http://connect.source:8083',
        urls: ['http://connect.source:8083'],
        value: [{ name: 'jdbc-sink', type: 'sink', className: 'io.confluent.connect.jdbc.JdbcSinkConnector' }],
      },
      ...extra.source,
    }),
    target: side({
      bootstrap: ['automq-0:9093', 'automq-1:9093'],
      clusterId: 'tgt-cluster-id',
      topics: [
        { name: 'heartbeats', partitions: 1 },
        { name: 'source.checkpoints.internal', partitions: 1 },
        { name: 'orders', partitions: 6 },
        { name: 'payments', partitions: 3 },
      ],
      ...extra.target,
    }),
  }
}
