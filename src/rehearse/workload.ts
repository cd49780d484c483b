/**
 * @module rehearse/workload
 * The consumer side a rehearsal drives, behind one interface: the built-in stateful consumer and its
 * SQLite sink, or the team's own service through three commands (start it on a cluster, stop it,
 * print its sink's row count). Either way the switch to the target and back is a plan client's
 * command, so the rollback runs it as it would in production.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { BaseOptions } from '@platformatic/kafka'
import { ExitCode, RollgateError } from '../errors.ts'
import { activationCommand, shellQuote, writeActivation } from './activation.ts'
import { StatefulConsumer } from './consumer.ts'
import type { RehearsalClient } from './plan.ts'
import { type DeliveryFacts, RehearsalSink, type SinkFacts, type SinkMode, type Stage } from './sink.ts'

type Cluster = 'source' | 'target'

export interface WorkloadFacts { deliveries: DeliveryFacts | null, sink: SinkFacts | null, counted: number | null }

export interface Workload {
  /** the plan client whose switch commands move this consumer */
  client: RehearsalClient
  /** deploys it on the source (the first start, not a switch) */
  startOnSource: () => Promise<void>
  /** stops it gracefully (it commits what it processed) */
  stop: (on: Cluster) => Promise<void>
  /** the incident: stops it at once; returns what it had processed and not committed, if known */
  halt: (on: Cluster) => Promise<number>
  /** after the rollback: where it logs its processing, which topics it reads on the source */
  afterRollback: (sourceTopics: string[]) => void
  /** what its members last committed on a cluster (`topic-partition` → offset); null when not known (hooks) */
  committed: (on: Cluster) => Map<string, number> | null
  /** records processed so far (distinct sequence numbers, or the sink's row count) */
  processed: () => Promise<number>
  facts: (produced: number, rollbackAt: number | null) => WorkloadFacts
  error: () => Error | null
  close: () => Promise<void>
}

export interface BuiltInOptions {
  dir: string
  connection: Record<Cluster, BaseOptions>
  topic: string
  group: string
  sink: SinkMode
  commitEvery: number
  processRate: number
}

export function builtInWorkload (o: BuiltInOptions): Workload {
  const activation = join(o.dir, 'consumer.endpoint')
  writeActivation(activation, 'stopped')
  const sink = new RehearsalSink(join(o.dir, 'sink.db'), o.sink)
  let stage: Stage = 'before-move'
  let sourceTopics = [o.topic]
  const consumer = new StatefulConsumer({
    connection: o.connection,
    group: o.group,
    activation,
    sink,
    commitEvery: o.commitEvery,
    processRate: o.processRate,
    topics: (cluster) => (cluster === 'source' ? sourceTopics : [o.topic]),
    stage: (cluster) => (cluster === 'target' ? 'on-target' : stage),
  })
  consumer.start()
  const until = async (what: string, check: () => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (consumer.error) throw consumer.error
      if (Date.now() > deadline) throw new RollgateError('RG_REHEARSAL_STUCK', `the built-in consumer did not ${what} within ${timeoutMs / 1000} s`, ExitCode.refused)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  return {
    client: { name: 'rehearsal-consumer', switchToTarget: activationCommand(activation, 'target'), switchToSource: activationCommand(activation, 'source') },
    startOnSource: async () => {
      writeActivation(activation, 'source')
      await until('start on the source', () => consumer.running === 'source')
    },
    stop: async () => {
      writeActivation(activation, 'stopped')
      await until('stop', () => consumer.running === null)
    },
    halt: () => consumer.halt(),
    committed: (on) => new Map(consumer.committed[on]),
    afterRollback: (topics) => {
      stage = 'after-rollback'
      sourceTopics = topics
    },
    processed: async () => sink.processed(),
    facts: (produced, rollbackAt) => ({ deliveries: sink.deliveryFacts(produced, rollbackAt), sink: sink.sinkFacts(), counted: null }),
    error: () => consumer.error,
    close: async () => {
      await consumer.stop()
      sink.close()
    },
  }
}

export interface HookOptions {
  bootstrap: Record<Cluster, string[]>
  topic: string
  /** what the consumer reads on the source after the rollback (the topic, and its reverse copy) */
  rollbackTopics: string[]
  group: string
  /** starts the team's consumer on $ROLLGATE_REHEARSAL_CLUSTER ($…_BOOTSTRAP, $…_TOPICS, $…_GROUP) */
  start: string
  /** stops it on $ROLLGATE_REHEARSAL_CLUSTER */
  stop: string
  /** prints the number of rows its sink holds */
  count: string
  timeoutMs?: number
}

/**
 * The team's own service. Its commands get the cluster, its bootstrap, the topics and the group in
 * the environment. rollgate sees only a row count, so loss and duplicates are read from it: fewer
 * rows than records is loss, more is duplicates (exact for a non-idempotent sink, a lower bound of
 * loss for an idempotent one).
 */
export function hookWorkload (o: HookOptions): Workload {
  // the plan client's commands are plain shell: the environment goes in front of them
  const command = (cmd: string, cluster: Cluster, topics: string[]) => `env ${Object.entries({
    ROLLGATE_REHEARSAL_CLUSTER: cluster,
    ROLLGATE_REHEARSAL_BOOTSTRAP: o.bootstrap[cluster].join(','),
    ROLLGATE_REHEARSAL_TOPICS: topics.join(','),
    ROLLGATE_REHEARSAL_GROUP: o.group,
  }).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')} sh -c ${shellQuote(cmd)}`
  const run = (cmd: string, cluster: Cluster, topics: string[] = [o.topic]): string => {
    const r = spawnSync('sh', ['-c', command(cmd, cluster, topics)], { encoding: 'utf8', timeout: o.timeoutMs ?? 60_000 })
    if (r.status !== 0) throw new RollgateError('RG_REHEARSAL_HOOK', `hook '${cmd}' on the ${cluster} failed (exit ${r.status ?? r.signal}): ${`${r.stdout}${r.stderr}`.trim().slice(-500)}`, ExitCode.refused)
    return r.stdout
  }
  const count = (): number => {
    const text = run(o.count, 'source').trim()
    const n = Number(text.split(/\s+/).at(-1))
    if (!Number.isInteger(n) || n < 0) throw new RollgateError('RG_REHEARSAL_HOOK', `the sink count hook printed '${text.slice(0, 100)}', not a number`, ExitCode.refused)
    return n
  }
  return {
    client: { name: 'rehearsal-consumer', switchToTarget: command(o.start, 'target', [o.topic]), switchToSource: command(o.start, 'source', o.rollbackTopics) },
    startOnSource: async () => { run(o.start, 'source') },
    stop: async (on) => { run(o.stop, on) },
    halt: async (on) => { run(o.stop, on); return 0 },
    committed: () => null,
    afterRollback: () => {},
    processed: async () => count(),
    facts: () => ({ deliveries: null, sink: null, counted: count() }),
    error: () => null,
    close: async () => {},
  }
}
