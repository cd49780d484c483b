/**
 * Integration: `rollgate verify` on the sandbox, through its command line.
 *
 * Size: ROLLGATE_VERIFY_TEST_RECORDS records across 12 partitions (default 60,000, so this file runs
 * in about a minute on the shared 2-core machine; the issue's 1,000,000 is
 * `ROLLGATE_VERIFY_TEST_RECORDS=1000000`, and bench/verify.bench.ts runs 5,000,000). Records carry
 * headers, null keys, empty values and tombstones, and are produced in batches of every codec the
 * client has (none, gzip, snappy, lz4, zstd).
 *
 * - MirrorMaker 2's own copy verifies clean, every source codec read; verify sends only reads and
 *   leaves no consumer group on either cluster (groups listed before and after).
 * - Faults injected on the target — one record missing, a value altered, a header altered, two
 *   records swapped, one duplicate, one extra record, one per partition 0–5 — are each found at
 *   their exact partition and offsets, the other partitions clean: on a MirrorMaker 2-style copy (our
 *   own copier writing offset syncs as MirrorMaker 2 does, under a prefix no MirrorMaker 2 flow
 *   produces) and on an offset-preserving copy (identical offsets, a target topic of our own); also
 *   over a range anchored at an offset sync, and split in two shards.
 * - A transactional topic with aborted transactions: MirrorMaker 2 copies the aborted records as
 *   plain records (it reads read_uncommitted), and verify names each one at its target offset; a copy
 *   with the same transactions verifies clean under read_committed.
 * - A compacted topic: a copy holding only what compaction keeps verifies clean, a live key lost from
 *   it is still found.
 * - The shadow-read gate reads the evidence: parity and invariants.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin, type CompressionAlgorithmValue, Producer } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { encodeOffsetSync } from '../src/replication/offset-sync.ts'
import { ClusterFetcher } from '../src/verify/fetcher.ts'
import { recordFields, recsOf } from '../src/verify/record-batch.ts'
import type { PartitionReport, VerifyResult } from '../src/verify/types.ts'
import type { GateResult } from '../src/gates/types.ts'
import { toClientOptions } from '../src/kafka/options.ts'
import { eventually, sandbox, unique } from './support/sandbox.ts'

const total = Number(process.env.ROLLGATE_VERIFY_TEST_RECORDS ?? 60_000)
const partitions = 12
const perPartition = Math.ceil(total / partitions)
const codecs: CompressionAlgorithmValue[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
/** where each fault is injected, per partition 0–5 (past the first offset sync at 500) */
const faultAt = (p: number) => 700 + 37 * p
const faults = ['missing', 'value', 'header', 'swap', 'duplicate', 'extra'] as const
/** record timestamps: recent, or retention (7 days by default) would delete the records under the test */
const since = Date.now() - 3_600_000

const root = resolve(import.meta.dirname, '..')
const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

// `rollgate verify` and `rollgate gate` exactly as src/cli/main.ts wires them (with its failure
// handling), so this test does not depend on main.ts listing the command yet
const harness = `
import { Command } from 'commander'
import { registerVerify } from './src/cli/verify.ts'
import { registerGate } from './src/cli/gate.ts'
import { reportFailure } from './src/cli/main.ts'
import { setInvocation } from './src/cli/common.ts'
const argv = process.argv.slice(1)
setInvocation(argv)
const program = new Command('rollgate').exitOverride()
registerVerify(program)
registerGate(program)
try { await program.parseAsync(argv, { from: 'user' }) } catch (error) { process.exitCode = reportFailure(error) }
`

function cli (args: string[], timeoutMs = 300_000): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-e', harness, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rollgate ${args.join(' ')} did not finish`)) }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout, stderr }) })
  })
}

interface PlanSpec {
  topics: string[]
  kind?: 'mirrormaker2' | 'offset-preserving'
  naming?: 'identity' | 'prefix'
  sourceAlias?: string
  targetAlias?: string
  invariants?: string
}

function writePlan (p: PlanSpec): string {
  const sb = sandbox()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-verify-'))
  dirs.push(dir)
  const file = join(dir, 'rollgate.yaml')
  writeFileSync(file, `version: 1
clusters:
  source: { bootstrap: [${JSON.stringify(sb.source)}] }
  target: { bootstrap: [${JSON.stringify(sb.target)}] }
replication: { kind: ${p.kind ?? 'mirrormaker2'}, naming: ${p.naming ?? sb.naming}, sourceAlias: ${p.sourceAlias ?? 'source'}, targetAlias: ${p.targetAlias ?? 'target'} }
rollbackWindow: 72h
topics:
  - names: [${p.topics.map((t) => JSON.stringify(t)).join(', ')}]
    criticality: critical
${p.invariants ?? ''}
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate verify }
  criticalGroups: { owner: test-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: 30s
  evidenceMaxAge: 1h
`)
  return file
}

async function verify (plan: string, extra: string[] = [], expectCode?: number): Promise<VerifyResult> {
  const run = await cli(['verify', '--plan', plan, '--format', 'json', '--progress', 'none', ...extra])
  if (expectCode !== undefined) assert.equal(run.code, expectCode, run.stderr + run.stdout.slice(0, 2000))
  assert.ok(run.code === 0 || run.code === 1, `verify exited ${run.code}: ${run.stderr}`)
  try {
    return JSON.parse(run.stdout) as VerifyResult
  } catch {
    throw new Error(`verify ${extra.join(' ')} printed no result (exit ${run.code}): ${run.stderr}`)
  }
}

async function createTopic (bootstrap: string, name: string, count: number, configs: Array<{ name: string, value: string }> = []): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap], timeout: 60_000 })
  try {
    await admin.createTopics({ topics: [name], partitions: count, replicas: 1, configs })
  } finally {
    await admin.close()
  }
  const client = new ClusterClient({ name: 'cluster', bootstrap: [bootstrap], timeoutMs: 30_000 })
  try {
    await eventually(`${name} led`, 60_000, async () => {
      await client.offsets(Array.from({ length: count }, (_, partition) => ({ topic: name, partition })), 'latest')
      return true
    })
  } finally {
    await client.close()
  }
}

interface Rec { key: Buffer | null, value: Buffer | null, headers: Array<[Buffer, Buffer | null]>, timestamp: number }

/** The record `i` of partition `p`: headers on every third, a null key on every 50th, an empty value on every 71st, a tombstone on every 97th. */
function record (p: number, i: number): Rec {
  const value = i % 97 === 96 ? null : i % 71 === 70 ? Buffer.alloc(0) : Buffer.from(`orders/${p}/${i}/${'x'.repeat(60 + (i % 40))}`)
  return {
    key: i % 50 === 49 ? null : Buffer.from(`k${p}-${i}`),
    value,
    headers: i % 3 === 0 ? [[Buffer.from('trace'), Buffer.from(`t${i}`)], [Buffer.from('empty'), null]] : [],
    timestamp: since + i,
  }
}

const message = (topic: string, partition: number, r: Rec) => ({
  topic, partition, key: r.key ?? undefined, value: r.value as Buffer, headers: new Map(r.headers) as Map<Buffer, Buffer>, timestamp: BigInt(r.timestamp),
})

function producer (bootstrap: string, extra: Partial<ConstructorParameters<typeof Producer>[0]> = {}) {
  return new Producer({ clientId: 'rollgate-test-verify', bootstrapBrokers: [bootstrap], acks: -1, idempotent: true, retries: 10, retryDelay: 200, timeout: 60_000, ...extra })
}

/** Sends `rows` per partition in order, 250 per partition per request, rotating the codec each request. */
async function send (bootstrap: string, topic: string, rows: Rec[][], rotate = true): Promise<void> {
  const p = producer(bootstrap)
  try {
    for (let start = 0, round = 0; rows.some((r) => r.length > start); start += 250, round++) {
      const messages = rows.flatMap((list, partition) => list.slice(start, start + 250).map((r) => message(topic, partition, r)))
      await p.send({ messages, compression: rotate ? codecs[round % codecs.length]! : 'lz4' })
    }
  } finally {
    await p.close()
  }
}

/** Every record of a partition, with its offset (our own fetcher: fast enough for a million). */
async function readAll (bootstrap: string, topic: string, partition: number, until: number): Promise<Array<Rec & { offset: number }>> {
  const options = toClientOptions({ name: 'cluster', bootstrap: [bootstrap] }, 'rollgate-test')
  const client = new ClusterClient({ name: 'cluster', bootstrap: [bootstrap], timeoutMs: 30_000 })
  const [described] = await client.describeTopics([topic])
  const fetcher = new ClusterFetcher('cluster', options, { readCommitted: false, partitionMaxBytes: 1 << 20, buffered: 2, checkCrc: true, timeoutMs: 30_000 },
    async () => ({ broker: { id: 1, host: bootstrap.split(':')[0]!, port: Number(bootstrap.split(':')[1]) }, topicId: described!.id }))
  const out: Array<Rec & { offset: number }> = []
  try {
    const feed = await fetcher.open({ topic, partition, from: 0, until, keepAborted: false, hash: false })
    for (let chunk = await feed.pull(); chunk; chunk = await feed.pull()) {
      for (const r of recsOf(chunk.columns)) {
        const f = recordFields(r)
        out.push({ offset: r.offset, key: f.key && Buffer.from(f.key), value: f.value && Buffer.from(f.value), headers: f.headers.map(([k, v]) => [Buffer.from(k!), v && Buffer.from(v)]), timestamp: r.timestamp })
      }
    }
  } finally {
    await fetcher.close()
    await client.close()
  }
  return out
}

async function endOffsets (bootstrap: string, topic: string, count: number): Promise<number[]> {
  const client = new ClusterClient({ name: 'cluster', bootstrap: [bootstrap], timeoutMs: 30_000 })
  try {
    return (await client.offsets(Array.from({ length: count }, (_, partition) => ({ topic, partition })), 'latest')).sort((a, b) => a.partition - b.partition).map((o) => o.offset)
  } finally {
    await client.close()
  }
}

/** What a copy of partition `p` should hold, with the fault for `p` injected; and the source offset of each copied record. */
function withFault (p: number, records: Array<Rec & { offset: number }>): Array<{ rec: Rec, upstream: number | null }> {
  const out = records.map((r) => ({ rec: r as Rec, upstream: r.offset as number | null }))
  const at = faultAt(p)
  switch (faults[p]) {
    case 'missing': out.splice(at, 1); break
    case 'value': out[at] = { ...out[at]!, rec: { ...out[at]!.rec, value: Buffer.from('tampered value') } }; break
    case 'header': out[at] = { ...out[at]!, rec: { ...out[at]!.rec, headers: [[Buffer.from('trace'), Buffer.from('tampered')]] } }; break
    case 'swap': out.splice(at, 2, out[at + 1]!, out[at]!); break
    case 'duplicate': out.splice(at + 1, 0, { ...out[at]!, upstream: null }); break
    case 'extra': out.splice(at + 1, 0, { rec: { key: Buffer.from('intruder'), value: Buffer.from('not from the source'), headers: [], timestamp: since }, upstream: null }); break
  }
  return out
}

const sb = sandbox()
const topicA = unique('vfy-orders')
const mm2Alias = unique('vfyinj')
const mm2TargetAlias = unique('vfytgt')
const opAlias = unique('vfyop')
let sourceRecords: Array<Array<Rec & { offset: number }>> = []

before(async () => {
  await createTopic(sb.source, topicA, partitions)
  const rows = Array.from({ length: partitions }, (_, p) => Array.from({ length: perPartition }, (_, i) => record(p, i)))
  await send(sb.source, topicA, rows)
  sourceRecords = await Promise.all(rows.map((_, p) => readAll(sb.source, topicA, p, perPartition)))
  // our own copies, faults injected in partitions 0-5: MirrorMaker 2-style (with offset syncs) and offset-preserving
  const mm2Copy = `${mm2Alias}.${topicA}`
  const opCopy = `${opAlias}.${topicA}`
  const syncsTopic = `mm2-offset-syncs.${mm2TargetAlias}.internal`
  await Promise.all([createTopic(sb.target, mm2Copy, partitions), createTopic(sb.target, opCopy, partitions), createTopic(sb.source, syncsTopic, 1)])
  const copies = sourceRecords.map((records, p) => withFault(p, records))
  await Promise.all([
    send(sb.target, mm2Copy, copies.map((c) => c.map((x) => x.rec)), false),
    send(sb.target, opCopy, copies.map((c) => c.map((x) => x.rec)), false),
  ])
  // MirrorMaker 2 writes a sync at a partition's first record and every offset.lag.max (100) records
  const syncs = copies.flatMap((c, p) => c.flatMap((x, d) => (x.upstream !== null && d % 100 === 0 ? [{ topic: topicA, partition: p, upstreamOffset: BigInt(x.upstream), downstreamOffset: BigInt(d) }] : [])))
  const writer = producer(sb.source)
  try {
    await writer.send({ messages: syncs.map((s) => ({ topic: syncsTopic, partition: 0, ...encodeOffsetSync(s) })) })
  } finally {
    await writer.close()
  }
  // and MirrorMaker 2's own copy, under the sandbox's naming
  const copy = sb.naming === 'identity' ? topicA : `source.${topicA}`
  await eventually(`MirrorMaker 2 copied ${topicA}`, 300_000, async () => {
    const ends = await endOffsets(sb.target, copy, partitions)
    return ends.every((e) => e >= perPartition) ? true : undefined
  })
})

const parts = (result: VerifyResult, topic: string): PartitionReport[] => result.topics.find((t) => t.topic === topic)!.partitions
const nonZero = (p: PartitionReport) => Object.fromEntries(Object.entries(p.counts).filter(([, n]) => n !== 0))

async function groupsTouching (bootstrap: string, topics: string[]): Promise<string[]> {
  const client = new ClusterClient({ name: 'cluster', bootstrap: [bootstrap], timeoutMs: 30_000 })
  try {
    const ids = (await client.listGroups()).map((g) => g.id)
    const committed = await client.committedOffsets(ids)
    return ids.filter((id) => (committed.get(id) ?? []).some((o) => topics.includes(o.topic)))
  } finally {
    await client.close()
  }
}

test('MirrorMaker 2\'s copy verifies clean, every codec read; verify only reads and leaves no consumer group', { timeout: 600_000 }, async () => {
  const plan = writePlan({
    topics: [topicA],
    invariants: 'invariants:\n  - { name: orders-in-ledger, owner: finance, source: { command: "echo 1041" }, target: { command: "echo 1040" }, tolerance: 1 }',
  })
  const copy = sb.naming === 'identity' ? topicA : `source.${topicA}`
  const [groupsBefore, allBefore] = await Promise.all([
    Promise.all([groupsTouching(sb.source, [topicA]), groupsTouching(sb.target, [copy])]),
    Promise.all([sb.source, sb.target].map(async (b) => { const c = new ClusterClient({ name: 'c', bootstrap: [b] }); try { return (await c.listGroups()).map((g) => g.id) } finally { await c.close() } })),
  ])
  const started = Date.now()
  const result = await verify(plan, [], 0)
  const seconds = (Date.now() - started) / 1000
  const report = parts(result, topicA)
  assert.equal(report.length, partitions)
  for (const p of report) {
    assert.equal(p.status, 'clean', `partition ${p.partition}: ${JSON.stringify(p.firstDivergence)}`)
    assert.equal(p.compared, perPartition)
    assert.deepEqual(Object.keys(p.source.codecs).sort(), ['gzip', 'lz4', 'none', 'snappy', 'zstd'], `partition ${p.partition} read every codec`)
  }
  assert.equal(result.run.compared, perPartition * partitions)
  assert.ok(result.requests.Fetch! > 0)
  assert.deepEqual(Object.keys(result.requests).filter((api) => !['Fetch', 'ListOffsets', 'Metadata', 'ApiVersions', 'DescribeConfigs'].includes(api)), [])
  assert.deepEqual(result.invariants?.map((i) => [i.name, i.status, i.difference]), [['orders-in-ledger', 'pass', 1]])
  // no group on either cluster has anything to do with the verified topics, before or after
  const groupsAfter = await Promise.all([groupsTouching(sb.source, [topicA]), groupsTouching(sb.target, [copy])])
  assert.deepEqual(groupsAfter, groupsBefore)
  const allAfter = await Promise.all([sb.source, sb.target].map(async (b) => { const c = new ClusterClient({ name: 'c', bootstrap: [b] }); try { return (await c.listGroups()).map((g) => g.id) } finally { await c.close() } }))
  for (const [i, side] of ['source', 'target'].entries()) {
    const created = allAfter[i]!.filter((g) => !allBefore[i]!.includes(g))
    assert.deepEqual(created.filter((g) => /verify|rollgate/i.test(g)), [], `no group of ours on the ${side}`)
  }
  process.stdout.write(`# ${result.run.compared} records verified in ${seconds.toFixed(1)} s (verify ${result.run.durationMs} ms, ${result.run.recordsPerSecond} records/s, peak RSS ${Math.round(result.run.peakRssBytes / 1048576)} MB)\n`)

  // the shadow-read gate reads it
  const gate = await cli(['gate', 'shadow-read', '--plan', plan, '--format', 'json'])
  const verdict = JSON.parse(gate.stdout) as GateResult
  const checks = (id: string) => verdict.checks.filter((c) => c.id === id).map((c) => `${c.status} ${c.subject}`)
  assert.deepEqual(checks('shadow-read.parity'), [`pass ${topicA}`, 'pass verify'])
  assert.deepEqual(checks('shadow-read.invariants'), ['pass orders-in-ledger'])
})

/** Each fault at its partition and offsets; `shift` is how far the target is ahead (+) or behind (-) after the fault. */
function assertFaults (result: VerifyResult, topic: string, identity: boolean): void {
  const report = parts(result, topic)
  for (const p of report) {
    const at = faultAt(p.partition)
    const first = p.samples.filter((d) => d.kind !== 'offset')[0]
    const where = first ? `${first.kind} s${first.source?.offset} t${first.target?.offset}` : 'none'
    const after = perPartition - at - 1
    switch (faults[p.partition]) {
      case 'missing':
        assert.deepEqual(nonZero(p), identity ? { missing: 1, offset: after } : { missing: 1 })
        assert.equal(where, `missing s${at} t${at}`)
        break
      case 'value':
        assert.deepEqual(nonZero(p), { mismatch: 1 })
        assert.equal(where, `mismatch s${at} t${at}`)
        assert.equal(first!.detail, 'value differs')
        assert.equal(first!.target!.value.text, 'tampered value')
        break
      case 'header':
        assert.deepEqual(nonZero(p), { mismatch: 1 })
        assert.equal(where, `mismatch s${at} t${at}`)
        assert.equal(first!.detail, 'headers differ')
        break
      case 'swap':
        assert.deepEqual(nonZero(p), identity ? { order: 1, offset: 1 } : { order: 1 })
        assert.equal(where, `order s${at + 1} t${at}`)
        break
      case 'duplicate':
        assert.deepEqual(nonZero(p), identity ? { duplicate: 1, offset: after } : { duplicate: 1 })
        assert.equal(where, `duplicate s${at + 1} t${at + 1}`)
        assert.equal(first!.detail, `second copy of source offset ${at} (first copy at target offset ${at})`)
        break
      case 'extra':
        assert.deepEqual(nonZero(p), identity ? { extra: 1, offset: after } : { extra: 1 })
        assert.equal(where, `extra s${at + 1} t${at + 1}`)
        assert.equal(first!.target!.key.text, 'intruder')
        break
      default:
        assert.equal(p.status, 'clean', `partition ${p.partition}: ${where}`)
    }
    if (p.partition < faults.length) assert.equal(p.status, 'diverged')
    assert.equal(p.lag.records, 0)
  }
}

test('faults injected on a MirrorMaker 2-style copy: each found at its partition and offsets; offset syncs confirmed', { timeout: 600_000 }, async () => {
  const plan = writePlan({ topics: [topicA], naming: 'prefix', sourceAlias: mm2Alias, targetAlias: mm2TargetAlias })
  const result = await verify(plan, ['--workers', '2'], 1)
  assertFaults(result, topicA, false)
  const report = parts(result, topicA)
  assert.ok(report.every((p) => p.anchor === 'log-start' && p.syncs.checked > 0 && p.syncs.confirmed === p.syncs.checked), JSON.stringify(report.map((p) => p.syncs)))

  // a range from the middle starts at the newest offset sync below it
  const ranged = await verify(plan, ['--offsets', '650:'], 1)
  for (const p of parts(ranged, topicA)) {
    assert.equal(p.anchor, 'offset-sync')
    assert.equal(p.source.from, 600, `partition ${p.partition} starts at the sync at 600`)
  }
  assertFaults(ranged, topicA, false)

  // two shards side by side record into one state dir; the gate merges them
  const [one, two] = await Promise.all([verify(plan, ['--shard', '1/2', '--workers', '0'], 1), verify(plan, ['--shard', '2/2', '--workers', '0'], 1)])
  assert.deepEqual([parts(one, topicA).map((p) => p.partition), parts(two, topicA).map((p) => p.partition)], [[0, 2, 4, 6, 8, 10], [1, 3, 5, 7, 9, 11]])
  const gate = await cli(['gate', 'shadow-read', '--plan', plan, '--format', 'json'])
  const parity = (JSON.parse(gate.stdout) as GateResult).checks.find((c) => c.id === 'shadow-read.parity' && c.subject === topicA)!
  assert.equal(parity.status, 'fail')
  // duplicates are MirrorMaker 2's at-least-once: counted, not a failure of their own
  assert.equal(parity.message, `1 missing on the target (first: partition 0, source offset ${faultAt(0)}, target offset ${faultAt(0)}); ` +
    `1 extra on the target (first: partition 5, source offset ${faultAt(5) + 1}, target offset ${faultAt(5) + 1}); 2 altered (first: partition 1, source offset ${faultAt(1)}, target offset ${faultAt(1)}); ` +
    `1 out of order (first: partition 3, source offset ${faultAt(3) + 1}, target offset ${faultAt(3)}); ${(perPartition * partitions).toLocaleString('en-US')} record(s) compared on 12 partition(s)`)
  assert.equal((parity.evidence as { totals: { duplicate: number } }).totals.duplicate, 1)
  assert.equal((parity.evidence as { totals: { partitions: number } }).totals.partitions, partitions)
})

test('faults injected on an offset-preserving copy: each found at its partition and offsets, and the offsets shifted after it', { timeout: 600_000 }, async () => {
  const plan = writePlan({ topics: [topicA], kind: 'offset-preserving', naming: 'prefix', sourceAlias: opAlias })
  const result = await verify(plan, [], 1)
  assertFaults(result, topicA, true)
  assert.ok(parts(result, topicA).every((p) => p.anchor === 'identity'))
  assert.match(result.notes.join('\n'), /offset-preserving replication: each copy must be at its source offset/)
})

test('a transactional topic: aborted records MirrorMaker 2 copied are named at their offsets; a copy with the same transactions is clean', { timeout: 600_000 }, async () => {
  const topic = unique('vfy-tx')
  const alias = unique('vfytx')
  const copy = `${alias}.${topic}`
  await Promise.all([createTopic(sb.source, topic, 3), createTopic(sb.target, copy, 3)])
  // the same transactions on the source and on our copy: 30 of 5 records over 3 partitions, every third aborted
  const transactions = Array.from({ length: 30 }, (_, t) => ({
    abort: t % 3 === 1,
    records: Array.from({ length: 5 }, (_, i) => ({ partition: (t + i) % 3, key: `${t % 3 === 1 ? 'abort' : 'commit'}-${t}-${i}`, value: `tx ${t} record ${i}` })),
  }))
  for (const [bootstrap, name] of [[sb.source, topic], [sb.target, copy]] as const) {
    const p = producer(bootstrap, { transactionalId: unique('vfy-tx-producer'), compression: 'zstd' })
    try {
      for (const t of transactions) {
        const tx = await p.beginTransaction()
        await tx.send({ messages: t.records.map((r) => ({ topic: name, partition: r.partition, key: Buffer.from(r.key), value: Buffer.from(r.value) })) })
        if (t.abort) await tx.abort()
        else await tx.commit()
      }
    } finally {
      await p.close()
    }
  }
  const aborted = transactions.filter((t) => t.abort).flatMap((t) => t.records)
  const mm2Copy = sb.naming === 'identity' ? topic : `source.${topic}`
  await eventually(`MirrorMaker 2 copied ${topic}, aborted records included`, 300_000, async () => {
    const ends = await endOffsets(sb.target, mm2Copy, 3)
    return ends.reduce((s, e) => s + e, 0) >= 150 ? true : undefined
  })

  const result = await verify(writePlan({ topics: [topic] }), [], 1)
  const byKey = new Map<string, number>()
  for (let p = 0; p < 3; p++) for (const r of await readAll(sb.target, mm2Copy, p, 1000)) byKey.set(`${p}/${r.key!.toString()}`, r.offset)
  for (const p of parts(result, topic)) {
    const expected = aborted.filter((r) => r.partition === p.partition)
    assert.deepEqual(nonZero(p), { aborted: expected.length }, `partition ${p.partition}`)
    assert.equal(p.source.abortedRecords, expected.length)
    assert.equal(p.compared, 50 - expected.length)
    for (const d of p.samples) {
      const key = JSON.parse(`"${d.target!.key.text}"`) as string
      assert.match(key, /^abort-/)
      assert.equal(d.target!.offset, byKey.get(`${p.partition}/${key}`), `${key} is at the target offset reported`)
    }
  }
  assert.match(result.notes.join('\n'), /transactions: read_committed on both sides/)
  // read as a read_uncommitted consumer would, both sides hold the same records
  const uncommitted = await verify(writePlan({ topics: [topic] }), ['--isolation', 'read_uncommitted'], 0)
  assert.ok(parts(uncommitted, topic).every((p) => p.status === 'clean' && p.compared === 50))
  // a copy that kept the transactions: clean, aborted records set aside on both sides
  const kept = await verify(writePlan({ topics: [topic], naming: 'prefix', sourceAlias: alias, targetAlias: unique('none') }), [], 0)
  for (const p of parts(kept, topic)) {
    assert.equal(p.status, 'clean')
    assert.equal(p.target.abortedRecords, p.source.abortedRecords)
    assert.ok(p.source.abortedRecords > 0)
  }
})

test('a compacted topic: a copy holding what compaction keeps is clean; a live key lost from it is found', { timeout: 600_000 }, async () => {
  const topic = unique('vfy-compacted')
  const alias = unique('vfycmp')
  const copy = `${alias}.${topic}`
  const compact = [{ name: 'cleanup.policy', value: 'compact' }]
  await Promise.all([createTopic(sb.source, topic, 2, compact), createTopic(sb.target, copy, 2, compact)])
  // 30 keys updated 10 times each; 5 of them deleted at the end (tombstones)
  const rows = [0, 1].map((p) => Array.from({ length: 300 }, (_, i): Rec => ({
    key: Buffer.from(`key-${i % 30}`),
    value: i >= 270 && i % 30 < 5 ? null : Buffer.from(`p${p} version ${Math.floor(i / 30)} of key ${i % 30}`),
    headers: [],
    timestamp: since + i,
  })))
  await send(sb.source, topic, rows)
  // what a fully compacted log keeps: the last record of each key, tombstones gone
  const kept = rows.map((list) => list.filter((r, i) => r.value !== null && !list.slice(i + 1).some((later) => later.key!.equals(r.key!))))
  const lost = kept[1]![7]!
  await send(sb.target, copy, [kept[0]!, kept[1]!.filter((r) => r !== lost)], false)
  const result = await verify(writePlan({ topics: [topic], naming: 'prefix', sourceAlias: alias, targetAlias: unique('none') }), [], 1)
  const [p0, p1] = parts(result, topic)
  assert.equal(result.topics[0]!.compacted, true)
  assert.match(result.notes.join('\n'), new RegExp(`${topic} is compacted: compared what both sides retain`))
  assert.equal(p0!.status, 'clean', JSON.stringify(p0!.samples))
  assert.deepEqual(p0!.compactedAway, { source: 0, target: 300 - 25 })
  assert.equal(p0!.matched, 25)
  assert.deepEqual(nonZero(p1!), { missing: 1 })
  assert.equal(p1!.firstDivergence!.source!.offset, rows[1]!.indexOf(lost))
  assert.equal(p1!.firstDivergence!.source!.value.text, lost.value!.toString())
})
