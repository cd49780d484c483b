import assert from 'node:assert/strict'
import { test } from 'node:test'
import { billingGroup, fixtureInput, fixtureOffsets, fixturePlan, fixtureSnapshot, inventory, ok, topic } from '../fixtures.ts'
import { inactiveOnTarget, positionTranslated, replayWithinMax, sourcePositionCaptured } from './offsets.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`

test('no recorded translation, or a stale one: every offsets check is unknown', () => {
  for (const check of [sourcePositionCaptured, positionTranslated, replayWithinMax]) {
    assert.match(line(check.run(fixtureInput({ offsets: null }))[0]!), /^unknown offsets: no offset translation recorded/)
    const stale = fixtureInput({ now: new Date('2026-03-03T10:00:00.000Z') })
    assert.match(line(check.run(stale)[0]!), /^unknown offsets: the offset translation is 1d .*old/)
  }
})

test('an untranslatable partition fails; an exact group not proven by content warns', () => {
  const offsets = fixtureOffsets()
  offsets.translation.partitions[2] = { ...offsets.translation.partitions[2]!, to: null, untranslatable: 'no-sync', note: 'no offset sync' }
  assert.match(line(positionTranslated.run(fixtureInput({ offsets }))[0]!), /^fail billing: 1 of 6 partition\(s\) untranslatable: orders-2 \(no-sync: no offset sync\)/)

  const exactPlan = fixturePlan({ groups: [{ name: 'billing', strategy: 'exact', owner: 'billing-team' }] })
  const unproven = fixtureOffsets()
  assert.match(line(positionTranslated.run(fixtureInput({ plan: exactPlan, offsets: unproven }))[0]!), /^warn billing: 6 of 6 partition\(s\) not proven by content/)
  const proven = fixtureOffsets()
  proven.translation.partitions = proven.translation.partitions.map((p) => ({ ...p, strategy: 'exact', method: 'content-proof', proof: { from: { offset: 89, digest: 'a' }, to: { offset: 89, digest: 'a' }, aligned: 1 } }))
  assert.match(line(positionTranslated.run(fixtureInput({ plan: exactPlan, offsets: proven }))[0]!), /^pass billing: 6 partition\(s\) proven by content/)
})

test('replay beyond maxReplay fails; an unbounded replay with a maximum is unknown', () => {
  const plan = fixturePlan({ groups: [{ name: 'billing', strategy: 'translate', owner: 'billing-team', maxReplay: { records: 100 } }] })
  const offsets = fixtureOffsets()
  offsets.translation.partitions = offsets.translation.partitions.map((p) => ({ ...p, replay: 30 }))
  assert.match(line(replayWithinMax.run(fixtureInput({ plan, offsets }))[0]!), /^fail billing: replay 180 record\(s\) exceeds maxReplay 100/)
  offsets.translation.partitions[0] = { ...offsets.translation.partitions[0]!, replay: null }
  assert.match(line(replayWithinMax.run(fixtureInput({ plan, offsets }))[0]!), /^unknown billing:/)
})

test('a group with no committed offsets captured has no rollback position', () => {
  const offsets = fixtureOffsets()
  const partitions = offsets.capture.groups[0]!.partitions
  offsets.capture.groups[0]!.partitions = partitions.map((p) => ({ ...p, committed: null, lag: null }))
  assert.match(line(sourcePositionCaptured.run(fixtureInput({ offsets }))[0]!), /^fail billing: no committed offsets captured on the source: there is no rollback position/)
  offsets.capture.groups[0]!.partitions = partitions.map((p) => (p.partition === 4 ? { ...p, committed: null, lag: null } : p))
  assert.match(line(sourcePositionCaptured.run(fixtureInput({ offsets }))[0]!), /^fail billing: 1 assigned partition\(s\) without a committed offset: orders-4/)
  assert.match(line(sourcePositionCaptured.run(fixtureInput())[0]!), /^pass billing: 6 partition\(s\) captured/)
})

test('a live member of a critical group on the target fails', () => {
  const target = inventory('target', [topic('orders', 6), topic('payments', 3)], [billingGroup()])
  const result = inactiveOnTarget.run(fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) }))
  assert.match(line(result[0]!), /^fail billing: 1 live member\(s\) on the target/)
  assert.match(line(inactiveOnTarget.run(fixtureInput())[0]!), /^pass billing: not on the target yet/)
})
