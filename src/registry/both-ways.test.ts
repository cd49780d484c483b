import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type BothWaysEvidence, criticalSubjects, judgeBothWays, onlyOn } from './both-ways.ts'
import { orderV1, orderV2, registry, schemaVersion, subject } from './fixtures.ts'

const breaking = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":0},{"name":"note","type":"string"}]}'
const plan = { schemas: undefined }

/** orders-value with a third version only the target holds. */
function targetWith (text: string) {
  return registry({ subjects: [subject('orders-value', [schemaVersion(1, 11, orderV1), schemaVersion(2, 12, orderV2), schemaVersion(3, 40, text)])] })
}
const source = registry({ subjects: [subject('orders-value', [schemaVersion(1, 11, orderV1), schemaVersion(2, 12, orderV2)])] })

function answered (compatible: boolean, version = 3, messages: string[] = []): BothWaysEvidence {
  const candidate = targetWith(breaking).subjects[0]!.versions[2]!
  return { capturedAt: 'now', questions: [{ subject: 'orders-value', askedOf: 'source', candidate: { version, id: 40, fingerprint: candidate.fingerprint }, against: 2, level: 'BACKWARD', answer: { compatible, messages } }] }
}

test('the subjects of critical topics (TopicNameStrategy) and the named ones', () => {
  assert.deepEqual(criticalSubjects({ schemas: { subjects: [{ names: ['shared-value'] }], bothDirections: true } }, ['orders']), ['orders-key', 'orders-value', 'shared-value'])
})

test('only-on is by content: a copy under another version or ID is held', () => {
  const a = subject('s', [schemaVersion(1, 1, orderV1), schemaVersion(2, 2, orderV2)])
  const b = subject('s', [schemaVersion(5, 99, orderV2)])
  assert.deepEqual(onlyOn(a, b).map((v) => v.version), [1])
  assert.deepEqual(onlyOn(b, a), [])
})

test('a target-only version the source refuses fails, with the registry\'s answer and the local reason', () => {
  const { verdicts } = judgeBothWays(plan, ['orders-value'], { source, target: targetWith(breaking) }, answered(false))
  assert.equal(verdicts.length, 1)
  assert.equal(verdicts[0]!.status, 'fail')
  assert.equal(verdicts[0]!.message, 'target-only version 3 (ID 40) is not compatible with the source\'s version(s) 2 under BACKWARD: the source registry answers incompatible: is_compatible false, no message given; local Avro check: against version 2 (new reads old): Order.note: the reader\'s field note (string) has no default and the writer has no such field')
})

test('the local check fails a version the registry accepted; the registry\'s messages are kept', () => {
  const [v] = judgeBothWays(plan, ['orders-value'], { source, target: targetWith(breaking) }, answered(true)).verdicts
  assert.equal(v!.status, 'fail')
  assert.match(v!.message, /the source registry answers compatible; local Avro check: against version 2/)
  const [w] = judgeBothWays(plan, ['orders-value'], { source, target: targetWith(breaking) }, answered(false, 3, ['READER_FIELD_MISSING_DEFAULT_VALUE note'])).verdicts
  assert.match(w!.message, /answers incompatible: READER_FIELD_MISSING_DEFAULT_VALUE note;/)
})

test('no answers in the evidence: unknown, unless the local check already fails it', () => {
  const compatible = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":0},{"name":"n","type":"string","default":""}]}'
  assert.equal(judgeBothWays(plan, ['orders-value'], { source, target: targetWith(compatible) }, null).verdicts[0]!.status, 'unknown')
  assert.equal(judgeBothWays(plan, ['orders-value'], { source, target: targetWith(breaking) }, null).verdicts[0]!.status, 'fail')
  const stale = answered(true, 7)
  assert.match(judgeBothWays(plan, ['orders-value'], { source, target: targetWith(breaking) }, stale).verdicts[0]!.message, /was not asked about it against version\(s\) 2/)
})

test('a subject only one side has warns about its IDs; bothDirections false leaves target-only versions unjudged; NONE warns', () => {
  const target = registry({ subjects: [subject('new-value', [schemaVersion(1, 77, orderV1)])] })
  const [v] = judgeBothWays(plan, ['new-value'], { source: registry({ subjects: [] }), target }, null).verdicts
  assert.equal(v!.status, 'warn')
  assert.match(v!.message, /not on the source registry at all; records written with it carry schema ID 77/)
  const off = judgeBothWays({ schemas: { bothDirections: false } }, ['orders-value'], { source, target: targetWith(breaking) }, null).verdicts[0]!
  assert.equal(off.status, 'warn')
  const none = { ...source, subjects: [subject('orders-value', source.subjects[0]!.versions, { compatibility: 'NONE' })] }
  assert.match(judgeBothWays(plan, ['orders-value'], { source: none, target: targetWith(breaking) }, null).verdicts[0]!.message, /level is NONE: nothing is checked/)
})

test('identical subjects: no verdict, a summary with nothing cross-only', () => {
  const { verdicts, summaries } = judgeBothWays(plan, ['orders-value', 'absent-value'], { source, target: source }, null)
  assert.deepEqual(verdicts, [])
  assert.deepEqual(summaries, [{ subject: 'orders-value', onSource: true, onTarget: true, targetOnly: 0, sourceOnly: 0 }])
})
