/**
 * Integration: schemas in both directions and `schemas sync`, on the sandbox's two Apicurio
 * registries (Confluent API, not replicated: what a test registers exists on one side only).
 * - A version registered only on the target (its subject relaxed to NONE there) that the source's
 *   BACKWARD level refuses fails `schemas.compatible-both-ways` in the producer-cutover gate, naming
 *   the subject, the versions, the direction and the source registry's answer, and ends rollback
 *   availability in `status`; a compatible target-only version passes.
 * - `schemas sync` copies the source's versions the target lacks (dry run first, nothing written),
 *   asks for the source IDs in IMPORT mode and reports what the target did with them and the ID
 *   mapping; a re-run copies nothing.
 * Every subject created here is deleted afterwards.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { sandboxEnv } from '../src/sandbox/sandbox.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { sandbox, unique } from './support/sandbox.ts'

interface Check { id: string, status: string, subject: string, message: string, evidence: Record<string, unknown> }

const contentType = 'application/vnd.schemaregistry.v1+json'
const dirs: string[] = []
const created: Array<{ url: string, subject: string }> = []

function registries (): { source: string, target: string } {
  const env = sandboxEnv({ dir: sandbox().dir })
  return { source: env.ROLLGATE_SOURCE_REGISTRY_URL!, target: env.ROLLGATE_TARGET_REGISTRY_URL! }
}

async function call (url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method, headers: { 'content-type': contentType, accept: contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(30_000),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${url}${path}: HTTP ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

async function register (url: string, subject: string, schema: string): Promise<number> {
  if (!created.some((c) => c.url === url && c.subject === subject)) created.push({ url, subject })
  return (await call(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema }) as { id: number }).id
}

const order = (name: string, extra: unknown[] = []) => JSON.stringify({ type: 'record', name, fields: [{ name: 'id', type: 'string' }, ...extra] })

after(async () => {
  for (const { url, subject } of created.reverse()) {
    const s = encodeURIComponent(subject)
    await call(url, 'DELETE', `/config/${s}`).catch(() => {})
    await call(url, 'DELETE', `/subjects/${s}`).catch(() => {})
    await call(url, 'DELETE', `/subjects/${s}?permanent=true`).catch(() => {})
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A plan with the sandbox's registries, `topics` critical and `subjects` as the schema scope. */
function planFor (topics: string[], subjects: string[]): string {
  const sb = sandbox()
  const urls = registries()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-bothways-'))
  dirs.push(dir)
  const file = writePlan(dir, { source: sb.source, target: sb.target, topics, timeout: '20s' })
  const text = readFileSync(file, 'utf8')
    .replace(`source: { bootstrap: [${JSON.stringify(sb.source)}] }`, `source: { bootstrap: [${JSON.stringify(sb.source)}], schemaRegistry: { url: ${JSON.stringify(urls.source)} } }`)
    .replace(`target: { bootstrap: [${JSON.stringify(sb.target)}] }`, `target: { bootstrap: [${JSON.stringify(sb.target)}], schemaRegistry: { url: ${JSON.stringify(urls.target)} } }`)
    .replace('\nrunbook:', `\nschemas:\n  subjects:\n    - names: [${subjects.map((s) => JSON.stringify(s)).join(', ')}]\nrollback: { owner: platform, targetOnlyWrites: replay }\nrunbook:`)
  writeFileSync(file, text)
  return file
}

test('a target-only version the source refuses under BACKWARD fails schemas.compatible-both-ways with subject, versions and the registry\'s answer, and ends rollback', { timeout: 240_000 }, async () => {
  const urls = registries()
  const breaking = unique('rg-bw-orders')
  const fine = unique('rg-bw-payments')
  const [b, f] = [`${breaking}-value`, `${fine}-value`]
  // the same version 1 on both sides
  for (const url of [urls.source, urls.target]) {
    await register(url, b, order('Order'))
    await register(url, f, order('Payment'))
  }
  // on the target someone relaxed the subject to NONE and added a required field: new readers cannot read old data
  await call(urls.target, 'PUT', `/config/${encodeURIComponent(b)}`, { compatibility: 'NONE' })
  const targetId = await register(urls.target, b, order('Order', [{ name: 'qty', type: 'int' }]))
  // a compatible evolution only on the target, and one only on the source
  await register(urls.target, f, order('Payment', [{ name: 'currency', type: 'string', default: 'EUR' }]))
  await register(urls.source, f, order('Payment', [{ name: 'note', type: ['null', 'string'], default: null }]))

  const plan = planFor([breaking, fine], [b, f])
  const gate = await rollgate(['gate', 'producer-cutover', '--format', 'json', '--plan', plan], { timeoutMs: 180_000 })
  assert.ok(gate.stdout.startsWith('{'), gate.stderr)
  const checks = (JSON.parse(gate.stdout) as { checks: Check[] }).checks.filter((c) => c.id === 'schemas.compatible-both-ways')
  const failing = checks.filter((c) => c.status === 'fail')
  assert.equal(failing.length, 1, JSON.stringify(checks, null, 2))
  const bad = failing[0]!
  assert.equal(bad.subject, b)
  assert.equal(bad.message, `target-only version 2 (ID ${targetId}) is not compatible with the source's version(s) 1 under BACKWARD: ` +
    'the source registry answers incompatible: is_compatible false, no message given; ' +
    'local Avro check: against version 1 (new reads old): Order.qty: the reader\'s field qty (int) has no default and the writer has no such field')
  assert.deepEqual({ direction: bad.evidence.direction, version: bad.evidence.version, against: bad.evidence.against, registry: bad.evidence.registry },
    { direction: 'target-to-source', version: 2, against: [1], registry: { compatible: false, messages: [] } })
  // the compatible ones pass, each direction named
  const passing = checks.filter((c) => c.subject === f).map((c) => `${c.status} ${(c.evidence.direction as string)} v${c.evidence.version as number}`)
  assert.deepEqual(passing.sort(), ['pass source-to-target v2', 'pass target-to-source v2'])
  assert.ok(checks.some((c) => c.subject === f && c.evidence.direction === 'target-to-source' && /the source registry answers compatible; local Avro check: compatible/.test(c.message)))

  // rollback availability: the target-only version ends it
  const status = JSON.parse((await rollgate(['status', '--format', 'json', '--plan', plan])).stdout) as { rollback: { status: string, limits: Array<{ kind: string, subject: string, message: string }> } }
  assert.equal(status.rollback.status, 'unavailable', JSON.stringify(status.rollback, null, 2))
  const limit = status.rollback.limits.find((l) => l.kind === 'target-only-schemas')
  assert.equal(limit?.subject, b)
  assert.match(limit!.message, /target-only version 2 .* a producer returning to the source cannot use it; rollback ends unless/)
})

interface SyncJson { execute: boolean, importMode: string, items: Array<{ subject: string, version: number, sourceId: number, status: string, target: { version: number, id: number } | null, via: string | null }>, mapping: Array<{ subject: string, version: number, sourceId: number, targetId: number }>, counts: Record<string, number> }

test('schemas sync: a dry run writes nothing; --execute copies the missing versions asking for the source IDs, reports the ID mapping; a re-run copies nothing', { timeout: 240_000 }, async () => {
  const urls = registries()
  const subject = `${unique('rg-sync-orders')}-value`
  const ids = [await register(urls.source, subject, order('Order')), await register(urls.source, subject, order('Order', [{ name: 'qty', type: 'int', default: 0 }]))]
  created.push({ url: urls.target, subject })
  const plan = planFor([unique('rg-sync-topic')], [subject])
  const stateDir = join(plan, '..', '.rollgate')

  const dry = await rollgate(['schemas', 'sync', '--format', 'json', '--plan', plan], { timeoutMs: 120_000 })
  assert.equal(dry.code, 0, dry.stderr)
  const planned = JSON.parse(dry.stdout) as SyncJson
  assert.deepEqual(planned.items.map((i) => [i.version, i.sourceId, i.status]), [[1, ids[0], 'would-copy'], [2, ids[1], 'would-copy']])
  assert.equal(planned.importMode, 'untried')
  assert.equal((await call(urls.target, 'GET', '/subjects') as string[]).includes(subject), false, 'a dry run copies nothing')
  const table = await rollgate(['schemas', 'sync', '--plan', plan], { timeoutMs: 120_000 })
  assert.match(table.stdout, /0 present, 2 to copy, 0 failed; IMPORT mode not tried \(nothing copied\)\ndry run: nothing copied; run with --execute/)

  const run = await rollgate(['schemas', 'sync', '--execute', '--format', 'json', '--plan', plan, '--state-dir', stateDir], { timeoutMs: 120_000 })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const done = JSON.parse(run.stdout) as SyncJson
  assert.deepEqual(done.items.map((i) => [i.version, i.status, i.via]), [[1, 'copied', 'import'], [2, 'copied', 'import']])
  // what the target really holds, read back: versions 1 and 2 with the IDs the result names
  for (const item of done.items) {
    const there = await call(urls.target, 'GET', `/subjects/${encodeURIComponent(subject)}/versions/${item.target!.version}`) as { id: number, schema: string }
    assert.equal(there.id, item.target!.id)
  }
  const kept = done.items.every((i) => i.target!.id === i.sourceId)
  assert.equal(done.importMode, kept ? 'preserves-ids' : 'ignores-ids')
  assert.deepEqual(done.mapping, done.items.filter((i) => i.target!.id !== i.sourceId).map((i) => ({ subject, version: i.version, sourceId: i.sourceId, targetId: i.target!.id })))
  // the subject's mode is set back: it follows the global READWRITE again
  assert.equal((await call(urls.target, 'GET', `/mode/${encodeURIComponent(subject)}`) as { mode: string }).mode, 'READWRITE')
  const journal = readFileSync(join(stateDir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string, data: { action?: string, actionId?: string, ok?: boolean } })
  const intent = journal.find((e) => e.type === 'intent' && e.data.action === 'schema.sync')
  assert.ok(intent, 'journaled before the copy')
  assert.ok(journal.some((e) => e.type === 'outcome' && e.data.actionId === intent.data.actionId && e.data.ok === true))
  process.stdout.write(`# schemas sync on Apicurio: importMode ${done.importMode}, mapping ${JSON.stringify(done.mapping)}\n`)

  // converges: nothing left to copy, the mapping still reported
  const again = JSON.parse((await rollgate(['schemas', 'sync', '--execute', '--format', 'json', '--plan', plan, '--state-dir', stateDir], { timeoutMs: 120_000 })).stdout) as SyncJson
  assert.deepEqual(again.counts, { present: 2, 'would-copy': 0, copied: 0, failed: 0 })
  assert.deepEqual(again.mapping, done.mapping)
})
