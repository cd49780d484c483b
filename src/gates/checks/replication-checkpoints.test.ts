import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixtureInput, fixturePlan, fixtureSnapshot } from '../fixtures.ts'
import { replicationCapturedAt, replicationEvidence, replicationOk } from './replication-fixtures.ts'
import { replicationCheckpoints } from './replication-checkpoints.ts'

const at = Date.parse(replicationCapturedAt)
const line = (r: { status: string, subject: string, message: string }) => `${r.status} ${r.subject}: ${r.message}`
type Checkpoint = { upstream: number, downstream: number, writtenAt: number } | null
function withCheckpoints (byPartition: (p: number) => Checkpoint) {
  const groups = replicationEvidence().groups as Array<{ group: string, partitions: Array<{ partition: number, checkpoint: Checkpoint }> }>
  for (const p of groups[0]!.partitions) p.checkpoint = byPartition(p.partition)
  return fixtureSnapshot({}, { replication: replicationOk({ groups: groups as never }) })
}

test('checkpoints at the committed offsets pass, however old (an idle group is not re-checkpointed)', () => {
  assert.deepEqual(replicationCheckpoints.run(fixtureInput()).map(line), ['pass billing: checkpoints current on 6 partition(s) (newest written 2s before the capture)'])
  assert.equal(replicationCheckpoints.run(fixtureInput({ snapshot: withCheckpoints(() => ({ upstream: 90, downstream: 90, writtenAt: at - 86_400_000 })) }))[0]!.status, 'pass')
})

test('behind and recent warns; behind and old fails as not advancing; none fails', () => {
  const recent = replicationCheckpoints.run(fixtureInput({ snapshot: withCheckpoints((p) => ({ upstream: p === 0 ? 80 : 90, downstream: 80, writtenAt: at - 10_000 })) }))
  assert.equal(line(recent[0]!), 'warn billing: 1 of 6 partition(s): checkpoints behind the group, written recently: MirrorMaker 2 is catching up: orders-0: committed 90, checkpoint at 80 written 10s ago')
  const stuck = replicationCheckpoints.run(fixtureInput({ snapshot: withCheckpoints((p) => (p === 4 ? null : { upstream: p === 0 ? 80 : 90, downstream: 80, writtenAt: at - 600_000 })) }))
  assert.equal(line(stuck[0]!), 'fail billing: 2 of 6 partition(s): checkpoints missing or not advancing (older than 1m, gates.lag.time): orders-0: committed 90, checkpoint at 80 written 10m ago; orders-4: committed 90, no checkpoint')
  const evidence = stuck[0]!.evidence as { partitions: Array<{ partition: number, status: string, ageMs: number | null }> }
  assert.deepEqual(evidence.partitions.map((p) => [p.partition, p.status, p.ageMs]), [[0, 'fail', 600_000], [1, 'pass', 600_000], [2, 'pass', 600_000], [3, 'pass', 600_000], [4, 'fail', null], [5, 'pass', 600_000]])
})

test('no committed offsets warns; unread is unknown; no critical group or another replication kind warns', () => {
  const idle = fixtureSnapshot({}, { replication: replicationOk({ groups: [{ group: 'billing', partitions: [] }] }) })
  assert.match(line(replicationCheckpoints.run(fixtureInput({ snapshot: idle }))[0]!), /^warn billing: no committed offsets on the source/)
  const unread = fixtureSnapshot({}, { replication: replicationOk({ groups: { unavailable: true, reason: 'GROUP_AUTHORIZATION_FAILED' } }) })
  assert.match(line(replicationCheckpoints.run(fixtureInput({ snapshot: unread }))[0]!), /^unknown groups: .*could not be read: GROUP_AUTHORIZATION_FAILED/)
  assert.match(line(replicationCheckpoints.run(fixtureInput({ plan: fixturePlan({ groups: [] }) }))[0]!), /^warn groups: the plan names no critical consumer group/)
  const preserving = fixtureSnapshot({}, { replication: replicationOk({ kind: 'offset-preserving', flow: null, groups: null }) })
  assert.match(line(replicationCheckpoints.run(fixtureInput({ snapshot: preserving }))[0]!), /^warn replication: not applicable/)
})
