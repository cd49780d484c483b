/**
 * Integration: records that stress every reader of record content, written for real through the
 * shared sandbox — a non-UTF-8 key, a 5 MB value (topic max.message.bytes raised), 1,000 headers,
 * a 1 MB header, a null value — read by `offsets translate` (content proof over offset syncs),
 * `verify` (record digests, previews) and `inventory`; and offset-syncs and checkpoints topics
 * holding malformed MirrorMaker 2 records (garbage, truncated, tombstone, wrong version) beside
 * valid ones: each is skipped with a warning naming its offset, the valid ones are used.
 *
 * The sandbox's MirrorMaker 2 must not copy these topics: a 5 MB record is larger than its
 * producer's max.request.size and would fail its task for everyone. Topic names end in `.replica`,
 * which MirrorMaker 2's default topics.exclude leaves alone and rollgate treats as an ordinary
 * topic; the test writes the "copy" on the target itself, as MirrorMaker 2 would have, and the
 * offset syncs under a replication alias of its own (an `.internal` topic, never replicated).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin, Producer } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { recordDigest } from '../src/kafka/record-digest.ts'
import type { OffsetTranslation } from '../src/offsets/types.ts'
import { encodeCheckpoint } from '../src/replication/checkpoint.ts'
import { encodeOffsetSync } from '../src/replication/offset-sync.ts'
import { waitUntilLed } from '../src/sandbox/traffic.ts'
import type { VerifyResult } from '../src/verify/types.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { sandbox, unique } from './support/sandbox.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-bad-records-'))
  dirs.push(dir)
  return dir
}

interface Rec { key: Buffer | null, value: Buffer | null, headers?: Map<Buffer, Buffer> }

const nonUtf8 = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1])
const bytes = (n: number, seed: number) => {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761 + seed) >>> 24
  return b
}

/** The stress records, offsets 0-9 of a one-partition topic. */
function stressRecords (): Rec[] {
  const manyHeaders = new Map<Buffer, Buffer>()
  for (let i = 0; i < 1_000; i++) manyHeaders.set(Buffer.from(`h${i}`), i % 3 === 0 ? nonUtf8 : Buffer.from(`v${i}`))
  return [
    { key: nonUtf8, value: Buffer.from('non-UTF-8 key') },
    { key: Buffer.from('five-mb'), value: bytes(5 * 1024 * 1024, 1) },
    { key: Buffer.from('thousand-headers'), value: Buffer.from('x'), headers: manyHeaders },
    { key: Buffer.from('one-mb-header'), value: Buffer.from('y'), headers: new Map([[Buffer.from('big'), bytes(1024 * 1024, 2)], [nonUtf8, nonUtf8]]) },
    { key: nonUtf8, value: null },
    ...Array.from({ length: 5 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`plain ${i}`) })),
  ]
}

async function createTopics (bootstrap: string, topics: string[]): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap] })
  try {
    await admin.createTopics({ topics, partitions: 1, replicas: 1, configs: [{ name: 'max.message.bytes', value: String(8 * 1024 * 1024) }] })
  } finally {
    await admin.close()
  }
  await waitUntilLed(bootstrap, topics.map((topic) => ({ topic, partition: 0 })))
}

/** One record per request, in order: offsets 0, 1, 2… (non-idempotent, no retries: no duplicate). */
async function write (bootstrap: string, topic: string, records: Rec[]): Promise<void> {
  const producer = new Producer({ clientId: 'rollgate-test-bad-records', bootstrapBrokers: [bootstrap], acks: -1, retries: 0 })
  try {
    for (const r of records) {
      await producer.send({ messages: [{ topic, partition: 0, key: r.key ?? undefined, value: r.value ?? undefined, headers: r.headers }] })
    }
  } finally {
    await producer.close()
  }
}

test('a non-UTF-8 key, a 5 MB value, 1,000 headers and a 1 MB header: exact translation proves by content, verify matches and names a changed header, inventory lists them', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  const topic = unique('badrec') + '.replica'
  const altered = unique('badrec-altered') + '.replica'
  // replication aliases of the test's own: the offset syncs and checkpoints it writes are read by
  // this plan alone, never by the sandbox's MirrorMaker 2
  const alias = unique('badrec-alias')
  const sourceAlias = unique('badrec-src')
  const syncsTopic = `mm2-offset-syncs.${alias}.internal`
  const checkpointsTopic = `${sourceAlias}.checkpoints.internal`
  const records = stressRecords()
  await createTopics(sb.source, [topic, altered])
  await createTopics(sb.target, [topic, altered])
  const t0 = Date.now()
  await write(sb.source, topic, records)
  await write(sb.target, topic, records)
  // the altered copy: the 1 MB header's last byte differs, on the record with the non-UTF-8 header key
  const changed = records.map((r, i) => (i !== 3 ? r : { ...r, headers: new Map([[Buffer.from('big'), Buffer.concat([bytes(1024 * 1024 - 1, 2), Buffer.from([0])])], [nonUtf8, nonUtf8]]) }))
  await write(sb.source, altered, records)
  await write(sb.target, altered, changed)
  console.log(`wrote 4 x ${records.length} stress records in ${Date.now() - t0} ms`)

  // offset syncs for every record (upstream n -> downstream n), among malformed MirrorMaker 2 records
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [syncsTopic], partitions: 1, replicas: 1 })
  } finally {
    await admin.close()
  }
  await waitUntilLed(sb.source, [{ topic: syncsTopic, partition: 0 }])
  const sync = (n: number) => encodeOffsetSync({ topic, partition: 0, upstreamOffset: BigInt(n), downstreamOffset: BigInt(n) })
  const malformed: Rec[] = [
    { key: bytes(37, 3), value: bytes(11, 4) }, // garbage
    { key: sync(2).key.subarray(0, 5), value: sync(2).value }, // truncated key
    { key: sync(2).key, value: sync(2).value.subarray(0, 9) }, // truncated value
    { key: sync(2).key, value: null }, // tombstone
    { key: nonUtf8, value: Buffer.alloc(0) },
  ]
  await write(sb.source, syncsTopic, [...malformed.slice(0, 3), ...records.map((_, n) => sync(n)), ...malformed.slice(3)].map((r) => ({ key: r.key, value: r.value })))

  // groups whose last processed record is each stress record (committed offset = its offset + 1)
  const groups = [1, 2, 3, 4, 5, 10].map((offset) => ({ name: unique(`badrec-g${offset}`), offset }))

  // checkpoints on the target: one valid for the first group, among malformed ones and a wrong version
  const targetAdmin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.target] })
  try {
    await targetAdmin.createTopics({ topics: [checkpointsTopic], partitions: 1, replicas: 1 })
  } finally {
    await targetAdmin.close()
  }
  await waitUntilLed(sb.target, [{ topic: checkpointsTopic, partition: 0 }])
  const checkpoint = encodeCheckpoint({ group: groups[0]!.name, topic, partition: 0, upstreamOffset: 1n, downstreamOffset: 1n, metadata: '\u00ff' })
  await write(sb.target, checkpointsTopic, [
    { key: bytes(23, 5), value: bytes(40, 6) }, // garbage
    { key: checkpoint.key, value: checkpoint.value.subarray(0, 7) }, // truncated value
    { key: checkpoint.key.subarray(0, 3), value: checkpoint.value }, // truncated key
    { key: checkpoint.key, value: encodeCheckpoint({ group: groups[0]!.name, topic, partition: 0, upstreamOffset: 9n, downstreamOffset: 9n, metadata: '' }, 1).value }, // version 1
    { key: checkpoint.key, value: checkpoint.value },
  ])
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  try {
    for (const g of groups) await source.commitOffsets(g.name, [{ topic, partition: 0, offset: g.offset }])
  } finally {
    await source.close()
  }

  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic, altered], groups: groups.map((g) => ({ name: g.name, strategy: 'exact' })), timeout: '30s' })
  writeFileSync(plan, readFileSync(plan, 'utf8').replace('replication: { kind: mirrormaker2, naming: identity }', `replication: { kind: mirrormaker2, naming: identity, sourceAlias: ${sourceAlias}, targetAlias: ${alias} }`))

  const translate = await rollgate(['offsets', 'translate', '--format', 'json', '--plan', plan])
  assert.equal(translate.code, 0, translate.stdout + translate.stderr)
  assert.doesNotMatch(translate.stderr, /internal error|\n\s+at /)
  // the malformed syncs are named, offset by offset, and skipped
  for (const offset of [0, 1, 2, 3 + records.length, 4 + records.length]) {
    assert.match(translate.stderr, new RegExp(`warning: .*${syncsTopic.replace(/\./g, '\\.')}@${offset}: `), translate.stderr)
  }
  for (const offset of [0, 1, 2, 3]) assert.match(translate.stderr, new RegExp(`warning: .*${checkpointsTopic.replace(/\./g, '\\.')}@${offset}: `), translate.stderr)
  const translation = JSON.parse(translate.stdout) as OffsetTranslation
  for (const g of groups) {
    const p = translation.partitions.find((x) => x.group === g.name)
    assert.ok(p, `${g.name} translated`)
    assert.equal(p.from, g.offset)
    assert.equal(p.to, g.offset, `${g.name}: ${JSON.stringify(p)}`)
    assert.equal(p.method, 'content-proof', JSON.stringify(p))
    // the proof digests the last processed record on both sides: the stress record itself
    const last = records[g.offset - 1]!
    const digest = recordDigest({ key: last.key, value: last.value, headers: [...(last.headers ?? new Map())].map(([k, v]) => [k, v]) })
    assert.equal(p.proof?.from.digest, digest, `${g.name}: ${JSON.stringify(p)}`)
    assert.equal(p.proof?.to.digest, digest)
  }
  // the one valid checkpoint, not the version-1 record after it
  assert.deepEqual(translation.partitions.find((x) => x.group === groups[0]!.name)?.mm2Checkpoint, { upstream: 1, downstream: 1 })

  const verify = await rollgate(['verify', '--topic', topic, altered, '--no-invariants', '--progress', 'none', '--format', 'json', '--plan', plan])
  assert.equal(verify.code, 1, verify.stderr)
  const result = JSON.parse(verify.stdout) as VerifyResult
  const report = (name: string) => result.topics.find((t) => t.topic === name)!.partitions[0]!
  assert.deepEqual([report(topic).status, report(topic).compared, report(topic).matched], ['clean', records.length, records.length])
  const bad = report(altered)
  assert.equal(bad.status, 'diverged')
  assert.equal(bad.counts.mismatch, 1)
  assert.equal(bad.firstDivergence?.kind, 'mismatch')
  assert.equal(bad.firstDivergence?.source?.offset, 3)
  assert.match(bad.firstDivergence?.detail ?? '', /header/)
  // the table names the difference with previews, never the megabyte itself
  const table = await rollgate(['verify', '--topic', altered, '--no-invariants', '--progress', 'none', '--plan', plan])
  assert.equal(table.code, 1, table.stderr)
  console.log(table.stdout.split('\n').filter((l) => /mismatch:|source 3 |target 3 /.test(l)).join('\n').slice(0, 600))
  assert.match(table.stdout, /mismatch: .*header/)
  assert.ok(table.stdout.length < 20_000, `${table.stdout.length} characters of table`)
  assert.ok(table.stdout.includes('0xfffe00c328'), 'the non-UTF-8 header key is shown as hex')

  const inventory = await rollgate(['inventory', '--side', 'source', '--format', 'json', '--plan', plan])
  assert.equal(inventory.code, 0, inventory.stderr)
  const listed = (JSON.parse(inventory.stdout) as { topics: Array<{ name: string, partitions: Array<{ logEnd?: number }> | number }> }).topics.find((t) => t.name === topic)
  assert.ok(listed, `${topic} in the inventory`)
})
