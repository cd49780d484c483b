import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { openStateDir } from '../journal/index.ts'
import { recordFixture } from './fixtures.ts'
import { stateDirSource } from './source.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

test('nothing recorded yet: phase prepare, every gate not evaluated, rollback unknown, no lag, nothing crashes', async () => {
  const source = stateDirSource({ planFile: '/nonexistent/rollgate.yaml', stateDir: '/nonexistent/.rollgate', plan: fixturePlan() })
  const d = await source.load(new Date('2026-03-02T10:00:00.000Z'))
  assert.equal(d.phase.current, 'prepare')
  assert.equal(d.phase.writeAuthority, 'source')
  assert.deepEqual(d.gates.map((g) => g.status), ['not-evaluated', 'not-evaluated', 'not-evaluated', 'not-evaluated', 'not-evaluated', 'not-evaluated'])
  assert.equal(d.rollback.status, 'unknown')
  assert.equal(d.rollback.headline, 'Rollback availability unknown')
  assert.equal(d.lag.available, false)
  assert.equal(d.snapshot, null)
  assert.equal(d.rehearsal, null)
  assert.equal(d.groups.translation, null)
  assert.deepEqual(d.groups.groups.map((g) => [g.group, g.owner, g.partitions.length]), [['billing', 'billing-team', 0]])
  assert.deepEqual(d.problems, [])
})

test('a recorded migration: timeline, board with owners and evidence, groups, lag over time, rehearsal; damaged pieces named, not fatal', async () => {
  const f = await recordFixture()
  dirs.push(f.stateDir)
  const source = stateDirSource({ planFile: join(f.stateDir, 'no-plan.yaml'), stateDir: f.stateDir, plan: f.plan })
  const d = await source.load(f.now)

  assert.equal(d.phase.current, 'replicating')
  assert.deepEqual(d.timeline.steps.map((s) => [s.phase, s.state, s.writeAuthority]), [
    ['prepare', 'done', 'source'], ['replicating', 'current', 'source'], ['shadow-read', 'upcoming', 'source'],
    ['producers-on-target', 'upcoming', 'target'], ['target-authoritative', 'upcoming', 'target'],
  ])
  assert.deepEqual(d.timeline.steps[1]!.guardedBy, [{ gate: 'pre-replication', status: 'fail' }])
  assert.deepEqual(d.timeline.pointOfNoReturn, { phase: 'target-authoritative', passed: false, owner: 'head-of-platform', note: null })
  assert.equal(d.rollback.headline, 'Rollback available')

  const pre = d.gates.find((g) => g.gate === 'pre-replication')!
  assert.equal(pre.status, 'fail')
  assert.equal(pre.owner, 'platform-team')
  assert.equal(pre.ownerField, 'runbook.criticalTopics')
  assert.equal(pre.guards, 'replicating')
  assert.deepEqual(pre.counts, { pass: 2, warn: 0, fail: 1, unknown: 0 })
  const failed = pre.checks.find((c) => c.status === 'fail')!
  assert.deepEqual([failed.id, failed.subject, failed.evidence], ['topics.critical-exist-on-target', 'payments', { targetTopic: 'payments', naming: 'identity', exists: false }])
  assert.equal(d.gates.find((g) => g.gate === 'offsets')!.owner, 'billing-team')
  // a verdict of unexpected shape: unknown, never pass
  const exit = d.gates.find((g) => g.gate === 'exit')!
  assert.deepEqual([exit.status, exit.checks.length, exit.owner], ['unknown', 0, 'head-of-platform'])

  const billing = d.groups.groups[0]!
  assert.equal(billing.partitions.length, 6)
  assert.deepEqual(billing.partitions[0], {
    topic: 'orders', partition: 0, source: 90, sourceLogEnd: 100, targetTopic: 'orders', target: 90, method: 'content-proof', replay: 3,
    proof: { from: { offset: 89, digest: 'abcdef0123456789' }, to: { offset: 89, digest: 'abcdef0123456789' }, aligned: 4 },
    untranslatable: null, note: null, mm2Checkpoint: { upstream: 90, downstream: 90 },
  })
  assert.deepEqual([billing.replay.total, billing.replay.unbounded, billing.untranslatable, billing.proven, billing.state], [3, 1, 1, 1, 'Empty'])

  assert.equal(d.lag.available, true)
  assert.equal(d.lag.samples, 3)
  assert.deepEqual(d.lag.series.map((s) => [s.topic, s.points.map((p) => p.records)]), [['orders', [40, 30, 20]], ['payments', [0, 0, null]]])
  assert.deepEqual(d.lag.series[0]!.points.map((p) => p.seconds), [10, 5, 0])
  assert.deepEqual(d.lag.latest!.partitions.map((p) => [p.topic, p.partition, p.records]), [['orders', 0, 20], ['orders', 1, 0], ['payments', 0, null]])

  assert.equal(d.rehearsal?.summary, 'rehearsal gd-1: PASS')
  assert.ok(d.rehearsal!.figures.some((x) => x.name === 'measurement.restoreMs' && x.value === 1500))
  assert.equal(d.verify?.figures.length, 0)
  assert.match(d.verify!.error!, /no evidence d{64}/)
  assert.equal(d.snapshot?.capturedAt, f.times[2])
  assert.equal(d.snapshot?.ageSeconds, 60)
  assert.equal(d.journal.seq, 11)
})

test('the revision changes when the journal does, and the next load shows the new entry', async () => {
  const f = await recordFixture()
  dirs.push(f.stateDir)
  const source = stateDirSource({ planFile: join(f.stateDir, 'no-plan.yaml'), stateDir: f.stateDir, plan: f.plan })
  const before = source.revision()
  assert.equal(source.revision(), before)
  assert.equal((await source.load(f.now)).phase.current, 'replicating')
  const state = await openStateDir(f.stateDir, { actor: 'test' })
  state.journal.append('phase', { from: 'replicating', to: 'shadow-read' })
  state.close()
  assert.notEqual(source.revision(), before)
  assert.equal((await source.load(f.now)).phase.current, 'shadow-read')
})
