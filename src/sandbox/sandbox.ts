/**
 * @module sandbox/sandbox
 * `rollgate sandbox up|down|status|env`: two real single-node KRaft clusters (source, target),
 * MirrorMaker 2 between them, a Confluent-API schema registry and a Connect worker per side, all on
 * 127.0.0.1. `up` converges (starts only what is not running), `down` stops only what `up` started.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ExitCode, RollgateError } from '../errors.ts'
import { cacheRoot, ensureKafkaLib, ensureRegistry, kafkaVersion, sandboxAssets } from './artifacts.ts'
import { brokerProperties, connectWorkerProperties, mirrorMakerLag0Properties, mirrorMakerProperties, mirrorMakerReverseProperties } from './configs.ts'
import { type ComponentName, defaultBasePort, lag0Flow, type Naming, reverseFlow, type SandboxLayout, sandboxLayout, type SandboxSettings, type Side, type SideLayout } from './layout.ts'
import { sandboxPlan } from './plan.ts'
import { findJava } from './prerequisites.ts'
import { httpAnswers, kafkaAnswers, mirrorMakerLag0Ready, mirrorMakerReplicating, mirrorMakerReverseReady, portIsFree, waitFor } from './probes.ts'
import { isOurs, logTail, startProcess, stopProcess } from './processes.ts'
import { secureEnv, secureLayout, securePorts } from './secure-layout.ts'
import { prepareSecureCluster, provisionSecureCluster, secureKafkaAnswers } from './secure-setup.ts'

const run = promisify(execFile)

interface ComponentState { pid: number, startedAt: string }

interface SandboxState {
  version: 1
  basePort: number
  naming: Naming
  offsetLagMax: number
  kafkaVersion: string
  kafkaLib: string
  /** the secure cluster is part of this sandbox (`up --secure`) */
  secure?: boolean
  components: Partial<Record<ComponentName, ComponentState>>
}

export interface SandboxOptions {
  dir?: string
  basePort?: number
  naming?: Naming
  offsetLagMax?: number
  /** add the secure cluster (secure-layout.ts) */
  secure?: boolean
  /**
   * Start only these components (and check only their ports): for a test or a developer who needs
   * one cluster of the sandbox without the nine JVMs of the whole. Not a CLI flag.
   */
  only?: ComponentName[]
  log?: (line: string) => void
}

export const componentOrder: ComponentName[] = [
  'source-kafka', 'target-kafka', 'secure-kafka', 'source-registry', 'target-registry', 'source-connect', 'target-connect', 'mirrormaker2', 'mirrormaker2-lag0', 'mirrormaker2-reverse',
]

export function defaultSandboxDir (): string {
  return process.env.ROLLGATE_SANDBOX_DIR ?? join(cacheRoot(), 'sandbox')
}

function readState (stateFile: string): SandboxState | undefined {
  if (!existsSync(stateFile)) return undefined
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as SandboxState
  } catch {
    throw new RollgateError('RG_SANDBOX_STATE', `sandbox state ${stateFile} is unreadable; remove it after stopping any java process it started`, ExitCode.badInput)
  }
}

function writeState (stateFile: string, state: SandboxState): void {
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, 2) + '\n')
  // rename is atomic: a crash never leaves a half-written state (and so never loses a PID)
  renameSync(`${stateFile}.tmp`, stateFile)
}

/** Settings from flags, else the running sandbox's state, else environment and defaults. */
export function resolveSettings (options: SandboxOptions): SandboxSettings {
  const dir = options.dir ?? defaultSandboxDir()
  const state = readState(join(dir, 'sandbox.json'))
  const envPort = process.env.ROLLGATE_SANDBOX_BASE_PORT ? Number(process.env.ROLLGATE_SANDBOX_BASE_PORT) : undefined
  const basePort = options.basePort ?? state?.basePort ?? envPort ?? defaultBasePort
  const highest = ephemeralPortStart() - portSpan
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > highest) {
    throw new RollgateError('RG_BAD_INPUT', `base port must be an integer between 1024 and ${highest}, got ${basePort}: ` +
      'the sandbox\'s ports must stay below the kernel\'s ephemeral range, where any outgoing connection could take one of them', ExitCode.badInput)
  }
  return {
    dir,
    basePort,
    naming: options.naming ?? state?.naming ?? 'identity',
    offsetLagMax: options.offsetLagMax ?? state?.offsetLagMax ?? 100,
    // once added, the secure cluster stays part of the sandbox until `down`
    secure: (options.secure ?? false) || (state?.secure ?? false),
  }
}

/** How many ports above the base port the sandbox uses. */
const portSpan = 30

/** The first port the kernel hands out to outgoing connections (Linux default 32768). */
function ephemeralPortStart (): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    return Number.isInteger(first) && first > 1024 ? first : 32768
  } catch {
    return 32768
  }
}

const marker = (layout: SandboxLayout) => `-Drollgate.sandbox=${layout.dir}`

function running (layout: SandboxLayout, state: SandboxState | undefined, name: ComponentName): number | undefined {
  const pid = state?.components[name]?.pid
  return pid !== undefined && isOurs(pid, marker(layout)) ? pid : undefined
}

function sideOf (name: ComponentName): Side { return name.startsWith('source') ? 'source' : 'target' }

/** A Kafka UUID: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints). */
function kafkaUuid (): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

export async function formatStorage (java: string, lib: string, side: Pick<SideLayout, 'dataDir'> & { side: string }, configFile: string): Promise<void> {
  if (existsSync(join(side.dataDir, 'meta.properties'))) return
  mkdirSync(side.dataDir, { recursive: true })
  try {
    await run(java, [
      '-XX:TieredStopAtLevel=1', '-Xshare:auto', `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`,
      '-cp', `${lib}/*`, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', kafkaUuid(), '-c', configFile,
    ], { timeout: 120_000 })
  } catch (error) {
    throw new RollgateError('RG_SANDBOX_FORMAT', `could not format the ${side.side} cluster's storage: ${(error as { stderr?: string }).stderr ?? String(error)}`, ExitCode.refused)
  }
}

interface Launch {
  name: ComponentName
  java: string
  jvm: string[]
  main: string[]
  cwd: string
  ready: () => Promise<boolean>
  timeoutMs: number
}

function launches (layout: SandboxLayout, lib: string, registryDir: string, java17: string, java21: string): Launch[] {
  const log4j = `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`
  const common = ['-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true', log4j, '-cp', `${lib}/*`]
  const list: Launch[] = []
  for (const side of [layout.source, layout.target]) {
    list.push({
      name: `${side.side}-kafka`,
      java: java17,
      // 512m holds the tests' topics; a benchmark at the issue's 20,000 partitions per broker runs out
      // of heap with it (OutOfMemoryError while creating them): ROLLGATE_SANDBOX_KAFKA_HEAP=2g raises it
      jvm: ['-Xms256m', `-Xmx${process.env.ROLLGATE_SANDBOX_KAFKA_HEAP ?? '512m'}`, ...common],
      main: ['kafka.Kafka', join(layout.configDir, `${side.side}-kafka.properties`)],
      cwd: layout.dir,
      ready: () => kafkaAnswers(side.bootstrap, side.side),
      timeoutMs: 90_000,
    })
  }
  if (layout.secure) {
    const secure = secureLayout(layout.dir, layout.basePort)
    list.push({
      name: 'secure-kafka',
      java: java17,
      // one JVM, small: it holds only what the security tests write
      jvm: ['-Xms128m', '-Xmx384m', ...common],
      main: ['kafka.Kafka', secure.configFile],
      cwd: layout.dir,
      ready: () => secureKafkaAnswers(secure),
      timeoutMs: 90_000,
    })
  }
  for (const side of [layout.source, layout.target]) {
    const dataDir = join(layout.dir, 'data', `${side.side}-registry`)
    mkdirSync(dataDir, { recursive: true })
    list.push({
      name: `${side.side}-registry`,
      java: java21,
      jvm: ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true',
        '-Dquarkus.http.host=127.0.0.1', `-Dquarkus.http.port=${side.registryPort}`,
        '-Dquarkus.management.host=127.0.0.1', `-Dquarkus.management.port=${side.registryManagementPort}`,
        '-Dquarkus.otel.enabled=false', '-Dquarkus.otel.sdk.disabled=true', '-Dquarkus.analytics.disabled=true',
        // Confluent Schema Registry's default; Apicurio enforces nothing until a global rule is set
        '-Dapicurio.rules.global.compatibility=BACKWARD',
        '-jar', join(registryDir, 'quarkus-run.jar')],
      main: [],
      cwd: dataDir,
      ready: () => httpAnswers(`${side.registryUrl}/subjects`),
      timeoutMs: 120_000,
    })
    list.push({
      name: `${side.side}-connect`,
      java: java17,
      jvm: ['-Xms128m', '-Xmx384m', ...common],
      main: ['org.apache.kafka.connect.cli.ConnectDistributed', join(layout.configDir, `${side.side}-connect.properties`)],
      cwd: layout.dir,
      ready: () => httpAnswers(`${side.connectUrl}/health`),
      timeoutMs: 120_000,
    })
  }
  list.push({
    name: 'mirrormaker2',
    java: java17,
    jvm: ['-Xms128m', '-Xmx512m', ...common],
    main: ['org.apache.kafka.connect.mirror.MirrorMaker', join(layout.configDir, 'mm2.properties'), '--clusters', 'target'],
    cwd: layout.dir,
    ready: () => mirrorMakerReplicating(layout.target.bootstrap, 'heartbeats'),
    timeoutMs: 120_000,
  })
  list.push({
    name: 'mirrormaker2-lag0',
    java: java17,
    jvm: ['-Xms128m', '-Xmx384m', ...common],
    main: ['org.apache.kafka.connect.mirror.MirrorMaker', join(layout.configDir, 'mm2-lag0.properties'), '--clusters', lag0Flow.targetAlias],
    cwd: layout.dir,
    ready: () => mirrorMakerLag0Ready(layout),
    timeoutMs: 120_000,
  })
  list.push({
    name: 'mirrormaker2-reverse',
    java: java17,
    jvm: ['-Xms128m', '-Xmx384m', ...common],
    main: ['org.apache.kafka.connect.mirror.MirrorMaker', join(layout.configDir, 'mm2-reverse.properties'), '--clusters', reverseFlow.targetAlias],
    cwd: layout.dir,
    ready: () => mirrorMakerReverseReady(layout),
    timeoutMs: 120_000,
  })
  return list.sort((a, b) => componentOrder.indexOf(a.name) - componentOrder.indexOf(b.name))
}

export interface UpResult { layout: SandboxLayout, started: ComponentName[], alreadyRunning: ComponentName[], seconds: number }

export async function sandboxUp (options: SandboxOptions = {}): Promise<UpResult> {
  const log = options.log ?? (() => {})
  const t0 = Date.now()
  const settings = resolveSettings(options)
  const layout = sandboxLayout(settings)
  const previous = readState(layout.stateFile)
  const alreadyRunning = componentOrder.filter((n) => running(layout, previous, n) !== undefined)
  if (previous && alreadyRunning.length > 0 && (previous.naming !== settings.naming || previous.offsetLagMax !== settings.offsetLagMax || previous.basePort !== settings.basePort)) {
    throw new RollgateError('RG_SANDBOX_RUNNING', `the sandbox in ${layout.dir} is running with naming=${previous.naming}, offset.lag.max=${previous.offsetLagMax}, base port ${previous.basePort}; ` +
      'run `rollgate sandbox down` first to change them', ExitCode.badInput)
  }
  const wanted = (name: ComponentName) => (options.only === undefined || options.only.includes(name)) && (name !== 'secure-kafka' || settings.secure === true)
  const secure = secureLayout(layout.dir, layout.basePort)
  // a port taken by something else is the most common failure: say which and what to do before fetching anything
  const ours = new Set(alreadyRunning.flatMap((n) => portsOf(layout, n)))
  const needed = new Set(componentOrder.filter(wanted).flatMap((n) => portsOf(layout, n)))
  for (const { port, owner } of [...layout.ports, ...(settings.secure ? securePorts(secure) : [])]) {
    if (ours.has(port) || !needed.has(port)) continue
    if (!(await portIsFree(port))) {
      throw new RollgateError('RG_SANDBOX_PORT', `port ${port} (${owner}) on 127.0.0.1 is already in use by another process; ` +
        'stop it, or choose other ports with `--base-port <n>` (or ROLLGATE_SANDBOX_BASE_PORT)', ExitCode.badInput)
    }
  }
  const java17 = findJava(17, 'Apache Kafka').bin
  const java21 = findJava(21, 'Apicurio Registry 3').bin
  const [lib, registryDir] = await Promise.all([ensureKafkaLib(log), ensureRegistry(log)])
  for (const dir of [layout.dir, layout.logDir, layout.configDir]) mkdirSync(dir, { recursive: true })
  for (const side of [layout.source, layout.target]) {
    writeFileSync(join(layout.configDir, `${side.side}-kafka.properties`), brokerProperties(side))
    writeFileSync(join(layout.configDir, `${side.side}-connect.properties`), connectWorkerProperties(side))
  }
  writeFileSync(join(layout.configDir, 'mm2.properties'), mirrorMakerProperties(layout))
  writeFileSync(join(layout.configDir, 'mm2-lag0.properties'), mirrorMakerLag0Properties(layout))
  writeFileSync(join(layout.configDir, 'mm2-reverse.properties'), mirrorMakerReverseProperties(layout))
  writeFileSync(layout.planFile, sandboxPlan(layout))

  const state: SandboxState = {
    version: 1, basePort: settings.basePort, naming: settings.naming, offsetLagMax: settings.offsetLagMax,
    kafkaVersion: kafkaVersion(), kafkaLib: lib, components: {},
  }
  if (settings.secure) state.secure = true
  for (const name of alreadyRunning) state.components[name] = previous!.components[name]!
  writeState(layout.stateFile, state)

  await Promise.all([layout.source, layout.target].map((side) =>
    running(layout, state, `${side.side}-kafka`) || !wanted(`${side.side}-kafka`) ? undefined : formatStorage(java17, lib, side, join(layout.configDir, `${side.side}-kafka.properties`))))
  if (wanted('secure-kafka')) {
    await prepareSecureCluster(secure)
    if (!running(layout, state, 'secure-kafka')) await formatStorage(java17, lib, { side: 'secure', dataDir: secure.dataDir }, secure.configFile)
  }

  const all = launches(layout, lib, registryDir, java17, java21).filter((l) => wanted(l.name))
  const started: ComponentName[] = []
  const startAll = async (batch: Launch[]) => {
    for (const l of batch) {
      if (running(layout, state, l.name)) continue
      const pid = startProcess({ name: l.name, java: l.java, jvm: l.jvm, main: l.main, cwd: l.cwd, logFile: join(layout.logDir, `${l.name}.log`), marker: marker(layout) })
      state.components[l.name] = { pid, startedAt: new Date().toISOString() }
      writeState(layout.stateFile, state)
      started.push(l.name)
      log(`started ${l.name} (pid ${pid})`)
    }
    await Promise.all(batch.map(async (l) => {
      const pid = state.components[l.name]!.pid
      const outcome = await waitFor(l.ready, { timeoutMs: l.timeoutMs, alive: () => isOurs(pid, marker(layout)) })
      if (outcome !== 'ready') {
        const file = join(layout.logDir, `${l.name}.log`)
        throw new RollgateError('RG_SANDBOX_START', `${l.name} ${outcome === 'died' ? 'exited' : `was not ready within ${l.timeoutMs / 1000} s`}; ` +
          `last lines of ${file}:\n${logTail(file)}`, ExitCode.unreachable)
      }
      log(`${l.name} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    }))
  }
  // brokers first: everything else needs them, and on two cores seven JVMs starting at once crawl
  await startAll(all.filter((l) => l.name.endsWith('-kafka')))
  if (wanted('secure-kafka')) {
    // SCRAM users and ACLs live in the cluster's metadata: created (idempotently) once it answers
    await provisionSecureCluster(secure)
    log(`secure-kafka users and ACLs ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  }
  await startAll(all.filter((l) => !l.name.endsWith('-kafka')))
  return { layout, started, alreadyRunning, seconds: (Date.now() - t0) / 1000 }
}

function portsOf (layout: SandboxLayout, name: ComponentName): number[] {
  if (name.startsWith('mirrormaker2')) return []
  if (name === 'secure-kafka') return securePorts(secureLayout(layout.dir, layout.basePort)).map((p) => p.port)
  const side = layout[sideOf(name)]
  if (name.endsWith('-kafka')) return [side.brokerPort, side.controllerPort]
  if (name.endsWith('-registry')) return [side.registryPort, side.registryManagementPort]
  return [side.connectPort]
}

export interface DownResult { stopped: ComponentName[], notOurs: ComponentName[], removedData: boolean }

export async function sandboxDown (options: SandboxOptions & { keep?: boolean } = {}): Promise<DownResult> {
  const log = options.log ?? (() => {})
  const layout = sandboxLayout(resolveSettings(options))
  const state = readState(layout.stateFile)
  const stopped: ComponentName[] = []
  const notOurs: ComponentName[] = []
  if (state) {
    // reverse start order: MirrorMaker 2 and the workers before the brokers they talk to
    const reverse = [...componentOrder].reverse()
    const stopOne = async (name: ComponentName) => {
      const entry = state.components[name]
      if (!entry) return
      if (await stopProcess(entry.pid, marker(layout))) {
        stopped.push(name)
        log(`stopped ${name} (pid ${entry.pid})`)
      } else {
        notOurs.push(name)
      }
      delete state.components[name]
    }
    await Promise.all(reverse.filter((n) => !n.endsWith('-kafka')).map(stopOne))
    await Promise.all(reverse.filter((n) => n.endsWith('-kafka')).map(stopOne))
    writeState(layout.stateFile, state)
  }
  const removedData = !options.keep && existsSync(layout.dir)
  if (removedData) rmSync(layout.dir, { recursive: true, force: true })
  return { stopped, notOurs, removedData }
}

export interface ComponentStatus { name: ComponentName, state: 'ready' | 'running' | 'stopped', pid: number | null, endpoint: string }

export async function sandboxStatus (options: SandboxOptions = {}): Promise<{ layout: SandboxLayout, components: ComponentStatus[] }> {
  const layout = sandboxLayout(resolveSettings(options))
  const state = readState(layout.stateFile)
  const secure = secureLayout(layout.dir, layout.basePort)
  const components = await Promise.all(componentOrder.filter((n) => n !== 'secure-kafka' || layout.secure).map(async (name): Promise<ComponentStatus> => {
    const pid = running(layout, state, name) ?? null
    if (name === 'secure-kafka') {
      const endpoint = `${secure.scramBootstrap} (SCRAM) ${secure.plainBootstrap} (PLAIN) ${secure.mtlsBootstrap} (mTLS)`
      return { name, state: pid === null ? 'stopped' : await secureKafkaAnswers(secure) ? 'ready' : 'running', pid, endpoint }
    }
    const side = layout[sideOf(name)]
    const endpoint = name === 'mirrormaker2' ? `${layout.source.bootstrap} -> ${layout.target.bootstrap}`
      : name === 'mirrormaker2-lag0' ? `${lag0Flow.topics} -> ${lag0Flow.sourceAlias}.${lag0Flow.topics}`
      : name === 'mirrormaker2-reverse' ? `${layout.target.bootstrap} ${reverseFlow.topics} -> ${layout.source.bootstrap} ${reverseFlow.sourceAlias}.${reverseFlow.topics}`
      : name.endsWith('-kafka') ? side.bootstrap : name.endsWith('-registry') ? side.registryUrl : side.connectUrl
    if (pid === null) return { name, state: 'stopped', pid, endpoint }
    const ready = name === 'mirrormaker2' ? await mirrorMakerReplicating(layout.target.bootstrap, 'heartbeats')
      : name === 'mirrormaker2-lag0' ? await mirrorMakerLag0Ready(layout)
      : name === 'mirrormaker2-reverse' ? await mirrorMakerReverseReady(layout)
      : name.endsWith('-kafka') ? await kafkaAnswers(side.bootstrap, side.side)
        : name.endsWith('-registry') ? await httpAnswers(`${side.registryUrl}/subjects`) : await httpAnswers(`${side.connectUrl}/health`)
    return { name, state: ready ? 'ready' : 'running', pid, endpoint }
  }))
  return { layout, components }
}

/** Shell exports for the sandbox (what `eval "$(rollgate sandbox env)"` sets). */
export function sandboxEnv (options: SandboxOptions = {}): Record<string, string> {
  const layout = sandboxLayout(resolveSettings(options))
  const state = readState(layout.stateFile)
  if (!state) {
    throw new RollgateError('RG_SANDBOX_NOT_UP', `no sandbox in ${layout.dir}; run \`rollgate sandbox up\` first`, ExitCode.badInput)
  }
  return {
    ROLLGATE_SANDBOX_DIR: layout.dir,
    ROLLGATE_SOURCE_BOOTSTRAP: layout.source.bootstrap,
    ROLLGATE_TARGET_BOOTSTRAP: layout.target.bootstrap,
    ROLLGATE_SOURCE_REGISTRY_URL: layout.source.registryUrl,
    ROLLGATE_TARGET_REGISTRY_URL: layout.target.registryUrl,
    ROLLGATE_SOURCE_CONNECT_URL: layout.source.connectUrl,
    ROLLGATE_TARGET_CONNECT_URL: layout.target.connectUrl,
    ROLLGATE_KAFKA_LIB: state.kafkaLib,
    ROLLGATE_NAMING: layout.naming,
    ROLLGATE_PLAN: layout.planFile,
    ...(state.secure ? secureEnv(secureLayout(layout.dir, layout.basePort)) : {}),
  }
}
