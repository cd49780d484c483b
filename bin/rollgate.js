#!/usr/bin/env node
// Entry point from the checkout: Node >= 22.18 runs the TypeScript sources directly (type stripping).
// The compile cache keeps compiled modules on disk, so every start after the first skips compiling
// the CLI's few hundred modules again (a third of a second of CPU on a loaded 2-core machine).
// An older Node (the machine's own, when `npx rollgate` finds it first) hands over to the Node 24
// that scripts/setup.sh installed into .tools/node, or says how to get one — never a stack trace.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  const bundled = fileURLToPath(new URL('../.tools/node/bin/node', import.meta.url))
  if (!existsSync(bundled)) {
    process.stderr.write(`rollgate needs Node.js >= 22.18 (this is ${process.versions.node}): run ./scripts/setup.sh once, or use ./scripts/rollgate.sh\n`)
    process.exit(2)
  }
  const child = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}
module.enableCompileCache?.()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
