/**
 * Integration: the pre-replication gate's "target not written by production clients yet"
 * (target.no-client-writes, target.no-client-consumers) and the producer-cutover gate's
 * MirrorMaker 2 group-offset-sync check, on the shared sandbox with its running MirrorMaker 2
 * (identity naming, `sync.group.offsets.enabled=true`, `groups=.*`).
 *
 * MirrorMaker 2 alone writing the copies passes; a producer writing directly to one partition of
 * the copy is reported by topic/partition with the offsets it wrote. The sandbox's own MirrorMaker 2
 * properties file syncs every group, so a moved group fails naming the settings; a copy of that file
 * excluding the group passes.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { produceSequenced } from '../src/sandbox/traffic.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, sandbox, unique } from './support/sandbox.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'rollgate-target-writes-')); dirs.push(d); return d }

interface GateJson { gate: string, status: string, checks: Array<{ id: string, status: string, subject: string, message: string, evidence: unknown }> }

async function gate (name: string, plan: string): Promise<GateJson> {
  const r = await rollgate(['gate', name, '--format', 'json', '--plan', plan], { timeoutMs: 300_000 })
  assert.ok(r.stdout.startsWith('{'), `gate printed no JSON (exit ${r.code}): ${r.stdout}${r.stderr}`)
  return JSON.parse(r.stdout) as GateJson
}

/** The plan of test/support/plan.ts with `replication.mm2Config` added. */
function withMm2Config (file: string, mm2Config: string): void {
  const text = readFileSync(file, 'utf8')
  writeFileSync(file, text.replace(/replication: \{ kind: mirrormaker2, naming: identity \}/, `replication: { kind: mirrormaker2, naming: identity, mm2Config: ${JSON.stringify(mm2Config)} }`))
}

test('MirrorMaker 2 alone on the target passes; a producer writing directly to one partition of the copy fails it, by topic/partition', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const topic = unique('tw')
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produceSequenced(sb.source, [0, 1].map((partition) => ({ topic, partition, count: 30 })))
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    await eventually(`${topic} copied by MirrorMaker 2`, 120_000, async () => {
      if (!(await target.listTopics()).includes(topic)) return undefined
      const ends = await target.offsets([0, 1].map((partition) => ({ topic, partition })), 'latest')
      return ends.length === 2 && ends.every((e) => e.offset >= 30) ? true : undefined
    })
  } finally {
    await target.close()
  }
  const plan = writePlan(tempDir(), { source: sb.source, target: sb.target, topics: [topic], timeout: '60s' })

  const clean = await gate('pre-replication', plan)
  const writes = clean.checks.filter((c) => c.id === 'target.no-client-writes')
  assert.deepEqual(writes.map((c) => `${c.status} ${c.subject}`), [`pass ${topic}`], JSON.stringify(writes))
  assert.match(writes[0]!.message, /2 partition\(s\): all 40 sampled record\(s\) are copies of source records/)
  assert.deepEqual(clean.checks.filter((c) => c.id === 'target.no-client-consumers').map((c) => c.status), ['pass'])
  assert.deepEqual(clean.checks.filter((c) => c.id === 'parity.credentials').map((c) => c.status), ['pass'])

  // a client writes to the copy directly: 5 records MirrorMaker 2 never copied
  await produceSequenced(sb.target, [{ topic, partition: 1, count: 5 }], { start: 1_000 })
  const dirty = await gate('pre-replication', plan)
  assert.equal(dirty.status, 'fail')
  const found = dirty.checks.filter((c) => c.id === 'target.no-client-writes')
  assert.deepEqual(found.map((c) => `${c.status} ${c.subject}`), [`fail ${topic}-1`, `pass ${topic}`], JSON.stringify(found))
  assert.match(found[0]!.message, /^5 of 2\d sampled record\(s\) are not copies of source records \(offsets 30, 31, 32, 33, 34; producer id\(s\) \d+\): a client writes to the target directly$/)
  assert.match(found[1]!.message, /^1 partition\(s\)/)
})

test('a moved group MirrorMaker 2 syncs fails producer-cutover naming the settings; excluded in its configuration, it passes', { timeout: 600_000 }, async () => {
  const sb = sandbox()
  const topic = unique('tw-sync')
  const group = unique('tw-sync-group')
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
  } finally {
    await admin.close()
  }
  const sandboxConfig = join(sb.dir, 'config', 'mm2.properties')
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], groups: [{ name: group, strategy: 'translate' }], timeout: '60s' })
  withMm2Config(plan, sandboxConfig)

  const synced = (await gate('producer-cutover', plan)).checks.filter((c) => c.id === 'replication.group-offset-sync-excluded')
  assert.deepEqual(synced.map((c) => `${c.status} ${c.subject}`), [`fail ${group}`])
  assert.match(synced[0]!.message, new RegExp(`MirrorMaker 2 \\(${sandboxConfig.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) syncs this group's offsets to the target: sync\\.group\\.offsets\\.enabled=true, source->target\\.groups=\\.\\* selects it`))
  assert.match(synced[0]!.message, /groups\.exclude=console-consumer-\.\*, connect-\.\*, __\.\* \(default\) does not exclude it/)

  // the team's fix: the moved group excluded from the flow's group offset sync
  const fixed = join(dir, 'mm2-excluding.properties')
  writeFileSync(fixed, `${readFileSync(sandboxConfig, 'utf8')}\nsource->target.groups.exclude=${group}, connect-.*\n`)
  withMm2Config(writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], groups: [{ name: group, strategy: 'translate' }], timeout: '60s' }), fixed)
  const excluded = (await gate('producer-cutover', plan)).checks.filter((c) => c.id === 'replication.group-offset-sync-excluded')
  assert.deepEqual(excluded.map((c) => `${c.status} ${c.subject}`), [`pass ${group}`])
  assert.match(excluded[0]!.message, new RegExp(`source->target\\.groups\\.exclude=${group}, connect-\\.\\* excludes it`))
})
