import assert from 'node:assert/strict'
import { test } from 'node:test'
import { recs } from './fixtures.ts'
import { preview, previewText, summarize } from './preview.ts'

test('previews: printable text as UTF-8, anything else as hex, cut with an ellipsis, null as null', () => {
  assert.deepEqual(preview(Buffer.from('hello')), { text: 'hello', encoding: 'utf8', length: 5 })
  assert.deepEqual(preview(Buffer.from([0, 1, 255])), { text: '0001ff', encoding: 'hex', length: 3 })
  assert.equal(preview(Buffer.from('x'.repeat(60))).text, `${'x'.repeat(48)}…`)
  assert.equal(previewText(preview(null)), 'null')
  assert.equal(previewText(preview(Buffer.from([7]))), '0x07')
})

test('two records differing past the preview: each preview starts just before the first difference', () => {
  const long = 'h'.repeat(40)
  const [a, b] = [
    recs(0, [{ key: 'k', value: `${'v'.repeat(60)}A`, headers: [['trace', `${long}1`]] }])[0]!,
    recs(0, [{ key: 'k', value: `${'v'.repeat(60)}B`, headers: [['trace', `${long}2`]] }])[0]!,
  ]
  const [sa, sb] = [summarize(a, b), summarize(b, a)]
  assert.notEqual(sa.value.text, sb.value.text)
  assert.match(sa.value.text, /^…v+A$/)
  assert.match(sb.headers[0]!.value.text, /^…h+2$/)
  // the key is the same: shown from its start; without the other record, every preview starts at 0
  assert.equal(sa.key.text, 'k')
  assert.equal(summarize(a).value.text, `${'v'.repeat(48)}…`)
})
