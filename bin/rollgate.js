#!/usr/bin/env node
// Entry point from the checkout: Node >= 22.18 runs the TypeScript sources directly (type stripping).
// The compile cache keeps compiled modules on disk, so every start after the first skips compiling
// the CLI's few hundred modules again (a third of a second of CPU on a loaded 2-core machine).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

const self = fileURLToPath(import.meta.url)
const args = process.argv.slice(2)

/** Runs rollgate in another Node process, signals passed on, and ends with its exit status. */
function handOver (node, flags) {
  const child = spawn(node, [...flags, self, ...args], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal)
    process.exit(code ?? 1)
  })
}

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  // an older Node (the machine's own, when `npx rollgate` finds it first) hands over to the Node 24
  // that scripts/setup.sh installed into .tools/node, or says how to get one — never a stack trace
  const bundled = fileURLToPath(new URL('../.tools/node/bin/node', import.meta.url))
  if (!existsSync(bundled)) {
    process.stderr.write(`rollgate needs Node.js >= 22.18 (this is ${process.versions.node}): run ./scripts/setup.sh once, or use ./scripts/rollgate.sh\n`)
    process.exit(2)
  }
  handOver(bundled, [])
} else if (args[0] === 'verify' && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  // verify streams gigabytes through short-lived buffers: V8's default young generation let its peak
  // RSS reach ~320 MB over 5,000,000 records; 8 MB semi-spaces keep it under 300 MB at the same
  // speed (bench/verify.bench.ts). V8 reads the flag only at start, hence a process of its own.
  handOver(process.execPath, ['--max-semi-space-size=8'])
} else {
  module.enableCompileCache?.()
  const { main } = await import('../src/cli/main.ts')
  process.exitCode = await main(args)
}
