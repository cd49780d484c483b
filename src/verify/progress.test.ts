import assert from 'node:assert/strict'
import { test } from 'node:test'
import { progressLine } from './progress.ts'

test('the progress line: rate and ETA', () => {
  assert.equal(progressLine({ compared: 250_000, expected: 1_000_000, partitionsDone: 3, partitions: 12, elapsedMs: 5000 }),
    'verify 250,000/1,000,000 records (25%)  50,000 records/s  partitions 3/12  elapsed 5s  ETA ~15s')
})
