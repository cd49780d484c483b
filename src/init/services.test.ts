import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connectConnectors, registrySubjects } from './services.ts'

// One local server, a route per behaviour: what a registry or Connect may answer, or fail to.
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/registry/subjects': (req, res) => res.end(JSON.stringify(['payments-value', req.headers.accept?.includes('schemaregistry') ? 'orders-value' : 'wrong-accept'])),
  '/missing/subjects': (_req, res) => { res.statusCode = 404; res.end('{"error_code":404}') },
  '/object/subjects': (_req, res) => res.end('{"subjects":[]}'),
  '/html/subjects': (_req, res) => res.end('<html>login</html>'),
  '/silent/subjects': () => { /* never answers */ },
  '/stalled/subjects': (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write('["a",') },
  '/connect/connectors': (req, res) => res.end(req.url?.includes('expand=info')
    ? JSON.stringify({
      'jdbc-sink': { info: { name: 'jdbc-sink', type: 'sink', config: { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector' }, tasks: [] } },
      'file-source': { info: { name: 'file-source', type: 'source', config: { 'connector.class': 'FileStreamSource' }, tasks: [] } },
    })
    : '[]'),
  '/old-connect/connectors': (_req, res) => res.end('["b-sink","a-sink"]'),
}

let server: Server
let base = ''
let closed = ''
before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    const route = routes[path]
    if (route) route(req, res)
    else { res.statusCode = 500; res.end() }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // a port that was just free: nothing listens there
  const other = createServer()
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  closed = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
  await new Promise((resolve) => other.close(resolve))
})
after(() => { server.closeAllConnections(); server.close() })

test('subjects: sorted, asked with the registry media type', async () => {
  assert.deepEqual(await registrySubjects(`${base}/registry/`, 2_000), { status: 'ok', url: `${base}/registry/`, value: ['orders-value', 'payments-value'] })
})

test('every way a registry can fail to answer is a reason, never a throw', async () => {
  const reason = async (path: string, timeoutMs = 2_000) => {
    const fetched = await registrySubjects(path, timeoutMs)
    assert.equal(fetched.status, 'unavailable')
    return fetched.status === 'unavailable' ? fetched.reason : ''
  }
  assert.equal(await reason(`${base}/missing`), 'GET /subjects answered HTTP 404 Not Found')
  assert.match(await reason(`${base}/object`), /^GET \/subjects answered an unexpected shape: /)
  assert.equal(await reason(`${base}/html`), 'GET /subjects did not answer JSON')
  assert.equal(await reason(`${base}/silent`, 200), 'no answer within 200 ms')
  assert.equal(await reason(`${base}/stalled`, 200), 'no answer within 200 ms')
  assert.equal(await reason(closed), 'connection refused')
})

test('connectors with their type and class (expand=info), sorted by name', async () => {
  const fetched = await connectConnectors([`${base}/connect`], 2_000)
  assert.deepEqual(fetched, {
    status: 'ok',
    url: `${base}/connect`,
    value: [
      { name: 'file-source', type: 'source', className: 'FileStreamSource' },
      { name: 'jdbc-sink', type: 'sink', className: 'io.confluent.connect.jdbc.JdbcSinkConnector' },
    ],
  })
})

test('a Connect that ignores expand answers names only; a dead worker is skipped for the next', async () => {
  const fetched = await connectConnectors([closed, `${base}/old-connect`], 2_000)
  assert.deepEqual(fetched, {
    status: 'ok',
    url: `${base}/old-connect`,
    value: [{ name: 'a-sink', type: null, className: null }, { name: 'b-sink', type: null, className: null }],
  })
})

test('no worker answering: unavailable, with each reason', async () => {
  const fetched = await connectConnectors([closed, `${base}/missing`], 2_000)
  assert.equal(fetched.status, 'unavailable')
  assert.equal(fetched.url, `${closed},${base}/missing`)
  assert.equal(fetched.status === 'unavailable' && fetched.reason, `${closed}: connection refused; ${base}/missing: GET /connectors?expand=info answered HTTP 500 Internal Server Error`)
})
