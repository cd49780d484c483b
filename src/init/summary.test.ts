import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findingsOf } from './findings.ts'
import { discovery } from './fixtures.ts'
import { summaryLines } from './summary.ts'

test('counts, the replication detected and what is left to a person', () => {
  const d = discovery()
  assert.deepEqual(summaryLines(d, findingsOf(d)), [
    '2 topics (5 plumbing left out), 2 groups, 2 subjects, 1 connector',
    'replication mirrormaker2, naming identity (2 same-name, 0 source.<topic> copies on the target); consumer groups default to strategy translate',
    'TODO for a person: 7 runbook fields, 2 group owners, 1 connector',
  ])
})

test('what was not read is said so, not counted as zero', () => {
  const d = discovery({
    source: {
      registry: { status: 'unavailable', url: 'http://registry.source:8081', reason: 'connection refused' },
      connect: undefined,
    },
    target: { topics: [] },
  })
  const [counts, replication] = summaryLines(d, findingsOf(d, { naming: 'prefix' }))
  assert.equal(counts, '2 topics (5 plumbing left out), 2 groups, subjects not read (registry unavailable), connectors not read (no --source-connect or --target-connect)')
  assert.match(replication ?? '', /^replication mirrormaker2, naming prefix \(from --naming; 0 same-name/)
})

test('no replication', () => {
  const d = discovery({ source: { topics: [{ name: 'orders', partitions: 1 }] }, target: { topics: [] } })
  assert.match(summaryLines(d, findingsOf(d))[1] ?? '', /^replication none .*strategy reset-earliest$/)
})
