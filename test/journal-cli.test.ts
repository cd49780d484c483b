/**
 * `rollgate log` and `rollgate journal verify` through the real CLI, on a state dir written by the
 * journal module: the listing, and verify catching an edited, a deleted and a swapped entry
 * (ISSUE 3, "Must show"). Needs no cluster.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { commandActor, type Entry, openStateDir, withIntent } from '../src/journal/index.ts'
import { rollgate } from './support/rollgate.ts'

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

/** A state dir beside a plan path (the plan itself is never written) holding seven entries. */
async function recorded (): Promise<{ plan: string, dir: string, journal: string }> {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-journal-cli-')))
  const plan = join(made.at(-1)!, 'rollgate.yaml')
  const dir = join(made.at(-1)!, '.rollgate')
  const state = await openStateDir(dir, { actor: commandActor(['gate', '--all']) })
  try {
    const { journal, evidence } = state
    journal.append('phase', { from: null, to: 'prepare' })
    const evidenceId = evidence.put({ source: { topics: 3 }, target: { topics: 3 } })
    journal.append('evidence', { evidenceId, kind: 'snapshot', summary: 'source 3 topics, target 3 topics' })
    journal.append('gate', { gate: 'pre-replication', status: 'pass', evidenceId, checks: { pass: 4, warn: 0, fail: 0, unknown: 0 }, resultId: evidence.put({ gate: 'pre-replication', status: 'pass' }) })
    await withIntent(journal, { actionId: 'a1', action: 'topic.create', changes: [{ subject: 'topic orders', before: null, after: { partitions: 6 } }] }, () => {})
    journal.append('phase', { from: 'prepare', to: 'replicating', forced: true, reason: 'MM2 lag is a metrics artefact' })
    journal.append('note', { decision: 'advance to replicating although gate replication is fail', reason: 'MM2 lag is a metrics artefact' })
  } finally {
    state.close()
  }
  return { plan, dir, journal: join(dir, 'journal.jsonl') }
}

test('log lists every entry oldest first, from the state dir beside a plan that does not exist', async () => {
  const { plan } = await recorded()
  const json = await rollgate(['log', '--format', 'json', '--plan', plan])
  assert.equal(json.code, 0, json.stderr)
  const entries = JSON.parse(json.stdout) as Entry[]
  assert.deepEqual(entries.map((entry) => [entry.seq, entry.type]), [
    [1, 'phase'], [2, 'evidence'], [3, 'gate'], [4, 'intent'], [5, 'outcome'], [6, 'phase'], [7, 'note'],
  ])
  assert.ok(entries.every((entry) => entry.actor.endsWith(' rollgate gate --all')))
  assert.deepEqual(Object.keys(entries[0]!), ['seq', 'ts', 'actor', 'type', 'data', 'prev', 'hash'])

  const newestPhase = await rollgate(['log', '--format', 'json', '--plan', plan, '--type', 'phase', '--limit', '1'])
  assert.deepEqual((JSON.parse(newestPhase.stdout) as Entry[]).map((entry) => entry.seq), [6])

  const table = await rollgate(['log', '--plan', plan])
  assert.equal(table.code, 0, table.stderr)
  const lines = table.stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^SEQ\s+TS\s+ACTOR\s+TYPE\s+SUMMARY$/)
  assert.equal(lines.length, 8)
  assert.match(lines[6]!, /^6\s+\S+Z\s+\S+@\S+\s+phase\s+prepare -> replicating FORCED: MM2 lag is a metrics artefact$/)

  const bad = await rollgate(['log', '--plan', plan, '--limit', '0'])
  assert.equal(bad.code, 2)
})

test('journal verify passes an intact journal and names the seq of an edited, deleted or swapped entry', async () => {
  const { dir, journal } = await recorded()
  const verify = () => rollgate(['journal', 'verify', '--state-dir', dir])
  const intact = readFileSync(journal, 'utf8')
  const lines = intact.split('\n').slice(0, -1)

  const ok = await verify()
  assert.equal(ok.code, 0, ok.stderr)
  assert.match(ok.stdout, /^journal ok: 7 entries, chain intact; last seq 7, hash [0-9a-f]{64}\n$/)

  writeFileSync(journal, intact.replace('"status":"pass"', '"status":"fail"'))
  const edited = await verify()
  assert.equal(edited.code, 1)
  assert.match(edited.stdout, /^journal broken at seq 3 \(tampered\)/)
  // log still lists it, and says the chain is broken
  const log = await rollgate(['log', '--state-dir', dir])
  assert.equal(log.code, 0)
  assert.match(log.stderr, /chain is broken at seq 3 \(tampered\)/)

  writeFileSync(journal, lines.toSpliced(1, 1).join('\n') + '\n')
  const deleted = await verify()
  assert.equal(deleted.code, 1)
  assert.match(deleted.stdout, /^journal broken at seq 2 \(missing\)/)

  writeFileSync(journal, [...lines.slice(0, 3), lines[4], lines[3], ...lines.slice(5)].join('\n') + '\n')
  const swapped = await verify()
  assert.equal(swapped.code, 1)
  assert.match(swapped.stdout, /^journal broken at seq 4 \(reordered\)/)

  const json = await rollgate(['journal', 'verify', '--state-dir', dir, '--format', 'json'])
  assert.equal(json.code, 1)
  assert.deepEqual({ ...JSON.parse(json.stdout), message: undefined }, { journal, ok: false, seq: 4, line: 4, reason: 'reordered', message: undefined })
})

test('with nothing recorded, log and journal verify exit 2 saying so, and create nothing', async () => {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-journal-cli-')))
  const plan = join(made.at(-1)!, 'rollgate.yaml')
  const dir = join(made.at(-1)!, '.rollgate')
  for (const args of [['log'], ['journal', 'verify']]) {
    const result = await rollgate([...args, '--plan', plan])
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
    assert.equal(result.stderr, `rollgate: no journal in ${dir}; nothing has been recorded yet\n`)
  }
  assert.equal(existsSync(dir), false)
})
