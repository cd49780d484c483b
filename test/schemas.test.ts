/**
 * Integration: schema parity on the sandbox's two Confluent-API registries (Apicurio, not
 * replicated: what a test registers exists on one side only). Subjects registered with other
 * versions and compatibility on the two sides fail the pre-replication gate's `schemas.*` checks,
 * one result per difference naming the subject and both values; subjects registered identically —
 * same schemas, same IDs, same levels — pass. Every subject created here is deleted afterwards.
 *
 * Apicurio's Confluent API assigns IDs itself (it ignores an `id` given in IMPORT mode), from one
 * counter per registry. To make two registries hold the *same* IDs, as a real migration's schema
 * copy does, the test first brings both counters level by registering throw-away schemas on the
 * one behind, then registers the real ones on both; if another test registered in between and the
 * IDs came out different, it tries again with new names.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { sandbox, unique } from './support/sandbox.ts'

interface Check { id: string, status: string, subject: string, message: string, evidence: unknown }
interface GateJson { gate: string, status: string, checks: Check[] }

const contentType = 'application/vnd.schemaregistry.v1+json'
const dirs: string[] = []
const created: Array<{ url: string, subject: string }> = []

function registries (): { source: string, target: string } {
  const env = sandboxEnv({ dir: sandbox().dir })
  return { source: env.ROLLGATE_SOURCE_REGISTRY_URL!, target: env.ROLLGATE_TARGET_REGISTRY_URL! }
}

async function call (url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': contentType, accept: contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${url}${path}: HTTP ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Registers a schema under a subject (noted for deletion); returns its ID. */
async function register (url: string, subject: string, schema: string): Promise<number> {
  if (!created.some((c) => c.url === url && c.subject === subject)) created.push({ url, subject })
  const answer = await call(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema }) as { id: number }
  return answer.id
}

const record = (name: string, fields: string[]) => JSON.stringify({ type: 'record', name, fields: fields.map((f) => ({ name: f, type: 'string', default: '' })) })

after(async () => {
  for (const { url, subject } of created.reverse()) {
    const s = encodeURIComponent(subject)
    await call(url, 'DELETE', `/config/${s}`).catch(() => {})
    await call(url, 'DELETE', `/subjects/${s}`).catch(() => {})
    await call(url, 'DELETE', `/subjects/${s}?permanent=true`).catch(() => {})
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A plan whose registries are the sandbox's and whose schema scope is `subjects`. */
function planFor (subjects: string[]): string {
  const sb = sandbox()
  const urls = registries()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-schemas-'))
  dirs.push(dir)
  const file = writePlan(dir, { source: sb.source, target: sb.target, topics: ['orders'], timeout: '20s' })
  const text = readFileSync(file, 'utf8')
    .replace(`source: { bootstrap: [${JSON.stringify(sb.source)}] }`, `source: { bootstrap: [${JSON.stringify(sb.source)}], schemaRegistry: { url: ${JSON.stringify(urls.source)} } }`)
    .replace(`target: { bootstrap: [${JSON.stringify(sb.target)}] }`, `target: { bootstrap: [${JSON.stringify(sb.target)}], schemaRegistry: { url: ${JSON.stringify(urls.target)} } }`)
    .replace('\nrunbook:', `\nschemas:\n  subjects:\n    - names: [${subjects.map((s) => JSON.stringify(s)).join(', ')}]\nrunbook:`)
  writeFileSync(file, text)
  return file
}

async function schemaChecks (plan: string): Promise<Check[]> {
  const result = await rollgate(['gate', 'pre-replication', '--format', 'json', '--plan', plan], { timeoutMs: 180_000 })
  assert.ok(result.stdout.startsWith('{'), result.stderr)
  const gate = JSON.parse(result.stdout) as GateJson
  return gate.checks.filter((c) => c.id.startsWith('schemas.'))
}

test('subjects with other versions and compatibility on the two registries fail, naming the subject and both values', { timeout: 240_000 }, async () => {
  const urls = registries()
  const orders = unique('rg-schema-orders-value')
  const payments = unique('rg-schema-payments-value')
  await register(urls.source, orders, record('Order', ['id']))
  await register(urls.source, orders, record('Order', ['id', 'qty']))
  await register(urls.source, payments, record('Payment', ['id']))
  await register(urls.target, orders, record('Order', ['id']))
  // the target subject gets a level of its own; the source one follows the global BACKWARD
  await call(urls.target, 'PUT', `/config/${encodeURIComponent(orders)}`, { compatibility: 'FULL' })

  const checks = await schemaChecks(planFor([orders, payments]))
  const failed = checks.filter((c) => c.status !== 'pass').map((c) => `${c.status} ${c.id} ${c.subject}: ${c.message}`)
  assert.ok(failed.includes(`fail schemas.subjects-present ${payments}: missing on the target registry (source has version(s) 1)`), failed.join('\n'))
  assert.ok(failed.some((f) => f.startsWith(`fail schemas.versions-match ${orders}: version 2 is missing on the target (source: ID `)), failed.join('\n'))
  assert.ok(failed.includes(`fail schemas.compatibility-match ${orders}: the effective compatibility differs: source BACKWARD (global), target FULL (subject): the target subject accepts other schema evolutions than the source`), failed.join('\n'))
  const compat = checks.find((c) => c.id === 'schemas.compatibility-match' && c.subject === orders)!
  assert.deepEqual(compat.evidence, { aspect: 'compatibility', key: 'compatibility', source: { value: 'BACKWARD', from: 'global' }, target: { value: 'FULL', from: 'subject' } })
  // the registries assigned IDs independently: named with both values
  const ids = checks.filter((c) => c.id === 'schemas.ids-match' && c.subject === orders)
  for (const c of ids.filter((x) => x.status === 'fail')) assert.match(c.message, /^version 1 has schema ID \d+ on the source and \d+ on the target/)
  // one result per difference: the global settings are equal and pass
  assert.ok(checks.some((c) => c.id === 'schemas.compatibility-match' && c.subject === '(global)' && c.status === 'pass'))
  assert.ok(checks.some((c) => c.id === 'schemas.mode-match' && c.subject === '(global)' && c.status === 'pass'))
})

/** Registers on the registry whose ID counter is behind until both would hand out the same next ID. */
async function levelCounters (urls: { source: string, target: string }): Promise<void> {
  // a subject each: versions of one subject would have to be compatible with each other
  const next = (url: string) => register(url, unique('rg-schema-filler'), record(`F${randomBytes(6).toString('hex')}`, []))
  let [a, b] = await Promise.all([next(urls.source), next(urls.target)])
  for (let n = 0; a !== b; n++) {
    if (n > 500) throw new Error(`the registries' ID counters are more than 500 apart (${a} and ${b}): cannot level them for this test`)
    if (a < b) a = await next(urls.source)
    else b = await next(urls.target)
  }
}

test('subjects registered identically on both registries (same schemas, IDs and levels) pass every schema check', { timeout: 240_000 }, async () => {
  const urls = registries()
  let subject = ''
  for (let attempt = 0; ; attempt++) {
    subject = unique('rg-schema-same-value')
    const name = `Same${randomBytes(4).toString('hex')}`
    await levelCounters(urls)
    const v1 = await Promise.all([register(urls.source, subject, record(name, ['id'])), register(urls.target, subject, record(name, ['id']))])
    const v2 = await Promise.all([register(urls.source, subject, record(name, ['id', 'qty'])), register(urls.target, subject, record(name, ['id', 'qty']))])
    if (v1[0] === v1[1] && v2[0] === v2[1]) break
    // someone registered in between: the IDs differ, which is exactly what the checks would report
    if (attempt >= 4) throw new Error(`could not register ${subject} with the same IDs on both registries (v1 ${v1.join('/')}, v2 ${v2.join('/')})`)
  }
  const checks = await schemaChecks(planFor([subject]))
  assert.deepEqual(checks.filter((c) => c.status !== 'pass').map((c) => `${c.status} ${c.id} ${c.subject}: ${c.message}`), [])
  assert.deepEqual(checks.filter((c) => c.subject === subject).map((c) => c.id), [
    'schemas.subjects-present', 'schemas.versions-match', 'schemas.ids-match', 'schemas.compatibility-match', 'schemas.mode-match',
  ])
  assert.match(checks.find((c) => c.id === 'schemas.ids-match')!.message, /^schema IDs equal: v1=\d+, v2=\d+$/)
})
