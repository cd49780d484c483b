/**
 * Integration: `rollgate offsets apply` on the sandbox's target cluster, through the real CLI.
 * A group with a live member is refused in Kafka's words and left untouched; an apply of 50 groups
 * killed with SIGKILL part way converges when run again, with a complete journal (every intent has
 * an outcome) and a third run that finds everything at plan and journals no intent.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { Admin, Consumer } from '@platformatic/kafka'
import { openStateDir } from '../src/journal/index.ts'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { ApplyResult } from '../src/offsets/apply.ts'
import type { ResetPlan } from '../src/offsets/types.ts'
import { consumeAndCommit } from '../src/sandbox/traffic.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, sleep, unique } from './support/sandbox.ts'

const bin = resolve(import.meta.dirname, '..', 'bin', 'rollgate.js')

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-offsets-apply-'))
  dirs.push(dir)
  return dir
}

type Offsets = Array<{ topic: string, partition: number, offset: number }>

async function createTopics (bootstrap: string, topics: string[], partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [bootstrap] })
  try {
    await admin.createTopics({ topics, partitions, replicas: 1 })
  } finally {
    await admin.close()
  }
}

/** Records a reset plan in the state dir, as `rollgate offsets plan` does; returns its evidence id. */
async function recordResetPlan (stateDir: string, groups: Array<{ group: string, offsets: Offsets }>): Promise<string> {
  const plan: ResetPlan = {
    type: 'rollgate.reset-plan/v1',
    createdAt: new Date().toISOString(),
    basedOn: 'test',
    groups: groups.map((g) => ({ group: g.group, cluster: 'target', offsets: g.offsets.map((o) => ({ topic: o.topic, partition: o.partition, current: null, planned: o.offset })) })),
    warnings: [],
  }
  const state = await openStateDir(stateDir)
  try {
    const evidenceId = state.evidence.put(plan)
    state.journal.append('evidence', { evidenceId, kind: 'reset-plan', summary: `${groups.length} group(s) (test)` })
    return evidenceId
  } finally {
    state.close()
  }
}

async function journalEntries (stateDir: string) {
  const state = await openStateDir(stateDir, { readOnly: true })
  try {
    return { entries: state.journal.entries(), pending: state.journal.pendingIntents() }
  } finally {
    state.close()
  }
}

const byKey = (offsets: Offsets) => Object.fromEntries(offsets.map((o) => [`${o.topic}-${o.partition}`, o.offset]))

test('apply refuses a group with a live member in Kafka\'s words, changes nothing of it, journals no intent for it, and applies the others', { timeout: 180_000 }, async () => {
  const sb = sandbox()
  const topic = unique('apply-live')
  const live = unique('apply-live-group')
  const idle = unique('apply-idle-group')
  await createTopics(sb.target, [topic], 3)
  await produce(sb.target, [0, 1, 2].map((partition) => ({ topic, partition, count: 30 })))
  // real commits by a real member, which then leaves; then a member joins and stays
  await consumeAndCommit(sb.target, live, [topic], 1_000, { idleMs: 1_500 })
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  await target.commitOffsets(idle, [0, 1, 2].map((partition) => ({ topic, partition, offset: 1 })))
  const consumer = new Consumer({ clientId: 'rollgate-test-live', groupId: live, bootstrapBrokers: [sb.target], sessionTimeout: 10_000, heartbeatInterval: 500 })
  // no commits from the live member: whatever changes the group's offsets now would be apply's doing
  const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 200 })
  stream.on('data', () => {})
  try {
    await eventually(`${live} to be Stable with a member`, 60_000, async () => {
      const [g] = await target.describeGroups([{ id: live, type: null }])
      return g?.state === 'Stable' && g.members.length === 1 ? true : undefined
    })
    const before = (await target.committedOffsets([live])).get(live)!
    assert.equal(before.length, 3, 'the live group has committed offsets on every partition')

    const dir = tempDir()
    const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic] })
    const stateDir = join(dir, '.rollgate')
    await recordResetPlan(stateDir, [
      { group: live, offsets: [0, 1, 2].map((partition) => ({ topic, partition, offset: 2 })) },
      { group: idle, offsets: [0, 1, 2].map((partition) => ({ topic, partition, offset: 7 })) },
    ])
    const refusal = `Error: Assignments can only be reset if the group '${live}' is inactive, but the current state is Stable.`

    const dry = await rollgate(['offsets', 'apply', '--plan', plan])
    assert.equal(dry.code, 1, dry.stdout + dry.stderr)
    assert.match(dry.stdout, /^DRY RUN: nothing was written\./)
    assert.ok(dry.stdout.includes(refusal), dry.stdout)

    const run = await rollgate(['offsets', 'apply', '--execute', '--plan', plan])
    assert.equal(run.code, 1, run.stdout + run.stderr)
    assert.ok((run.stdout + run.stderr).includes(refusal), run.stdout + run.stderr)

    const json = await rollgate(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
    assert.equal(json.code, 1, json.stderr)
    const result = JSON.parse(json.stdout) as ApplyResult
    assert.deepEqual(result.groups.map((g) => [g.group, g.status, g.message ?? null]), [[live, 'refused', refusal], [idle, 'already-at-plan', null]])

    assert.deepEqual((await target.committedOffsets([live])).get(live), before, 'the live group\'s offsets are unchanged')
    assert.deepEqual(byKey((await target.committedOffsets([idle])).get(idle)!), { [`${topic}-0`]: 7, [`${topic}-1`]: 7, [`${topic}-2`]: 7 })

    const { entries, pending } = await journalEntries(stateDir)
    const intents = entries.filter((e) => e.type === 'intent')
    assert.equal(intents.filter((e) => e.type === 'intent' && e.data.changes.some((c) => c.subject.startsWith(`group ${live} / `))).length, 0, 'no intent for the refused group')
    assert.equal(intents.length, 1, 'one intent: the idle group, written once')
    assert.equal(pending.length, 0)
    // the refusal is kept, as evidence of the run, not as a mutation
    const runs = entries.filter((e) => e.type === 'evidence' && e.data.kind === 'offsets-apply')
    assert.equal(runs.length, 2)
    assert.match(runs[0]!.type === 'evidence' ? runs[0]!.data.summary ?? '' : '', /1 applied, 1 refused/)
  } finally {
    await stream.close().catch(() => {})
    await consumer.close(true).catch(() => {})
    await target.close()
  }
})

test('SIGKILL during an apply of 50 groups, then a re-run: every group at its planned offsets, a complete journal, a third run writes nothing', { timeout: 300_000 }, async () => {
  const sb = sandbox()
  const count = 50
  const partitions = [0, 1, 2]
  const groups = Array.from({ length: count }, (_, i) => ({ group: unique(`apply-crash-${i}`), topic: unique(`apply-crash-${i}`) }))
  await createTopics(sb.target, groups.map((g) => g.topic), partitions.length)
  await produce(sb.target, groups.flatMap((g) => partitions.map((partition) => ({ topic: g.topic, partition, count: 20 }))))
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    await Promise.all(groups.map((g) => target.commitOffsets(g.group, partitions.map((partition) => ({ topic: g.topic, partition, offset: 2 + partition })))))
    // group 0 partition 2 is planned past the log end: clamped, as kafka-consumer-groups does (the
    // log end is read, not assumed: a producer retry on a new topic can write a batch twice)
    const logEnd = (await target.offsets([{ topic: groups[0]!.topic, partition: 2 }], 'latest'))[0]!.offset
    assert.ok(logEnd >= 20 && logEnd < 1_000)
    const planned = groups.map((g, i) => ({
      group: g.group,
      offsets: partitions.map((partition) => ({ topic: g.topic, partition, offset: i === 0 && partition === 2 ? 1_000 : 10 + (i % 7) + partition })),
    }))
    const expected = planned.map((g) => ({ group: g.group, offsets: g.offsets.map((o) => ({ ...o, offset: Math.min(o.offset, logEnd) })) }))

    const dir = tempDir()
    const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: groups.map((g) => g.topic) })
    const stateDir = join(dir, '.rollgate')
    const journalFile = join(stateDir, 'journal.jsonl')
    await recordResetPlan(stateDir, planned)

    // one group at a time, so the kill lands between some groups and the last
    const child = spawn(process.execPath, [bin, 'offsets', 'apply', '--execute', '--concurrency', '1', '--plan', plan], { stdio: ['ignore', 'pipe', 'pipe'] })
    let childOut = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { childOut += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { childOut += d })
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)))
    const counts = () => {
      const text = readFileSync(journalFile, 'utf8')
      return { intents: text.split('"type":"intent"').length - 1, outcomes: text.split('"type":"outcome"').length - 1 }
    }
    const deadline = Date.now() + 60_000
    let atKill = counts()
    while (atKill.intents < 5 && Date.now() < deadline) {
      await sleep(2)
      atKill = counts()
    }
    child.kill('SIGKILL')
    const code = await exited
    assert.equal(code, null, `killed, not ended by itself: ${childOut}`)
    const killed = await journalEntries(stateDir)
    const killedIntents = killed.entries.filter((e) => e.type === 'intent')
    const killedOutcomes = killed.entries.filter((e) => e.type === 'outcome')
    assert.ok(killedIntents.length >= 5 && killedOutcomes.length < count, `killed part way: ${killedIntents.length} intents, ${killedOutcomes.length} outcomes`)
    console.log(`killed after ${killedIntents.length} intents, ${killedOutcomes.length} outcomes, ${killed.pending.length} pending`)

    // a dry run after the crash reports the pending intents and changes nothing
    const dry = await rollgate(['offsets', 'apply', '--format', 'json', '--plan', plan])
    assert.equal(dry.code, 0, dry.stderr)
    const dryResult = JSON.parse(dry.stdout) as ApplyResult
    assert.deepEqual(dryResult.pending.map((p) => p.actionId), killed.pending.map((i) => i.data.actionId))
    assert.ok(dryResult.pending.every((p) => p.settled === null))
    assert.equal((await journalEntries(stateDir)).entries.length, killed.entries.length, 'a dry run journals nothing')

    const t0 = Date.now()
    const rerun = await rollgate(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
    const rerunMs = Date.now() - t0
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
    const result = JSON.parse(rerun.stdout) as ApplyResult
    assert.equal(result.counts.applied + result.counts['already-at-plan'], count)
    assert.equal(result.counts.applied, count - killedOutcomes.length - result.pending.filter((p) => p.settled === 'in-place').length)
    assert.deepEqual(result.groups[0]?.warnings, [`New offset (1000) is higher than latest offset for topic partition ${groups[0]!.topic}-2. Value will be set to ${logEnd}`])
    console.log(`re-run: ${result.counts.applied} applied, ${result.counts['already-at-plan']} already at plan, pending settled: ${result.pending.map((p) => p.settled).join(',') || 'none'}; ${result.elapsedMs} ms in apply, ${rerunMs} ms wall`)

    const committed = await target.committedOffsets(groups.map((g) => g.group))
    for (const g of expected) assert.deepEqual(byKey(committed.get(g.group) ?? []), byKey(g.offsets), g.group)

    const verify = await rollgate(['journal', 'verify', '--plan', plan])
    assert.equal(verify.code, 0, verify.stdout + verify.stderr)
    // complete: every intent has an outcome; those the crash left pending were closed by the re-run
    const done = await journalEntries(stateDir)
    assert.deepEqual(done.pending, [])
    const outcomes = new Map(done.entries.flatMap((e) => e.type === 'outcome' ? [[e.data.actionId, e.data]] : []))
    for (const intent of killed.pending) {
      const outcome = outcomes.get(intent.data.actionId)
      assert.ok(outcome, `the pending ${intent.data.actionId} got an outcome`)
      assert.ok(outcome.ok || /^interrupted before its outcome was recorded; a later run found its offsets not in place: superseded by offsets\.apply /.test(outcome.error ?? ''), JSON.stringify(outcome))
    }
    const intentsAfterRerun = done.entries.filter((e) => e.type === 'intent').length

    const third = await rollgate(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
    assert.equal(third.code, 0, third.stderr)
    const thirdResult = JSON.parse(third.stdout) as ApplyResult
    assert.equal(thirdResult.counts['already-at-plan'], count)
    assert.deepEqual(thirdResult.pending, [])
    assert.equal((await journalEntries(stateDir)).entries.filter((e) => e.type === 'intent').length, intentsAfterRerun, 'no new intent')

    // timing: all 50 groups moved in one uninterrupted run (a new plan: one record further on)
    await recordResetPlan(stateDir, expected.map((g) => ({ group: g.group, offsets: g.offsets.map((o) => ({ ...o, offset: o.offset - 1 })) })))
    const t1 = Date.now()
    const full = await rollgate(['offsets', 'apply', '--execute', '--format', 'json', '--plan', plan])
    const fullMs = Date.now() - t1
    assert.equal(full.code, 0, full.stderr)
    const fullResult = JSON.parse(full.stdout) as ApplyResult
    assert.equal(fullResult.counts.applied, count)
    const moved = await target.committedOffsets(groups.map((g) => g.group))
    for (const g of expected) assert.deepEqual(byKey(moved.get(g.group) ?? []), byKey(g.offsets.map((o) => ({ ...o, offset: o.offset - 1 }))), g.group)
    console.log(`apply of ${count} groups x ${partitions.length} partitions: ${fullResult.elapsedMs} ms in apply, ${fullMs} ms wall (process start included)`)
  } finally {
    await target.close()
  }
})

test('without a recorded reset plan, apply exits 2 and says to run `rollgate offsets plan` first', { timeout: 60_000 }, async () => {
  const sb = sandbox()
  const dir = tempDir()
  const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: ['orders'] })
  const message = 'rollgate: no reset plan recorded: run `rollgate offsets plan` first\n'
  const none = await rollgate(['offsets', 'apply', '--execute', '--plan', plan])
  assert.deepEqual([none.code, none.stderr], [2, message])
  // a journal with other evidence but no reset plan: the same
  const state = await openStateDir(join(dir, '.rollgate'))
  try {
    state.journal.append('evidence', { evidenceId: state.evidence.put({ not: 'a plan' }), kind: 'snapshot' })
  } finally {
    state.close()
  }
  const dry = await rollgate(['offsets', 'apply', '--plan', plan])
  assert.deepEqual([dry.code, dry.stderr], [2, message])
})
