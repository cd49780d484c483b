/**
 * Integration: `rollgate serve` on the sandbox, looked at in headless Chromium (Debian's, driven by
 * playwright-core) as the people on the incident call would. A scripted problem — a critical topic
 * with no copy on the target — makes pre-replication fail; clicking the gate shows the failing check
 * and its evidence; creating the copy and re-running the gate turns it green on the open page (live
 * refresh, no reload). Screenshots at 1280×800 and at phone width are kept as artifacts. `/metrics`
 * is read by a real Prometheus text-format parser, and a request without the token gets 401.
 */
import assert from 'node:assert/strict'
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { chromium } from 'playwright-core'
import { parsePrometheusText, sample } from '../src/server/prometheus-parse.ts'
import { writePlan } from './support/plan.ts'
import { rollgate } from './support/rollgate.ts'
import { eventually, sandbox, unique } from './support/sandbox.ts'

const root = resolve(import.meta.dirname, '..')
const chromiumPath = '/usr/bin/chromium'
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

// artifacts (screenshots) stay for the reader; everything else the test made is removed
const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

interface GateJson { status: string, checks: Array<{ id: string, status: string, subject: string }> }

/** The command line that runs `rollgate serve` from the checkout. */
function serveCommand (_dir: string): string[] {
  return [join(root, 'bin/rollgate.js'), 'serve']
}

/** Starts `rollgate serve` and resolves with its URL once it listens. */
function startServe (args: string[], cwd: string): Promise<{ child: ChildProcessWithoutNullStreams, url: string, output: () => string }> {
  const child = spawn(process.execPath, args, { cwd })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d })
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rollgate serve did not start within 60 s:\n${out}`)) }, 60_000)
    const look = (): void => {
      const url = /rollgate dashboard on (http:\/\/\S+)/.exec(out)?.[1]
      if (url) { clearTimeout(timer); resolvePromise({ child, url, output: () => out }) }
    }
    child.stdout.on('data', look)
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`rollgate serve exited (${code}) before listening:\n${out}`)) })
  })
}

async function stop (child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  const code = await exited
  clearTimeout(timer)
  return code
}

test('the dashboard on the sandbox: a failing gate, its check and evidence on click, green after the fix; /metrics; 401 without the token', { timeout: 240_000 }, async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: scripts/ensure-chromium.sh installs Debian's chromium`)
  const sb = sandbox()
  const t0 = Date.now()
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-serve-'))
  dirs.push(dir)
  const artifacts = mkdtempSync(join(tmpdir(), 'rollgate-serve-artifacts-'))
  // MirrorMaker 2 never copies topics named *.replica (its default topics.exclude is
  // `mm2.*\.internal, .*\.replica, __.*`): the copy stays missing on the target until the test
  // creates it, whatever the replicator's pace
  const topic = `${unique('dash')}.replica`
  const source = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.source] })
  const target = new Admin({ clientId: 'rollgate-test', bootstrapBrokers: [sb.target] })
  let server: Awaited<ReturnType<typeof startServe>> | undefined
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined
  try {
    await source.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const plan = writePlan(dir, { source: sb.source, target: sb.target, topics: [topic], timeout: '20s' })

    // the scripted problem: pre-replication fails on the missing copy
    const failing = await rollgate(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
    assert.equal(failing.code, 1, failing.stdout + failing.stderr)
    const failed = (JSON.parse(failing.stdout) as GateJson).checks.find((c) => c.id === 'topics.critical-exist-on-target' && c.subject === topic)
    assert.equal(failed?.status, 'fail')

    const token = `t-${unique('tok')}`
    server = await startServe([...serveCommand(dir), '--plan', plan, '--port', '0', '--token', token], dir)
    const url = server.url
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/)

    // every request needs the token
    for (const path of ['', 'api/dashboard', 'metrics', 'api/events']) {
      const response = await fetch(url + path)
      assert.equal(response.status, 401, path)
      await response.body?.cancel()
    }
    assert.equal((await fetch(url + 'api/gates', { headers: { authorization: 'Bearer wrong' } })).status, 401)
    const auth = { authorization: `Bearer ${token}` }

    const profile = mkdtempSync(join(tmpdir(), 'rollgate-chromium-'))
    dirs.push(profile)
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1280, height: 800 }, timeout: 90_000 })
    const page = context.pages()[0] ?? await context.newPage()
    page.setDefaultTimeout(60_000)
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    // the printed link sets the cookie, then redirects to the page without the token in the URL
    await page.goto(`${url}?token=${encodeURIComponent(token)}`)
    assert.equal(page.url(), url)

    const gate = page.locator('[data-gate="pre-replication"].gate')
    await gate.and(page.locator('[data-status="fail"]')).waitFor()
    await page.locator('#rollback-headline').waitFor()
    assert.match(await page.locator('#rollback-headline').innerText(), /Rollback/)
    assert.equal(await page.locator('.step.current').getAttribute('data-phase'), 'prepare')
    assert.equal(await page.locator('.gate').count(), 6)

    await gate.click()
    const row = page.locator(`#gate-detail tr[data-check="topics.critical-exist-on-target"][data-subject="${topic}"]`)
    await row.and(page.locator('[data-status="fail"]')).waitFor()
    assert.match(await row.locator('.message').innerText(), /no copy on the target cluster/)
    const evidence = JSON.parse(await row.locator('pre.evidence').innerText()) as { targetTopic: string, exists: boolean }
    assert.deepEqual([evidence.targetTopic, evidence.exists], [topic, false])

    // the filter narrows the board and the checks to what matches
    await page.locator('#status-filter [data-filter="fail"]').click()
    assert.ok(await page.locator('#gate-detail tr[data-check]').count() >= 1)
    assert.equal(await page.locator('#gate-detail tr[data-check][data-status="pass"]').count(), 0)
    await page.locator('#status-filter [data-filter="all"]').click()
    await page.screenshot({ path: join(artifacts, 'dashboard-failing-1280x800.png') })
    await row.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifacts, 'dashboard-failing-check-1280x800.png') })

    // the fix: create the copy on the target, evaluate again; the open page turns green by itself
    await target.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const fixed = await eventually('pre-replication passes after the fix', 90_000, async () => {
      const r = await rollgate(['gate', 'pre-replication', '--format', 'json', '--plan', plan])
      return r.code === 0 ? r : undefined
    })
    assert.equal((JSON.parse(fixed.stdout) as GateJson).status, 'pass')
    await gate.and(page.locator('[data-status="pass"]')).waitFor()
    await row.and(page.locator('[data-status="pass"]')).waitFor()
    await page.screenshot({ path: join(artifacts, 'dashboard-green-1280x800.png') })
    await page.screenshot({ path: join(artifacts, 'dashboard-green-1280x800-full.png'), fullPage: true })

    // narrow (phone) width: one column, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('[data-gate="pre-replication"].gate').waitFor()
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number
    assert.ok(overflow <= 1, `the page is ${overflow} px wider than a 390 px screen`)
    await page.screenshot({ path: join(artifacts, 'dashboard-green-390x844.png') })
    await page.screenshot({ path: join(artifacts, 'dashboard-green-390x844-full.png'), fullPage: true })
    assert.deepEqual(pageErrors, [])

    // /metrics as Prometheus reads it
    const metrics = await fetch(url + 'metrics', { headers: auth })
    assert.equal(metrics.status, 200)
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const m = parsePrometheusText(await metrics.text())
    assert.equal(sample(m, 'rollgate_gate_status', { gate: 'pre-replication', status: 'pass' }), 1)
    assert.equal(sample(m, 'rollgate_gate_passing', { gate: 'pre-replication' }), 1)
    assert.ok(sample(m, 'rollgate_gate_checks', { gate: 'pre-replication', status: 'pass' }) >= 1)
    assert.equal(sample(m, 'rollgate_gate_checks', { gate: 'pre-replication', status: 'fail' }), 0)
    assert.equal(sample(m, 'rollgate_gate_status', { gate: 'exit', status: 'not-evaluated' }), 1)
    assert.equal(sample(m, 'rollgate_rollback_status', { status: 'available' }), 1)
    assert.equal(sample(m, 'rollgate_rollback_available_seconds'), Number.POSITIVE_INFINITY)
    const age = sample(m, 'rollgate_last_snapshot_age_seconds')
    assert.ok(age >= 0 && age < 600, `snapshot age ${age}`)
    assert.equal(sample(m, 'rollgate_phase', { phase: 'prepare' }), 1)
    // lag per critical partition when the snapshot carries replication evidence
    const lag = await (await fetch(url + 'api/lag', { headers: auth })).json() as { available: boolean, latest: { partitions: Array<{ topic: string, partition: number, records: number | null }> } | null }
    for (const p of lag.available ? lag.latest!.partitions : []) {
      if (p.records !== null) assert.equal(sample(m, 'rollgate_replication_lag_records', { topic: p.topic, partition: String(p.partition) }), p.records)
    }
    for (const name of ['rollgate_replication_lag_records', 'rollgate_replication_lag_seconds', 'rollgate_rehearsal_figure', 'rollgate_journal_seq']) {
      assert.ok(m.some((f) => f.name === name), `${name} is declared`)
    }

    // read-only: nothing but GET and HEAD
    assert.equal((await fetch(url + 'api/dashboard', { method: 'POST', headers: auth })).status, 405)

    process.stdout.write(`# dashboard screenshots (${((Date.now() - t0) / 1000).toFixed(1)} s): ${artifacts}/dashboard-{failing-1280x800,failing-check-1280x800,green-1280x800,green-1280x800-full,green-390x844,green-390x844-full}.png\n`)
  } finally {
    await context?.close().catch(() => {})
    if (server) {
      const code = await stop(server.child)
      assert.equal(code, 0, `rollgate serve stops cleanly on SIGTERM:\n${server.output()}`)
    }
    await source.deleteTopics({ topics: [topic] }).catch(() => {})
    await target.deleteTopics({ topics: [topic] }).catch(() => {})
    await Promise.all([source.close(), target.close()])
  }
})

test('serve refuses a bad port and a plan it cannot read, with exit 2', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-serve-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'empty'))
  const command = serveCommand(dir)
  const run = (args: string[]) => new Promise<{ code: number | null, out: string }>((r) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd: dir })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { out += d })
    child.on('exit', (code) => r({ code, out }))
  })
  const [badPort, noPlan] = await Promise.all([
    run(['--port', '70000', '--plan', join(dir, 'rollgate.yaml')]),
    run(['--port', '0', '--plan', join(dir, 'empty', 'rollgate.yaml')]),
  ])
  assert.equal(badPort.code, 2, badPort.out)
  assert.match(badPort.out, /a port is a number from 0/)
  assert.equal(noPlan.code, 2, noPlan.out)
})
