import { test } from 'node:test'
import assert from 'node:assert/strict'
import { billingGroup, fixtureInput, fixturePlan, fixtureSnapshot, ok, inventory, topic } from '../fixtures.ts'
import { mm2GroupSyncExcluded } from './mm2-group-sync.ts'
import type { CheckResult } from '../types.ts'

const line = (r: CheckResult) => `${r.status} ${r.subject}`
const config = (properties: Record<string, string>) => ({ status: 'ok' as const, path: '/etc/mm2.properties', properties })

test('a moved group MirrorMaker 2 syncs fails, naming the group and the settings; excluded, it passes naming why', () => {
  const synced = mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({}, { mm2Config: config({ clusters: 'source,target', 'source->target.groups': '.*', 'sync.group.offsets.enabled': 'true' }) }) }))
  assert.deepEqual(synced.map(line), ['fail billing'])
  assert.match(synced[0]!.message, /sync\.group\.offsets\.enabled=true, source->target\.groups=\.\* selects it and groups\.exclude=console-consumer-\.\*, connect-\.\*, __\.\* \(default\) does not exclude it/)
  assert.match(synced[0]!.message, /add it to source->target\.groups\.exclude/)
  const excluded = mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({}, { mm2Config: config({ clusters: 'source,target', 'sync.group.offsets.enabled': 'true', 'source->target.groups.exclude': 'billing' }) }) }))
  assert.deepEqual(excluded.map(line), ['pass billing'])
  assert.match(excluded[0]!.message, /source->target\.groups\.exclude=billing excludes it/)
})

test('without the file: unknown — unless the target shows MirrorMaker 2 writing the group (no member, offsets = checkpoints)', () => {
  const none = mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({}, { mm2Config: { status: 'not-configured' } }) }))
  assert.deepEqual(none.map(line), ['unknown billing'])
  assert.match(none[0]!.message, /replication\.mm2Config/)
  const unreadable = mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({}, { mm2Config: { status: 'error', path: '/x', error: 'cannot read /x (ENOENT)' } }) }))
  assert.match(unreadable[0]!.message, /ENOENT/)
  // billing on the target without members, committed 90 on every partition: MirrorMaker 2's checkpoint downstream 90
  const written = inventory('target', [topic('orders', 6), topic('payments', 3)], [billingGroup({ state: 'Empty', members: [] })])
  const seen = mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', written) }, { mm2Config: { status: 'not-configured' } }) }))
  assert.deepEqual(seen.map(line), ['fail billing'])
  assert.match(seen[0]!.message, /equal MirrorMaker 2's checkpoints on all 6 partition\(s\)/)
  // a member there: its own commits, not MirrorMaker 2's
  const active = inventory('target', [topic('orders', 6)], [billingGroup()])
  assert.deepEqual(mm2GroupSyncExcluded.run(fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', active) }, { mm2Config: { status: 'not-configured' } }) })).map(line), ['unknown billing'])
})

test('not MirrorMaker 2, or no critical group: nothing to sync', () => {
  const plan = fixturePlan({ replication: { kind: 'offset-preserving' }, groups: [{ name: 'billing', strategy: 'identical', owner: 'x' }] })
  assert.deepEqual(mm2GroupSyncExcluded.run(fixtureInput({ plan })).map(line), ['pass replication'])
  assert.deepEqual(mm2GroupSyncExcluded.run(fixtureInput({ plan: fixturePlan({ groups: [] }) })).map(line), ['pass groups'])
  assert.deepEqual(mm2GroupSyncExcluded.run(fixtureInput({ snapshot: null })).map(line), ['unknown snapshot'])
})
