/**
 * Fuzz: at least 1,000 generated plan files and 1,000 command lines, from a seeded generator
 * (ROLLGATE_FUZZ_SEED reproduces a run; the seed is printed). Plan files are mutations of the plan
 * fixtures and the sandbox's plan — keys deleted, duplicated and retyped, random bytes, truncation,
 * deep nesting, huge strings, broken YAML, wrong enum values, bad secret references. Command lines
 * are drawn from the commander program itself: its commands, options, choices and values, then
 * broken on purpose (unknown options and commands, values missing or of the wrong kind, a bad plan).
 *
 * ROLLGATE_FUZZ_VERBOSE=1 prints what each valid command line said.
 *
 * Every case must end within a bound, with no stack trace and no internal error. What was broken on
 * purpose must exit 2 with a message (a plan's as file:line:col). A case left valid may exit 0 (it
 * did its work), 1 (a gate is not passing, or a refusal), 2 (input that is wrong for the state, e.g.
 * no reset plan recorded yet) or 3 (its plan names clusters on a closed port: unreachable) — always
 * with something said. Most cases run in-process through the CLI's main(); a sample runs as real
 * processes and must give the same exit code.
 *
 * The sandbox command (it starts and stops JVMs and removes directories) and `serve` (it runs until
 * stopped) are left out; every cluster, registry and Connect URL the cases can name is on a closed
 * port of 127.0.0.1, so nothing outside the test's temp dir is touched.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import type { Command, Option } from 'commander'
import { parseDocument } from 'yaml'
import { buildProgram, main } from '../src/cli/main.ts'
import { gateNames as realGateNames } from '../src/gates/types.ts'
import { phases as realPhases } from '../src/phases/phases.ts'
import { sandboxLayout } from '../src/sandbox/layout.ts'
import { sandboxPlan } from '../src/sandbox/plan.ts'

const repo = resolve(import.meta.dirname, '..')
const bin = join(repo, 'bin', 'rollgate.js')
const seed = Number(process.env.ROLLGATE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
console.log(`fuzz seed ${seed} (ROLLGATE_FUZZ_SEED=${seed} reproduces this run)`)

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
class Rng {
  #state: number
  constructor (s: number) { this.#state = s >>> 0 }
  next (): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int (n: number): number { return Math.floor(this.next() * n) }
  chance (p: number): boolean { return this.next() < p }
  pick<T> (items: readonly T[]): T { return items[this.int(items.length)]! }
}

const work = mkdtempSync(join(tmpdir(), 'rollgate-fuzz-'))
after(() => rmSync(work, { recursive: true, force: true }))

// the fixtures' references resolve: their environment variables set, their files beside the plans
const env: Record<string, string> = {
  ROLLGATE_TEST_SECRET: 'fuzz-secret', CC_API_KEY: 'fuzz-key', CC_API_SECRET: 'fuzz-secret',
  CC_SR_KEY: 'fuzz-sr-key', CC_SR_SECRET: 'fuzz-sr-secret', CONNECT_TOKEN: 'fuzz-token',
}
Object.assign(process.env, env)
// `rehearse` without --plan works on the sandbox named here: in the fuzz, on none
process.env.ROLLGATE_SANDBOX_DIR = join(work, 'no-sandbox')
const plans = join(work, 'plans')
mkdirSync(plans)
cpSync(join(repo, 'src', 'plan', 'fixtures'), plans, { recursive: true })

/** Every host of a seed plan moved to closed ports of 127.0.0.1: a case that gets as far as a cluster finds none. */
function closedPorts (text: string): string {
  return text
    .replace(/https?:\/\/[^\s"'\],}]+/g, 'http://127.0.0.1:9')
    .replace(/(bootstrap: \[)[^\]]*\]/g, '$1"127.0.0.1:9"]')
    .replace(/^(\s+- )[a-z0-9.-]+:\d+$/gm, '$1127.0.0.1:9')
}

const seeds: Array<{ name: string, text: string }> = [
  { name: 'full', text: closedPorts(readFileSync(join(repo, 'src', 'plan', 'fixtures', 'full.yaml'), 'utf8')) },
  { name: 'base', text: closedPorts(readFileSync(join(repo, 'test', 'fixtures', 'base-plan.yaml'), 'utf8')) },
  { name: 'sandbox', text: closedPorts(sandboxPlan(sandboxLayout({ dir: join(work, 'sandbox'), basePort: 19092, naming: 'identity', offsetLagMax: 100 }))) },
]

// --- plan mutations ------------------------------------------------------------------------------

type Path = Array<string | number>

function paths (value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out)
  return out
}

const words = ['', 'x', 'mirrormaker3', 'SASL_TLS', 'translated', 'critical!', 'yes', 'null', '-1', '1e309', 'NaN', '72', '72 hours', '∞', 'ünïcödé', '💥', 'a'.repeat(300)]
const badSecrets = ['${env:ROLLGATE_FUZZ_UNSET}', '${file:/nonexistent/secret}', '${file:}', '${env:}', '${vault:kv/x}', '${env:ROLLGATE_TEST_SECRET', '${file:../../../../etc/shadow}', '${env:A}${env:B}', 'hunter2']
const enumKeys = ['kind', 'naming', 'protocol', 'mechanism', 'strategy', 'criticality', 'sideEffect', 'offsetsSyncsLocation', 'offsetSyncsLocation', 'version']

function randomValue (rng: Rng): unknown {
  switch (rng.int(9)) {
    case 0: return rng.int(2 ** 31) - 2 ** 30
    case 1: return rng.chance(0.5)
    case 2: return null
    case 3: return []
    case 4: return { [rng.pick(words) || 'k']: rng.pick(words) }
    case 5: return rng.pick(words)
    case 6: return rng.next() * 1e6
    case 7: return rng.pick(badSecrets)
    default: return [rng.pick(words), rng.int(100)]
  }
}

/** Calls `f` with the collection holding `path`'s value, if an earlier mutation left one there. */
function withValue (root: unknown, path: Path, f: (parent: Record<string | number, unknown>, key: string | number) => void): void {
  let node = root
  for (const k of path.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined
  if (node !== null && typeof node === 'object') f(node as Record<string | number, unknown>, path.at(-1)!)
}

function randomBytes (rng: Rng, n: number): string {
  return Buffer.from(Array.from({ length: n }, () => rng.int(256))).toString('latin1')
}

/** One mutation of a seed plan; `kind` names it in a failure. */
function mutatePlan (rng: Rng, text: string): { kind: string, text: string | Buffer } {
  const structural = () => {
    const doc = parseDocument(text)
    const value = doc.toJS() as unknown
    const all = paths(value)
    const path = rng.pick(all)
    const kind = rng.pick(['delete', 'retype', 'enum', 'secret', 'duplicate-item', 'huge-string', 'unknown-key'])
    withValue(value, path, (parent, key) => {
      if (kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1)
        else delete parent[key]
      } else if (kind === 'retype') parent[key] = randomValue(rng)
      else if (kind === 'enum') parent[key] = rng.pick(words)
      else if (kind === 'secret') parent[key] = rng.pick(badSecrets)
      else if (kind === 'duplicate-item' && Array.isArray(parent)) parent.splice(Number(key), 0, parent[Number(key)])
      else if (kind === 'huge-string') parent[key] = 'z'.repeat(rng.pick([70_000, 1_100_000]))
      else if (kind === 'unknown-key' && parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key])) (parent[key] as Record<string, unknown>)[`fuzz${rng.int(99)}`] = 1
      else parent[key] = randomValue(rng)
    })
    // enum keys get a wrong value more often: they are where an operator's typo lands
    if (rng.chance(0.3)) {
      const enumPath = all.find((p) => enumKeys.includes(String(p.at(-1))) && rng.chance(0.5))
      if (enumPath) withValue(value, enumPath, (parent, key) => { parent[key] = rng.pick(words) })
    }
    return { kind: `structure:${kind}@${path.join('.')}`, text: JSON.stringify(value, null, rng.chance(0.5) ? 2 : 0) }
  }
  const lines = text.split('\n')
  const at = rng.int(text.length)
  const line = rng.int(lines.length)
  switch (rng.int(14)) {
    case 0: return { kind: 'random-bytes', text: text.slice(0, at) + randomBytes(rng, 1 + rng.int(64)) + text.slice(at + rng.int(16)) }
    case 1: return { kind: 'truncate', text: text.slice(0, at) }
    case 2: return { kind: 'binary', text: Buffer.from(randomBytes(rng, 1 + rng.int(4096)), 'latin1') }
    case 3: {
      const depth = rng.pick([50, 1_000, 20_000, 200_000])
      const open = rng.chance(0.5) ? '[' : '{a: '
      const close = open === '[' ? ']' : '}'
      return { kind: `deep-nesting-${depth}`, text: text.replace(/rollbackWindow: \S+/, `rollbackWindow: ${open.repeat(depth)}1${close.repeat(depth)}`) + (text.includes('rollbackWindow') ? '' : `\nx: ${open.repeat(depth)}${close.repeat(depth)}\n`) }
    }
    case 4: return { kind: 'duplicate-line', text: [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n') }
    case 5: return { kind: 'bad-yaml', text: text.slice(0, at) + rng.pick([': :', '[', '{', '\t', '&a *a', '*nope', '"', "'", '? ', '- - -', '%YAML 9.9\n', '!!binary ~', '!!js/function x']) + text.slice(at) }
    case 6: {
      // the billion laughs: aliases that expand to far more than the text
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)]
      return { kind: 'alias-bomb', text: `${text}\n${bomb.join('\n')}\n` }
    }
    case 7: return { kind: 'swap-lines', text: lines.map((l, i) => (i === line ? lines[(line + 1) % lines.length] : i === (line + 1) % lines.length ? lines[line] : l)).join('\n') }
    case 8: return { kind: 'empty', text: rng.pick(['', '---', '~', '[]', '{}', '0', '"plan"', '\uFEFF', '\0']) }
    case 9: return { kind: 'bad-secret', text: text.replace(/\$\{(env|file):[^}]*\}/, rng.pick(badSecrets)).replace(/protocol: PLAINTEXT/, `protocol: SASL_SSL\n      sasl: { mechanism: PLAIN, username: u, password: "${rng.pick(badSecrets)}" }`) }
    case 10: return { kind: 'huge-line', text: text + `\nname: ${'n'.repeat(rng.pick([10_000, 1_000_000]))}\n` }
    case 11: return { kind: 'indent', text: lines.map((l, i) => (i === line ? ` ${l}` : l)).join('\n') }
    default: return structural()
  }
}

// --- command lines from the program --------------------------------------------------------------

interface CommandSpec { path: string[], options: Option[], args: Array<{ name: string, required: boolean, variadic: boolean }> }

/** Commands that start JVMs, remove directories or run until stopped; and options that run shell commands. */
const excludedCommands = new Set(['sandbox', 'serve'])
const excludedOption = (o: Option) => /--(consumer-start|consumer-stop|sink-count)\b/.test(o.flags)

function commands (command: Command, path: string[] = []): CommandSpec[] {
  const out: CommandSpec[] = []
  for (const sub of command.commands) {
    if (path.length === 0 && excludedCommands.has(sub.name())) continue
    const subPath = [...path, sub.name()]
    const registered = (sub as unknown as { registeredArguments: Array<{ name (): string, required: boolean, variadic: boolean }> }).registeredArguments
    out.push({ path: subPath, options: sub.options.filter((o) => !excludedOption(o)), args: registered.map((a) => ({ name: a.name(), required: a.required, variadic: a.variadic })) })
    out.push(...commands(sub, subPath))
  }
  return out
}

const allCommands = commands(buildProgram())
/**
 * Where `--plan` is not a plan to read, a missing or broken file there is not bad input: `log` and
 * `journal verify` only take the state dir beside it (what was done is readable without a valid
 * plan), and `init` writes its plan there.
 */
const planNotRead = new Set(['log', 'journal verify', 'init'])
// the real names, and one that is not (`advance` and `gate` must refuse it as bad input themselves)
const gateNames = [...realGateNames, 'pre-flight']
const phaseNames = [...realPhases, 'decommissioned']

const fuzzDir = join(work, 'cli')
mkdirSync(fuzzDir)
const validPlan = join(fuzzDir, 'rollgate.yaml')
/** The sandbox's plan on closed ports with a 1 s gate timeout: a case that reaches a cluster learns it is unreachable at once. */
const writeValidPlan = () => writeFileSync(validPlan, `${seeds[2]!.text}gates:\n  timeout: 1s\n`)
const brokenPlan = join(fuzzDir, 'broken.yaml')
writeFileSync(brokenPlan, 'version: 1\nclusters: [\n')

/** A value the option accepts, by what its flags and description say it takes. */
function validValue (rng: Rng, o: Option): string {
  if (o.argChoices) return rng.pick(o.argChoices)
  const f = o.flags
  if (/--plan\b/.test(f)) return validPlan
  if (/--state-dir\b/.test(f)) return join(fuzzDir, `state-${rng.int(4)}`)
  if (/--(output|import|file)\b/.test(f)) return join(fuzzDir, `file-${rng.int(4)}`)
  if (/evidence|reset-plan/.test(f)) return Array.from({ length: 64 }, () => '0123456789abcdef'[rng.int(16)]).join('')
  if (/bootstrap/.test(f)) return '127.0.0.1:9'
  if (/registry|connect/.test(f)) return 'http://127.0.0.1:9'
  if (/--since\b/.test(f)) return rng.pick(['5m', '72h', '2026-03-02T10:00:00Z'])
  if (/--offsets\b/.test(f)) return rng.pick(['0:10', '5:', '0:1'])
  if (/--shard\b/.test(f)) return rng.pick(['1/1', '1/2', '2/2'])
  if (/timeout|wait|duration/.test(f)) return rng.pick(['1s', '2s'])
  if (/reverse-flow/.test(f)) return 'target->source'
  if (/<(n|records|rf|port|prefix|rate)>|workers|window|limit|concurrency|records|partitions|replication-factor|max-replay|rate|commit-every/.test(f)) return String(1 + rng.int(3))
  return rng.pick(['fuzz', 'orders', 'g1', 'fuzz-prefix'])
}

/** A value no option of that kind accepts. */
function invalidValue (rng: Rng, o: Option): string | undefined {
  if (o.argChoices) return rng.pick(['', 'bogus', o.argChoices[0]!.toUpperCase() + 'X'])
  const f = o.flags
  if (/evidence|reset-plan/.test(f)) return rng.pick(['abc', 'Z'.repeat(64), ''])
  if (/--plan\b/.test(f)) return rng.pick([join(fuzzDir, 'no-such-plan.yaml'), brokenPlan, fuzzDir])
  if (/workers|window|limit|concurrency|replication-factor|--records|--partitions|--rate|commit-every|max-replay|duplicate-window/.test(f)) return rng.pick(['-1', 'x', '1.5', 'NaN', ''])
  if (/--shard\b/.test(f)) return rng.pick(['3/2', '0/1', 'x', '1/'])
  if (/--since\b/.test(f)) return rng.pick(['yesterday', '-5m', '2026-13-45T99:00:00Z'])
  if (/--offsets\b/.test(f)) return rng.pick(['10:5', 'a:b', ':', '-1:4'])
  if (/--(wait-reverse|wait-inactive|wait-resume)\b/.test(f)) return rng.pick(['soon', '-1s', '5 minutes'])
  return undefined
}

interface CliCase { argv: string[], broken: string[] }

function cliCase (rng: Rng): CliCase {
  const spec = rng.pick(allCommands)
  const argv = [...spec.path]
  const broken: string[] = []
  for (const a of spec.args) {
    if (!a.required && rng.chance(0.5)) continue
    argv.push(a.name === 'name' ? rng.pick(gateNames) : a.name === 'phase' ? rng.pick(phaseNames) : rng.pick(['fuzz', 'x']))
  }
  const options: Array<{ o: Option, value?: string }> = []
  let trailing: string | undefined
  for (const o of spec.options) {
    const takesValue = o.required || o.optional
    const wanted = o.mandatory || /--plan\b/.test(o.flags) ? rng.chance(0.97) : rng.chance(0.3)
    if (!wanted) continue
    options.push({ o, value: takesValue ? validValue(rng, o) : undefined })
  }
  // broken on purpose, most of the time: each of these is bad input whatever else the line holds
  if (rng.chance(0.85)) {
    for (let n = 1 + rng.int(2); n > 0; n--) {
      const withValues = options.filter((x) => x.value !== undefined && invalidValue(rng, x.o) !== undefined &&
        !(x.o.long === '--plan' && planNotRead.has(spec.path.join(' '))))
      const kind = rng.pick(['unknown-option', 'unknown-option', 'bad-value', 'bad-value', 'missing-value', 'unknown-command', 'garbage-option'])
      if (kind === 'unknown-option') {
        options.push({ o: { flags: `--fuzz-${rng.int(1000)}` } as Option })
        broken.push(kind)
      } else if (kind === 'garbage-option') {
        options.push({ o: { flags: `--${randomBytes(rng, 1 + rng.int(12)).replace(/[\s\0=,-]/g, 'q')}` } as Option })
        broken.push(kind)
      } else if (kind === 'bad-value' && withValues.length > 0) {
        const target = rng.pick(withValues)
        target.value = invalidValue(rng, target.o)
        broken.push(`bad-value ${target.o.long}=${JSON.stringify(target.value)}`)
      } else if (kind === 'missing-value' && spec.options.some((o) => o.required)) {
        // last on the line, so nothing after it can be taken for its value
        trailing = rng.pick(spec.options.filter((x) => x.required)).long
        broken.push(`missing-value ${trailing}`)
      } else if (kind === 'unknown-command' && spec.path.length === 1) {
        argv[0] = rng.chance(0.5) ? `${argv[0]}x` : rng.pick(['', '-', 'rm', 'offsets-apply', '💥'])
        broken.push(`unknown-command ${JSON.stringify(argv[0])}`)
      }
    }
  }
  for (const { o, value } of options) {
    const flag = o.long ?? o.flags.split(/[ ,]/)[0]!
    argv.push(...(value === undefined ? [flag] : rng.chance(0.2) ? [`${flag}=${value}`] : [flag, value]))
  }
  if (trailing !== undefined) argv.push(trailing)
  return { argv, broken }
}

// --- running a case ------------------------------------------------------------------------------

interface Outcome { code: number, stdout: string, stderr: string, ms: number }

/** In-process cases take milliseconds to a second; a real process also starts Node, slow on a loaded 2-core machine. */
const caseBoundMs = 15_000
const processBoundMs = 60_000

/** main() in this process, with stdout and stderr captured. */
async function inProcess (argv: string[]): Promise<Outcome> {
  const out: string[] = []
  const err: string[] = []
  const { write: outWrite } = process.stdout
  const { write: errWrite } = process.stderr
  // rollgate and commander write strings; the test runner's own reports (bytes) pass through
  const capture = (into: string[], original: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string') { into.push(chunk); return true }
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest)
    }) as typeof process.stdout.write
  process.stdout.write = capture(out, outWrite, process.stdout)
  process.stderr.write = capture(err, errWrite, process.stderr)
  const t0 = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    const code = await Promise.race([main(argv), new Promise<number>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${caseBoundMs} ms`)), caseBoundMs)
    })])
    return { code, stdout: out.join(''), stderr: err.join(''), ms: Date.now() - t0 }
  } finally {
    clearTimeout(timer)
    process.stdout.write = outWrite
    process.stderr.write = errWrite
    process.exitCode = undefined
  }
}

function asProcess (argv: string[]): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const t0 = Date.now()
    const child = spawn(process.execPath, [bin, ...argv], { cwd: fuzzDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rollgate ${argv.join(' ')}: no result within ${processBoundMs} ms`)) }, processBoundMs)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 }) })
  })
}

/** What nothing rollgate prints may contain: a stack frame, an internal error, a Node error dump. */
function assertNoCrash (o: Outcome, what: string, boundMs = caseBoundMs): void {
  const all = `${o.stdout}\n${o.stderr}`
  assert.notEqual(o.code, 70, `${what}: internal error\n${o.stderr.slice(0, 2000)}`)
  assert.doesNotMatch(all, /internal error|^\s+at .+[(:]\d+:\d+\)?$/m, `${what}: a stack trace\n${all.slice(0, 2000)}`)
  assert.doesNotMatch(o.stderr, /^(Type|Range|Reference|Syntax)?Error( \[ERR_[A-Z_]+\])?: |^\(node:\d+\) |node:internal|Maximum call stack/m, `${what}: a Node error dump or warning\n${o.stderr.slice(0, 2000)}`)
  assert.ok([0, 1, 2, 3].includes(o.code), `${what}: exit ${o.code}\n${all.slice(0, 2000)}`)
  assert.ok(o.ms < boundMs, `${what}: ${o.ms} ms`)
}

const short = (argv: string[]) => JSON.stringify(argv.map((a) => (a.length > 80 ? `${a.slice(0, 40)}…(${a.length} chars)` : a)))

const unhandled: unknown[] = []
process.on('unhandledRejection', (reason) => { unhandled.push(reason) })

/** A sample of the in-process cases, run again as real processes (two at a time). */
const sample: Array<{ argv: string[], expected: number, what: string }> = []

test('1,000 mutated plan files: validate, status and runbook end with exit 0 or 2 (file:line:col), never a crash', { timeout: 120_000 }, async () => {
  const rng = new Rng(seed)
  const counts: Record<string, number> = {}
  let slowest = { ms: 0, what: '' }
  const t0 = Date.now()
  process.chdir(fuzzDir)
  for (let i = 0; i < 1_000; i++) {
    const base = rng.pick(seeds)
    const mutation = mutatePlan(rng, base.text)
    const file = join(plans, `plan-${i}.yaml`)
    writeFileSync(file, mutation.text)
    const command = rng.pick([['validate'], ['validate'], ['status', '--format', 'json'], ['runbook']])
    const argv = [...command, '--plan', file, '--state-dir', join(work, 'plan-state')]
    const what = `seed ${seed} plan ${i} (${base.name}, ${mutation.kind}): rollgate ${argv.join(' ')}`
    const o = await inProcess(argv)
    assertNoCrash(o, what)
    if (o.code === 2) {
      // a plan problem is located: file:line:col: path: message; an unreadable file says why
      assert.match(o.stderr, new RegExp(`^rollgate: (${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S|cannot read plan file )`), `${what}\n${o.stderr.slice(0, 1000)}`)
    } else {
      // a mutation may leave the plan valid (an optional key deleted, a list item repeated, a
      // string where any string goes): then the command did its work and said so
      assert.equal(o.code, 0, `${what}: exit ${o.code}\n${o.stdout.slice(0, 500)}${o.stderr.slice(0, 1000)}`)
      assert.ok(o.stdout.length > 0, what)
      if (command[0] === 'validate') assert.match(o.stdout, /: valid \(plan version 1/)
    }
    counts[o.code] = (counts[o.code] ?? 0) + 1
    if (o.ms > slowest.ms) slowest = { ms: o.ms, what }
    if (i % 67 === 0) sample.push({ argv, expected: o.code, what })
  }
  console.log(`plans: ${JSON.stringify(counts)} in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest ${slowest.ms} ms: ${slowest.what.slice(0, 200)}`)
  // the mutations are meant to break plans: most must be refused
  assert.ok((counts[2] ?? 0) > 700, JSON.stringify(counts))
  assert.deepEqual(unhandled, [])
})

test('1,000 command lines from the program: broken ones exit 2 with a message, valid ones 0-3 with something said, never a crash', { timeout: 120_000 }, async () => {
  const rng = new Rng(seed ^ 0x5eed)
  const counts: Record<string, number> = {}
  let slowest = { ms: 0, what: '' }
  const t0 = Date.now()
  process.chdir(fuzzDir)
  for (let i = 0; i < 1_000; i++) {
    // every case starts from the same files: a command that wrote a plan or state cannot steer the next
    writeValidPlan()
    const c = cliCase(rng)
    const what = `seed ${seed} command line ${i}${c.broken.length ? ` (broken: ${c.broken.join(', ')})` : ' (valid)'}: rollgate ${short(c.argv)}`
    const o = await inProcess(c.argv)
    assertNoCrash(o, what)
    if (c.broken.length > 0) {
      assert.equal(o.code, 2, `${what}: exit ${o.code}\n${o.stdout.slice(0, 500)}${o.stderr.slice(0, 1000)}`)
    }
    // whatever the exit, a non-zero one says why (a verdict or an unreachable side on stdout, anything else on stderr)
    if (o.code !== 0) assert.ok(o.stderr.trim().length > 0 || o.stdout.trim().length > 0, `${what}: exit ${o.code} said nothing`)
    if (o.code === 2) assert.match(o.stderr, /^(rollgate: |error: |Usage: )/m, what)
    const key = `${c.broken.length ? 'broken' : 'valid'}:${o.code}`
    if (process.env.ROLLGATE_FUZZ_VERBOSE && !c.broken.length) console.log(`${key} ${c.argv.slice(0, 2).join(' ')}: ${(o.stderr.split('\n')[0] ?? '').slice(0, 160)}`)
    counts[key] = (counts[key] ?? 0) + 1
    if (o.ms > slowest.ms) slowest = { ms: o.ms, what }
    if (i % 67 === 7) sample.push({ argv: c.argv, expected: o.code, what })
  }
  console.log(`command lines: ${JSON.stringify(counts)} in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest ${slowest.ms} ms: ${slowest.what.slice(0, 200)}`)
  assert.ok((counts['valid:0'] ?? 0) + (counts['valid:1'] ?? 0) + (counts['valid:3'] ?? 0) > 20, `enough valid lines reached a command: ${JSON.stringify(counts)}`)
  assert.deepEqual(unhandled, [])
})

test('a sample of the cases as real processes: the same exit code, no stack trace, bounded time', { timeout: 120_000 }, async () => {
  assert.ok(sample.length >= 30, `${sample.length} sampled`)
  const t0 = Date.now()
  const queue = [...sample]
  await Promise.all([0, 1].map(async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      writeValidPlan()
      const o = await asProcess(next.argv)
      assertNoCrash(o, `process: ${next.what}`, processBoundMs)
      assert.equal(o.code, next.expected, `process: ${next.what}\n${o.stderr.slice(0, 1000)}`)
    }
  }))
  console.log(`${sample.length} real processes in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
})
