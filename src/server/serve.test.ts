import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { startDashboard } from './serve.ts'
import { stateDirSource } from './source.ts'

const source = () => stateDirSource({ planFile: '/nonexistent/rollgate.yaml', stateDir: '/nonexistent/.rollgate', plan: fixturePlan() })

test('on loopback without a token: no token is asked, and the Host must be this server', async () => {
  const running = await startDashboard({ host: '127.0.0.1', port: 0, source: source() })
  try {
    assert.equal(running.token, null)
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/$/)
    const ok = await fetch(running.url + 'api/revision')
    assert.equal(ok.status, 200)
    assert.deepEqual(await ok.json(), { revision: 'none|none' })
  } finally {
    await running.close()
  }
})

test('a token given on loopback is enforced too; a port in use is a clear error', async () => {
  const running = await startDashboard({ host: '127.0.0.1', port: 0, token: 'abc', source: source() })
  try {
    assert.deepEqual([running.token, running.tokenGenerated], ['abc', false])
    assert.equal((await fetch(running.url + 'metrics')).status, 401)
    assert.equal((await fetch(running.url + 'metrics', { headers: { authorization: 'Bearer abc' } })).status, 200)
    await assert.rejects(startDashboard({ host: '127.0.0.1', port: running.port, source: source() }), /cannot listen on 127\.0\.0\.1:\d+: the port is in use/)
  } finally {
    await running.close()
  }
})
