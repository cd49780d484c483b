/**
 * Integration: the spine on the real sandbox — snapshot, gates (JSON and JUnit), advance with its
 * guard, status, runbook, journal — and failing closed when the target broker is down or hangs.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { consumeAndCommit } from '../src/sandbox/traffic.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-spine-'))
  dirs.push(dir)
  return dir
}

interface GateJson { gate: string, status: string, checks: Array<{ id: string, status: string, subject: string, message: string, evidence: unknown }>, evaluatedAt: string, evidenceId: string | null }

test('with the target broker stopped, gate --all ends within the timeout, exit 1, target checks unknown naming the cluster', { timeout: 60_000 }, async () => {
  const sb = sandbox()
  const dir = tempDir()
  // nothing listens on port 9: what a stopped broker looks like to a client
  const plan = writePlan(dir, { source: sb.source, target: '127.0.0.1:9', topics: ['orders'], timeout: '5s' })
  const t0 = Date.now()
  const result = await rollgate(['gate', '--all', '--format', 'json', '--plan', plan])
  const seconds = (Date.now() - t0) / 1000
  assert.equal(result.code, 1, result.stderr)
  assert.ok(seconds < 5 + 10, `ended in ${seconds} s`)
  const gates = JSON.parse(result.stdout) as GateJson[]
  assert.deepEqual(gates.map((g) => g.gate), ['pre-replication', 'replication', 'offsets', 'shadow-read', 'producer-cutover', 'exit'])
  for (const g of gates) {
    assert.notEqual(g.status, 'pass', `${g.gate} does not pass without the target`)
    assert.deepEqual(Object.keys(g).sort(), ['checks', 'evaluatedAt', 'evidenceId', 'gate', 'status'])
    const reach = g.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')
    assert.equal(reach?.status, 'unknown')
    assert.match(reach!.message, /target cluster \(127\.0\.0\.1:9\)/)
    for (const c of g.checks.filter((x) => /on-target|partition-count/.test(x.id))) {
      assert.equal(c.status, 'unknown', `${g.gate} ${c.id}`)
      assert.match(c.message, /target cluster/)
    }
  }
})

test('with the target broker hanging (accepts, never answers), gate --all still ends within the timeout', { timeout: 60_000 }, async () => {
  const sb = sandbox()
  const sockets: Socket[] = []
  const server = createServer((socket) => { sockets.push(socket) }) // accept and say nothing: a paused broker
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  try {
    const dir = tempDir()
    const plan = writePlan(dir, { source: sb.source, target: `127.0.0.1:${port}`, topics: ['orders'], timeout: '3s' })
    const t0 = Date.now()
    const result = await rollgate(['gate', 'replication', '--format', 'json', '--plan', plan])
    const seconds = (Date.now() - t0) / 1000
    assert.equal(result.code, 1, result.stderr)
    assert.ok(seconds < 3 + 10, `ended in ${seconds} s`)
    const gate = JSON.parse(result.stdout) as GateJson
    assert.notEqual(gate.status, 'pass')
    const reach = gate.checks.find((c) => c.id === 'clusters.reachable' && c.subject === 'target')!
    assert.equal(reach.status, 'unknown')
    assert.match(reach.message, /did not answer within 3000 ms|cannot reach/)
    for (const c of gate.checks.filter((x) => /on-target|partition-count/.test(x.id))) assert.equal(c.status, 'unknown', c.id)
  } finally {
    for (const s of sockets) s.destroy()
    server.close()
  }
})

test('snapshot, gates, advance, status, runbook and the journal on the sandbox', { timeout: 240_000 }, async () => {
  const sb = sandbox()
  const topic = unique('spine')
  const group = unique('spine-group')
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produce(sb.source, [0, 1, 2].map((partition) => ({ topic, partition, count: 40 })))
  await consumeAndCommit(sb.source, group, [topic], 120)
  // the copy must exist on the target before the replication gate can pass
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    await eventually(`${topic} on the target`, 90_000, async () => ((await target.listTopics()).includes(topic) ? true : undefined))
  } finally {
    await target.close()
  }

  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], groups: [{ name: group, strategy: 'translate' }] })

  const snap = await rollgate(['snapshot', '--format', 'json', '--plan', plan])
  assert.equal(snap.code, 0, snap.stderr)
  const snapshot = JSON.parse(snap.stdout) as { evidenceId: string, sides: Record<string, { status: string, topics: number }> }
  assert.match(snapshot.evidenceId, /^[0-9a-f]{64}$/)
  assert.equal(snapshot.sides.source?.status, 'ok')
  assert.equal(snapshot.sides.target?.status, 'ok')

  // evaluate on the recorded evidence: same id in the verdict
  const pre = await rollgate(['gate', 'pre-replication', '--evidence', snapshot.evidenceId, '--format', 'json', '--plan', plan])
  assert.equal(pre.code, 0, pre.stdout + pre.stderr)
  const verdict = JSON.parse(pre.stdout) as GateJson
  assert.equal(verdict.status, 'pass')
  assert.equal(verdict.evidenceId, snapshot.evidenceId)
  assert.ok(verdict.checks.some((c) => c.id === 'topics.critical-exist-on-target' && c.subject === topic && c.status === 'pass'))

  // the offset gate reads a recorded translation: MirrorMaker 2 writes a burst's last offset sync at
  // its next offset commit, so translate until every partition of the group has a position
  await eventually('a complete offset translation', 90_000, async () => {
    const t = await rollgate(['offsets', 'translate', '--format', 'json', '--plan', plan])
    assert.equal(t.code, 0, t.stderr)
    return (JSON.parse(t.stdout) as { partitions: Array<{ to: number | null }> }).partitions.every((p) => p.to !== null) ? true : undefined
  })
  const junit = await rollgate(['gate', 'offsets', '--format', 'junit', '--plan', plan])
  assert.equal(junit.code, 0, junit.stdout)
  assert.match(junit.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /)
  assert.match(junit.stdout, /<testsuite name="offsets" id="0" tests="8" failures="0" errors="0"/)
  assert.match(junit.stdout, new RegExp(`<testcase classname="offsets" name="offsets\\.translated \\[${group}\\]"`))
  assert.match(junit.stdout, new RegExp(`<testcase classname="offsets" name="groups\\.critical-exist-on-source \\[${group}\\]"`))

  const dry = await rollgate(['advance', 'replicating', '--plan', plan])
  assert.equal(dry.code, 0, dry.stdout + dry.stderr)
  assert.match(dry.stdout, /dry run: would advance prepare -> replicating/)
  const skip = await rollgate(['advance', 'shadow-read', '--execute', '--plan', plan])
  assert.equal(skip.code, 1)
  assert.match(skip.stderr, /only phase to advance to is replicating/)
  const moved = await rollgate(['advance', 'replicating', '--execute', '--plan', plan])
  assert.equal(moved.code, 0, moved.stdout + moved.stderr)
  assert.match(moved.stdout, /advanced prepare -> replicating; write authority: source/)

  const status = await rollgate(['status', '--format', 'json', '--plan', plan])
  assert.equal(status.code, 0, status.stderr)
  const s = JSON.parse(status.stdout) as { phase: string, writeAuthority: string, rollback: { status: string }, verdicts: Record<string, { result: { status: string } }> }
  assert.equal(s.phase, 'replicating')
  assert.equal(s.writeAuthority, 'source')
  assert.equal(s.rollback.status, 'available')
  assert.equal(s.verdicts['pre-replication']?.result.status, 'pass')

  const runbook = await rollgate(['runbook', '--plan', plan])
  assert.equal(runbook.code, 0, runbook.stderr)
  assert.match(runbook.stdout, /Phase: \*\*replicating\*\*/)
  assert.match(runbook.stdout, /### pre-replication: pass/)

  const log = await rollgate(['log', '--format', 'json', '--plan', plan])
  const types = (JSON.parse(log.stdout) as Array<{ type: string }>).map((e) => e.type)
  assert.ok(types.includes('evidence') && types.includes('gate') && types.at(-1) === 'phase', types.join(','))
  const verify = await rollgate(['journal', 'verify', '--plan', plan])
  assert.equal(verify.code, 0, verify.stdout)
  assert.match(verify.stdout, /chain intact/)
})
