import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AvroSchemaError, avroCompatible, parseAvro, problemText, readIncompatibilities } from './avro-compat.ts'

const rec = (name: string, fields: unknown[], extra: object = {}) => JSON.stringify({ type: 'record', name, namespace: 'shop', fields, ...extra })
const reads = (reader: string, writer: string) => readIncompatibilities(parseAvro(reader), parseAvro(writer))

test('a reader field missing from the writer needs a default', () => {
  const v1 = rec('Order', [{ name: 'id', type: 'string' }])
  const noDefault = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }])
  const withDefault = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int', default: 0 }])
  assert.deepEqual(reads(noDefault, v1), [{ path: 'Order.qty', message: 'the reader\'s field qty (int) has no default and the writer has no such field' }])
  assert.deepEqual(reads(withDefault, v1), [])
  // a field the reader does not know is skipped
  assert.deepEqual(reads(v1, noDefault), [])
})

test('primitive promotions go one way only; string and bytes both ways', () => {
  const of = (type: string) => rec('R', [{ name: 'x', type }])
  assert.deepEqual(reads(of('long'), of('int')), [])
  assert.deepEqual(reads(of('double'), of('float')), [])
  assert.deepEqual(reads(of('bytes'), of('string')), [])
  assert.deepEqual(reads(of('string'), of('bytes')), [])
  assert.deepEqual(reads(of('int'), of('long')), [{ path: 'R.x', message: 'the writer\'s long cannot be read as the reader\'s int' }])
  assert.equal(reads(of('string'), of('int')).length, 1)
})

test('unions: every writer branch must be readable; a reader union needs one branch that reads the writer', () => {
  const of = (type: unknown) => rec('R', [{ name: 'x', type }])
  assert.deepEqual(reads(of(['null', 'string']), of('string')), [])
  assert.deepEqual(reads(of(['null', 'long']), of('int')), [], 'promotion into a union branch')
  assert.deepEqual(reads(of('string'), of(['null', 'string'])), [{ path: 'R.x', message: 'the writer\'s null cannot be read as the reader\'s string' }])
  assert.deepEqual(reads(of(['null', 'string', 'int']), of(['null', 'string'])), [])
  assert.match(reads(of(['null', 'string']), of(['null', 'int']))[0]!.message, /has no branch that reads the writer's int/)
})

test('enums: writer symbols unknown to the reader need a reader default', () => {
  const e = (symbols: string[], def?: string) => JSON.stringify({ type: 'enum', name: 'Colour', symbols, ...(def ? { default: def } : {}) })
  assert.deepEqual(reads(e(['RED', 'GREEN', 'BLUE']), e(['RED', 'GREEN'])), [])
  assert.deepEqual(reads(e(['RED']), e(['RED', 'GREEN'])), [{ path: '(root)', message: 'enum Colour: the writer\'s symbol(s) GREEN are not in the reader, which has no default' }])
  assert.deepEqual(reads(e(['RED', 'UNKNOWN'], 'UNKNOWN'), e(['RED', 'GREEN'])), [])
})

test('named types match by unqualified name or reader alias; fixed sizes must agree', () => {
  assert.equal(reads(rec('Order', []), rec('Invoice', [])).length, 1)
  assert.deepEqual(reads(rec('Order', [], { aliases: ['Invoice'] }), rec('Invoice', [])), [])
  assert.deepEqual(reads(JSON.stringify({ type: 'record', name: 'a.Order', fields: [] }), JSON.stringify({ type: 'record', name: 'b.Order', fields: [] })), [])
  const fixed = (size: number) => JSON.stringify({ type: 'fixed', name: 'Md5', size })
  assert.deepEqual(reads(fixed(16), fixed(16)), [])
  assert.match(reads(fixed(16), fixed(20))[0]!.message, /size 20 in the writer and 16 in the reader/)
})

test('field aliases, arrays, maps and nested records are resolved with their paths', () => {
  const writer = rec('Order', [{ name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } }, { name: 'tags', type: { type: 'map', values: 'int' } }])
  const reader = rec('Order', [{ name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }] } } }, { name: 'labels', aliases: ['tags'], type: { type: 'map', values: 'string' } }])
  assert.deepEqual(reads(reader, writer).map((i) => i.path), ['Order.lines[].qty', 'Order.labels{}'])
})

test('recursive records terminate', () => {
  const list = (extra: unknown[]) => JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'value', type: 'int' }, { name: 'next', type: ['null', 'Node'] }, ...extra] })
  assert.deepEqual(reads(list([]), list([])), [])
  assert.equal(reads(list([{ name: 'extra', type: 'string' }]), list([])).length, 1)
})

test('a schema naming a type it does not define cannot be checked', () => {
  assert.throws(() => parseAvro(rec('Order', [{ name: 'customer', type: 'shop.Customer' }])), AvroSchemaError)
})

test('compatibility levels: BACKWARD, FORWARD, FULL and transitive variants', () => {
  const v1 = rec('Order', [{ name: 'id', type: 'string' }])
  const v2 = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int', default: 0 }])
  const dropId = rec('Order', [{ name: 'qty', type: 'int', default: 0 }])
  const addRequired = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int', default: 0 }, { name: 'note', type: 'string' }])
  const history = [{ version: 1, schema: v1 }, { version: 2, schema: v2 }]
  // adding a required field: the new schema cannot read old data (BACKWARD), old readers ignore it (FORWARD)
  assert.equal(avroCompatible('BACKWARD', addRequired, history).compatible, false)
  assert.equal(avroCompatible('FORWARD', addRequired, history).compatible, true)
  assert.equal(avroCompatible('FULL', addRequired, history).compatible, false)
  // removing a field without default: new reads old (BACKWARD ok), old cannot read new (FORWARD fails)
  assert.equal(avroCompatible('BACKWARD', dropId, history).compatible, true)
  const forward = avroCompatible('FORWARD', dropId, history)
  assert.equal(forward.compatible, false)
  assert.equal(problemText(forward), 'against version 2 (old reads new): Order.id: the reader\'s field id (string) has no default and the writer has no such field')
  // transitive: against every version, not only the latest
  const v3 = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }])
  const history3 = [...history, { version: 3, schema: v3 }]
  const v4 = rec('Order', [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }])
  assert.equal(avroCompatible('BACKWARD', v4, history3).compatible, true)
  const transitive = avroCompatible('BACKWARD_TRANSITIVE', v4, history3)
  assert.deepEqual(transitive.problems.map((p) => p.version), [1])
  assert.equal(avroCompatible('NONE', addRequired, history).compatible, true)
  assert.equal(avroCompatible('BACKWARD', addRequired, []).compatible, true, 'a first version is compatible with nothing')
  assert.throws(() => avroCompatible('SIDEWAYS', v1, history), AvroSchemaError)
})
