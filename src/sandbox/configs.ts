/**
 * @module sandbox/configs
 * The properties files of the sandbox's Kafka processes, rendered from the layout. Values chosen for
 * a test sandbox (replication factor 1, short MirrorMaker 2 intervals) are commented where not obvious.
 */
import type { SandboxLayout, SideLayout } from './layout.ts'
import { lag0Flow, reverseFlow, sourceAlias, targetAlias } from './layout.ts'

function properties (entries: Record<string, string | number | boolean>): string {
  return Object.entries(entries).map(([k, v]) => `${k}=${v}`).join('\n') + '\n'
}

/** One combined-mode KRaft node (broker + controller). */
export function brokerProperties (side: SideLayout): string {
  return properties({
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': `127.0.0.1:${side.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${side.brokerPort},CONTROLLER://127.0.0.1:${side.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${side.brokerPort},CONTROLLER://127.0.0.1:${side.controllerPort}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': side.dataDir,
    'num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    // few partitions for __consumer_offsets: faster start, and one coordinator is all a sandbox needs
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': false,
  })
}

interface FlowSettings {
  /** the aliases MirrorMaker 2 names the clusters by, upstream first */
  src: string
  tgt: string
  /** bootstrap of the cluster each alias stands for */
  upstream: string
  downstream: string
  topics: string
  groups: string
  naming: 'identity' | 'prefix'
  offsetLagMax: number
}

/**
 * One MirrorMaker 2 flow in dedicated mode, `src` → `tgt` only: what every sandbox flow shares, then
 * the flow's own settings (`extra`, which may override a shared one).
 */
function mirrorMakerFlow (f: FlowSettings, extra: Record<string, string | number | boolean>): string {
  const flow = `${f.src}->${f.tgt}`
  return properties({
    clusters: `${f.src}, ${f.tgt}`,
    [`${f.src}.bootstrap.servers`]: f.upstream,
    [`${f.tgt}.bootstrap.servers`]: f.downstream,
    [`${flow}.enabled`]: true,
    [`${f.tgt}->${f.src}.enabled`]: false,
    [`${flow}.topics`]: f.topics,
    [`${flow}.groups`]: f.groups,
    // Kafka 4's default exclusion (mm2.*\.internal, .*\.replica, __.*) lets the Connect workers'
    // internal topics through: with identity naming MirrorMaker 2 wrote the source worker's
    // connector configs into the target worker's config topic, and the target ran every source
    // connector (a double sink). A real migration must exclude them too.
    [`${flow}.topics.exclude`]: 'mm2.*\\\\.internal, .*\\\\.replica, __.*, connect-.*\\\\.internal', // (a properties file: \\ is one backslash)
    'replication.policy.class': f.naming === 'identity'
      ? 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy'
      : 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
    'replication.factor': 1,
    'checkpoints.topic.replication.factor': 1,
    'heartbeats.topic.replication.factor': 1,
    'offset-syncs.topic.replication.factor': 1,
    'offset.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'config.storage.replication.factor': 1,
    'offset.lag.max': f.offsetLagMax,
    // defaults are 60-600 s: a sandbox must show replication, checkpoints and new topics within seconds
    'emit.checkpoints.interval.seconds': 1,
    'emit.heartbeats.interval.seconds': 1,
    'sync.group.offsets.enabled': true,
    'sync.group.offsets.interval.seconds': 1,
    'refresh.topics.interval.seconds': 5,
    'refresh.groups.interval.seconds': 5,
    'sync.topic.configs.interval.seconds': 5,
    // ACL sync needs an authorizer on the target; the plain sandbox has none
    'sync.topic.acls.enabled': false,
    // the last sync of a burst waits for Connect's offset commit; in dedicated mode the worker only
    // reads this prefixed by the target alias (the plain key is ignored, leaving 60 s)
    [`${f.tgt}.offset.flush.interval.ms`]: 1000,
    // plugins come from the classpath's service manifests: no slow reflective scan of every jar
    [`${f.tgt}.plugin.discovery`]: 'service_load',
    'dedicated.mode.enable.internal.rest': false,
    ...extra,
  })
}

/** The main flow, source → target: every topic and group, the layout's naming and sync density. */
export function mirrorMakerProperties (layout: SandboxLayout): string {
  return mirrorMakerFlow({
    src: sourceAlias, tgt: targetAlias, upstream: layout.source.bootstrap, downstream: layout.target.bootstrap,
    topics: '.*', groups: '.*', naming: layout.naming, offsetLagMax: layout.offsetLagMax,
  }, {})
}

/** The second flow (layout.ts `lag0Flow`): prefix naming, a sync per record, `lag0-` topics and groups only. */
export function mirrorMakerLag0Properties (layout: SandboxLayout): string {
  return mirrorMakerFlow({
    src: lag0Flow.sourceAlias, tgt: lag0Flow.targetAlias, upstream: layout.source.bootstrap, downstream: layout.target.bootstrap,
    topics: lag0Flow.topics, groups: lag0Flow.groups, naming: 'prefix', offsetLagMax: lag0Flow.offsetLagMax,
  }, {
    // every heartbeats topic is replicated whatever the topic filter says, and flows with different
    // aliases for the same cluster cannot see the cycle: only the main flow carries heartbeats
    'heartbeats.replication.enabled': false,
  })
}

/**
 * The reverse flow (layout.ts `reverseFlow`): target → source, `rb-` topics only, renamed `target.rb-…`.
 * Same sync density as the forward flow (the layout's offset.lag.max).
 */
export function mirrorMakerReverseProperties (layout: SandboxLayout): string {
  return mirrorMakerFlow({
    // the upstream of this flow is the target cluster
    src: reverseFlow.sourceAlias, tgt: reverseFlow.targetAlias, upstream: layout.target.bootstrap, downstream: layout.source.bootstrap,
    topics: reverseFlow.topics, groups: reverseFlow.groups, naming: 'prefix', offsetLagMax: layout.offsetLagMax,
  }, {
    // heartbeats would loop: every flow replicates every heartbeats topic (see layout.ts reverseFlow)
    'emit.heartbeats.enabled': false,
    'heartbeats.replication.enabled': false,
    // rollback positions the groups on the copies itself; MirrorMaker 2 writing them too would blur what is measured
    'sync.group.offsets.enabled': false,
  })
}

/** A distributed Connect worker. Internal topic names end in `.internal`, which the sandbox's MirrorMaker 2 flows exclude. */
export function connectWorkerProperties (side: SideLayout): string {
  return properties({
    'bootstrap.servers': side.bootstrap,
    // connect-.* is in MirrorMaker 2's default group exclusion
    'group.id': `connect-sandbox-${side.side}`,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.storage.topic': 'connect-offsets.internal',
    'config.storage.topic': 'connect-configs.internal',
    'status.storage.topic': 'connect-status.internal',
    'offset.storage.replication.factor': 1,
    'config.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'offset.storage.partitions': 1,
    'status.storage.partitions': 1,
    'offset.flush.interval.ms': 1000,
    listeners: `http://127.0.0.1:${side.connectPort}`,
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': side.connectPort,
    'plugin.discovery': 'service_load',
  })
}
