import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExitCode, RollgateError } from '../errors.ts'
import { openStateDir, type StateDir } from '../journal/index.ts'
import type { ClusterClient } from '../kafka/cluster-client.ts'
import { type CommittedOffset, type GroupDescription, type TopicPartition, tpKey } from '../kafka/types.ts'
import { type ApplyClients, applyResetPlan } from './apply.ts'
import type { ResetPlan } from './types.ts'

/** A cluster in memory: groups with a state, members and commits; topics with log ranges. */
class FakeCluster {
  groups = new Map<string, { state: string, type: string, members: number, committed: Map<string, number> }>()
  logs = new Map<string, { logStart: number, logEnd: number }>()
  partitionCounts = new Map<string, number>()
  commits: Array<{ group: string, offsets: Array<{ topic: string, partition: number, offset: number }> }> = []
  described: Array<{ id: string, type: string | null }> = []
  /** called before a commit lands, e.g. to check the journal, or to make it fail or go astray */
  beforeCommit: (group: string) => void = () => {}
  dropPartition: string | undefined

  topic (name: string, partitions: number, logStart = 0, logEnd = 100): this {
    this.partitionCounts.set(name, partitions)
    for (let p = 0; p < partitions; p++) this.logs.set(tpKey(name, p), { logStart, logEnd })
    return this
  }

  group (id: string, state: string, committed: Record<string, number> = {}, type = 'classic'): this {
    this.groups.set(id, { state, type, members: state === 'Empty' || state === 'Dead' ? 0 : 1, committed: new Map(Object.entries(committed).map(([k, v]) => [tpKeyOf(k), v])) })
    return this
  }

  committedOf (group: string): Record<string, number> {
    return Object.fromEntries([...(this.groups.get(group)?.committed ?? [])].map(([k, v]) => [k.replace('\u0000', '-'), v]))
  }

  client (): ClusterClient {
    const fake = {
      listGroups: async () => [...this.groups].map(([id, g]) => ({ id, state: g.state, type: g.type, protocolType: 'consumer' })),
      describeTopics: async (names: string[]) => names.filter((n) => this.partitionCounts.has(n))
        .map((name) => ({ name, partitions: Array.from({ length: this.partitionCounts.get(name)! }, (_, partition) => ({ partition })) })),
      describeGroups: async (groups: Array<{ id: string, type: string | null }>): Promise<GroupDescription[]> => {
        this.described.push(...groups)
        return groups.map(({ id }) => {
          const g = this.groups.get(id)
          return { id, state: g?.state ?? 'Dead', protocolType: 'consumer', protocol: '', members: Array.from({ length: g?.members ?? 0 }, (_, i) => ({ memberId: `m${i}`, instanceId: null, clientId: 'c', host: 'h', assignments: [] })) }
        })
      },
      committedOffsets: async (ids: string[]) => new Map(ids.map((id): [string, CommittedOffset[]] => [id, [...(this.groups.get(id)?.committed ?? [])]
        .map(([k, offset]) => ({ ...splitKey(k), offset, leaderEpoch: -1, metadata: null }))])),
      offsets: async (partitions: TopicPartition[], spec: 'earliest' | 'latest') => partitions.map(({ topic, partition }) => {
        const log = this.logs.get(tpKey(topic, partition))
        if (log === undefined) throw new Error(`UNKNOWN_TOPIC_OR_PARTITION ${topic}-${partition}`)
        return { topic, partition, offset: spec === 'earliest' ? log.logStart : log.logEnd, timestamp: -1 }
      }),
      commitOffsets: async (group: string, offsets: Array<{ topic: string, partition: number, offset: number }>) => {
        this.beforeCommit(group)
        this.commits.push({ group, offsets })
        let g = this.groups.get(group)
        if (g === undefined) this.groups.set(group, g = { state: 'Empty', type: 'classic', members: 0, committed: new Map() })
        for (const o of offsets) if (`${o.topic}-${o.partition}` !== this.dropPartition) g.committed.set(tpKey(o.topic, o.partition), o.offset)
      },
    }
    return fake as unknown as ClusterClient
  }
}

const tpKeyOf = (name: string) => { const i = name.lastIndexOf('-'); return tpKey(name.slice(0, i), Number(name.slice(i + 1))) }
const splitKey = (key: string) => { const [topic, partition] = key.split('\u0000'); return { topic: topic!, partition: Number(partition) } }

function resetPlan (groups: Record<string, Record<string, number>>): ResetPlan {
  return {
    type: 'rollgate.reset-plan/v1',
    createdAt: '2025-01-01T00:00:00.000Z',
    basedOn: 'test',
    warnings: [],
    groups: Object.entries(groups).map(([group, offsets]) => ({
      group, cluster: 'target', offsets: Object.entries(offsets).map(([tp, planned]) => ({ ...splitKey(tpKeyOf(tp)), current: null, planned })),
    })),
  }
}

async function withState<T> (fn: (state: StateDir) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-apply-unit-'))
  const state = await openStateDir(dir)
  try {
    return await fn(state)
  } finally {
    state.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const clientsOf = (target: FakeCluster): ApplyClients => ({ source: new FakeCluster().client(), target: target.client() })
const kinds = (state: StateDir) => state.journal.entries().map((e) => e.type === 'evidence' ? `evidence ${e.data.kind}` : e.type)

test('a dry run reads and reports, and writes nothing: no commit, no journal entry', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 2).group('g', 'Empty', { 't-0': 1, 't-1': 2 }).group('live', 'Stable', { 't-0': 1 })
    const result = await applyResetPlan(resetPlan({ g: { 't-0': 5, 't-1': 2 }, live: { 't-0': 9 } }), clientsOf(target), state, { execute: false })
    assert.deepEqual(result.groups.map((g) => [g.group, g.status, g.changes.length, g.atPlan]), [['g', 'would-apply', 1, 1], ['live', 'refused', 0, 0]])
    assert.deepEqual(result.counts, { 'applied': 0, 'would-apply': 1, 'already-at-plan': 0, 'refused': 1, 'failed': 0 })
    assert.equal(result.ok, false)
    assert.deepEqual(target.commits, [])
    assert.deepEqual(state.journal.entries(), [])
  })
})

test('execute: intent fsynced before the commit, outcome after the read-back; a refusal journals nothing; the run is kept as evidence', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 2).group('g', 'Empty', { 't-0': 1 }).group('live', 'Stable', { 't-0': 1 })
    target.beforeCommit = (group) => {
      const last = state.journal.entries().at(-1)
      assert.equal(last?.type, 'intent', 'the intent is on disk before the commit')
      assert.deepEqual(last?.type === 'intent' && last.data.changes, [
        { subject: `group ${group} / t-0`, before: 1, after: 5 }, { subject: `group ${group} / t-1`, before: null, after: 6 },
      ])
    }
    const result = await applyResetPlan(resetPlan({ live: { 't-0': 9 }, g: { 't-0': 5, 't-1': 6 } }), clientsOf(target), state, { execute: true, resetPlanId: 'a'.repeat(64) })
    assert.deepEqual(result.groups.map((g) => [g.group, g.status]), [['live', 'refused'], ['g', 'applied']])
    assert.equal(result.groups[0]!.message, 'Error: Assignments can only be reset if the group \'live\' is inactive, but the current state is Stable.')
    assert.deepEqual(target.committedOf('g'), { 't-0': 5, 't-1': 6 })
    assert.deepEqual(target.committedOf('live'), { 't-0': 1 })
    assert.deepEqual(kinds(state), ['intent', 'outcome', 'evidence offsets-apply'])
    const [intent, outcome, evidence] = state.journal.entries()
    assert.equal(outcome?.type === 'outcome' && outcome.data.ok, true)
    assert.equal(intent?.type === 'intent' && intent.data.actionId, result.groups[1]!.actionId)
    assert.equal(evidence?.type === 'evidence' && evidence.data.summary, `reset plan ${'a'.repeat(12)}: 1 applied, 1 refused`)
    assert.deepEqual(evidence?.type === 'evidence' && state.evidence.get(evidence.data.evidenceId), JSON.parse(JSON.stringify(result)))
  })
})

test('a commit the broker rejects, or a read-back that differs, fails that group (outcome ok false) and the others go on', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 2).group('a', 'Empty').group('b', 'Empty').group('c', 'Empty')
    target.beforeCommit = (group) => { if (group === 'a') throw new Error('target cluster: OffsetCommit failed: UNKNOWN_MEMBER_ID') }
    target.dropPartition = 't-1'
    const result = await applyResetPlan(resetPlan({ a: { 't-0': 5 }, b: { 't-0': 5, 't-1': 7 }, c: { 't-0': 3 } }), clientsOf(target), state, { execute: true, concurrency: 1 })
    assert.deepEqual(result.groups.map((g) => [g.group, g.status, g.error ?? null]), [
      ['a', 'failed', 'target cluster: OffsetCommit failed: UNKNOWN_MEMBER_ID'],
      ['b', 'failed', 'read back after the commit: t-1 is not committed, not 7'],
      ['c', 'applied', null],
    ])
    const outcomes = state.journal.entries().flatMap((e) => e.type === 'outcome' ? [[e.data.ok, e.data.error ?? null]] : [])
    assert.deepEqual(outcomes, [[false, 'target cluster: OffsetCommit failed: UNKNOWN_MEMBER_ID'], [false, 'read back after the commit: t-1 is not committed, not 7'], [true, null]])
    assert.equal(result.ok, false)
  })
})

test('a cluster that stops answering is not asked again: later groups are failed as not attempted, journal nothing, and a re-run converges', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 1).group('a', 'Empty').group('b', 'Empty').group('c', 'Empty').group('d', 'Empty')
    let calls = 0
    const timeout = new RollgateError('RG_KAFKA_TIMEOUT', 'target cluster: OffsetCommit (group b) did not answer within 3000 ms', ExitCode.unreachable)
    target.beforeCommit = (group) => { calls++; if (group === 'b') throw timeout }
    const plan = resetPlan({ a: { 't-0': 5 }, b: { 't-0': 5 }, c: { 't-0': 5 }, d: { 't-0': 5 } })
    const result = await applyResetPlan(plan, clientsOf(target), state, { execute: true, concurrency: 1 })
    const notAttempted = `not attempted: the target cluster stopped answering earlier in this run (${timeout.message})`
    assert.deepEqual(result.groups.map((g) => [g.group, g.status, g.error ?? null]), [
      ['a', 'applied', null], ['b', 'failed', timeout.message], ['c', 'failed', notAttempted], ['d', 'failed', notAttempted],
    ])
    assert.equal(calls, 2, 'no commit tried after the timeout')
    // b's intent has its outcome; c and d journal nothing
    assert.deepEqual(kinds(state), ['intent', 'outcome', 'intent', 'outcome', 'evidence offsets-apply'])
    target.beforeCommit = () => {}
    const rerun = await applyResetPlan(plan, clientsOf(target), state, { execute: true, concurrency: 1 })
    assert.deepEqual(rerun.groups.map((g) => g.status), ['already-at-plan', 'applied', 'applied', 'applied'])
    assert.deepEqual(state.journal.pendingIntents(), [])
  })
})

test('clamps to the fresh log range, fails a group whose partition is missing, and describes a consumer-protocol group by its protocol', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 1, 10, 50).group('g', 'Empty', {}, 'consumer')
    const result = await applyResetPlan(resetPlan({ g: { 't-0': 3 }, h: { 't-0': 60, 'gone-0': 1 } }), clientsOf(target), state, { execute: true })
    assert.deepEqual(result.groups[0]!.warnings, ['New offset (3) is lower than earliest offset for topic partition t-0. Value will be set to 10'])
    assert.deepEqual(target.committedOf('g'), { 't-0': 10 })
    assert.deepEqual([result.groups[1]!.status, result.groups[1]!.error], ['failed', 'no partition gone-0 on the target cluster: nothing written for group \'h\''])
    assert.deepEqual(target.described, [{ id: 'g', type: 'consumer' }, { id: 'h', type: null }])
    assert.equal(state.journal.entries().filter((e) => e.type === 'intent').length, 1)
  })
})

test('after a crash: pending intents are closed by what the cluster shows (in place: ok; not: superseded), the groups converge, a third run writes nothing', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 1).group('landed', 'Empty', { 't-0': 5 }).group('lost', 'Empty', { 't-0': 1 }).group('busy', 'Stable', { 't-0': 1 })
    // what a killed run leaves: intents whose outcomes were never written; one's commit had landed
    const crashed = (group: string, before: number) => state.journal.append('intent', { actionId: `old-${group}`, action: 'offsets.apply', changes: [{ subject: `group ${group} / t-0`, before, after: 5 }] })
    crashed('landed', 1)
    crashed('lost', 1)
    crashed('busy', 1)
    const plan = resetPlan({ landed: { 't-0': 5 }, lost: { 't-0': 5 }, busy: { 't-0': 5 } })

    const rerun = await applyResetPlan(plan, clientsOf(target), state, { execute: true, concurrency: 1 })
    assert.deepEqual(rerun.groups.map((g) => [g.group, g.status]), [['landed', 'already-at-plan'], ['lost', 'applied'], ['busy', 'refused']])
    assert.deepEqual(rerun.pending.map((p) => [p.actionId, p.group, p.settled]), [['old-landed', 'landed', 'in-place'], ['old-lost', 'lost', 'superseded'], ['old-busy', 'busy', null]])
    const outcome = (id: string) => state.journal.entries().find((e) => e.type === 'outcome' && e.data.actionId === id)?.data
    assert.deepEqual(outcome('old-landed'), { actionId: 'old-landed', ok: true })
    assert.deepEqual(outcome('old-lost'), {
      actionId: 'old-lost',
      ok: false,
      error: `interrupted before its outcome was recorded; a later run found its offsets not in place: superseded by offsets.apply ${rerun.groups[1]!.actionId}`,
    })
    // order: the landed one closed at once; the lost one after the intent that supersedes it, before its commit
    const seqOf = (match: (e: ReturnType<StateDir['journal']['entries']>[number]) => boolean) => state.journal.entries().find(match)?.seq ?? -1
    const newIntent = seqOf((e) => e.type === 'intent' && e.data.actionId === rerun.groups[1]!.actionId)
    assert.ok(seqOf((e) => e.type === 'outcome' && e.data.actionId === 'old-landed') < newIntent)
    assert.equal(seqOf((e) => e.type === 'outcome' && e.data.actionId === 'old-lost'), newIntent + 1)
    // the busy group was not touched, so its interrupted intent stays pending, and is said to
    assert.deepEqual(state.journal.pendingIntents().map((i) => i.data.actionId), ['old-busy'])
    assert.deepEqual(target.committedOf('lost'), { 't-0': 5 })

    target.group('busy', 'Empty', { 't-0': 1 })
    const second = await applyResetPlan(plan, clientsOf(target), state, { execute: true })
    assert.deepEqual(second.groups.map((g) => g.status), ['already-at-plan', 'already-at-plan', 'applied'])
    assert.deepEqual(state.journal.pendingIntents(), [])
    assert.equal(state.journal.verify().ok, true)

    const intents = () => state.journal.entries().filter((e) => e.type === 'intent').length
    const before = intents()
    const third = await applyResetPlan(plan, clientsOf(target), state, { execute: true })
    assert.deepEqual(third.groups.map((g) => g.status), ['already-at-plan', 'already-at-plan', 'already-at-plan'])
    assert.equal(intents(), before)
  })
})

test('a journal that cannot take the intent stops the run before any commit', async () => {
  await withState(async (state) => {
    const target = new FakeCluster().topic('t', 1).group('g', 'Empty')
    state.journal.close() // appends refused from here on, as after a failed, unrecoverable append
    await assert.rejects(applyResetPlan(resetPlan({ g: { 't-0': 5 }, h: { 't-0': 5 } }), clientsOf(target), state, { execute: true }), { code: 'RG_JOURNAL_REFUSED' })
    assert.deepEqual(target.commits, [])
  })
})

test('a reset plan naming a group twice on one cluster is bad input', async () => {
  await withState(async (state) => {
    const plan = resetPlan({ g: { 't-0': 5 } })
    plan.groups.push(plan.groups[0]!)
    await assert.rejects(applyResetPlan(plan, clientsOf(new FakeCluster().topic('t', 1)), state, { execute: true }), { code: 'RG_BAD_INPUT' })
  })
})
