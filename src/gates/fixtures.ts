/**
 * @module gates/fixtures
 * Hand-built plan and evidence for the gate tests: a source with `orders` (6 partitions),
 * `payments` (3) and the consumer group `billing`; a target holding their copies. Builders take
 * overrides so each test states only what it changes.
 */
import { type Plan, planSchema } from '../plan/schema.ts'
import type { Inventory, InventoryGroup, InventoryTopic } from '../snapshot/inventory.ts'
import type { SideEvidence, SideName, Snapshot } from '../snapshot/types.ts'
import type { GateInput } from './types.ts'
import type { OffsetCapture, OffsetTranslation } from '../offsets/types.ts'
import { replicationOk } from './checks/replication-fixtures.ts'
import type { PartitionReport, VerifyResult } from '../verify/types.ts'

export const capturedAt = '2026-03-02T10:00:00.000Z'
/** five minutes after capture: inside the fixture plan's 15m evidenceMaxAge */
export const now = new Date('2026-03-02T10:05:00.000Z')
export const evidenceId = 'b7c1e0f4d2a9b3c8e5f6a1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0'
export const planHash = '3f2a9c'

export const sourceBootstrap = ['source-kafka-0:9092']
export const targetBootstrap = ['automq-0:9093', 'automq-1:9093']

/** A plan as the schema yields it (defaults applied); `extra` replaces top-level keys. */
export function fixturePlan (extra: Record<string, unknown> = {}): Plan {
  return planSchema.parse({
    version: 1,
    name: 'orders-to-automq',
    clusters: {
      source: { bootstrap: sourceBootstrap },
      target: { bootstrap: targetBootstrap },
    },
    replication: { kind: 'mirrormaker2', sourceAlias: 'source', targetAlias: 'target' },
    rollbackWindow: '72h',
    topics: [{ names: ['orders', 'payments'], criticality: 'critical' }],
    groups: [{ name: 'billing', strategy: 'translate', owner: 'billing-team' }],
    rollback: { owner: 'platform-team', targetOnlyWrites: 'replay' },
    runbook: {
      writeAuthority: { owner: 'platform-team', dashboard: 'https://grafana.internal/d/migration/authority' },
      criticalTopics: { owner: 'platform-team', command: 'rollgate gate replication' },
      criticalGroups: { owner: 'billing-team', command: 'rollgate gate offsets' },
      schemaState: { owner: 'data-platform', ticket: 'DATA-1423' },
      connectorSideEffects: { owner: 'data-platform', ticket: 'DATA-1424' },
      clientSwitch: { owner: 'checkout-team', command: 'kubectl -n checkout set env deploy/checkout KAFKA_PROFILE=automq' },
      pointOfNoReturn: { owner: 'head-of-platform', ticket: 'CHG-2291' },
    },
    gates: { evidenceMaxAge: '15m' },
    ...extra,
  })
}

/** A topic with `partitions` partitions, each holding 100 records from offset 0. */
export function topic (name: string, partitions: number, extra: Partial<InventoryTopic> = {}): InventoryTopic {
  return {
    name,
    id: `id-${name}`,
    internal: false,
    partitionCount: partitions,
    replicationFactor: 3,
    configs: { 'retention.ms': { value: '604800000', source: 'dynamic-topic' } },
    effectiveConfigs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' },
    partitions: Array.from({ length: partitions }, (_, partition) => ({
      partition, leader: partition % 3, replicas: [0, 1, 2], isr: [0, 1, 2], earliest: 0, latest: 100,
    })),
    ...extra,
  }
}

/** The group `billing` consuming `orders`, committed at 90 of 100 on every partition. */
export function billingGroup (extra: Partial<InventoryGroup> = {}): InventoryGroup {
  const offsets = Array.from({ length: 6 }, (_, partition) => ({ topic: 'orders', partition, committed: 90, logEnd: 100, lag: 10 }))
  return {
    id: 'billing',
    state: 'Stable',
    type: 'classic',
    protocolType: 'consumer',
    protocol: 'range',
    members: [{ memberId: 'billing-1', clientId: 'billing', host: '/10.0.0.7', instanceId: null, assignments: offsets.map(({ topic, partition }) => ({ topic, partition })) }],
    offsets,
    totalLag: 60,
    ...extra,
  }
}

export function inventory (side: SideName, topics: InventoryTopic[], groups: InventoryGroup[] = []): Inventory {
  return {
    side,
    capturedAt,
    cluster: {
      clusterId: side === 'source' ? 'src-cluster-id' : 'tgt-cluster-id',
      controllerId: 0,
      brokers: [0, 1, 2].map((id) => ({ id, host: `${side}-kafka-${id}`, port: 9092, rack: null })),
    },
    topics,
    groups,
    acls: { unavailable: true, reason: 'the cluster has no authorizer configured (SECURITY_DISABLED): ACLs are not enforced' },
    quotas: [],
    // as the sandbox answers: DescribeUserScramCredentials supported, no SCRAM user
    credentials: [],
  }
}

export const sourceInventory = (): Inventory => inventory('source', [topic('orders', 6), topic('payments', 3)], [billingGroup()])
/** identity naming: the copies carry the source names */
export const targetInventory = (): Inventory => inventory('target', [topic('orders', 6), topic('payments', 3)])

export const ok = (side: SideName, inv: Inventory): SideEvidence =>
  ({ status: 'ok', bootstrap: side === 'source' ? sourceBootstrap : targetBootstrap, inventory: inv })

export function fixtureSnapshot (sides: Partial<Record<SideName, SideEvidence>> = {}, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    type: 'rollgate.snapshot/v1',
    capturedAt,
    planHash,
    sides: { source: sides.source ?? ok('source', sourceInventory()), target: sides.target ?? ok('target', targetInventory()) },
    replication: replicationOk(),
    // MirrorMaker 2 leaves group offsets alone (its default): the moved groups keep what rollgate places
    mm2Config: { status: 'ok', path: '/etc/mirrormaker/mm2.properties', properties: { clusters: 'source, target', 'source->target.enabled': 'true', 'sync.group.offsets.enabled': 'false' } },
    // on the target only MirrorMaker 2's producer 1001, writing copies of source records
    targetWrites: {
      status: 'ok', capturedAt, producersUnsupported: null,
      partitions: [0, 1, 2, 3, 4, 5].map((partition) => ({
        topic: 'orders', targetTopic: 'orders', partition, logStart: 0, logEnd: 100, producers: [{ producerId: '1001', lastTimestamp: 1_772_445_500_000, verdict: 'replicator' as const }],
        sampled: 20, copies: 20, foreign: [], foreignCount: 0, unproven: 0, unprovenReason: null, error: null,
      })),
    },
    ...extra,
  }
}

/** `billing` captured at 90 on each partition of `orders`, translated 1:1 by the offset-sync rule. */
export function fixtureOffsets (): NonNullable<GateInput['offsets']> {
  const partitions = Array.from({ length: 6 }, (_, partition) => partition)
  const capture: OffsetCapture = {
    type: 'rollgate.offsets-capture/v1', side: 'source', capturedAt, groups: [{
      group: 'billing', state: 'Empty', members: [],
      partitions: partitions.map((partition) => ({ topic: 'orders', partition, committed: 90, logStart: 0, logEnd: 100, lag: 10 })),
    }],
  }
  const translation: OffsetTranslation = {
    type: 'rollgate.offsets-translation/v1', direction: 'source-to-target', translatedAt: capturedAt, captureId: 'c'.repeat(64),
    partitions: partitions.map((partition) => ({
      group: 'billing', strategy: 'translate', direction: 'source-to-target', topic: 'orders', partition, toTopic: 'orders', from: 90, to: 90,
      method: 'offset-syncs', replay: 0, skipRisk: 0, proof: null, note: null, untranslatable: null, mm2Checkpoint: { upstream: 90, downstream: 90 },
    })),
  }
  return { capture, translation, translationId: 't'.repeat(64) }
}

/** A clean partition of `verify`: 100 records compared from offset 0, nothing else. */
export function cleanPartition (partition: number, extra: Partial<PartitionReport> = {}): PartitionReport {
  const side = { from: 0, until: 100, logStart: 0, logEnd: 100, records: 100, bytes: 20_000, codecs: { lz4: 2 }, abortedRecords: 0 }
  return {
    partition, status: 'clean', anchor: 'log-start', source: side, target: side, compared: 100, matched: 100,
    counts: { missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 0, order: 0, offset: 0, sync: 0 },
    timestampDifferences: 0, compactedAway: { source: 0, target: 0 }, outsideRange: { source: 0, target: 0 }, lag: { records: 0, fromOffset: null },
    syncs: { checked: 1, confirmed: 1 }, firstDivergence: null, samples: [], error: null, durationMs: 40, ...extra,
  }
}

/** `rollgate verify` of orders and payments, whole log, clean, one shard, finished at capture time. */
export function fixtureVerify (extra: Partial<VerifyResult> = {}): VerifyResult {
  return {
    type: 'rollgate.verify/v1', planHash, startedAt: '2026-03-02T09:59:00.000Z', finishedAt: capturedAt, shard: { index: 1, count: 1 }, replication: 'mirrormaker2',
    settings: { isolation: 'read_committed', range: { kind: 'whole' }, withTimestamps: false, window: 1000, duplicateWindow: 10_000, workers: 1 },
    notes: [],
    topics: [
      { topic: 'orders', targetTopic: 'orders', criticality: 'critical', compacted: false, partitions: Array.from({ length: 6 }, (_, p) => cleanPartition(p)) },
      { topic: 'payments', targetTopic: 'payments', criticality: 'critical', compacted: false, partitions: Array.from({ length: 3 }, (_, p) => cleanPartition(p)) },
    ],
    invariants: [],
    requests: { ApiVersions: 4, Metadata: 6, ListOffsets: 4, DescribeConfigs: 2, Fetch: 30 },
    run: { durationMs: 60_000, compared: 900, recordsPerSecond: 15, peakRssBytes: 120 << 20, warnings: [] },
    ...extra,
  }
}

/**
 * Healthy for every gate at once, the later ones included: billing has left the source (no consumer
 * straggler), producers moved at 09:50 and nothing has written to the source since (DescribeProducers
 * answers none, and a baseline snapshot after the cutover has the same log ends).
 */
export function fixtureMovedOn (target?: SideEvidence, extra: Partial<GateInput> = {}): GateInput {
  const moved = ok('source', inventory('source', [topic('orders', 6), topic('payments', 3)], [billingGroup({ members: [], state: 'Empty' })]))
  const snapshot = fixtureSnapshot({ source: moved, ...(target ? { target } : {}) }, { sourceProducers: { status: 'ok', capturedAt, partitions: [] } })
  const at = '2026-03-02T09:50:00.000Z'
  const phase = { current: 'producers-on-target' as const, enteredAt: at, producerCutover: { at, baseline: { evidenceId: 'baseline', snapshot: fixtureSnapshot({ source: moved }) } } }
  return fixtureInput({ snapshot, phase, ...extra })
}

/** Everything healthy unless overridden. */
export function fixtureInput (extra: Partial<GateInput> = {}): GateInput {
  // the offsets and shadow-read gates passed before (what the producer-cutover gate demands)
  const passed = (gate: 'offsets' | 'shadow-read') => ({ gate, status: 'pass' as const, checks: [], evaluatedAt: capturedAt, evidenceId })
  return { plan: fixturePlan(), snapshot: fixtureSnapshot(), evidenceId, now, planHash, offsets: fixtureOffsets(), verify: { results: [fixtureVerify()], evidenceIds: ['v'.repeat(64)], missing: [] }, verdicts: { offsets: passed('offsets'), 'shadow-read': passed('shadow-read') }, ...extra }
}
