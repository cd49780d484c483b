import { test } from 'node:test'
import assert from 'node:assert/strict'
import { group, sourceGroups } from './fixtures.ts'
import { selectGroups } from './groups.ts'

const data = new Set(['orders', 'payments'])

test('consumer groups and offset-only groups with commits on data topics are listed, sorted', () => {
  assert.deepEqual(selectGroups(sourceGroups, data).listed, ['audit-tool', 'billing'])
})

test('every other group is left out with its reason', () => {
  const left = Object.fromEntries(selectGroups([
    ...sourceGroups,
    group('source-mm2', [], { protocolType: 'connect' }),
    group('target-mm2', ['orders'], { protocolType: '' }),
    group('shared-work', ['orders'], { type: 'share', protocolType: 'share' }),
    group('streams-app', ['orders'], { type: 'streams', protocolType: 'consumer' }),
  ], data).left.map((g) => [g.id, g.reason]))
  assert.deepEqual(Object.keys(left), ['connect-cluster', 'connect-jdbc-sink', 'idle', 'offsets-only-on-plumbing', 'shared-work', 'source-mm2', 'streams-app', 'target-mm2'])
  assert.match(left['connect-cluster']!, /protocol type connect/)
  assert.match(left['connect-jdbc-sink']!, /sink connector/)
  assert.match(left['idle']!, /no committed offsets/)
  assert.match(left['offsets-only-on-plumbing']!, /no committed offsets on a data topic/)
  assert.match(left['shared-work']!, /protocol type share/)
  assert.match(left['streams-app']!, /streams group/)
  assert.match(left['target-mm2']!, /MirrorMaker 2/)
})

test('a group committed only on a topic that is gone is left out', () => {
  assert.deepEqual(selectGroups([group('old', ['deleted-topic'])], data).listed, [])
})
