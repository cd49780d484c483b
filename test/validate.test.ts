/**
 * `rollgate validate` on 25 deliberately broken plans: each gets a precise `file:line:col` message
 * and exit code 2, never a stack trace; the valid base plan passes with exit code 0.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { brokenPlans } from './support/broken-plans.ts'
import { rollgate } from './support/rollgate.ts'

const base = readFileSync(join(import.meta.dirname, 'fixtures', 'base-plan.yaml'), 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'rollgate-validate-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const env = { ROLLGATE_TEST_SECRET: 'not-a-real-secret' }

test('the base plan is valid', async () => {
  const file = join(dir, 'base.yaml')
  writeFileSync(file, base)
  const result = await rollgate(['validate', '--plan', file], { env })
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /valid/)
})

test('25 broken plans', async (t) => {
  assert.equal(brokenPlans.length, 25)
  for (const [i, broken] of brokenPlans.entries()) {
    await t.test(broken.name, async () => {
      assert.equal(base.split(broken.replace[0]).length, 2, 'the mistake is made at exactly one place')
      const file = join(dir, `broken-${i}.yaml`)
      writeFileSync(file, base.replace(broken.replace[0], broken.replace[1]))
      const result = await rollgate(['validate', '--plan', file], { env })
      assert.equal(result.code, 2)
      assert.equal(result.stdout, '')
      const [first] = result.stderr.split('\n')
      const prefix = `rollgate: ${file}:`
      assert.ok(first?.startsWith(prefix), `starts with the file name: ${first}`)
      assert.match(first!.slice(prefix.length), broken.expect)
      assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace')
      assert.doesNotMatch(result.stderr, /hunter2/, 'a literal secret is never echoed')
    })
  }
})
