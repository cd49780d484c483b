import assert from 'node:assert/strict'
import { test } from 'node:test'
import { syncHistory } from '../replication/sync-history.ts'
import { mapPosition } from './map-position.ts'

const syncs = syncHistory([{ seq: 0, upstream: 0, downstream: 0 }, { seq: 1, upstream: 100, downstream: 100 }, { seq: 2, upstream: 249, downstream: 249 }])
const source = { logStart: 0, logEnd: 400 }

test('MirrorMaker 2: the target log end mapped back by the safe reverse rule', () => {
  // the copy ends right after the record of the newest sync: everything up to it is there
  assert.deepEqual(mapPosition('mirrormaker2', source, { logStart: 0, logEnd: 250 }, syncs), { position: 250, method: 'offset-syncs', sync: { seq: 2, upstream: 249, downstream: 249 }, exact: false })
  // copied past the newest sync (not yet synced): only what the sync proves counts, never ahead
  assert.deepEqual(mapPosition('mirrormaker2', source, { logStart: 0, logEnd: 300 }, syncs), { position: 250, method: 'offset-syncs', sync: { seq: 2, upstream: 249, downstream: 249 }, exact: false })
  // between two syncs: the older one's record + 1
  assert.equal(mapPosition('mirrormaker2', source, { logStart: 0, logEnd: 180 }, syncs).position, 101)
})

test('no sync yet: an empty copy maps to the source log start; a non-empty one cannot be mapped', () => {
  assert.deepEqual(mapPosition('mirrormaker2', { logStart: 40, logEnd: 90 }, { logStart: 0, logEnd: 0 }, syncHistory([])), { position: 40, method: 'empty-copy' })
  const none = mapPosition('mirrormaker2', source, { logStart: 0, logEnd: 10 }, syncHistory([]))
  assert.equal(none.position, null)
  assert.equal((none as { reason: string }).reason, 'no-sync')
})

test('offset-preserving is identity; kind none, a missing copy or unreadable syncs are not mapped', () => {
  assert.deepEqual(mapPosition('offset-preserving', source, { logStart: 0, logEnd: 321 }, null), { position: 321, method: 'identity' })
  assert.equal((mapPosition('none', source, { logStart: 0, logEnd: 1 }, null) as { reason: string }).reason, 'no-replication')
  assert.equal((mapPosition('mirrormaker2', source, null, syncs) as { reason: string }).reason, 'no-target-copy')
  assert.deepEqual(mapPosition('mirrormaker2', source, { logStart: 0, logEnd: 1 }, { unavailable: true, reason: 'TOPIC_AUTHORIZATION_FAILED' }),
    { position: null, reason: 'syncs-unavailable', detail: 'the offset syncs could not be read: TOPIC_AUTHORIZATION_FAILED' })
})
