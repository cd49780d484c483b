import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, test } from 'node:test'
import { RollgateError } from '../errors.ts'
import { Secret } from '../plan/secret.ts'
import { fixturePlan } from '../gates/fixtures.ts'
import { captureRegistrySide } from './capture.ts'
import { RegistryClient } from './client.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
const servers: Server[] = []
after(() => { for (const s of servers) { s.closeAllConnections(); s.close() } })

async function serve (handler: Handler): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`
}

const json = (res: ServerResponse, status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' }).end(JSON.stringify(body)) }

/** A small Confluent-API registry: two subjects, one with its own compatibility. */
const registry: Handler = (req, res) => {
  const path = (req.url ?? '').replace('/apis/ccompat/v7', '')
  if (path === '/subjects') return json(res, 200, ['payments-value', 'orders-value', 'other'])
  if (path === '/config') return json(res, 200, { compatibilityLevel: 'BACKWARD' })
  if (path === '/mode') return json(res, 200, { mode: 'READWRITE' })
  if (path === '/config/orders-value') return json(res, 200, { compatibilityLevel: 'FULL' })
  if (path.startsWith('/config/') || path.startsWith('/mode/')) return json(res, 404, { error_code: 40408, message: 'Subject does not have subject-level compatibility configured' })
  if (path === '/subjects/orders-value/versions') return json(res, 200, [2, 1])
  if (path === '/subjects/payments-value/versions') return json(res, 200, [1])
  const m = /^\/subjects\/([^/]+)\/versions\/(\d+)$/.exec(path)
  if (m) {
    const [, s, v] = m
    return json(res, 200, { subject: s, version: Number(v), id: Number(v) + (s === 'orders-value' ? 10 : 20), schema: `{ "type" : "record", "name": "R${v}", "fields": [] }`, ...(s === 'payments-value' ? { schemaType: 'AVRO', references: [{ name: 'M', subject: 'money', version: 1 }] } : {}) })
  }
  json(res, 404, { error_code: 40401, message: `no ${path}` })
}

/** A URL where nothing listens (fetch refuses some ports outright, e.g. 9: use a real closed one). */
async function closedUrl (): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

const client = (url: string, extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) => new RegistryClient({ name: 'source', url, timeoutMs: 2_000, ...extra })

async function rejects (work: Promise<unknown>): Promise<RollgateError> {
  try {
    await work
  } catch (error) {
    assert.ok(error instanceof RollgateError, String(error))
    return error
  }
  throw new Error('expected a rejection')
}

test('answers are validated and shaped: sorted lists, Avro by default, no references as []', async () => {
  const c = client(await serve(registry))
  assert.deepEqual(await c.subjects(), ['orders-value', 'other', 'payments-value'])
  assert.deepEqual(await c.versions('orders-value'), [1, 2])
  assert.deepEqual(await c.version('orders-value', 2), { version: 2, id: 12, schemaType: null, schema: '{ "type" : "record", "name": "R2", "fields": [] }', references: [] })
  assert.deepEqual((await c.version('payments-value', 1)).references, [{ name: 'M', subject: 'money', version: 1 }])
  assert.equal(await c.globalCompatibility(), 'BACKWARD')
  assert.equal(await c.subjectCompatibility('orders-value'), 'FULL')
  // 404: the subject has no level of its own
  assert.equal(await c.subjectCompatibility('payments-value'), null)
  assert.equal(await c.subjectMode('payments-value'), null)
  assert.equal(await c.globalMode(), 'READWRITE')
})

test('HTTP errors name the registry, the call and the registry\'s message; 401 is unreachable (3), others refused (1)', async () => {
  let seen: string | undefined
  const url = await serve((req, res) => {
    seen = req.headers.authorization
    if (req.url?.endsWith('/subjects')) return json(res, 401, { error_code: 40101, message: 'Unauthorized' })
    json(res, 500, { error_code: 50001, message: 'Error in the backend data store' })
  })
  const auth = client(url, { auth: { username: 'svc', password: new Secret('s3cret') } })
  const denied = await rejects(auth.subjects())
  assert.equal(seen, `Basic ${Buffer.from('svc:s3cret').toString('base64')}`)
  assert.equal(denied.code, 'RG_REGISTRY_AUTH')
  assert.equal(denied.exitCode, 3)
  assert.equal(denied.message, `source schema registry (${url}): authentication failed for GET /subjects (HTTP 401): Unauthorized (error 40101)`)
  assert.ok(!denied.message.includes('s3cret'))
  const broken = await rejects(client(url).globalCompatibility())
  assert.equal(broken.code, 'RG_REGISTRY_HTTP')
  assert.equal(broken.exitCode, 1)
  assert.match(broken.message, /GET \/config answered HTTP 500 Internal Server Error: Error in the backend data store \(error 50001\)$/)
  // a bearer token goes as a bearer token
  await rejects(client(url, { auth: { token: new Secret('tok') } }).subjects())
  assert.equal(seen, 'Bearer tok')
})

test('an answer of another shape, or not JSON, is refused with where it went wrong', async () => {
  const url = await serve((req, res) => {
    if (req.url?.endsWith('/subjects')) return json(res, 200, { subjects: [] })
    res.writeHead(200).end('<html>login</html>')
  })
  const shape = await rejects(client(url).subjects())
  assert.equal(shape.code, 'RG_REGISTRY_SHAPE')
  assert.match(shape.message, /GET \/subjects answered an unexpected shape: /)
  assert.match((await rejects(client(url).globalMode())).message, /GET \/mode did not answer JSON: <html>login<\/html>/)
})

test('a registry that never answers, or is not there, is unreachable within the timeout', async () => {
  const url = await serve(() => {}) // accepts, never answers
  const t0 = Date.now()
  const hung = await rejects(client(url, { timeoutMs: 300 }).subjects())
  assert.ok(Date.now() - t0 < 2_000)
  assert.equal(hung.code, 'RG_REGISTRY_UNREACHABLE')
  assert.equal(hung.exitCode, 3)
  assert.match(hung.message, /cannot reach it for GET \/subjects: no answer within 300 ms/)
  const closed = await closedUrl()
  const refused = await rejects(client(closed).subjects())
  assert.equal(refused.message, `source schema registry (${closed}): cannot reach it for GET /subjects: connection refused`)
})

test('capture: the plan\'s scope, normalised schemas, subject-level settings; not configured and unreachable are recorded, never empty', async () => {
  const url = await serve(registry)
  const plan = fixturePlan({
    clusters: { source: { bootstrap: ['s:9092'], schemaRegistry: { url } }, target: { bootstrap: ['t:9092'], schemaRegistry: { url: await closedUrl() } } },
    schemas: { subjects: [{ regex: '-value$' }] },
  })
  const side = await captureRegistrySide(plan, 'source')
  assert.equal(side.status, 'ok')
  const r = (side as Extract<typeof side, { status: 'ok' }>).registry
  assert.equal(r.url, url)
  assert.equal(r.compatibility, 'BACKWARD')
  assert.deepEqual(r.subjects.map((s) => [s.name, s.compatibility, s.mode, s.versions.map((v) => `${v.version}:${v.id}:${v.schemaType}`)]), [
    ['orders-value', 'FULL', null, ['1:11:AVRO', '2:12:AVRO']],
    ['payments-value', null, null, ['1:21:AVRO']],
  ])
  assert.equal(r.subjects[0]!.versions[0]!.schema, '{"fields":[],"name":"R1","type":"record"}')
  const down = await captureRegistrySide(plan, 'target')
  assert.equal(down.status, 'unreachable')
  assert.match((down as { error: string }).error, /connection refused/)
  assert.deepEqual(await captureRegistrySide(fixturePlan(), 'source'), { status: 'not-configured' })
})

test('capture is bounded by gates.timeout as a whole', async () => {
  const url = await serve((req, res) => {
    // each call answers in time, but there are many: the whole takes longer than the timeout
    const path = req.url ?? ''
    if (path.endsWith('/subjects')) return json(res, 200, Array.from({ length: 400 }, (_, i) => `s${i}`))
    setTimeout(() => {
      if (path.endsWith('/versions')) return json(res, 200, [1])
      if (/\/versions\/1$/.test(path)) return json(res, 200, { version: 1, id: 1, schema: '"string"' })
      registry(req, res)
    }, 40)
  })
  const plan = fixturePlan({ clusters: { source: { bootstrap: ['s:9092'], schemaRegistry: { url } }, target: { bootstrap: ['t:9092'] } }, gates: { timeout: '1s' } })
  const t0 = Date.now()
  const side = await captureRegistrySide(plan, 'source')
  assert.ok(Date.now() - t0 < 3_000)
  assert.equal(side.status, 'unreachable', JSON.stringify(side))
  assert.match((side as { error: string }).error, /the capture did not finish within 1000 ms/)
})
