/**
 * Integration: `rollgate init` on the sandbox. A unique topic (3 partitions), a consumer group with
 * committed offsets, a registered subject and a sink connector on the source end up in a plan that
 * `rollgate validate` accepts; an existing plan is never overwritten without --force; an
 * unreachable or silent cluster is exit 3 without a stack trace, within the timeout; an unreachable
 * registry is a warning.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { parsePlan } from '../src/plan/load.ts'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m
const dir = mkdtempSync(join(tmpdir(), 'rollgate-init-'))
const prefix = unique('init')
const topic = `${prefix}-orders`
const group = `${prefix}-billing`
const subject = `${topic}-value`
const connector = `${prefix}-sink`

let sb: ReturnType<typeof sandbox>
let urls: { sourceRegistry: string, sourceConnect: string }

async function post (url: string, body: unknown, contentType: string, method = 'POST'): Promise<void> {
  const response = await fetch(url, { method, headers: { 'content-type': contentType }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
  assert.ok(response.ok, `${method} ${url}: HTTP ${response.status} ${await response.text()}`)
}

/** A local port nothing listens on (just released). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

before(async () => {
  sb = sandbox()
  const env = sandboxEnv({ dir: sb.dir })
  urls = { sourceRegistry: env.ROLLGATE_SOURCE_REGISTRY_URL!, sourceConnect: env.ROLLGATE_SOURCE_CONNECT_URL! }

  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
    await produce(sb.source, [0, 1, 2].map((partition) => ({ topic, partition, count: 5 })))
    await admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [{ name: topic, partitionOffsets: [0, 1, 2].map((partition) => ({ partition, offset: 2n })) }],
    })
  } finally {
    await admin.close()
  }

  const schema = { type: 'record', name: 'Order', namespace: 'rollgate.test', fields: [{ name: 'id', type: 'string' }] }
  await post(`${urls.sourceRegistry}/subjects/${encodeURIComponent(subject)}/versions`, { schema: JSON.stringify(schema) }, 'application/vnd.schemaregistry.v1+json')
  // a sink with an observable side effect (a file): init must list it as non-idempotent
  await post(`${urls.sourceConnect}/connectors`, {
    name: connector,
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': '1', topics: topic, file: join(dir, 'sink.txt') },
  }, 'application/json')
  await eventually(`connector ${connector} listed`, 30_000, async () => {
    const names = await (await fetch(`${urls.sourceConnect}/connectors`)).json() as string[]
    return names.includes(connector) ? true : undefined
  })
})

after(async () => {
  if (urls) {
    // the registry is shared and not replicated: a subject left behind would be missing on every target
    const subjectUrl = `${urls.sourceRegistry}/subjects/${encodeURIComponent(subject)}`
    await fetch(`${urls.sourceConnect}/connectors/${connector}`, { method: 'DELETE' }).catch(() => {})
    await fetch(subjectUrl, { method: 'DELETE' }).catch(() => {})
    await fetch(`${subjectUrl}?permanent=true`, { method: 'DELETE' }).catch(() => {})
  }
  rmSync(dir, { recursive: true, force: true })
})

const initArgs = (plan: string, extra: string[] = []) => [
  'init', '--source-bootstrap', sb.source, '--target-bootstrap', sb.target,
  '--source-registry', urls.sourceRegistry, '--source-connect', urls.sourceConnect, '--plan', plan, ...extra,
]

test('init writes a plan that validates, holding the topic, group, subject and connector', { timeout: 120_000 }, async () => {
  const file = join(dir, 'rollgate.yaml')
  const result = await rollgate(initArgs(file))
  assert.equal(result.code, 0, result.stderr)
  assert.equal(result.stdout, `${file}\n`)
  assert.match(result.stderr, /rollgate init: \d+ topics \(\d+ plumbing left out\), \d+ groups?, \d+ subjects?, \d+ connectors?/)
  assert.match(result.stderr, new RegExp(`naming ${sb.naming}`))
  assert.doesNotMatch(result.stderr, /schema registry .* could not be read/)

  const validated = await rollgate(['validate', '--plan', file])
  assert.equal(validated.code, 0, validated.stderr)

  const text = readFileSync(file, 'utf8')
  assert.match(text, /^# Generated by rollgate init at /)
  assert.match(text, new RegExp(`- ${topic} # 3 partitions`))
  const plan = parsePlan(text, file)
  assert.ok(plan.topics.some((t) => t.names?.includes(topic)), 'the topic is selected')
  assert.ok(plan.topics.every((t) => !t.names?.some((name) => name.startsWith('__') || name.endsWith('.internal'))), 'no plumbing topic is selected')
  assert.deepEqual(plan.groups.find((g) => g.name === group), { name: group, criticality: 'critical', strategy: 'translate', owner: 'TODO' })
  assert.equal(plan.groups.find((g) => g.name === `connect-${connector}`), undefined, "the sink's own group is the connector's, not listed")
  assert.ok(plan.schemas?.subjects?.some((s) => s.names?.includes(subject)), 'the subject is listed')
  const sink = plan.connectors.find((c) => c.name === connector)
  assert.equal(sink?.sideEffect, 'non-idempotent')
  assert.equal(sink?.side, 'source')
  assert.equal(plan.replication.kind, 'mirrormaker2')
  assert.equal(plan.replication.naming, sb.naming)
  assert.equal(plan.runbook.writeAuthority.owner, 'TODO')
})

test('an existing plan is not overwritten without --force', { timeout: 120_000 }, async () => {
  const file = join(dir, 'existing.yaml')
  const first = await rollgate(initArgs(file))
  assert.equal(first.code, 0, first.stderr)
  const before = readFileSync(file, 'utf8')
  const second = await rollgate(initArgs(file))
  assert.equal(second.code, 2)
  assert.equal(second.stdout, '')
  assert.equal(second.stderr, `rollgate: ${file} already exists: rollgate init does not overwrite a plan (use --force to replace it)\n`)
  assert.equal(readFileSync(file, 'utf8'), before)
  const forced = await rollgate(initArgs(file, ['--force']))
  assert.equal(forced.code, 0, forced.stderr)
})

test('an unreachable source cluster is exit 3 with the reason, no stack trace, no file', { timeout: 120_000 }, async () => {
  const file = join(dir, 'unreachable.yaml')
  const result = await rollgate(['init', '--source-bootstrap', '127.0.0.1:9', '--target-bootstrap', sb.target, '--plan', file])
  assert.equal(result.code, 3, result.stderr)
  assert.match(result.stderr, /^rollgate: source cluster: (cannot reach it|.* did not answer within)/)
  assert.doesNotMatch(result.stderr, stackTrace)
  assert.equal(existsSync(file), false)
})

test('a broker that accepts connections and never answers is bounded by --timeout: exit 3', { timeout: 60_000 }, async () => {
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => { sockets.add(socket) })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  try {
    const port = (silent.address() as { port: number }).port
    const started = Date.now()
    const result = await rollgate(['init', '--source-bootstrap', `127.0.0.1:${port}`, '--target-bootstrap', sb.target, '--timeout', '2s', '--plan', join(dir, 'silent.yaml')])
    assert.equal(result.code, 3, result.stderr)
    assert.match(result.stderr, /^rollgate: source cluster: .*(did not answer within 2000 ms|cannot reach it)/)
    assert.doesNotMatch(result.stderr, stackTrace)
    assert.ok(Date.now() - started < 20_000, `ended in ${Date.now() - started} ms`)
  } finally {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
  }
})

test('a mistyped bootstrap is bad input (exit 2), before anything is contacted', async () => {
  const result = await rollgate(['init', '--source-bootstrap', 'kafka-0', '--target-bootstrap', sb.target, '--plan', join(dir, 'typo.yaml')])
  assert.equal(result.code, 2)
  assert.equal(result.stderr, 'rollgate: --source-bootstrap: expected host:port, got "kafka-0"\n')
})

test('an unreachable registry is a warning; the plan is written without schemas and validates', { timeout: 120_000 }, async () => {
  const file = join(dir, 'no-registry.yaml')
  const registry = `http://127.0.0.1:${await closedPort()}/apis/ccompat/v7`
  const result = await rollgate(['init', '--source-bootstrap', sb.source, '--target-bootstrap', sb.target, '--source-registry', registry, '--plan', file])
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stderr, new RegExp(`rollgate: warning: source schema registry ${registry.replace(/[.]/g, '\\.')} could not be read \\(connection refused\\): schemas left out`))
  assert.doesNotMatch(result.stderr, stackTrace)
  const text = readFileSync(file, 'utf8')
  assert.doesNotMatch(text, /^schemas:/m)
  assert.match(text, /# schemas: left out, the source schema registry .* could not be read when init ran/)
  const validated = await rollgate(['validate', '--plan', file])
  assert.equal(validated.code, 0, validated.stderr)
})
