/**
 * Integration: offset translation on the sandbox's real MirrorMaker 2 flows — the main flow (the
 * sandbox's naming, offset.lag.max=100) and the `lag0-` flow (prefix naming, a sync per record).
 * The truth is computed independently from record contents (every value is unique): a translation
 * is never ahead of the true copy; `exact` lands on it with its proof; `translate` re-reads no more
 * than MirrorMaker 2's own checkpoint; the reverse direction is never ahead on the source either.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { OffsetTranslation, PartitionTranslation } from '../src/offsets/types.ts'
import { lag0Flow } from '../src/sandbox/layout.ts'
import { consumeAndCommit } from '../src/sandbox/traffic.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, produce, sandbox, unique } from './support/sandbox.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const partitions = [0, 1, 2]
const perPartition = 350
// `lag0-` topics are copied by both flows: identity/prefix per the main flow, and `src0.` by the lag0 flow
const topic = unique('lag0-tr')
const group = unique('lag0-tr-group')

interface Flow { name: string, naming: 'identity' | 'prefix', sourceAlias: string, targetAlias: string, copy: string }

function flows (): Flow[] {
  const sb = sandbox()
  return [
    { name: `main flow (${sb.naming}, offset.lag.max=100)`, naming: sb.naming, sourceAlias: 'source', targetAlias: 'target', copy: sb.naming === 'identity' ? topic : `source.${topic}` },
    { name: 'lag0 flow (prefix, offset.lag.max=0)', naming: 'prefix', sourceAlias: lag0Flow.sourceAlias, targetAlias: lag0Flow.targetAlias, copy: `${lag0Flow.sourceAlias}.${topic}` },
  ]
}

/** value → offset, per partition, of a topic on one cluster. */
async function offsetsByValue (bootstrap: string, name: string, topicName: string): Promise<Map<number, Map<string, number>>> {
  const client = new ClusterClient({ name, bootstrap: [bootstrap] })
  const reader = client.rangeReader()
  const out = new Map<number, Map<string, number>>()
  try {
    for (const p of partitions) {
      const byValue = new Map<string, number>()
      for await (const r of reader.read(topicName, p, 0, Number.MAX_SAFE_INTEGER)) {
        const v = r.value!.toString()
        if (!byValue.has(v)) byValue.set(v, r.offset) // first copy
      }
      out.set(p, byValue)
    }
  } finally {
    await reader.close()
    await client.close()
  }
  return out
}

function planFor (flow: Flow, strategy: string, extra: { groups?: string } = {}): string {
  const sb = sandbox()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-offsets-'))
  dirs.push(dir)
  const file = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], groups: [{ name: extra.groups ?? group, strategy }], naming: flow.naming })
  // the flow's aliases name its offset-syncs and checkpoints topics
  writeFileSync(file, readFileSync(file, 'utf8').replace(/replication: \{ kind: mirrormaker2, naming: (\w+) \}/, `replication: { kind: mirrormaker2, naming: $1, sourceAlias: ${flow.sourceAlias}, targetAlias: ${flow.targetAlias} }`))
  return file
}

async function translate (plan: string, direction = 'source-to-target'): Promise<OffsetTranslation> {
  const result = await rollgate(['offsets', 'translate', '--direction', direction, '--format', 'json', '--plan', plan])
  assert.equal(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as OffsetTranslation
}

let committed: Map<number, number>

before(async () => {
  const sb = sandbox()
  const admin = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: partitions.length, replicas: 1 })
  } finally {
    await admin.close()
  }
  await produce(sb.source, partitions.map((partition) => ({ topic, partition, count: perPartition })))
  // a real consumer processes part of the topic and commits
  await consumeAndCommit(sb.source, group, [topic], 640)
  const source = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
  try {
    committed = new Map(((await source.committedOffsets([group])).get(group) ?? []).map((o) => [o.partition, o.offset]))
    assert.ok(committed.size > 0, 'the group committed')
    // both flows copied everything, and wrote checkpoints for the group's commits (main: checkpoints; lag0: same group on src0.)
    for (const flow of flows()) {
      await eventually(`${flow.copy} complete on the target`, 120_000, async () => {
        if (!(await target.listTopics()).includes(flow.copy)) return undefined
        const ends = await target.offsets(partitions.map((partition) => ({ topic: flow.copy, partition })), 'latest')
        return ends.every((e) => e.offset >= perPartition) ? true : undefined
      })
    }
    await eventually('MirrorMaker 2 checkpoints at the committed offsets in both flows', 120_000, async () => {
      for (const flow of flows()) {
        const t = await translate(planFor(flow, 'translate'))
        const ok = t.partitions.every((p) => p.from === null || (p.mm2Checkpoint !== null && p.mm2Checkpoint.upstream === p.from))
        if (!ok) return undefined
      }
      return true
    })
  } finally {
    await Promise.all([source.close(), target.close()])
  }
})

for (const index of [0, 1]) {
  test(`source-to-target on the ${['main', 'lag0'][index]} flow: never ahead, exact proven, translate no worse than MirrorMaker 2`, { timeout: 240_000 }, async () => {
    const sb = sandbox()
    const flow = flows()[index]!
    const [src, dst] = await Promise.all([offsetsByValue(sb.source, 'source', topic), offsetsByValue(sb.target, 'target', flow.copy)])
    /** the true position on the target: right after the first copy of the source record at c-1 */
    const truth = (p: number, c: number): number => {
      if (c === 0) return 0
      const value = [...src.get(p)!].find(([, o]) => o === c - 1)![0]
      return dst.get(p)!.get(value)! + 1
    }
    const byPartition = (t: OffsetTranslation) => new Map(t.partitions.map((x) => [x.partition, x] as [number, PartitionTranslation]))
    const safe = byPartition(await translate(planFor(flow, 'translate')))
    const exact = byPartition(await translate(planFor(flow, 'exact')))
    for (const [p, c] of committed) {
      const s = safe.get(p)!
      const e = exact.get(p)!
      const t = truth(p, c)
      assert.equal(s.from, c)
      assert.equal(s.toTopic, flow.copy, 'the copy is named by the flow\'s policy')
      assert.ok(s.to !== null && s.to <= t, `${flow.name} p${p}: translate ${s.to} is never ahead of the true copy ${t}`)
      assert.ok(s.mm2Checkpoint !== null && s.mm2Checkpoint.upstream === c)
      assert.ok(s.to >= s.mm2Checkpoint.downstream, `p${p}: translate re-reads no more than MirrorMaker 2 (${s.to} >= ${s.mm2Checkpoint.downstream})`)
      assert.ok(s.replay !== null && t - s.to <= s.replay, `p${p}: the true replay ${t - s.to} is within the reported bound ${s.replay}`)
      assert.equal(e.method, 'content-proof', `p${p}: ${e.note}`)
      assert.equal(e.to, t, `${flow.name} p${p}: exact lands on the true copy`)
      assert.equal(e.replay, 0)
      assert.equal(e.proof?.from.offset, c - 1)
      assert.equal(e.proof?.to.offset, t - 1)
      assert.equal(e.proof?.from.digest, e.proof?.to.digest)
    }
  })

  test(`target-to-source on the ${['main', 'lag0'][index]} flow: never ahead on the source`, { timeout: 240_000 }, async () => {
    const sb = sandbox()
    const flow = flows()[index]!
    const target = new ClusterClient({ name: 'target', bootstrap: [sb.target] })
    let onTarget: Map<number, number>
    try {
      // MirrorMaker 2 (sync.group.offsets) gave the group a position on the target: roll it back
      onTarget = await eventually('the group\'s offsets on the target copy', 60_000, async () => {
        const list = ((await target.committedOffsets([group])).get(group) ?? []).filter((o) => o.topic === flow.copy)
        return list.length === committed.size ? new Map(list.map((o) => [o.partition, o.offset])) : undefined
      })
    } finally {
      await target.close()
    }
    const [src, dst] = await Promise.all([offsetsByValue(sb.source, 'source', topic), offsetsByValue(sb.target, 'target', flow.copy)])
    const truth = (p: number, d: number): number => {
      if (d === 0) return 0
      const value = [...dst.get(p)!].filter(([, o]) => o <= d - 1).sort((a, b) => b[1] - a[1])[0]![0]
      return src.get(p)!.get(value)! + 1
    }
    for (const strategy of ['translate', 'exact']) {
      const t = await translate(planFor(flow, strategy), 'target-to-source')
      for (const x of t.partitions.filter((y) => y.topic === flow.copy)) {
        const d = onTarget.get(x.partition)!
        assert.equal(x.from, d)
        assert.equal(x.toTopic, topic)
        const truthAt = truth(x.partition, d)
        assert.ok(x.to !== null && x.to <= truthAt, `${strategy} p${x.partition}: ${x.to} never ahead of ${truthAt} on the source`)
        if (strategy === 'exact') assert.equal(x.to, truthAt, `exact p${x.partition}: ${x.note}`)
      }
    }
  })
}
