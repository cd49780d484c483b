import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fixturePlan } from '../gates/fixtures.ts'
import { recordFixture } from './fixtures.ts'
import { renderMetrics } from './metrics.ts'
import { parsePrometheusText, sample } from './prometheus-parse.ts'
import { stateDirSource } from './source.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

test('/metrics of a recorded migration parses as Prometheus text and holds every series the dashboard promises', async () => {
  const f = await recordFixture()
  dirs.push(f.stateDir)
  const data = await stateDirSource({ planFile: join(f.stateDir, 'x.yaml'), stateDir: f.stateDir, plan: f.plan }).load(f.now)
  const { text, contentType } = await renderMetrics(data)
  assert.match(contentType, /^text\/plain; version=0\.0\.4/)
  const m = parsePrometheusText(text)
  for (const f of m) assert.equal(f.type, 'GAUGE', f.name)

  assert.equal(sample(m, 'rollgate_gate_status', { gate: 'pre-replication', status: 'fail' }), 1)
  assert.equal(sample(m, 'rollgate_gate_status', { gate: 'pre-replication', status: 'pass' }), 0)
  assert.equal(sample(m, 'rollgate_gate_status', { gate: 'offsets', status: 'not-evaluated' }), 1)
  assert.equal(sample(m, 'rollgate_gate_passing', { gate: 'replication' }), 1)
  assert.equal(sample(m, 'rollgate_gate_passing', { gate: 'exit' }), 0)
  assert.equal(sample(m, 'rollgate_gate_checks', { gate: 'pre-replication', status: 'fail' }), 1)
  assert.equal(sample(m, 'rollgate_gate_checks', { gate: 'pre-replication', status: 'pass' }), 2)
  assert.equal(sample(m, 'rollgate_gate_last_evaluated_timestamp_seconds', { gate: 'replication' }), Date.parse(f.times[2]!) / 1000)

  assert.equal(sample(m, 'rollgate_replication_lag_records', { topic: 'orders', partition: '0' }), 20)
  assert.equal(sample(m, 'rollgate_replication_lag_seconds', { topic: 'orders', partition: '0' }), 0)
  // not mapped: no sample at all rather than a reassuring 0
  assert.ok(Number.isNaN(sample(m, 'rollgate_replication_lag_records', { topic: 'payments', partition: '0' })))

  assert.equal(sample(m, 'rollgate_rollback_status', { status: 'available' }), 1)
  assert.equal(sample(m, 'rollgate_rollback_available_seconds'), Number.POSITIVE_INFINITY)
  assert.equal(sample(m, 'rollgate_last_snapshot_age_seconds'), 60)
  assert.equal(sample(m, 'rollgate_phase', { phase: 'replicating' }), 1)
  assert.equal(sample(m, 'rollgate_write_authority', { side: 'source' }), 1)
  assert.equal(sample(m, 'rollgate_offsets_replay_records', { group: 'billing' }), 3)
  assert.equal(sample(m, 'rollgate_offsets_untranslatable_partitions', { group: 'billing' }), 1)
  assert.equal(sample(m, 'rollgate_rehearsal_figure', { figure: 'measurement.restoreMs' }), 1500)
  assert.equal(sample(m, 'rollgate_rehearsal_figure', { figure: 'measurement.duplicates.total' }), 2)
  assert.equal(sample(m, 'rollgate_journal_seq'), 11)
})

test('with nothing recorded, unknown figures are absent, never guessed', async () => {
  const data = await stateDirSource({ planFile: '/nonexistent/p.yaml', stateDir: '/nonexistent/.rollgate', plan: fixturePlan() }).load(new Date())
  const m = parsePrometheusText((await renderMetrics(data)).text)
  assert.equal(sample(m, 'rollgate_rollback_status', { status: 'unknown' }), 1)
  assert.ok(Number.isNaN(sample(m, 'rollgate_rollback_available_seconds')))
  assert.ok(Number.isNaN(sample(m, 'rollgate_last_snapshot_age_seconds')))
  assert.equal(sample(m, 'rollgate_gate_passing', { gate: 'pre-replication' }), 0)
  assert.equal(m.find((x) => x.name === 'rollgate_replication_lag_records')?.metrics.length ?? 0, 0)
})
