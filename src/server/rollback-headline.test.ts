import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rollbackHeadline, spokenDuration } from './rollback-headline.ts'

const now = new Date('2026-03-02T10:00:00.000Z')

test('spoken durations are coarse: minutes, hours, days', () => {
  assert.equal(spokenDuration(25 * 60_000), '25 min')
  assert.equal(spokenDuration(41 * 3_600_000), '41 h')
  assert.equal(spokenDuration(5 * 86_400_000 + 3 * 3_600_000), '5 d 3 h')
  assert.equal(spokenDuration(7 * 86_400_000), '7 d')
})

test('time-bound rollback: "available for 41 h", ended by the limit that sets until', () => {
  const until = '2026-03-04T03:00:00.000Z'
  const h = rollbackHeadline({ status: 'limited', until, limits: [
    { kind: 'target-only-writes', subject: 'orders', message: '12 record(s) written', at: null },
    { kind: 'source-retention', subject: 'orders', message: 'expires', at: until },
  ] }, 'producers-on-target', now)
  assert.equal(h.headline, 'Rollback available for 41 h')
  assert.equal(h.endsWhen, `ends when source retention of orders expires (${until})`)
  assert.equal(h.secondsLeft, 41 * 3600)
})

test('before cutover: available, not time-bound; past the point of no return: no longer available; no evidence: unknown', () => {
  const open = rollbackHeadline({ status: 'available', until: null, limits: [] }, 'replicating', now)
  assert.equal(open.headline, 'Rollback available')
  assert.match(open.endsWhen, /not time-bound yet.*producer cutover.*point of no return/)
  assert.equal(open.secondsLeft, null)
  const gone = rollbackHeadline({ status: 'unavailable', until: '2026-03-01T00:00:00.000Z', limits: [{ kind: 'point-of-no-return', subject: 'phase', message: 'the point of no return was passed', at: '2026-03-01T00:00:00.000Z' }] }, 'target-authoritative', now)
  assert.equal(gone.headline, 'Rollback no longer available')
  assert.equal(gone.secondsLeft, 0)
  const unknown = rollbackHeadline({ status: 'unknown', until: null, limits: [{ kind: 'no-evidence', subject: 'source', message: 'no snapshot yet: run `rollgate snapshot`', at: null }] }, 'prepare', now)
  assert.equal(unknown.headline, 'Rollback availability unknown')
  assert.match(unknown.endsWhen, /no snapshot yet/)
})
