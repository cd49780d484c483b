/**
 * @module rehearse/plan
 * The rehearsal's own plan: the team's plan (its clusters, registries, replication, rollback window,
 * runbook) narrowed to the rehearsal's topic and group, with the clients the rehearsal switches. It
 * lives in the rehearsal's directory with its own journal, so a game day moves the phases of a
 * rehearsal migration — never those of the real one. Built from the plan's YAML, so `${env:…}`
 * references stay references; relative `${file:…}` and TLS paths are anchored to the team's plan.
 */
import { isAbsolute, resolve } from 'node:path'
import { parseDocument, stringify } from 'yaml'
import { badInput } from '../errors.ts'
import { parseDuration } from '../plan/duration.ts'

export interface RehearsalClient { name: string, switchToTarget: string, switchToSource: string }

export interface RehearsalPlanInput {
  /** the team's plan, as written, and its directory */
  text: string
  dir: string
  topic: string
  group: string
  /** the plan group whose objectives (strategy, maxReplay, owner) the rehearsal takes */
  like?: string
  /** overrides maxReplay.records */
  maxReplay?: number
  /** objectives when the plan names no group to rehearse as */
  builtIn: { strategy: string, maxReplayRecords: number }
  clients: RehearsalClient[]
}

export interface RehearsalPlan {
  text: string
  /** where the objectives come from, in words */
  objectivesFrom: string
}

type Raw = Record<string, unknown>

/** Rewrites relative `${file:…}` references and TLS paths under `clusters` to absolute ones. */
function anchor (value: unknown, dir: string, key?: string): unknown {
  if (typeof value === 'string') {
    const anchored = value.replace(/\$\{file:([^}]+)\}/g, (_, path: string) => `\${file:${isAbsolute(path) ? path : resolve(dir, path)}}`)
    return key !== undefined && ['ca', 'cert', 'key'].includes(key) && !anchored.includes('${') && !isAbsolute(anchored) ? resolve(dir, anchored) : anchored
  }
  if (Array.isArray(value)) return value.map((v) => anchor(v, dir))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, anchor(v, dir, k)]))
  return value
}

export function rehearsalPlan (input: RehearsalPlanInput): RehearsalPlan {
  const raw = parseDocument(input.text).toJS() as Raw | null
  if (raw === null || typeof raw !== 'object') throw badInput('the plan is empty')
  const groups = (Array.isArray(raw.groups) ? raw.groups : []) as Raw[]
  let group: Raw
  let objectivesFrom: string
  if (input.like !== undefined) {
    const like = groups.find((g) => g.name === input.like)
    if (!like) throw badInput(`--group ${input.like}: the plan has no such group (it has: ${groups.map((g) => g.name).join(', ') || 'none'})`)
    group = { name: input.group, strategy: like.strategy, owner: like.owner, ...(like.maxReplay ? { maxReplay: like.maxReplay } : {}) }
    objectivesFrom = `plan group ${input.like}`
  } else {
    group = { name: input.group, strategy: input.builtIn.strategy, owner: 'rollgate rehearse', maxReplay: { records: input.builtIn.maxReplayRecords } }
    objectivesFrom = `built-in objectives (the plan names no group to rehearse as: --group <name>): strategy ${input.builtIn.strategy}, maxReplay ${input.builtIn.maxReplayRecords} records, the built-in consumer's commit interval`
  }
  if (input.maxReplay !== undefined) {
    group.maxReplay = { ...(group.maxReplay as Raw | undefined), records: input.maxReplay }
    objectivesFrom += `, maxReplay ${input.maxReplay} records (--max-replay)`
  }
  const gates = { ...(raw.gates as Raw | undefined) }
  // a snapshot of a busy cluster takes a while; a rehearsal that fails on its own evidence's timeout proves nothing
  const timeout = typeof gates.timeout === 'string' ? parseDuration(gates.timeout) ?? 0 : 0
  if (timeout < 60_000) gates.timeout = '60s'
  const plan: Raw = {
    version: raw.version,
    name: `rehearsal of ${typeof raw.name === 'string' ? raw.name : 'the migration'}: ${input.topic}`,
    clusters: anchor(raw.clusters, input.dir),
    replication: raw.replication,
    rollbackWindow: raw.rollbackWindow,
    topics: [{ names: [input.topic], criticality: 'critical' }],
    groups: [group],
    clients: input.clients.map((c) => ({ name: c.name, owner: 'rollgate rehearse', switchToTarget: c.switchToTarget, switchToSource: c.switchToSource })),
    runbook: raw.runbook,
    gates,
  }
  return {
    text: `# Written by \`rollgate rehearse\`: the team's plan narrowed to the rehearsal's topic and group.\n${stringify(plan, { lineWidth: 0 })}`,
    objectivesFrom,
  }
}
