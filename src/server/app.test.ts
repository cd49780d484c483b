import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'
import { after, test } from 'node:test'
import { dashboardApp } from './app.ts'
import { recordFixture } from './fixtures.ts'
import { type DashboardSource, stateDirSource } from './source.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

async function fixtureSource (): Promise<{ source: DashboardSource, now: Date }> {
  const f = await recordFixture()
  dirs.push(f.stateDir)
  return { source: stateDirSource({ planFile: join(f.stateDir, 'x.yaml'), stateDir: f.stateDir, plan: f.plan }), now: f.now }
}

test('with a token, every route answers 401 without it and serves with it (Bearer, cookie, or the ?token= link)', async () => {
  const { source, now } = await fixtureSource()
  const app = dashboardApp({ source, token: 'tok-123', now: () => now })
  for (const path of ['/', '/api/dashboard', '/api/gates', '/metrics', '/api/events', '/assets/dashboard.js', '/nope']) {
    const r = await app.request(path)
    assert.equal(r.status, 401, path)
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="rollgate"')
    assert.equal((await app.request(path, { headers: { authorization: 'Bearer wrong' } })).status, 401, path)
  }
  const ok = await app.request('/api/gates/pre-replication', { headers: { authorization: 'Bearer tok-123' } })
  assert.equal(ok.status, 200)
  assert.equal(((await ok.json()) as { status: string }).status, 'fail')
  assert.equal((await app.request('/metrics', { headers: { cookie: 'rollgate_token=tok-123' } })).status, 200)
  const link = await app.request('/?token=tok-123')
  assert.equal(link.status, 303)
  assert.equal(link.headers.get('location'), '/')
  assert.match(link.headers.get('set-cookie') ?? '', /^rollgate_token=tok-123;.*HttpOnly.*SameSite=Strict/)
})

test('read-only: any method but GET and HEAD is refused; unknown gate 404; the page and its assets ship with a strict CSP', async () => {
  const { source, now } = await fixtureSource()
  const app = dashboardApp({ source, token: null, now: () => now })
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) assert.equal((await app.request('/api/dashboard', { method })).status, 405, method)
  assert.equal((await app.request('/api/gates/sideways')).status, 404)
  const page = await app.request('/')
  assert.equal(page.status, 200)
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/)
  assert.match(await page.text(), /<script src="assets\/dashboard.js" defer>/)
  const js = await app.request('/assets/dashboard.js')
  assert.match(js.headers.get('content-type') ?? '', /javascript/)
  const script = await js.text()
  assert.doesNotMatch(script, /innerHTML/)
  // the script is a string here: at least make sure it parses
  assert.doesNotThrow(() => new vm.Script(script, { filename: 'dashboard.js' }))
  const api = (await (await app.request('/api')).json()) as { endpoints: Record<string, string> }
  assert.ok(Object.keys(api.endpoints).includes('/api/groups'))
  const status = (await (await app.request('/api/status')).json()) as { phase: { current: string }, rollback: { headline: string } }
  assert.equal(status.phase.current, 'replicating')
  assert.equal(status.rollback.headline, 'Rollback available')
})

test('on loopback, a foreign Host header is refused (DNS rebinding)', async () => {
  const { source, now } = await fixtureSource()
  const app = dashboardApp({ source, token: null, now: () => now, loopbackPort: () => 7070 })
  assert.equal((await app.request('/api/revision', { headers: { host: '127.0.0.1:7070' } })).status, 200)
  assert.equal((await app.request('/api/revision', { headers: { host: 'localhost:7070' } })).status, 200)
  assert.equal((await app.request('/api/revision', { headers: { host: 'evil.example:7070' } })).status, 403)
  assert.equal((await app.request('/api/revision', { headers: { host: '127.0.0.1:9999' } })).status, 403)
})

test('the event stream announces the current revision at once', async () => {
  const { source, now } = await fixtureSource()
  const app = dashboardApp({ source, token: null, now: () => now, pollMs: 50 })
  const controller = new AbortController()
  const r = await app.request('/api/events', { signal: controller.signal })
  assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/)
  const reader = r.body!.getReader()
  const { value } = await reader.read()
  assert.match(new TextDecoder().decode(value), new RegExp(`event: revision\ndata: ${source.revision().replace(/[|.]/g, '\\$&')}\n`))
  await reader.cancel()
  controller.abort()
})
