/**
 * @module registry/avro-compat
 * Avro schema resolution as a compatibility check, local and pure: whether a reader schema can read
 * every datum written with a writer schema (the Avro specification's "Schema Resolution"), and the
 * registry compatibility levels built on it — BACKWARD (the new schema reads data written with the
 * existing one), FORWARD (the existing reads the new), FULL (both), each `_TRANSITIVE` against every
 * existing version instead of the latest, NONE.
 *
 * Written here rather than taken from a library so that every incompatibility comes back with its
 * path in the schema and the reason in an operator's words (the registry itself may answer only
 * `is_compatible: false`: Apicurio's Confluent API gives no messages, even with `verbose=true`), and
 * so that a schema naming types it does not define (references to other subjects) is reported as not
 * checkable instead of guessed at. Logical types are ignored, as the Java implementation does.
 *
 * Rules: same primitive, or a promotion (int→long/float/double, long→float/double, float→double,
 * string↔bytes); records by unqualified name (or a reader alias), every reader field either in the
 * writer (by name or reader alias, recursively readable) or with a default; enums by name, every
 * writer symbol in the reader or a reader default; fixed by name and size; arrays and maps by their
 * items and values; a writer union needs every branch readable, a reader union any branch that reads
 * the writer. Recursive types are assumed compatible when met again (the pair is being proven).
 */

export type AvroLevel = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE'

export const avroLevels: readonly AvroLevel[] = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE']

/** One reason a reader cannot read a writer's data, at a path such as `Order.items[].qty`. */
export interface Incompatibility { path: string, message: string }

/** A schema could not be parsed or names a type it does not define: nothing can be concluded. */
export class AvroSchemaError extends Error {}

type Primitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'
const primitives: readonly string[] = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']

interface Field { name: string, type: Node, hasDefault: boolean, aliases: string[] }

type Node =
  | { kind: 'primitive', type: Primitive }
  | { kind: 'record', fullName: string, name: string, aliases: string[], fields: Field[] }
  | { kind: 'enum', fullName: string, name: string, aliases: string[], symbols: string[], default: string | null }
  | { kind: 'fixed', fullName: string, name: string, aliases: string[], size: number }
  | { kind: 'array', items: Node }
  | { kind: 'map', values: Node }
  | { kind: 'union', branches: Node[] }

/** Named types are resolved lazily so that a record may refer to itself. */
type Named = Extract<Node, { fullName: string }>

function fullNameOf (name: string, namespace: string | undefined): string {
  if (name.includes('.')) return name
  return namespace ? `${namespace}.${name}` : name
}

const simpleName = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1)

/** Parses a schema's JSON text into resolved nodes. */
export function parseAvro (text: string): Node {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // a bare primitive name is valid schema text too (`string`)
    if (primitives.includes(text.trim())) json = text.trim()
    else throw new AvroSchemaError('not JSON')
  }
  const names = new Map<string, Named>()
  const parse = (schema: unknown, namespace: string | undefined): Node => {
    if (typeof schema === 'string') {
      if (primitives.includes(schema)) return { kind: 'primitive', type: schema as Primitive }
      const named = names.get(fullNameOf(schema, namespace)) ?? names.get(schema)
      if (named === undefined) throw new AvroSchemaError(`type ${schema} is not defined in the schema (a reference to another subject?)`)
      return named
    }
    if (Array.isArray(schema)) return { kind: 'union', branches: schema.map((s) => parse(s, namespace)) }
    if (schema === null || typeof schema !== 'object') throw new AvroSchemaError(`not a schema: ${JSON.stringify(schema)}`)
    const o = schema as Record<string, unknown>
    const type = o.type
    if (typeof type !== 'string') return parse(type, namespace)
    const aliasesOf = (ns: string | undefined) => (Array.isArray(o.aliases) ? o.aliases.filter((a): a is string => typeof a === 'string').map((a) => fullNameOf(a, ns)) : [])
    switch (type) {
      case 'record': case 'error': case 'enum': case 'fixed': {
        if (typeof o.name !== 'string') throw new AvroSchemaError(`a ${type} without a name`)
        const ns = typeof o.namespace === 'string' ? o.namespace : o.name.includes('.') ? o.name.slice(0, o.name.lastIndexOf('.')) : namespace
        const fullName = fullNameOf(o.name, ns)
        const base = { fullName, name: simpleName(fullName), aliases: aliasesOf(ns) }
        if (type === 'enum') {
          const symbols = Array.isArray(o.symbols) ? o.symbols.filter((s): s is string => typeof s === 'string') : []
          const node: Named = { kind: 'enum', ...base, symbols, default: typeof o.default === 'string' ? o.default : null }
          names.set(fullName, node)
          return node
        }
        if (type === 'fixed') {
          const node: Named = { kind: 'fixed', ...base, size: typeof o.size === 'number' ? o.size : -1 }
          names.set(fullName, node)
          return node
        }
        const node: Extract<Node, { kind: 'record' }> = { kind: 'record', ...base, fields: [] }
        names.set(fullName, node)
        for (const f of Array.isArray(o.fields) ? o.fields as Array<Record<string, unknown>> : []) {
          if (typeof f.name !== 'string') throw new AvroSchemaError(`a field of ${fullName} without a name`)
          node.fields.push({
            name: f.name,
            type: parse(f.type, ns),
            hasDefault: Object.hasOwn(f, 'default'),
            aliases: Array.isArray(f.aliases) ? f.aliases.filter((a): a is string => typeof a === 'string') : [],
          })
        }
        return node
      }
      case 'array': return { kind: 'array', items: parse(o.items, namespace) }
      case 'map': return { kind: 'map', values: parse(o.values, namespace) }
      default: return parse(type, namespace)
    }
  }
  return parse(json, undefined)
}

const promotions: Record<Primitive, readonly Primitive[]> = {
  null: [], boolean: [], int: ['long', 'float', 'double'], long: ['float', 'double'], float: ['double'], double: [], bytes: ['string'], string: ['bytes'],
}

/** How a node is named in a message. */
function describe (n: Node): string {
  switch (n.kind) {
    case 'primitive': return n.type
    case 'array': return `array<${describe(n.items)}>`
    case 'map': return `map<${describe(n.values)}>`
    case 'union': return `union [${n.branches.map(describe).join(', ')}]`
    default: return `${n.kind} ${n.fullName}`
  }
}

const namesMatch = (reader: Named, writer: Named) => reader.name === writer.name || reader.aliases.some((a) => a === writer.fullName || simpleName(a) === writer.name)

/** Every reason `reader` cannot read data written with `writer`; empty: it can. */
export function readIncompatibilities (reader: Node, writer: Node): Incompatibility[] {
  const pairs = new Map<Node, Set<Node>>()
  const out: Incompatibility[] = []
  const check = (r: Node, w: Node, path: string, sink: Incompatibility[]): void => {
    if (w.kind === 'union') {
      w.branches.forEach((b) => check(r, b, path, sink))
      return
    }
    if (r.kind === 'union') {
      for (const b of r.branches) {
        const trial: Incompatibility[] = []
        check(b, w, path, trial)
        if (trial.length === 0) return
      }
      sink.push({ path, message: `the reader's ${describe(r)} has no branch that reads the writer's ${describe(w)}` })
      return
    }
    const mismatch = (): void => { sink.push({ path, message: `the writer's ${describe(w)} cannot be read as the reader's ${describe(r)}` }) }
    if (r.kind === 'primitive' || w.kind === 'primitive') {
      if (r.kind === 'primitive' && w.kind === 'primitive' && (r.type === w.type || promotions[w.type].includes(r.type))) return
      return mismatch()
    }
    if (r.kind !== w.kind) return mismatch()
    if (r.kind === 'array' && w.kind === 'array') return check(r.items, w.items, `${path}[]`, sink)
    if (r.kind === 'map' && w.kind === 'map') return check(r.values, w.values, `${path}{}`, sink)
    const rn = r as Named
    const wn = w as Named
    if (!namesMatch(rn, wn)) {
      sink.push({ path, message: `the writer's ${wn.kind} is named ${wn.fullName}, the reader's ${rn.fullName}` })
      return
    }
    if (rn.kind === 'fixed' && wn.kind === 'fixed') {
      if (rn.size !== wn.size) sink.push({ path, message: `fixed ${rn.fullName} has size ${wn.size} in the writer and ${rn.size} in the reader` })
      return
    }
    if (rn.kind === 'enum' && wn.kind === 'enum') {
      const missing = wn.symbols.filter((s) => !rn.symbols.includes(s))
      if (missing.length > 0 && rn.default === null) {
        sink.push({ path, message: `enum ${rn.fullName}: the writer's symbol(s) ${missing.join(', ')} are not in the reader, which has no default` })
      }
      return
    }
    if (rn.kind === 'record' && wn.kind === 'record') {
      // a recursive record met again while its pair is being proven: assume, as resolution does
      const seen = pairs.get(rn) ?? new Set<Node>()
      if (seen.has(wn)) return
      seen.add(wn)
      pairs.set(rn, seen)
      for (const f of rn.fields) {
        const wf = wn.fields.find((x) => x.name === f.name) ?? wn.fields.find((x) => f.aliases.includes(x.name))
        const at = path === '' ? `${rn.name}.${f.name}` : `${path}.${f.name}`
        if (wf === undefined) {
          if (!f.hasDefault) sink.push({ path: at, message: `the reader's field ${f.name} (${describe(f.type)}) has no default and the writer has no such field` })
          continue
        }
        check(f.type, wf.type, at, sink)
      }
    }
  }
  check(reader, writer, '', out)
  return out.map((i) => ({ path: i.path === '' ? '(root)' : i.path, message: i.message }))
}

export interface LevelResult {
  compatible: boolean
  /** what was compared: `reads` = the candidate read the existing version's data, or the reverse */
  problems: Array<{ version: number, direction: 'new reads old' | 'old reads new', incompatibilities: Incompatibility[] }>
}

/**
 * Whether `candidate` may join a subject holding `existing` (oldest first) under `level`, as a
 * registry decides it: BACKWARD(_TRANSITIVE) the candidate reads the latest (every) version's data,
 * FORWARD(_TRANSITIVE) the latest (every) version reads the candidate's, FULL both. Throws
 * AvroSchemaError when a schema cannot be parsed or resolved.
 */
export function avroCompatible (level: string, candidate: string, existing: ReadonlyArray<{ version: number, schema: string }>): LevelResult {
  const upper = level.toUpperCase()
  if (upper === 'NONE' || existing.length === 0) return { compatible: true, problems: [] }
  if (!(avroLevels as readonly string[]).includes(upper)) throw new AvroSchemaError(`unknown compatibility level ${level}`)
  const transitive = upper.endsWith('_TRANSITIVE')
  const backward = upper.startsWith('BACKWARD') || upper.startsWith('FULL')
  const forward = upper.startsWith('FORWARD') || upper.startsWith('FULL')
  const against = transitive ? existing : existing.slice(-1)
  const c = parseAvro(candidate)
  const problems: LevelResult['problems'] = []
  for (const e of against) {
    const old = parseAvro(e.schema)
    if (backward) {
      const found = readIncompatibilities(c, old)
      if (found.length > 0) problems.push({ version: e.version, direction: 'new reads old', incompatibilities: found })
    }
    if (forward) {
      const found = readIncompatibilities(old, c)
      if (found.length > 0) problems.push({ version: e.version, direction: 'old reads new', incompatibilities: found })
    }
  }
  return { compatible: problems.length === 0, problems }
}

/** One line per problem, for a check's message. */
export function problemText (result: LevelResult): string {
  return result.problems.map((p) => `against version ${p.version} (${p.direction}): ${p.incompatibilities.map((i) => `${i.path}: ${i.message}`).join('; ')}`).join('; ')
}
