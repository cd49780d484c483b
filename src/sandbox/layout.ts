/**
 * @module sandbox/layout
 * Where every sandbox component lives: ports (all on 127.0.0.1, derived from one base port), data
 * and log directories. Pure, so configs and tests agree on it without starting anything.
 */
import { join } from 'node:path'

export type Side = 'source' | 'target'
export type Naming = 'identity' | 'prefix'

export type ComponentName =
  | 'source-kafka' | 'target-kafka' | 'mirrormaker2' | 'mirrormaker2-lag0' | 'mirrormaker2-reverse'
  | 'source-registry' | 'target-registry' | 'source-connect' | 'target-connect' | 'secure-kafka'

export interface SandboxSettings {
  /** state, data and logs of this sandbox */
  dir: string
  basePort: number
  /** MirrorMaker 2 topic naming: identity keeps names, prefix renames `orders` to `source.orders` */
  naming: Naming
  /** MirrorMaker 2 `offset.lag.max`: how far downstream may move before a new offset sync (default 100) */
  offsetLagMax: number
  /** a third, secured cluster (SASL_SSL, mTLS, ACLs: secure-layout.ts) */
  secure?: boolean
}

export interface SideLayout {
  side: Side
  brokerPort: number
  controllerPort: number
  bootstrap: string
  registryPort: number
  registryManagementPort: number
  registryUrl: string
  connectPort: number
  connectUrl: string
  dataDir: string
}

export interface SandboxLayout extends SandboxSettings {
  source: SideLayout
  target: SideLayout
  stateFile: string
  logDir: string
  configDir: string
  planFile: string
  /** every port the sandbox binds, with what binds it (for the "port taken" message) */
  ports: Array<{ port: number, owner: string }>
}

export const defaultBasePort = 19092

function sideLayout (side: Side, dir: string, base: number): SideLayout {
  const o = side === 'source' ? 0 : 1
  const brokerPort = base + 2 * o
  const registryPort = base + 10 + 2 * o
  const connectPort = base + 20 + o
  return {
    side,
    brokerPort,
    controllerPort: brokerPort + 1,
    bootstrap: `127.0.0.1:${brokerPort}`,
    registryPort,
    registryManagementPort: registryPort + 1,
    registryUrl: `http://127.0.0.1:${registryPort}/apis/ccompat/v7`,
    connectPort,
    connectUrl: `http://127.0.0.1:${connectPort}`,
    dataDir: join(dir, 'data', `${side}-kafka`),
  }
}

export function sandboxLayout (settings: SandboxSettings): SandboxLayout {
  const source = sideLayout('source', settings.dir, settings.basePort)
  const target = sideLayout('target', settings.dir, settings.basePort)
  const ports = [source, target].flatMap((s) => [
    { port: s.brokerPort, owner: `${s.side} Kafka broker` },
    { port: s.controllerPort, owner: `${s.side} Kafka controller` },
    { port: s.registryPort, owner: `${s.side} schema registry` },
    { port: s.registryManagementPort, owner: `${s.side} schema registry (management)` },
    { port: s.connectPort, owner: `${s.side} Kafka Connect` },
  ])
  return {
    ...settings,
    source,
    target,
    stateFile: join(settings.dir, 'sandbox.json'),
    logDir: join(settings.dir, 'logs'),
    configDir: join(settings.dir, 'config'),
    planFile: join(settings.dir, 'rollgate.yaml'),
    ports,
  }
}

export const sourceAlias = 'source'
export const targetAlias = 'target'

/**
 * A second MirrorMaker 2 flow over the same two clusters, for what real migrations differ in: it
 * copies only topics and groups named `lag0-…`, renames them (`src0.lag0-…`, DefaultReplicationPolicy)
 * and writes an offset sync for every record (`offset.lag.max=0`). So one sandbox shows both
 * sync densities and both naming policies on the same source data.
 */
export const lag0Flow = {
  sourceAlias: 'src0',
  targetAlias: 'tgt0',
  topics: 'lag0-.*',
  groups: 'lag0-.*',
  offsetLagMax: 0,
  offsetSyncsTopic: 'mm2-offset-syncs.tgt0.internal',
  checkpointsTopic: 'src0.checkpoints.internal',
} as const

/**
 * A third flow, the other way: target → source, for topics named `rb-…` only (the rehearsal's, and
 * anyone's who wants writes on the target to reach the source). It renames them (`target.rb-…`,
 * DefaultReplicationPolicy), so it cannot loop: its copies never match its own `rb-.*` filter, and
 * the forward flow's identity copy of `target.rb-…` back to the target (it copies every source topic)
 * ends there, for the same reason.
 *
 * Heartbeats are what loops between flows: MirrorMaker 2 replicates every heartbeats topic whatever
 * the topic filter says, and stops only where a name's chain of aliases reaches the flow's own
 * target alias. So this flow neither emits nor replicates heartbeats (`heartbeats.replication.enabled
 * =false`, Kafka 3.9+), and — should that ever be turned on — its aliases are the ones the other
 * flows already use for the same clusters (the forward flow calls the target `target`, the lag0 flow
 * calls the source `src0`), which is what MirrorMaker 2's cycle detection compares. It syncs no group
 * offsets (rollback positions groups, and measures it); it writes offset syncs on the target and
 * checkpoints on the source, to compare. Its internal topics collide with no other flow's.
 */
export const reverseFlow = {
  /** the target cluster, upstream of this flow: the prefix of its copies */
  sourceAlias: 'target',
  /** the source cluster, downstream (the lag0 flow's name for it) */
  targetAlias: lag0Flow.sourceAlias,
  topics: 'rb-.*',
  groups: 'rb-.*',
  /** on the target cluster (the flow's upstream, MirrorMaker 2's default location) */
  offsetSyncsTopic: `mm2-offset-syncs.${lag0Flow.sourceAlias}.internal`,
  /** on the source cluster */
  checkpointsTopic: 'target.checkpoints.internal',
} as const

/** The name on the source of a target topic copied back by the reverse flow. */
export function reverseTopicName (topic: string): string {
  return `${reverseFlow.sourceAlias}.${topic}`
}

/** How MirrorMaker 2 names the copy of a source topic on the target under the sandbox's policy. */
export function targetTopicName (naming: Naming, topic: string): string {
  return naming === 'identity' ? topic : `${sourceAlias}.${topic}`
}
