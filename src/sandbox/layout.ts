/**
 * @module sandbox/layout
 * Where every sandbox component lives: ports (all on 127.0.0.1, derived from one base port), data
 * and log directories. Pure, so configs and tests agree on it without starting anything.
 */
import { join } from 'node:path'

export type Side = 'source' | 'target'
export type Naming = 'identity' | 'prefix'

export type ComponentName =
  | 'source-kafka' | 'target-kafka' | 'mirrormaker2' | 'mirrormaker2-lag0'
  | 'source-registry' | 'target-registry' | 'source-connect' | 'target-connect'

export interface SandboxSettings {
  /** state, data and logs of this sandbox */
  dir: string
  basePort: number
  /** MirrorMaker 2 topic naming: identity keeps names, prefix renames `orders` to `source.orders` */
  naming: Naming
  /** MirrorMaker 2 `offset.lag.max`: how far downstream may move before a new offset sync (default 100) */
  offsetLagMax: number
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

/** How MirrorMaker 2 names the copy of a source topic on the target under the sandbox's policy. */
export function targetTopicName (naming: Naming, topic: string): string {
  return naming === 'identity' ? topic : `${sourceAlias}.${topic}`
}
