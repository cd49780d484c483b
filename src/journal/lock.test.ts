import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStateDir } from './state-dir.ts'

const stateDirModule = new URL('./state-dir.ts', import.meta.url).href

const made: string[] = []
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

function stateDir (): string {
  made.push(mkdtempSync(join(tmpdir(), 'rollgate-lock-')))
  return join(made.at(-1)!, '.rollgate')
}

/** A second rollgate process opening the same state dir; `onStart` runs once it is about to. */
async function secondProcess (dir: string, lockTimeoutMs: number, onStart = (): void => {}): Promise<{ acquired?: true, code?: string, message?: string, waited: number }> {
  const code = `
    import { openStateDir } from ${JSON.stringify(stateDirModule)}
    console.log('started')
    const started = Date.now()
    try {
      const state = await openStateDir(${JSON.stringify(dir)}, { lockTimeoutMs: ${lockTimeoutMs} })
      state.close()
      console.log(JSON.stringify({ acquired: true, waited: Date.now() - started }))
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message, waited: Date.now() - started }))
    }`
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout === '' && chunk.startsWith('started')) onStart()
    stdout += chunk
  })
  await once(child, 'close')
  return JSON.parse(stdout.split('\n')[1]!)
}

test('a second process waits for the lock, then refuses naming the holder pid', async () => {
  const dir = stateDir()
  const state = await openStateDir(dir)
  try {
    const second = await secondProcess(dir, 300)
    assert.equal(second.code, 'RG_JOURNAL_LOCKED')
    assert.match(second.message ?? '', new RegExp(`rollgate pid ${process.pid} on `))
    assert.ok(second.waited >= 300, `refused after ${second.waited} ms`)
  } finally {
    state.close()
  }
})

test('a second process waiting for the lock gets it once the holder closes', async () => {
  const dir = stateDir()
  const state = await openStateDir(dir)
  const second = await secondProcess(dir, 10_000, () => setTimeout(() => state.close(), 300))
  assert.equal(second.acquired, true)
  assert.ok(second.waited >= 200, `acquired after ${second.waited} ms`)
})

test('the lock of a killed process is taken over with a warning', async () => {
  const dir = stateDir()
  const code = `
    import { openStateDir } from ${JSON.stringify(stateDirModule)}
    await openStateDir(${JSON.stringify(dir)})
    process.kill(process.pid, 'SIGKILL')`
  const killed = spawnSync(process.execPath, ['--input-type=module', '-e', code])
  assert.equal(killed.signal, 'SIGKILL')
  assert.equal(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid, killed.pid)

  const state = await openStateDir(dir, { lockTimeoutMs: 0 })
  try {
    assert.equal(state.warnings.length, 1)
    assert.match(state.warnings[0]!, new RegExp(`stale lock of rollgate pid ${killed.pid} .*no longer running`))
    assert.equal(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid, process.pid)
  } finally {
    state.close()
  }
})
