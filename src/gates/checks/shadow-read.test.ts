import assert from 'node:assert/strict'
import { test } from 'node:test'
import { billingGroup, cleanPartition, fixtureInput, fixturePlan, fixtureSnapshot, fixtureVerify, inventory, ok, sourceInventory, topic } from '../fixtures.ts'
import type { GateInput } from '../types.ts'
import { shadowReadNoTargetCommits } from './shadow-read-groups.ts'
import { shadowReadInvariants } from './shadow-read-invariants.ts'
import { shadowReadParity } from './shadow-read-parity.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
const withVerify = (result = fixtureVerify(), extra: Partial<GateInput> = {}) => fixtureInput({ verify: { results: [result], evidenceIds: ['v'], missing: [] }, ...extra })

test('parity: no verification, a missing shard, another plan or an old one: unknown', () => {
  assert.match(line(shadowReadParity.run(fixtureInput({ verify: null }))[0]!), /^unknown verify: no record-level verification recorded: run `rollgate verify`/)
  const half = { results: [fixtureVerify({ shard: { index: 1, count: 2 } })], evidenceIds: ['v'], missing: [2] }
  assert.match(line(shadowReadParity.run(fixtureInput({ verify: half }))[0]!), /shard\(s\) 2\/2 recorded no result/)
  assert.match(line(shadowReadParity.run(withVerify(fixtureVerify({ planHash: 'other' })))[0]!), /another version of the plan/)
  assert.match(line(shadowReadParity.run(withVerify(fixtureVerify({ finishedAt: '2026-03-02T09:00:00.000Z' })))[0]!), /^unknown verify: the verification finished 1h 5m ago/)
})

test('parity: a difference in a critical topic fails with where it is', () => {
  const result = fixtureVerify()
  result.topics[0]!.partitions[3] = cleanPartition(3, {
    status: 'diverged',
    counts: { missing: 0, extra: 0, aborted: 0, duplicate: 0, mismatch: 1, order: 0, offset: 0, sync: 0 },
    samples: [{ kind: 'mismatch', source: { offset: 57 } as never, target: { offset: 57 } as never, detail: 'value differs' }],
  })
  const results = shadowReadParity.run(withVerify(result))
  assert.match(line(results[0]!), /^fail orders: 1 altered \(first: partition 3, source offset 57, target offset 57\)/)
  assert.match(line(results[1]!), /^pass payments: identical: 300 record\(s\)/)
  assert.match(line(results[2]!), /^pass verify: read-only: ApiVersions ×4/)
})

test('parity: a critical topic not verified, or verified over less than the rollback window, is unknown', () => {
  const result = fixtureVerify({ topics: [fixtureVerify().topics[0]!] })
  assert.match(line(shadowReadParity.run(withVerify(result))[1]!), /^unknown payments: not verified/)
  const since = fixtureVerify({ settings: { ...fixtureVerify().settings, range: { kind: 'since', since: '1h', timestamp: Date.parse('2026-03-02T09:00:00.000Z') } } })
  assert.match(line(shadowReadParity.run(withVerify(since))[0]!), /^unknown orders: records since 1h were verified \(1h\), less than the rollback window 3d/)
})

test('parity: a verification that sent anything but reads fails', () => {
  const results = shadowReadParity.run(withVerify(fixtureVerify({ requests: { Fetch: 3, JoinGroup: 1, OffsetCommit: 2 } })))
  assert.match(line(results[results.length - 1]!), /^fail verify: verification sent requests that are not reads: JoinGroup ×1, OffsetCommit ×2/)
})

test('invariants: within tolerance, beyond it, or without an answer', () => {
  const plan = fixturePlan({ invariants: [{ name: 'ledger', owner: 'finance', source: { command: 'x' }, target: { http: 'https://ledger/count' }, tolerance: 5 }] })
  const side = (value: number | null) => ({ probe: 'command' as const, value, error: value === null ? 'did not print a number' : null, output: '', durationMs: 3 })
  const run = (s: number | null, t: number | null) => line(shadowReadInvariants.run(withVerify(fixtureVerify({ invariants: [{ name: 'ledger', owner: 'finance', tolerance: 5, source: side(s), target: side(t), difference: null, status: 'pass' }] }), { plan }))[0]!)
  assert.equal(run(100, 97), 'pass ledger: source 100, target 97: difference 3 within tolerance 5 (owner finance)')
  assert.equal(run(100, 90), 'fail ledger: source 100, target 90: difference 10 beyond tolerance 5 (owner finance)')
  assert.equal(run(100, null), 'unknown ledger: source 100; target: no answer (did not print a number)')
  assert.match(line(shadowReadInvariants.run(withVerify(fixtureVerify({ invariants: null }), { plan }))[0]!), /^unknown invariants: the verification did not evaluate the invariants/)
  assert.match(line(shadowReadInvariants.run(fixtureInput({ verify: null }))[0]!), /^pass invariants: the plan defines no business invariant/)
})

test('no target commits: a group committing on the target fails unless allowed or MirrorMaker 2\'s own sync', () => {
  const target = (groups: ReturnType<typeof billingGroup>[]) => fixtureSnapshot({ target: ok('target', inventory('target', [topic('orders', 6), topic('payments', 3)], groups)) })
  // billing exists on the source: with members on the target it is a live reader there
  assert.match(line(shadowReadNoTargetCommits.run(fixtureInput({ snapshot: target([billingGroup()]) }))[0]!), /^fail billing: 6 partition\(s\) committed on the target, 1 live member\(s\) \(billing\)/)
  // without members: MirrorMaker 2's group offset sync
  assert.match(line(shadowReadNoTargetCommits.run(fixtureInput({ snapshot: target([billingGroup({ members: [], state: 'Empty' })]) }))[0]!), /^pass billing: .*MirrorMaker 2's group offset sync/)
  // a group the source never had
  const shadow = billingGroup({ id: 'fraud-shadow', members: [], state: 'Empty' })
  assert.match(line(shadowReadNoTargetCommits.run(fixtureInput({ snapshot: target([shadow]) }))[0]!), /^fail fraud-shadow: 6 partition\(s\) committed on the target: shadow readers must not commit/)
  const plan = fixturePlan({ gates: { evidenceMaxAge: '15m', shadowRead: { allowedGroups: ['fraud-shadow'] } } })
  assert.match(line(shadowReadNoTargetCommits.run(fixtureInput({ plan, snapshot: target([shadow]) }))[0]!), /^pass fraud-shadow: .*allowed by gates.shadowRead.allowedGroups/)
  assert.equal(line(shadowReadNoTargetCommits.run(fixtureInput())[0]!), 'pass target: no consumer group has committed offsets or live members on the target')
  assert.deepEqual(sourceInventory().groups.map((g) => g.id), ['billing'])
})
