/**
 * Integration: rollgate's offsets CSV and reset scenarios against kafka-consumer-groups itself
 * (ConsumerGroupCommand on the sandbox classpath) on the sandbox's source cluster. Java's --export is
 * read back exactly and printed byte for byte alike; CSVs rollgate writes are fed to Java's
 * --from-file --dry-run and its printed plan (offsets, order, clamping warnings) equals rollgate's;
 * and every --reset-offsets scenario plans what the Java tool plans.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { type CsvOffset, formatOffsetsCsv, javaStringHash, parseOffsetsCsv, topicPartitionHash } from '../src/offsets/csv.ts'
import { listOffsetsTimestamp, type PartitionState, planReset, type ResetScenario } from '../src/offsets/reset-scenarios.ts'
import { javaTool, produce, sandbox, unique } from './support/sandbox.ts'

const cgc = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand'

/** The bucket of a 16-slot java.util.HashMap: the tests pick names whose keys do not share one. */
const bucket16 = (h: number) => (h ^ (h >>> 16)) & 15

interface Fixture {
  sb: ReturnType<typeof sandbox>
  dir: string
  short: string
  long: string
  g1: string
  g2: string
  committed: Map<string, CsvOffset[]>
  client: ClusterClient
}
let fx: Fixture

/**
 * Names whose HashMap keys all land in distinct buckets: among keys of one bucket Java's order is its
 * insertion order, which comes from the Admin client's own maps, not from anything in the output.
 */
function pickNames (): { short: string, long: string, g1: string, g2: string } {
  for (;;) {
    const prefix = unique('csv')
    const short = `${prefix}-t`
    // longer than 24 characters: Jackson quotes it
    const long = `${prefix}-payments-processed`
    const g1 = `${prefix}-g1`
    const g2 = `${prefix}-g2`
    const tps = [short, long].flatMap((t) => [0, 1, 2].map((p) => bucket16(topicPartitionHash(t, p))))
    if (new Set(tps).size === tps.length && bucket16(javaStringHash(g1)) !== bucket16(javaStringHash(g2))) return { short, long, g1, g2 }
  }
}

before(async () => {
  const sb = sandbox()
  const names = pickNames()
  const { short, long, g1, g2 } = names
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [short, long], partitions: 3, replicas: 1 })
    await produce(sb.source, [
      { topic: short, partition: 0, count: 6 }, { topic: short, partition: 1, count: 9 }, { topic: short, partition: 2, count: 4 },
      { topic: long, partition: 0, count: 5 }, { topic: long, partition: 1, count: 7 }, { topic: long, partition: 2, count: 3 },
    ])
    // a log start above 0, so that clamping up can be seen
    await admin.deleteRecords({ topics: [{ name: short, partitions: [{ partition: 1, offset: 3n }] }] })
  } finally {
    await admin.close()
  }
  const client = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  const committed = new Map<string, CsvOffset[]>([
    [g1, [[short, 0, 2], [short, 1, 5], [short, 2, 4], [long, 0, 1], [long, 1, 7], [long, 2, 0]].map(([topic, partition, offset]) => ({ topic, partition, offset }) as CsvOffset)],
    // g2 has committed on some partitions only
    [g2, [[short, 0, 6], [short, 1, 3], [long, 0, 5]].map(([topic, partition, offset]) => ({ topic, partition, offset }) as CsvOffset)],
  ])
  for (const [group, offsets] of committed) await client.commitOffsets(group, offsets)
  fx = { sb, dir: mkdtempSync(join(tmpdir(), 'rollgate-csv-')), ...names, committed, client }
})

after(async () => {
  await fx?.client.close()
  if (fx) rmSync(fx.dir, { recursive: true, force: true })
})

const cgcRun = (args: string[]) => javaTool(fx.sb.kafkaLib, cgc, ['--bootstrap-server', fx.sb.source, '--reset-offsets', ...args])

/** The partitions of both topics as the Java tool sees them: committed offset, log start, log end. */
async function states (group: string, timestamp?: number): Promise<PartitionState[]> {
  const tps = [fx.short, fx.long].flatMap((topic) => [0, 1, 2].map((partition) => ({ topic, partition })))
  const [starts, ends, byTime, committed] = await Promise.all([
    fx.client.offsets(tps, 'earliest'),
    fx.client.offsets(tps, 'latest'),
    timestamp === undefined ? Promise.resolve([]) : fx.client.offsets(tps, { timestamp }),
    fx.client.committedOffsets([group]),
  ])
  const find = <T extends { topic: string, partition: number }>(list: readonly T[], t: { topic: string, partition: number }) =>
    list.find((x) => x.topic === t.topic && x.partition === t.partition)
  return tps.map((tp) => {
    const state: PartitionState = {
      ...tp,
      current: find(committed.get(group) ?? [], tp)?.offset ?? null,
      logStart: find(starts, tp)!.offset,
      logEnd: find(ends, tp)!.offset,
    }
    if (timestamp !== undefined) state.offsetForTime = find(byTime, tp)!.offset
    return state
  })
}

interface JavaPlan { rows: Array<{ group: string, topic: string, partition: number, offset: number }>, warnings: string[] }

/** `--reset-offsets --dry-run`'s table, its LOGGER.warn lines (the sandbox's log4j layout) and its Warn: lines. */
function parseJavaPlan (stdout: string): JavaPlan {
  const plan: JavaPlan = { rows: [], warnings: [] }
  let inTable = false
  for (const line of stdout.split('\n')) {
    const logged = /^\[[^\]]+\] WARN (.*) \(org\.apache\.kafka\.tools\.OffsetsUtils\)$/.exec(line)
    if (logged) plan.warnings.push(logged[1]!)
    else if (line.startsWith('Warn: ')) plan.warnings.push(line)
    else if (/^GROUP\s+TOPIC\s+PARTITION\s+NEW-OFFSET\s*$/.test(line)) inTable = true
    else if (inTable && line.trim() !== '') {
      const cols = line.trim().split(/\s+/)
      assert.equal(cols.length, 4, `a plan row: ${line}`)
      plan.rows.push({ group: cols[0]!, topic: cols[1]!, partition: Number(cols[2]), offset: Number(cols[3]) })
    }
  }
  return plan
}

const sorted = <T>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
const rowsOf = (groups: Array<{ group: string, offsets: Array<{ topic: string, partition: number, offset: number }> }>) =>
  groups.flatMap((g) => g.offsets.map((o) => ({ group: g.group, topic: o.topic, partition: o.partition, offset: o.offset })))

/** What --to-current exports for a group: the committed offset, the log end where nothing is committed. */
async function toCurrent (group: string): Promise<CsvOffset[]> {
  return (await states(group)).map((s) => ({ topic: s.topic, partition: s.partition, offset: s.current ?? s.logEnd }))
}

test('Java\'s --export (one group, several groups, --all-groups) reads back as exactly the committed offsets, and rollgate writes it byte for byte', { timeout: 120_000 }, async () => {
  const { short, long, g1, g2 } = fx
  const scope = ['--topic', short, '--topic', long, '--to-current', '--export', '--dry-run']
  const [one, two, all] = await Promise.all([
    cgcRun(['--group', g1, ...scope]),
    cgcRun(['--group', g1, '--group', g2, ...scope]),
    cgcRun(['--all-groups', ...scope]),
  ])
  const expected = [{ group: g1, offsets: await toCurrent(g1) }, { group: g2, offsets: await toCurrent(g2) }]
  assert.deepEqual(sorted(rowsOf([expected[0]!])), sorted(rowsOf([{ group: g1, offsets: fx.committed.get(g1)! }])), 'g1 committed everywhere')

  // one group: topic,partition,offset, the group given as with --group
  const parsedOne = parseOffsetsCsv(one, 'java-export-one.csv', { group: g1 })
  assert.equal(parsedOne.form, 'topic,partition,offset')
  assert.deepEqual(sorted(rowsOf(parsedOne.groups)), sorted(rowsOf([expected[0]!])))
  // println adds one newline after the rows
  assert.equal(one, formatOffsetsCsv([expected[0]!]) + '\n', 'rollgate writes what Java writes, order and quoting included')
  assert.match(one, new RegExp(`^"${long}",`, 'm'), 'the long topic name is quoted')

  // several groups: group,topic,partition,offset
  const parsedTwo = parseOffsetsCsv(two, 'java-export-two.csv')
  assert.equal(parsedTwo.form, 'group,topic,partition,offset')
  assert.deepEqual(sorted(rowsOf(parsedTwo.groups)), sorted(rowsOf(expected)))
  assert.equal(two, formatOffsetsCsv(expected) + '\n')

  // --all-groups: every group of the cluster is there (and may print errors for active ones); ours read back
  const ours = all.split('\n').filter((line) => line.startsWith(`${g1},`) || line.startsWith(`${g2},`)).join('\n')
  const parsedAll = parseOffsetsCsv(ours, 'java-export-all.csv')
  assert.deepEqual(sorted(rowsOf(parsedAll.groups)), sorted(rowsOf(expected)))
})

test('CSVs rollgate writes go through Java\'s --from-file --dry-run: same offsets, same order, same clamping and warnings as reset-scenarios', { timeout: 120_000 }, async () => {
  const { short, long, g1, g2 } = fx
  // short-1's log starts at 3, short-2 ends at 4, long-0 ends at 5
  const requested = new Map<string, CsvOffset[]>([
    [g1, [{ topic: short, partition: 0, offset: 4 }, { topic: short, partition: 1, offset: 1 }, { topic: short, partition: 2, offset: 100 }, { topic: long, partition: 0, offset: 5 }, { topic: long, partition: 2, offset: 3 }]],
    [g2, [{ topic: short, partition: 1, offset: 0 }, { topic: long, partition: 1, offset: 6 }, { topic: long, partition: 2, offset: 9999 }]],
  ])
  const oneFile = join(fx.dir, 'one.csv')
  const twoFile = join(fx.dir, 'two.csv')
  const oneText = formatOffsetsCsv([{ group: g1, offsets: requested.get(g1)! }])
  const twoText = formatOffsetsCsv([...requested].map(([group, offsets]) => ({ group, offsets })))
  assert.ok(!oneText.includes(g1) && twoText.includes(`${g2},`), 'one group without the group column, two with it')
  writeFileSync(oneFile, oneText)
  writeFileSync(twoFile, twoText)

  const [javaOne, javaTwo] = await Promise.all([
    cgcRun(['--from-file', oneFile, '--dry-run', '--group', g1]),
    cgcRun(['--from-file', twoFile, '--dry-run', '--group', g1, '--group', g2]),
  ])

  for (const [file, text, stdout, groups] of [[oneFile, oneText, javaOne, [g1]], [twoFile, twoText, javaTwo, [g1, g2]]] as const) {
    const parsed = parseOffsetsCsv(text, file, { group: g1 })
    const ours = planReset({
      createdAt: new Date().toISOString(),
      basedOn: `csv:${file}`,
      cluster: 'source',
      scenario: { kind: 'from-file', groups: parsed.groups },
      groups: await Promise.all(groups.map(async (group) => ({ group, partitions: await states(group) }))),
    })
    const java = parseJavaPlan(stdout)
    const ourRows = rowsOf(ours.groups.map((g) => ({ group: g.group, offsets: g.offsets.map((o) => ({ ...o, offset: o.planned })) })))
    assert.deepEqual(sorted(java.rows), sorted(ourRows), `${file}: the planned offsets`)
    // Java prints its plan in HashMap order, the order rollgate writes CSV rows in
    const ourOrder = parseOffsetsCsv(formatOffsetsCsv(rowsToGroups(ourRows), { withGroup: true }), 'order.csv').groups
    assert.deepEqual(java.rows.map((r) => `${r.group} ${r.topic}-${r.partition}`), rowsOf(ourOrder).map((r) => `${r.group} ${r.topic}-${r.partition}`), `${file}: the order`)
    assert.deepEqual(sorted(java.warnings), sorted(ours.warnings), `${file}: the clamping warnings`)
    assert.ok(ours.warnings.length >= 2, 'rows out of range on both sides were clamped')
  }
  // the clamps, spelled out: up to the log start, down to the log end
  const g1Plan = parseJavaPlan(javaOne).rows
  assert.equal(g1Plan.find((r) => r.topic === short && r.partition === 1)?.offset, 3)
  assert.equal(g1Plan.find((r) => r.topic === short && r.partition === 2)?.offset, 4)
})

function rowsToGroups (rows: Array<{ group: string, topic: string, partition: number, offset: number }>) {
  const groups = new Map<string, CsvOffset[]>()
  for (const r of rows) groups.set(r.group, [...(groups.get(r.group) ?? []), { topic: r.topic, partition: r.partition, offset: r.offset }])
  return [...groups].map(([group, offsets]) => ({ group, offsets }))
}

test('every --reset-offsets scenario plans what ConsumerGroupCommand --dry-run plans, warnings included', { timeout: 180_000 }, async () => {
  const { short, long, g2 } = fx
  const utc = (ms: number) => new Date(ms).toISOString().slice(0, -1) // no zone: UTC
  const now = Date.now()
  const scenarios: Array<{ args: string[], scenario: ResetScenario }> = [
    { args: ['--to-offset', '5'], scenario: { kind: 'to-offset', offset: 5 } },
    { args: ['--to-earliest'], scenario: { kind: 'to-earliest' } },
    { args: ['--to-latest'], scenario: { kind: 'to-latest' } },
    { args: ['--to-current'], scenario: { kind: 'to-current' } },
    { args: ['--shift-by', '-2'], scenario: { kind: 'shift-by', shift: -2 } },
    { args: ['--shift-by', '3'], scenario: { kind: 'shift-by', shift: 3 } },
    // in the future: ListOffsets finds nothing, the tool falls back to the log end
    { args: ['--to-datetime', utc(now + 86_400_000)], scenario: { kind: 'to-datetime', datetime: utc(now + 86_400_000) } },
    { args: ['--to-datetime', '2001-01-01T02:00:00.000+02:00'], scenario: { kind: 'to-datetime', datetime: '2001-01-01T02:00:00.000+02:00' } },
    { args: ['--by-duration', 'P1D'], scenario: { kind: 'by-duration', duration: 'P1D' } },
  ]
  // shift-by needs a commit on every partition in scope: g2 has one only on some, so scope to those
  const scopeFor = (s: ResetScenario) => (s.kind === 'shift-by' ? ['--topic', `${short}:0,1`, '--topic', `${long}:0`] : ['--topic', short, '--topic', long])
  const outputs = await Promise.all(scenarios.map(({ args, scenario }) => cgcRun(['--group', g2, ...scopeFor(scenario), ...args, '--dry-run'])))
  for (const [i, { args, scenario }] of scenarios.entries()) {
    const timestamp = listOffsetsTimestamp(scenario, now)
    let partitions = await states(g2, timestamp ?? undefined)
    if (scenario.kind === 'shift-by') partitions = partitions.filter((p) => p.current !== null)
    const ours = planReset({ createdAt: new Date(now).toISOString(), basedOn: 'test', cluster: 'source', scenario, groups: [{ group: g2, partitions }] })
    const java = parseJavaPlan(outputs[i]!)
    const ourRows = ours.groups[0]!.offsets.map((o) => ({ group: g2, topic: o.topic, partition: o.partition, offset: o.planned }))
    assert.deepEqual(sorted(java.rows), sorted(ourRows), `${args.join(' ')}: the planned offsets`)
    assert.deepEqual(sorted(java.warnings), sorted(ours.warnings), `${args.join(' ')}: the warnings`)
  }
  // the scenarios that warn did warn
  const warned = (i: number) => parseJavaPlan(outputs[i]!).warnings.length
  assert.ok(warned(0) > 0, '--to-offset 5 clamps somewhere')
  assert.equal(warned(6), 6, 'a future --to-datetime falls back on every partition')
})
