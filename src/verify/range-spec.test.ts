import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseOffsets, parseSince } from './range-spec.ts'

test('ranges from the command line', () => {
  const now = new Date('2026-03-02T10:00:00.000Z')
  assert.deepEqual(parseSince('2h', now), { kind: 'since', since: '2h', timestamp: now.getTime() - 7_200_000 })
  assert.equal((parseSince('2026-03-01T00:00:00Z', now) as { timestamp: number }).timestamp, Date.parse('2026-03-01T00:00:00Z'))
  assert.throws(() => parseSince('yesterday', now), /--since takes a duration/)
  assert.deepEqual(parseOffsets('10:20'), { kind: 'offsets', from: 10, until: 20 })
  assert.deepEqual(parseOffsets(':20'), { kind: 'offsets', from: null, until: 20 })
  assert.throws(() => parseOffsets(':'), /--offsets takes/)
  assert.throws(() => parseOffsets('20:10'), /the end is before the start/)
})
