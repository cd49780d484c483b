import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { Secret } from '../plan/secret.ts'
import { judge, parseNumber, probe } from './invariants.ts'

test('a probe answers with a number, the whole of its output', () => {
  assert.equal(parseNumber(' 42\n'), 42)
  assert.equal(parseNumber('-1.5e3'), -1500)
  assert.equal(parseNumber('42 orders'), null)
  assert.equal(parseNumber(''), null)
  assert.equal(parseNumber('NaN'), null)
})

test('a command: its number, or why there is none — output redacted of the plan\'s secrets', async () => {
  const secret = new Secret('hunter2')
  assert.deepEqual((await probe({ command: 'echo 1041' }, 5000, [secret])).value, 1041)
  const leak = await probe({ command: 'echo "password hunter2"; exit 3' }, 5000, [secret])
  assert.equal(leak.value, null)
  assert.match(leak.error!, /exited with code 3/)
  assert.equal(leak.output, 'password [redacted]')
  const notNumber = await probe({ command: 'echo hunter2' }, 5000, [secret])
  assert.equal(notNumber.error, 'did not print a number')
  assert.equal(notNumber.output, '[redacted]')
  const slow = await probe({ command: 'sleep 5; echo 1' }, 300, [])
  assert.equal(slow.error, 'did not finish within 300 ms')
  assert.ok(slow.durationMs < 3000)
})

test('an HTTP GET: 2xx with a number, else no value', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/count') res.end('1043\n')
    else if (req.url === '/slow') setTimeout(() => res.end('1'), 2000)
    else { res.statusCode = 503; res.end('down') }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  try {
    assert.equal((await probe({ http: `${base}/count` }, 2000, [])).value, 1043)
    const down = await probe({ http: `${base}/other` }, 2000, [])
    assert.deepEqual([down.value, down.error, down.output], [null, 'HTTP 503 Service Unavailable', 'down'])
    assert.equal((await probe({ http: `${base}/slow` }, 200, [])).error, 'no answer within 200 ms')
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('within tolerance passes, beyond fails, without both numbers unknown', () => {
  const side = (value: number | null) => ({ probe: 'command' as const, value, error: value === null ? 'x' : null, output: '', durationMs: 1 })
  const invariant = { name: 'orders', owner: 'finance', tolerance: 2, source: { command: 'x' }, target: { command: 'x' } }
  assert.equal(judge(invariant, side(100), side(98)).status, 'pass')
  assert.equal(judge(invariant, side(100), side(97)).status, 'fail')
  assert.equal(judge(invariant, side(100), side(97)).difference, 3)
  assert.equal(judge(invariant, side(100), side(null)).status, 'unknown')
})
