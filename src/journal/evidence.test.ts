import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { EvidenceStore } from './evidence.ts'

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

function store (): EvidenceStore {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-evidence-')))
  return new EvidenceStore(made.at(-1)!)
}

test('evidence round-trips under its content hash, once however often it is stored', () => {
  const evidence = store()
  const id = evidence.put({ cluster: 'source', topics: [{ name: 'orders', partitions: 6 }] })
  assert.match(id, /^[0-9a-f]{64}$/)
  assert.equal(evidence.put({ topics: [{ partitions: 6, name: 'orders' }], cluster: 'source' }), id)
  assert.deepEqual(evidence.get(id), { cluster: 'source', topics: [{ name: 'orders', partitions: 6 }] })
  assert.deepEqual(readdirSync(evidence.dir), [`${id}.json.gz`])
})

test('altered evidence fails its hash check on read; unknown ids are refused', () => {
  const evidence = store()
  const id = evidence.put({ lag: 0 })
  writeFileSync(join(evidence.dir, `${id}.json.gz`), gzipSync('{"lag":1000}'))
  assert.throws(() => evidence.get(id), { code: 'RG_JOURNAL_EVIDENCE_CORRUPT' })
  writeFileSync(join(evidence.dir, `${id}.json.gz`), 'not gzip')
  assert.throws(() => evidence.get(id), { code: 'RG_JOURNAL_EVIDENCE_CORRUPT' })
  assert.throws(() => evidence.get('b'.repeat(64)), { code: 'RG_JOURNAL_EVIDENCE_MISSING' })
  assert.throws(() => evidence.get('../../etc/passwd'), { code: 'RG_JOURNAL_EVIDENCE_MISSING' })
})

test('a read-only store reads but refuses to store', () => {
  const writable = store()
  const id = writable.put({ lag: 0 })
  const readOnly = new EvidenceStore(writable.dir, { readOnly: true })
  assert.deepEqual(readOnly.get(id), { lag: 0 })
  assert.throws(() => readOnly.put({ lag: 1 }), { code: 'RG_JOURNAL_REFUSED' })
  assert.deepEqual(readdirSync(writable.dir), [`${id}.json.gz`])
})
