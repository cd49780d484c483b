import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { RollgateError } from '../errors.ts'
import { parsePlan } from './load.ts'
import { flowTooDeep, maxPlanDepth, nodeTooDeep } from './nesting.ts'

const full = readFileSync(join(import.meta.dirname, 'fixtures', 'full.yaml'), 'utf8')

test('flow nesting up to the limit passes; one bracket more is found where it opens', () => {
  assert.equal(flowTooDeep(full), undefined)
  assert.equal(flowTooDeep(`a: ${'['.repeat(maxPlanDepth)}${']'.repeat(maxPlanDepth)}`), undefined)
  assert.equal(flowTooDeep(`a: ${'['.repeat(maxPlanDepth + 1)}`), 3 + maxPlanDepth)
  // siblings do not add up: depth is what is open at once
  assert.equal(flowTooDeep(`a: [${'[], '.repeat(500)}]`), undefined)
})

test('brackets in quoted scalars and comments are not nesting; an apostrophe in a plain value opens no quote', () => {
  const many = '['.repeat(200)
  assert.equal(flowTooDeep(`a: "${many}"\nb: '${many}'\n# ${many}\nc: x # ${many}\n`), undefined)
  assert.equal(flowTooDeep(`a: "\\"${many}"\nb: 'it''s ${many}'\n`), undefined)
  const afterApostrophe = `note: source's retention\nb: ${many}`
  assert.equal(flowTooDeep(afterApostrophe), afterApostrophe.indexOf('[') + maxPlanDepth)
})

test('block nesting beyond the limit is found in the parsed document', () => {
  const deep = Array.from({ length: maxPlanDepth + 2 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n'
  assert.equal(nodeTooDeep(parseDocument(full)), undefined)
  assert.notEqual(nodeTooDeep(parseDocument(deep)), undefined)
})

test('a plan nested 200,000 levels deep is refused at once with its position, not parsed for seconds', () => {
  const text = `version: 1\nrollbackWindow: ${'['.repeat(200_000)}1${']'.repeat(200_000)}\n`
  const started = Date.now()
  assert.throws(() => parsePlan(text, 'deep.yaml'), (error: unknown) =>
    error instanceof RollgateError && error.exitCode === 2 &&
    error.message === `deep.yaml:2:${17 + maxPlanDepth}: nested more than ${maxPlanDepth} levels deep, where a plan needs a few (an unclosed bracket?)`)
  assert.ok(Date.now() - started < 1_000, `${Date.now() - started} ms`)
})
