import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { parseReverseFlow } from './rollback.ts'

test('a reverse flow in MirrorMaker 2\'s notation: the target\'s alias first, spaces tolerated, separator passed through', () => {
  assert.deepEqual(parseReverseFlow('target->src0'), { sourceAlias: 'target', targetAlias: 'src0', separator: '.' })
  assert.deepEqual(parseReverseFlow('  automq.eu-1 -> msk_prod  ', '_'), { sourceAlias: 'automq.eu-1', targetAlias: 'msk_prod', separator: '_' })
})

test('anything else is bad input (exit 2) quoting what was given', () => {
  for (const text of ['target', 'target->', '->src0', 'a->b->c', 'tar get->src0', 'target=>src0', '']) {
    assert.throws(() => parseReverseFlow(text), (error: unknown) => {
      assert.ok(error instanceof RollgateError)
      assert.equal(error.exitCode, 2)
      assert.match(error.message, /--reverse-flow: expected <target alias>-><source alias>/)
      assert.ok(error.message.includes(`got '${text}'`))
      return true
    }, text)
  }
})
