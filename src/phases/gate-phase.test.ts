import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureSnapshot } from '../gates/fixtures.ts'
import { openStateDir } from '../journal/index.ts'
import { gatePhase } from './gate-phase.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('the producer cutover is the last switch to the target after the phase entry; the baseline the first snapshot after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-gate-phase-'))
  const state = await openStateDir(dir, { actor: 'test' })
  try {
    const snap = (capturedAt: string) => {
      const evidenceId = state.evidence.put({ ...fixtureSnapshot(), capturedAt })
      state.journal.append('evidence', { evidenceId, kind: 'snapshot' })
      return evidenceId
    }
    assert.deepEqual(gatePhase(state.journal.entries(), state.evidence), { current: 'prepare', enteredAt: null, producerCutover: null })
    state.journal.append('phase', { from: 'prepare', to: 'shadow-read' })
    assert.equal(gatePhase(state.journal.entries(), state.evidence).producerCutover, null)
    const before = snap(new Date().toISOString())
    state.journal.append('phase', { from: 'shadow-read', to: 'producers-on-target', evidenceId: before })
    await sleep(5)
    state.journal.append('intent', { actionId: 'c1', action: 'client.switch', changes: [{ subject: 'client billing', before: 'source', after: 'target' }] })
    await sleep(5)
    state.journal.append('outcome', { actionId: 'c1', ok: true })
    await sleep(5)
    const after = snap(new Date().toISOString())
    snap(new Date().toISOString())
    const entries = state.journal.entries()
    const outcome = entries.find((e) => e.type === 'outcome')!
    const phase = gatePhase(entries, state.evidence)
    assert.equal(phase.current, 'producers-on-target')
    assert.equal(phase.producerCutover?.at, outcome.ts)
    assert.equal(phase.producerCutover?.baseline?.evidenceId, after)
  } finally {
    state.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
