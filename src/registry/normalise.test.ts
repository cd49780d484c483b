import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normaliseSchema, schemaFingerprint } from './normalise.ts'

test('avro: whitespace and key order do not matter, field order does', () => {
  const a = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":0}]}'
  const b = `{
    "name": "Order", "type": "record",
    "fields": [ { "type": "string", "name": "id" }, { "default": 0, "name": "qty", "type": "int" } ]
  }`
  assert.equal(normaliseSchema('AVRO', a), normaliseSchema('AVRO', b))
  const swapped = '{"type":"record","name":"Order","fields":[{"name":"qty","type":"int","default":0},{"name":"id","type":"string"}]}'
  assert.notEqual(normaliseSchema('AVRO', a), normaliseSchema('AVRO', swapped))
})

test('avro: {"type": primitive} is the primitive (registries store either), also nested', () => {
  assert.equal(normaliseSchema('AVRO', '{"type":"string"}'), '"string"')
  assert.equal(normaliseSchema('AVRO', '{"type":"record","name":"A","fields":[{"name":"a","type":{"type":"long"}}]}'),
    normaliseSchema('AVRO', '{"type":"record","name":"A","fields":[{"name":"a","type":"long"}]}'))
  // with another key it is not the short form (a logical type changes meaning)
  assert.equal(normaliseSchema('AVRO', '{"type":"long","logicalType":"timestamp-millis"}'), '{"logicalType":"timestamp-millis","type":"long"}')
  // a doc is kept: it is part of the schema
  assert.notEqual(normaliseSchema('AVRO', '{"type":"record","name":"A","doc":"x","fields":[]}'), normaliseSchema('AVRO', '{"type":"record","name":"A","fields":[]}'))
})

test('json schema: key order and whitespace only; {"type":"string"} stays an object', () => {
  assert.equal(normaliseSchema('JSON', '{ "type": "object", "properties": { "a": { "type": "string" } } }'), '{"properties":{"a":{"type":"string"}},"type":"object"}')
})

test('protobuf: comments and insignificant whitespace removed, strings kept', () => {
  const a = `syntax = "proto3";
// orders
message Order {
  string id = 1; /* the id */
  int32 qty = 2 [deprecated = true];
  string note = 3 [json_name = "a  // b"];
}`
  const b = 'syntax="proto3"; message Order{string id=1;int32 qty=2[deprecated=true];string note=3[json_name="a  // b"];}'
  assert.equal(normaliseSchema('PROTOBUF', a), normaliseSchema('PROTOBUF', b))
  assert.equal(normaliseSchema('PROTOBUF', b), 'syntax="proto3";message Order{string id=1;int32 qty=2[deprecated=true];string note=3[json_name="a  // b"];}')
  assert.notEqual(normaliseSchema('PROTOBUF', b), normaliseSchema('PROTOBUF', b.replace('qty=2', 'qty=3')))
})

test('text that does not parse is compared trimmed; fingerprints are sha256 hex', () => {
  assert.equal(normaliseSchema('AVRO', '  not json '), 'not json')
  assert.match(schemaFingerprint('"string"'), /^[0-9a-f]{64}$/)
  assert.equal(schemaFingerprint('"string"'), schemaFingerprint('"string"'))
})
