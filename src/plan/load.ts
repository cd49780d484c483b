/**
 * @module plan/load
 * Reads `rollgate.yaml` into a `Plan`. Every problem — YAML syntax, unresolvable references, schema
 * violations, missing TLS files — is reported at once as `file:line:col: path: message`, in one
 * `RollgateError` (exit code 2), so an operator fixes a plan in one pass and never sees a stack trace.
 */
import { accessSync, constants } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Pair } from 'yaml'
import type { z } from 'zod'
import { ExitCode, RollgateError } from '../errors.ts'
import { flowTooDeep, nodeTooDeep, tooDeepMessage } from './nesting.ts'
import { type PlanPath, resolveReferences } from './references.ts'
import { type Plan, planSchema } from './schema.ts'

type Env = Readonly<Record<string, string | undefined>>

interface Problem {
  path: PlanPath
  message: string
  /** point at this key of the map at `path` rather than at a value (an unknown key) */
  key?: string
}

/** The plan in `file`; `${file:…}` references and TLS paths are relative to the file's directory. */
export async function loadPlan (file: string, env: Env = process.env): Promise<Plan> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file (rollgate init writes one)' : code ?? String(error)
    throw new RollgateError('RG_PLAN_UNREADABLE', `cannot read plan file ${file}: ${reason}`, ExitCode.badInput)
  }
  return parsePlan(text, file, env)
}

/** The plan in `text`, read from `file` (named in messages; its directory anchors relative paths). */
export function parsePlan (text: string, file: string, env: Env = process.env): Plan {
  const lines = new LineCounter()
  // deep nesting is refused before the parser, which slows down and then runs out of stack on it
  const flowDepth = flowTooDeep(text)
  if (flowDepth !== undefined) {
    const line = text.slice(0, flowDepth).split('\n').length
    throw new RollgateError('RG_PLAN_INVALID', `${file}:${line}:${flowDepth - text.lastIndexOf('\n', flowDepth - 1)}: ${tooDeepMessage}`, ExitCode.badInput)
  }
  // logLevel error: the library's warnings (a collection used as a key) would reach the operator as
  // a Node process warning; the schema reports such a key as unknown anyway
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' })
  const fail = (located: { line: number, col: number, text: string }[]) => {
    const sorted = located.sort((a, b) => a.line - b.line || a.col - b.col)
    const messages = [...new Set(sorted.map((p) => `${file}:${p.line}:${p.col}: ${p.text}`))]
    return new RollgateError('RG_PLAN_INVALID', messages.join('\n'), ExitCode.badInput)
  }
  if (document.errors.length > 0) {
    // a parser out of stack reports it once per level: the first one, said plainly, is enough
    const overflow = document.errors.find((error) => /maximum call stack/i.test(error.message))
    if (overflow) throw fail([{ ...lines.linePos(overflow.pos[0]), text: tooDeepMessage }])
    throw fail(document.errors.map((error) => ({ ...lines.linePos(error.pos[0]), text: error.message })))
  }
  // the steps below recurse: a plan nested far deeper than any plan needs is refused before them
  const deep = nodeTooDeep(document)
  if (deep !== undefined) throw fail([{ ...lines.linePos(deep), text: tooDeepMessage }])

  const dir = dirname(resolve(file))
  let raw: unknown
  try {
    raw = document.toJS()
  } catch (error) {
    // e.g. an alias bomb; the yaml library gives no position for it
    throw fail([{ line: 1, col: 1, text: /maximum call stack/i.test((error as Error).message) ? tooDeepMessage : (error as Error).message }])
  }
  const references = resolveReferences(raw, { dir, env })
  const files = anchorTlsFiles(references.value, dir)
  anchorMm2Config(references.value, dir)
  const parsed = planSchema.safeParse(references.value, { error: (issue) => issue.input === undefined && issue.code === 'invalid_type' ? 'missing (required)' : undefined })
  // A value whose reference failed would also fail the schema; one message per mistake is enough.
  const referenced = new Set(references.problems.map((problem) => pathText(problem.path)))
  const problems = [
    ...references.problems,
    ...files,
    ...(parsed.success ? [] : parsed.error.issues.flatMap(problemsOf)).filter((problem) => !referenced.has(pathText(problem.path))),
  ]
  if (problems.length > 0 || !parsed.success) {
    throw fail(problems.map((problem) => ({
      ...lines.linePos(offsetOf(document, problem)),
      text: `${pathText(problem.path)}: ${problem.message}`,
    })))
  }
  return parsed.data
}

function problemsOf (issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((segment) => typeof segment === 'number' ? segment : String(segment))
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }]
  return issue.keys.map((key) => ({ path, key, message: `unknown key "${key}"` }))
}

/**
 * The MirrorMaker 2 properties file made absolute, not checked: it may live where MirrorMaker 2
 * runs, and a snapshot that cannot read it records why (the check reading it is then `unknown`).
 */
function anchorMm2Config (raw: unknown, dir: string): void {
  const replication = (raw as { replication?: { mm2Config?: unknown } | null } | null)?.replication
  if (replication && typeof replication.mm2Config === 'string' && replication.mm2Config !== '') replication.mm2Config = resolve(dir, replication.mm2Config)
}

/**
 * TLS files made absolute (the Kafka layer reads them from any working directory) and checked now.
 * Done on the unvalidated plan so a missing file is reported along with any schema error.
 */
function anchorTlsFiles (raw: unknown, dir: string): Problem[] {
  type Loose = { clusters?: Record<string, { security?: { tls?: Record<string, unknown> } } | null> } | null
  const problems: Problem[] = []
  for (const side of ['source', 'target']) {
    const tls = (raw as Loose)?.clusters?.[side]?.security?.tls
    for (const what of ['ca', 'cert', 'key']) {
      const path = tls?.[what]
      if (tls === undefined || typeof path !== 'string') continue
      const file = tls[what] = resolve(dir, path)
      try {
        accessSync(file, constants.R_OK)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error)
        problems.push({ path: ['clusters', side, 'security', 'tls', what], message: `cannot read ${file} (${code})` })
      }
    }
  }
  return problems
}

/**
 * Source offset of the node a problem is about: the value at its path; the key itself for an unknown
 * key or an empty value; the nearest existing ancestor for a missing key.
 */
function offsetOf (document: Document, problem: Problem): number {
  const segments = problem.key === undefined ? problem.path : [...problem.path, problem.key]
  let node: unknown = document.contents
  let offset = (node as Node | null)?.range?.[0] ?? 0
  for (const [index, segment] of segments.entries()) {
    if (isAlias(node)) node = node.resolve(document)
    let pair: Pair | undefined
    if (isMap(node)) pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment)
    const next: unknown = isSeq(node) && typeof segment === 'number' ? node.items[segment] : pair?.value
    const keyNode = pair?.key as Node | undefined
    if (problem.key !== undefined && index === segments.length - 1) return keyNode?.range?.[0] ?? offset
    if (next === undefined || next === null) return keyNode?.range?.[0] ?? offset
    node = next
    const empty = isScalar(next) && next.source === ''
    offset = (empty ? keyNode : next as Node)?.range?.[0] ?? offset
  }
  return offset
}

function pathText (path: PlanPath): string {
  if (path.length === 0) return '(plan)'
  return path.map((segment, index) => typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`).join('')
}
