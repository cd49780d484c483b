/**
 * @module test/support/private-cluster
 * A cluster of a fault test's own: one single-node KRaft broker (and, where a test needs them, an
 * Apicurio registry and a Connect worker) started with the sandbox's own configs and process functions, on ports of its
 * own (ROLLGATE_FAULT_BASE_PORT, default 26092, clear of the shared sandbox's 19092/29092 ranges).
 * Fault tests pause and kill these, never the shared sandbox every other test is using.
 * Every process is started with a marker of the test's directory, so `stop` only ever signals a
 * PID this module started.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brokerProperties, connectWorkerProperties } from '../../src/sandbox/configs.ts'
import { ensureKafkaLib, ensureRegistry, sandboxAssets } from '../../src/sandbox/artifacts.ts'
import { sandboxLayout, type SideLayout } from '../../src/sandbox/layout.ts'
import { findJava } from '../../src/sandbox/prerequisites.ts'
import { httpAnswers, kafkaAnswers, portIsFree, waitFor } from '../../src/sandbox/probes.ts'
import { isOurs, logTail, startProcess, stopProcess } from '../../src/sandbox/processes.ts'
import { formatStorage } from '../../src/sandbox/sandbox.ts'

/** The first port of the fault tests' private components; each component takes a few above it. */
export function faultBasePort (): number {
  return Number(process.env.ROLLGATE_FAULT_BASE_PORT ?? 26092)
}

/** One private process: what it is, its PID, and the signals a fault test sends it. */
export class PrivateProcess {
  readonly name: string
  readonly marker: string
  readonly logFile: string
  pid: number
  readonly #start: () => number
  readonly #ready: () => Promise<boolean>
  readonly #timeoutMs: number

  constructor (name: string, marker: string, logFile: string, start: () => number, ready: () => Promise<boolean>, timeoutMs: number) {
    this.name = name
    this.marker = marker
    this.logFile = logFile
    this.#start = start
    this.#ready = ready
    this.#timeoutMs = timeoutMs
    this.pid = start()
  }

  async ready (): Promise<void> {
    const outcome = await waitFor(this.#ready, { timeoutMs: this.#timeoutMs, alive: () => isOurs(this.pid, this.marker), intervalMs: 300 })
    if (outcome !== 'ready') throw new Error(`${this.name} ${outcome === 'died' ? 'exited' : 'was not ready in time'}:\n${logTail(this.logFile)}`)
  }

  /** SIGSTOP: the process keeps its sockets open (the kernel still accepts connections) and answers nothing. */
  pause (): void { this.#signal('SIGSTOP') }
  /** SIGCONT: it carries on with whatever it had queued. */
  resume (): void { this.#signal('SIGCONT') }

  /** SIGKILL: gone at once, nothing flushed. */
  async kill (): Promise<void> {
    this.#signal('SIGKILL')
    while (isOurs(this.pid, this.marker)) await new Promise((resolve) => setTimeout(resolve, 50))
  }

  /** Starts it again on the same data and ports (after `kill`), and waits until it answers. */
  async restart (): Promise<void> {
    this.pid = this.#start()
    await this.ready()
  }

  /** Ends it (resumed first, so SIGTERM is seen; SIGKILL after a short grace). */
  async stop (): Promise<void> {
    if (!isOurs(this.pid, this.marker)) return
    this.resume()
    await stopProcess(this.pid, this.marker, 5_000)
  }

  #signal (signal: NodeJS.Signals): void {
    if (!isOurs(this.pid, this.marker)) throw new Error(`${this.name} (pid ${this.pid}) is not running`)
    process.kill(this.pid, signal)
  }
}

async function requireFree (ports: number[]): Promise<void> {
  for (const port of ports) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: set ROLLGATE_FAULT_BASE_PORT to a free range for the fault tests' private cluster`)
  }
}

export interface PrivateKafka extends PrivateProcess { bootstrap: string, side: SideLayout }

/** A single-node KRaft broker (the sandbox's broker config, a smaller heap) in `dir`, started and ready. */
export async function startPrivateKafka (dir: string, basePort = faultBasePort()): Promise<PrivateKafka> {
  const java = findJava(17, 'Apache Kafka').bin
  const lib = await ensureKafkaLib(() => {})
  const side = sandboxLayout({ dir, basePort, naming: 'identity', offsetLagMax: 100 }).source
  await requireFree([side.brokerPort, side.controllerPort])
  const configFile = join(dir, 'kafka.properties')
  mkdirSync(dir, { recursive: true })
  writeFileSync(configFile, brokerProperties(side))
  await formatStorage(java, lib, side, configFile)
  const marker = `-Drollgate.sandbox=${dir}`
  const logFile = join(dir, 'kafka.log')
  const start = () => startProcess({
    name: 'private-kafka',
    java,
    jvm: ['-Xms128m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`, '-cp', `${lib}/*`],
    main: ['kafka.Kafka', configFile],
    cwd: dir,
    logFile,
    marker,
  })
  const kafka = new PrivateProcess('private Kafka broker', marker, logFile, start, () => kafkaAnswers(side.bootstrap, 'private'), 120_000) as PrivateKafka
  Object.assign(kafka, { bootstrap: side.bootstrap, side })
  await kafka.ready()
  return kafka
}

export interface PrivateRegistry extends PrivateProcess { url: string }

/** An Apicurio registry (in-memory storage, the sandbox's jar and settings) in `dir`, started and ready. */
export async function startPrivateRegistry (dir: string, basePort = faultBasePort()): Promise<PrivateRegistry> {
  const java = findJava(21, 'Apicurio Registry 3').bin
  const registryDir = await ensureRegistry(() => {})
  const side = sandboxLayout({ dir, basePort, naming: 'identity', offsetLagMax: 100 }).source
  await requireFree([side.registryPort, side.registryManagementPort])
  const dataDir = join(dir, 'registry')
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const marker = `-Drollgate.sandbox=${dir}`
  const logFile = join(dir, 'registry.log')
  const start = () => startProcess({
    name: 'private-registry',
    java,
    jvm: ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true',
      '-Dquarkus.http.host=127.0.0.1', `-Dquarkus.http.port=${side.registryPort}`,
      '-Dquarkus.management.host=127.0.0.1', `-Dquarkus.management.port=${side.registryManagementPort}`,
      '-Dquarkus.otel.enabled=false', '-Dquarkus.otel.sdk.disabled=true', '-Dquarkus.analytics.disabled=true',
      '-jar', join(registryDir, 'quarkus-run.jar')],
    main: [],
    cwd: dataDir,
    logFile,
    marker,
  })
  const registry = new PrivateProcess('private schema registry', marker, logFile, start, () => httpAnswers(`${side.registryUrl}/subjects`), 120_000) as PrivateRegistry
  Object.assign(registry, { url: side.registryUrl })
  await registry.ready()
  return registry
}

export interface PrivateConnect extends PrivateProcess { url: string }

/** A distributed Connect worker (the sandbox's worker config) on a private broker, started and ready. */
export async function startPrivateConnect (dir: string, kafka: PrivateKafka): Promise<PrivateConnect> {
  const java = findJava(17, 'Kafka Connect').bin
  const lib = await ensureKafkaLib(() => {})
  const side = kafka.side
  await requireFree([side.connectPort])
  mkdirSync(dir, { recursive: true })
  const configFile = join(dir, 'connect.properties')
  writeFileSync(configFile, connectWorkerProperties(side))
  const marker = `-Drollgate.sandbox=${dir}`
  const logFile = join(dir, 'connect.log')
  const start = () => startProcess({
    name: 'private-connect',
    java,
    jvm: ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(sandboxAssets, 'log4j2.properties')}`, '-cp', `${lib}/*`],
    main: ['org.apache.kafka.connect.cli.ConnectDistributed', configFile],
    cwd: dir,
    logFile,
    marker,
  })
  const connect = new PrivateProcess('private Connect worker', marker, logFile, start, () => httpAnswers(`${side.connectUrl}/health`), 120_000) as PrivateConnect
  Object.assign(connect, { url: side.connectUrl })
  await connect.ready()
  return connect
}
