import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SyncReach } from '../../replication-health/types.ts'
import { fixtureInput, fixturePlan, fixtureSnapshot } from '../fixtures.ts'
import { replicationEvidence, replicationOk } from './replication-fixtures.ts'
import { replicationSyncHistory } from './replication-sync-history.ts'

const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
function withSyncs (change: (s: SyncReach) => SyncReach) {
  const syncs = (replicationEvidence().syncs as SyncReach[]).map(change)
  return fixtureSnapshot({}, { replication: replicationOk({ syncs }) })
}

test('every committed position at or above the oldest valid sync passes', () => {
  assert.deepEqual(replicationSyncHistory.run(fixtureInput()).map(line), ['pass billing: every committed position (6 partition(s)) is at or above the oldest valid offset sync: translatable'])
})

test('a group below the oldest valid sync (compacted or rewound history) fails naming partition, offsets and the cause', () => {
  const compacted = withSyncs((s) => (s.topic === 'orders' && s.partition === 2 ? { ...s, valid: 1, oldest: { seq: 9, upstream: 95, downstream: 95 }, reset: 'upstream-rewind at offset-syncs offset 9 (99->99 then 95->95)' } : s))
  assert.equal(line(replicationSyncHistory.run(fixtureInput({ snapshot: compacted }))[0]!),
    'fail billing: 1 of 6 partition(s) cannot be translated: orders-2: committed 90 is below the oldest valid sync (upstream 95); older syncs were discarded (upstream-rewind at offset-syncs offset 9 (99->99 then 95->95))')
  const none = withSyncs((s) => (s.topic === 'orders' && s.partition === 0 ? { ...s, valid: 0, oldest: null, newest: null } : s))
  assert.match(line(replicationSyncHistory.run(fixtureInput({ snapshot: none }))[0]!), /^fail billing: 1 of 6 .*orders-0: committed 90, no offset sync at all/)
})

test('only groups translating through syncs are checked; unread syncs are unknown; other kinds do not apply', () => {
  assert.match(line(replicationSyncHistory.run(fixtureInput({ plan: fixturePlan({ groups: [{ name: 'billing', strategy: 'timestamp', owner: 'b' }] }) }))[0]!), /^warn groups: no critical group translates through the offset syncs/)
  const unread = fixtureSnapshot({}, { replication: replicationOk({ syncs: { unavailable: true, reason: 'offset-syncs: TOPIC_AUTHORIZATION_FAILED' } }) })
  assert.match(line(replicationSyncHistory.run(fixtureInput({ snapshot: unread }))[0]!), /^unknown groups: .*offset-syncs: TOPIC_AUTHORIZATION_FAILED/)
  const preserving = fixtureSnapshot({}, { replication: replicationOk({ kind: 'offset-preserving', flow: null, groups: null, syncs: null }) })
  assert.match(line(replicationSyncHistory.run(fixtureInput({ snapshot: preserving }))[0]!), /^warn replication: not applicable/)
})
