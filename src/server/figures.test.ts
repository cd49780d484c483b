import assert from 'node:assert/strict'
import { test } from 'node:test'
import { figures, numericFigures } from './figures.ts'

test('figures: scalars by dotted path, lists by length, nested objects down to the depth', () => {
  const doc = { id: 'r1', measurement: { status: 'pass', restoreMs: 1200, duplicates: { total: 3, deep: { tooDeep: 1 } } }, timeline: [1, 2, 3], ok: true, nothing: null }
  assert.deepEqual(figures(doc), [
    { name: 'id', value: 'r1' },
    { name: 'measurement.status', value: 'pass' },
    { name: 'measurement.restoreMs', value: 1200 },
    { name: 'measurement.duplicates.total', value: 3 },
    { name: 'timeline[]', value: 3 },
    { name: 'ok', value: true },
    { name: 'nothing', value: null },
  ])
  assert.deepEqual(numericFigures(figures(doc)), [
    { name: 'measurement.restoreMs', value: 1200 }, { name: 'measurement.duplicates.total', value: 3 }, { name: 'timeline[]', value: 3 }, { name: 'ok', value: 1 },
  ])
})

test('figures never throw, whatever the document: not an object, huge, long strings', () => {
  assert.deepEqual(figures(null), [{ name: 'value', value: null }])
  assert.deepEqual(figures('text'), [{ name: 'value', value: 'text' }])
  assert.deepEqual(figures([1, 2]), [{ name: 'value[]', value: 2 }])
  assert.deepEqual(figures(undefined), [])
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]))
  assert.equal(figures(many).length, 60)
  assert.equal(String(figures({ s: 'x'.repeat(1000) })[0]!.value).length, 201)
})
