/**
 * Integration: the exit gate's point of no return, on the sandbox. A critical topic on the source
 * with 7 days of retention; the migration forced to producers-on-target; the exit gate computes the
 * point from the producer cutover and the source's retention (and counts target-only writes since
 * the cutover). Shortening the source's retention.ms to one hour moves the point earlier by exactly
 * the difference. Then the team declares the target authoritative: `rollback` refuses (even forced)
 * and the runbook switches to forward recovery.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { produce, sandbox, unique } from './support/sandbox.ts'

interface Check { id: string, status: string, subject: string, message: string, evidence: Record<string, unknown> }

const cleanups: Array<() => Promise<void>> = []
after(async () => { for (const c of cleanups.reverse()) await c().catch(() => {}) })

async function exitPoint (plan: string): Promise<{ summary: Check, factors: Check[] }> {
  const gate = await rollgate(['gate', 'exit', '--format', 'json', '--plan', plan], { timeoutMs: 180_000 })
  assert.ok(gate.stdout.startsWith('{'), gate.stderr)
  const checks = (JSON.parse(gate.stdout) as { checks: Check[] }).checks.filter((c) => c.id === 'exit.point-of-no-return')
  const summary = checks.find((c) => c.subject === 'point-of-no-return')
  assert.ok(summary, JSON.stringify(checks, null, 2))
  return { summary, factors: checks.filter((c) => c !== summary) }
}

test('the point of no return moves earlier when the source retention is shortened; after target-authoritative rollback refuses and the runbook recovers forward', { timeout: 420_000 }, async () => {
  const sb = sandbox()
  const topic = unique('rg-exit-orders')
  const source = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source], timeout: 60_000 })
  const target = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.target], timeout: 60_000 })
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-exit-'))
  cleanups.push(async () => {
    await source.deleteTopics({ topics: [topic] }).catch(() => {})
    await target.deleteTopics({ topics: [topic] }).catch(() => {})
    await Promise.all([source.close(), target.close()])
    rmSync(dir, { recursive: true, force: true })
  })
  const week = 7 * 24 * 3_600_000
  await source.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'retention.ms', value: String(week) }] })
  // the copy may already be there (MirrorMaker 2 mirrors the source): created if not
  await target.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'retention.ms', value: String(week) }] }).catch(() => {})
  await produce(sb.source, [{ topic, partition: 0, count: 10 }])

  const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], timeout: '20s' })
  writeFileSync(plan, readFileSync(plan, 'utf8').replace('\nrunbook:', '\nrollback: { owner: platform, targetOnlyWrites: replay }\nrunbook:'))
  for (const phase of ['replicating', 'shadow-read', 'producers-on-target']) {
    const moved = await rollgate(['advance', phase, '--execute', '--force', '--reason', 'test: the earlier gates are not under test', '--plan', plan], { timeoutMs: 180_000 })
    assert.equal(moved.code, 0, moved.stdout + moved.stderr)
  }
  const status = JSON.parse((await rollgate(['status', '--format', 'json', '--plan', plan])).stdout) as { enteredAt: string }
  const cutover = Date.parse(status.enteredAt)

  // 1. seven days of source retention: the point is one week after the producer cutover
  const first = await exitPoint(plan)
  assert.equal(first.summary.status, 'pass', first.summary.message)
  assert.equal(first.summary.evidence.at, new Date(cutover + week).toISOString())
  assert.match(first.summary.message, new RegExp(`^${new Date(cutover + week).toISOString()} \\(in 6d 23h, measured from producer cutover .*\\): source-retention \\(${topic}\\): source ${topic}: retention\\.ms 7d after producer cutover`))

  // target-only writes since the cutover are counted (the first exit evaluation's snapshot is the baseline)
  await produce(sb.target, [{ topic, partition: 0, count: 5 }])

  // 2. retention shortened to one hour on the source: the point moves earlier by the difference
  await source.incrementalAlterConfigs({
    resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '3600000' }] }],
  } as never)
  const second = await exitPoint(plan)
  const [p1, p2] = [Date.parse(first.summary.evidence.at as string), Date.parse(second.summary.evidence.at as string)]
  assert.equal(p1 - p2, week - 3_600_000, `moved from ${first.summary.evidence.at} to ${second.summary.evidence.at}`)
  assert.match(second.summary.message, new RegExp(`source ${topic}: retention\\.ms 1h after producer cutover`))
  const writes = second.factors.find((f) => f.subject === `target-only-writes: ${topic}`)
  assert.match(writes?.message ?? '', new RegExp(`^5 record\\(s\\) written to ${topic} on the target since producer cutover, to be replayed to the source: possible until the target's retention deletes them at `))
  process.stdout.write(`# point of no return: ${first.summary.evidence.at} with retention 7d, ${second.summary.evidence.at} with 1h (cutover ${status.enteredAt})\n`)

  // 3. the team declares the target authoritative: rollback refuses, even forced; the runbook recovers forward
  const declared = await rollgate(['advance', 'target-authoritative', '--execute', '--force', '--reason', 'test: declared past the point', '--plan', plan], { timeoutMs: 180_000 })
  assert.equal(declared.code, 0, declared.stdout + declared.stderr)
  const refused = await rollgate(['rollback', '--execute', '--force', '--reason', 'test: try anyway', '--plan', plan], { timeoutMs: 180_000 })
  assert.equal(refused.code, 1, refused.stdout + refused.stderr)
  assert.match(refused.stdout, /the target was declared authoritative at .*: rollback is over, recover forward on the target/)
  const runbook = await rollgate(['runbook', '--plan', plan])
  assert.match(runbook.stdout, /## Forward recovery\n\nThe target was declared authoritative/)
})
