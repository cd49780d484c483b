/**
 * @module plan/references
 * `${env:VAR}` and `${file:path}` references in a plan's strings, resolved before validation so the
 * schema checks the values rollgate will actually use.
 *
 * Secret fields are the keys `password` and `token`, wherever they appear (SASL, Schema Registry and
 * Connect auth). Their value must be exactly one reference; it becomes a `Secret`. A literal value is
 * left as a plain string, which the schema refuses: secrets are never written inline in a plan.
 * Other fields may mix references into text (`https://${env:SR_HOST}`) and get a plain string; so a
 * command that needs a secret should read it from its own environment (`$VAR`), not via `${env:…}`.
 * TLS `ca`/`cert`/`key` are file paths, not secrets: the files' content never enters the plan.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Secret } from './secret.ts'

export const secretFields: ReadonlySet<string> = new Set(['password', 'token'])

/** What a secret field must hold; also published in the JSON Schema. */
export const secretReferencePattern = /^\$\{(?:env|file):[^}]+\}$/

// Only these two schemes: any other `${…}` (e.g. a shell's `${NAMESPACE}` in a command) is left alone.
const reference = /\$\{(env|file):([^}]*)\}/g

export type PlanPath = (string | number)[]

export interface ReferenceProblem {
  path: PlanPath
  message: string
}

export interface ReferenceContext {
  /** the plan file's directory: `${file:…}` paths are relative to it */
  dir: string
  env: Readonly<Record<string, string | undefined>>
}

/** `value` (a parsed plan) with every reference replaced; problems carry the path of their string. */
export function resolveReferences (value: unknown, context: ReferenceContext): { value: unknown, problems: ReferenceProblem[] } {
  const problems: ReferenceProblem[] = []

  const lookup = (scheme: string, target: string, path: PlanPath): string => {
    const text = `\${${scheme}:${target}}`
    if (target === '') {
      problems.push({ path, message: `${text}: empty reference` })
      return ''
    }
    if (scheme === 'env') {
      const found = context.env[target]
      if (found === undefined) problems.push({ path, message: `${text}: environment variable ${target} is not set` })
      return found ?? ''
    }
    const file = resolve(context.dir, target)
    try {
      // One trailing newline is what editors and `echo` add; it is never part of the secret.
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    } catch (error) {
      problems.push({ path, message: `${text}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})` })
      return ''
    }
  }

  const walk = (node: unknown, path: PlanPath): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]))
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]))
    }
    if (typeof node !== 'string') return node
    const key = path.at(-1)
    if (typeof key === 'string' && secretFields.has(key)) {
      const [, scheme = '', target = ''] = /^\$\{(env|file):([^}]*)\}$/.exec(node) ?? []
      return scheme === '' ? node : new Secret(lookup(scheme, target, path))
    }
    return node.replace(reference, (_, scheme: string, target: string) => lookup(scheme, target, path))
  }

  return { value: walk(value, []), problems }
}
