/**
 * @module plan/json-schema
 * The JSON Schema of `rollgate.yaml` as written (durations and secret references as strings), printed
 * by `rollgate schema` so editors validate a plan while it is typed. Draft-07: the draft YAML editors
 * support best.
 */
import { z } from 'zod'
import { secretReferencePattern } from './references.ts'
import { planSchema } from './schema.ts'

export function planJsonSchema (): Record<string, unknown> {
  // The one custom type, a secret, carries its JSON form (a reference pattern) as metadata.
  const schema = z.toJSONSchema(planSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' })
  return {
    ...allowReferences(schema) as object,
    title: 'rollgate plan',
    description: 'A rollback-first Kafka migration plan (rollgate.yaml), version 1.',
  }
}

/**
 * The schema checks values after `${env:…}`/`${file:…}` resolution, but an editor sees the text
 * before it: a formatted string (host:port, URL, duration) may instead contain a reference.
 */
function allowReferences (node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowReferences)
  if (node === null || typeof node !== 'object') return node
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, allowReferences(value)]))
  const formatted = schema.type === 'string' && (schema.pattern !== undefined || schema.format !== undefined)
  if (!formatted || schema.pattern === secretReferencePattern.source) return schema
  const own: Record<string, unknown> = {}
  for (const key of ['pattern', 'format']) {
    if (key in schema) own[key] = schema[key]
    delete schema[key]
  }
  return { ...schema, anyOf: [own, { pattern: '\\$\\{(?:env|file):[^}]+\\}' }] }
}
