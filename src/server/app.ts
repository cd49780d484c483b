/**
 * @module server/app
 * The dashboard's HTTP routes (Hono): the page, its JSON API, server-sent events for live refresh,
 * and `/metrics`. Read-only by construction: only GET and HEAD are routed, and nothing below opens
 * the state dir for writing. Every request passes the token check when a token is set, and on a
 * loopback bind the Host check (see auth.ts).
 */
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { streamSSE } from 'hono/streaming'
import { RollgateError } from '../errors.ts'
import { gateNames } from '../gates/types.ts'
import { loopbackHostAllowed, requestToken, tokenCookie, tokenMatches } from './auth.ts'
import type { DashboardData } from './data.ts'
import { renderMetrics } from './metrics.ts'
import { pageCss, pageHtml, pageJs } from './page.ts'
import type { DashboardSource } from './source.ts'

export interface AppOptions {
  source: DashboardSource
  /** null: no token checked (loopback bind without one) */
  token: string | null
  /** the port of a loopback bind, once known, for the Host check; absent for other binds */
  loopbackPort?: () => number
  now?: () => Date
  /** how often an event stream looks at the journal's revision (default 1000 ms) */
  pollMs?: number
}

/** The JSON endpoints, what each returns; served at `/api` and documented in the README. */
export const apiRoutes: Record<string, string> = {
  '/api/dashboard': 'everything the page shows, in one document',
  '/api/status': 'phase, write authority, next phase, timeline (point of no return), rollback availability, latest snapshot, journal position',
  '/api/gates': 'the six gates: last verdict, owner, last evaluated, checks with evidence',
  '/api/gates/{gate}': 'one gate (404 for an unknown name)',
  '/api/groups': 'consumer groups: source position, translated target position, method, proof, replay',
  '/api/lag': 'replication lag per critical topic over the recorded snapshots, and per partition at the latest',
  '/api/rehearsal': 'the latest rehearsal result\'s figures (null when none is recorded)',
  '/api/verify': 'the latest shadow-read record parity\'s figures (null when none is recorded)',
  '/api/revision': 'the journal\'s current revision (changes on every recorded entry)',
  '/api/events': 'server-sent events: `revision` whenever the journal or plan changes',
}

const securityHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
}

export function dashboardApp (options: AppOptions): Hono {
  const { source, token } = options
  const now = options.now ?? (() => new Date())
  const pollMs = options.pollMs ?? 1000
  const app = new Hono()

  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value)
  })

  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.json({ error: 'the dashboard is read-only: only GET and HEAD' }, 405, { allow: 'GET, HEAD' })
    }
    if (options.loopbackPort && !loopbackHostAllowed(c.req.header('host'), options.loopbackPort())) {
      return c.json({ error: 'unexpected Host header for a dashboard bound to loopback' }, 403)
    }
    if (token !== null) {
      const given = requestToken({ header: (n) => c.req.header(n), cookie: (n) => getCookie(c, n), query: (n) => c.req.query(n) })
      if (!tokenMatches(token, given)) {
        return c.json({ error: 'a valid token is required: Authorization: Bearer <token>, or open the printed link once' }, 401, { 'www-authenticate': 'Bearer realm="rollgate"' })
      }
      // the link with ?token= sets the cookie the page's own requests (and EventSource) then send
      if (c.req.query('token') !== undefined) {
        setCookie(c, tokenCookie, token, { httpOnly: true, sameSite: 'Strict', path: '/' })
        if (c.req.path === '/') return c.redirect('/', 303)
      }
    }
    await next()
  })

  const data = (): Promise<DashboardData> => source.load(now())

  app.get('/', (c) => c.html(pageHtml))
  app.get('/assets/dashboard.css', (c) => c.body(pageCss, 200, { 'content-type': 'text/css; charset=utf-8' }))
  app.get('/assets/dashboard.js', (c) => c.body(pageJs, 200, { 'content-type': 'text/javascript; charset=utf-8' }))

  app.get('/api', (c) => c.json({ endpoints: apiRoutes, metrics: '/metrics' }))
  app.get('/api/dashboard', async (c) => c.json(await data()))
  app.get('/api/status', async (c) => {
    const d = await data()
    return c.json({ generatedAt: d.generatedAt, plan: d.plan, phase: d.phase, timeline: d.timeline, rollback: d.rollback, snapshot: d.snapshot, journal: d.journal, problems: d.problems })
  })
  app.get('/api/gates', async (c) => c.json((await data()).gates))
  app.get('/api/gates/:gate', async (c) => {
    const name = c.req.param('gate')
    if (!(gateNames as readonly string[]).includes(name)) return c.json({ error: `unknown gate '${name}': one of ${gateNames.join(', ')}` }, 404)
    return c.json((await data()).gates.find((g) => g.gate === name))
  })
  app.get('/api/groups', async (c) => c.json((await data()).groups))
  app.get('/api/lag', async (c) => c.json((await data()).lag))
  app.get('/api/rehearsal', async (c) => c.json((await data()).rehearsal))
  app.get('/api/verify', async (c) => c.json((await data()).verify))
  app.get('/api/revision', (c) => c.json({ revision: source.revision() }))

  app.get('/api/events', (c) => streamSSE(c, async (stream) => {
    let last: string | null = null
    let quiet = 0
    while (!stream.aborted && !stream.closed) {
      const revision = source.revision()
      if (revision !== last) {
        last = revision
        quiet = 0
        await stream.writeSSE({ event: 'revision', data: revision, retry: 3000 })
      } else if ((quiet += pollMs) >= 15_000) {
        // a comment line now and then keeps proxies from closing an idle stream
        quiet = 0
        await stream.write(': keep-alive\n\n')
      }
      await stream.sleep(pollMs)
    }
  }))

  app.get('/metrics', async (c) => {
    const { text, contentType } = await renderMetrics(await data())
    return c.body(text, 200, { 'content-type': contentType })
  })

  app.notFound((c) => c.json({ error: `no such page: ${c.req.path}`, see: '/api' }, 404))
  app.onError((error, c) => {
    // bad recorded state (a corrupt journal line, an unreadable plan) is the operator's to fix: say what
    const status = error instanceof RollgateError ? 503 : 500
    return c.json({ error: error.message }, status)
  })
  return app
}
