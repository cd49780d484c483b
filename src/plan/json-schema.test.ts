import assert from 'node:assert/strict'
import { test } from 'node:test'
import { planJsonSchema } from './json-schema.ts'
import { secretFields, secretReferencePattern } from './references.ts'

test('the JSON Schema is plain JSON describing the plan as written', () => {
  const schema = JSON.parse(JSON.stringify(planJsonSchema())) as { properties: Record<string, unknown>, required: string[], additionalProperties: boolean }
  assert.deepEqual(Object.keys(schema.properties), [
    'version', 'name', 'clusters', 'replication', 'rollbackWindow', 'topics', 'groups', 'schemas',
    'connectors', 'clients', 'invariants', 'rollback', 'runbook', 'gates',
  ])
  assert.deepEqual(schema.required, ['version', 'clusters', 'replication', 'rollbackWindow', 'topics', 'runbook'])
  assert.equal(schema.additionalProperties, false)
})

test('exactly the secret fields require a reference in the JSON Schema', () => {
  const found = new Set<string>()
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    const properties = (node as { properties?: Record<string, { pattern?: string }> }).properties ?? {}
    for (const [key, value] of Object.entries(properties)) {
      if (value.pattern === secretReferencePattern.source) found.add(key)
    }
    Object.values(node).forEach(walk)
  }
  walk(planJsonSchema())
  assert.deepEqual(found, new Set(secretFields))
})
