/**
 * @module plan/schema
 * The plan file (`rollgate.yaml`), version 1: both clusters, how data and offsets move between them,
 * what must hold before each phase, and who owns each rollback decision. Objects are strict so a
 * typo is an error, not a silently ignored key. Secret fields hold `Secret`s (see references.ts);
 * durations are parsed to milliseconds.
 */
import { z } from 'zod'
import { durationPattern, parseDuration } from './duration.ts'
import { Secret } from './secret.ts'
import { secretReferencePattern } from './references.ts'

const name = z.string().min(1)
const owner = z.string().min(1).describe('who decides and acts: a person, team or on-call rota')
const command = z.string().min(1).describe('a shell command')
const count = z.int().nonnegative()
const side = z.enum(['source', 'target'])
const criticality = z.enum(['critical', 'standard'])
  .describe('critical: a failed check fails the gate; standard: it only warns')

const duration = z.string()
  .regex(durationPattern, 'expected a duration such as 30s, 15m, 72h, 7d or ISO-8601 PT72H')
  .transform((text) => parseDuration(text) ?? Number.NaN) // never NaN: the pattern was checked first
  .describe('a duration, e.g. 30s, 15m, 72h, 7d, 1h30m or ISO-8601 PT72H; read as milliseconds')

const secret = z.custom<Secret>((value) => value instanceof Secret,
  'secrets are never written inline in a plan: use ${env:VAR} or ${file:path}')
  .meta({ type: 'string', pattern: secretReferencePattern.source, description: 'a ${env:VAR} or ${file:path} reference, never the secret itself' })

const hostPort = z.string().regex(/^(?:\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'expected host:port')
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
const compiles = (text: string): boolean => {
  try {
    return RegExp(text) instanceof RegExp
  } catch {
    return false
  }
}
const regex = z.string().refine(compiles, 'not a valid regular expression').meta({ format: 'regex' })
const principal = z.string().regex(/^[A-Za-z][\w-]*:.+$/, 'expected a Kafka principal such as User:alice')

/** Records behind and/or time behind: replication lag, replay a group may see. */
const recordsAndTime = z.strictObject({ records: count.optional(), time: duration.optional() })

/** A runbook entry: the seed's rule is that each has an owner plus a command, dashboard or ticket. */
const procedure = z.strictObject({
  owner,
  command: command.optional(),
  dashboard: httpUrl.optional(),
  ticket: z.string().min(1).optional(),
  note: z.string().optional().describe('the plain-language condition or limit'),
}).refine((entry) => [entry.command, entry.dashboard, entry.ticket].some((way) => way !== undefined),
  'needs a command, dashboard or ticket')

// --- clusters -------------------------------------------------------------------------------------

const sasl = z.strictObject({
  mechanism: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER']),
  username: z.string().min(1).optional(),
  password: secret.optional(),
  token: secret.optional(),
}).superRefine((sasl, ctx) => {
  if (sasl.mechanism === 'OAUTHBEARER') {
    if (!sasl.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'OAUTHBEARER needs a token' })
  } else {
    if (!sasl.username) ctx.addIssue({ code: 'custom', path: ['username'], message: `${sasl.mechanism} needs a username` })
    if (!sasl.password) ctx.addIssue({ code: 'custom', path: ['password'], message: `${sasl.mechanism} needs a password` })
  }
})

const security = z.strictObject({
  protocol: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('PLAINTEXT'),
  sasl: sasl.optional(),
  /** PEM file paths, relative to the plan file (the loader makes them absolute and checks them) */
  tls: z.strictObject({
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
  }).optional(),
}).superRefine((security, ctx) => {
  const usesSasl = security.protocol.startsWith('SASL_')
  if (usesSasl && !security.sasl) ctx.addIssue({ code: 'custom', path: ['sasl'], message: `${security.protocol} needs sasl` })
  if (!usesSasl && security.sasl) ctx.addIssue({ code: 'custom', path: ['sasl'], message: `sasl is not used by ${security.protocol}` })
  if (security.tls && !security.protocol.endsWith('SSL')) {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: `tls is not used by ${security.protocol}` })
  }
  if (security.tls && !security.tls.cert !== !security.tls.key) {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'mutual TLS needs both cert and key' })
  }
})

/** What the Kafka access layer needs to reach one cluster. */
const clusterConnection = z.strictObject({
  bootstrap: z.array(hostPort).min(1),
  security: security.prefault({}),
})

const httpAuth = z.strictObject({
  username: z.string().min(1).optional(),
  password: secret.optional(),
  token: secret.optional(),
}).refine((auth) => (auth.username !== undefined && auth.password !== undefined) !== (auth.token !== undefined),
  'needs username and password (basic) or token (bearer)')

const cluster = clusterConnection.extend({
  schemaRegistry: z.strictObject({ url: httpUrl, auth: httpAuth.optional() }).optional(),
  connect: z.strictObject({ urls: z.array(httpUrl).min(1), auth: httpAuth.optional() }).optional(),
})

// --- what moves and how -----------------------------------------------------------------------------

const replication = z.strictObject({
  kind: z.enum(['mirrormaker2', 'offset-preserving', 'none'])
    .describe('mirrormaker2: offsets translated from offset-syncs; offset-preserving: cluster-link style, same offsets'),
  sourceAlias: name.default('source'),
  targetAlias: name.default('target'),
  naming: z.enum(['identity', 'prefix']).default('identity')
    .describe('identity: same topic names on target; prefix: <sourceAlias><separator><topic>'),
  separator: z.string().min(1).default('.'),
  offsetSyncsLocation: side.default('source'),
  // Beside topic naming: the other name mapping parity needs (Confluent Cloud service accounts are
  // not the target's principals). Unmapped principals are expected under the same name.
  principals: z.record(principal, principal).optional()
    .describe('source principal → target principal for ACL, quota and credential parity, e.g. "User:sa-1x2y3z": "User:orders-app"'),
  mm2Config: z.string().min(1).optional()
    .describe('MirrorMaker 2 properties file (dedicated mode), relative to the plan: read for whether moved groups are excluded from its group offset sync'),
})

const selection = { names: z.array(name).min(1).optional(), regex: regex.optional() }
const selected = (entry: { names?: string[] | undefined, regex?: string | undefined }) => entry.names !== undefined || entry.regex !== undefined
const selectionMessage = 'select by names, regex or both'

const topic = z.strictObject({
  ...selection,
  criticality: criticality.default('standard'),
  lag: recordsAndTime.optional().describe('largest acceptable replication lag; default gates.lag'),
  allowedConfigDifferences: z.array(name).default([]).describe('topic configs that may differ, e.g. retention.ms'),
}).refine(selected, selectionMessage)

export const offsetStrategies = ['translate', 'exact', 'timestamp', 'identical', 'app-checkpoint', 'reset-earliest', 'reset-latest'] as const

const group = z.strictObject({
  name,
  // A group is listed because someone cares about it: critical unless said otherwise.
  criticality: criticality.default('critical'),
  strategy: z.enum(offsetStrategies),
  maxReplay: recordsAndTime.optional().describe('most records / time the group may re-read after a switch'),
  owner,
})

const schemas = z.strictObject({
  subjects: z.array(z.strictObject(selection).refine(selected, selectionMessage)).optional()
    .describe('absent: every subject of the source registry'),
  bothDirections: z.boolean().default(true)
    .describe('check compatibility target→source too, for producers returning to the source'),
})

const connector = z.strictObject({
  name,
  side: side.default('source').describe('the Connect cluster running it'),
  sideEffect: z.enum(['idempotent', 'upsert', 'non-idempotent']),
  stopCondition: z.string().min(1).optional(),
  compensatingAction: procedure.optional(),
  redactConfigs: z.array(name).default([])
    .describe('config keys to keep out of evidence besides those that look secret (password, token, …)'),
  owner,
}).superRefine((connector, ctx) => {
  if (connector.sideEffect !== 'non-idempotent') return
  for (const key of ['stopCondition', 'compensatingAction'] as const) {
    if (!connector[key]) ctx.addIssue({ code: 'custom', path: [key], message: `a non-idempotent connector needs ${key}` })
  }
})

const client = z.strictObject({
  name,
  owner,
  principal: principal.optional()
    .describe('the principal the client authenticates as on the source, e.g. User:orders-app; credential parity checks it exists on the target (mapped by replication.principals)'),
  switchToTarget: command,
  switchToSource: command,
})

const probe = z.strictObject({ command: command.optional(), http: httpUrl.optional() })
  .refine((probe) => (probe.command === undefined) !== (probe.http === undefined), 'needs either command or http (a GET), printing a number')

const invariant = z.strictObject({
  name,
  owner,
  source: probe,
  target: probe,
  tolerance: z.number().nonnegative().default(0).describe('largest acceptable |source - target|'),
})

// Who answers for a return to the source after producers moved, and what happens to what was
// written only to the target by then: the producer-cutover gate demands it is decided beforehand.
const rollbackPlan = z.strictObject({
  owner,
  targetOnlyWrites: z.enum(['reverse-replicate', 'replay', 'accept-gap'])
    .describe('reverse-replicate: a reverse flow copies them to the source; replay: rollgate rollback --replay-target-writes copies them back; accept-gap: they are lost, within maxGap'),
  reverseFlow: z.string().regex(/^\s*[A-Za-z0-9_.-]+\s*->\s*[A-Za-z0-9_.-]+\s*$/, 'expected <target alias>-><source alias>, e.g. target->src0').optional()
    .describe('the MirrorMaker 2 flow carrying target-only writes back, as `rollgate rollback --reverse-flow` takes it'),
  maxGap: duration.optional().describe('accept-gap: the longest stretch of target-only writes the team accepts to lose'),
  note: z.string().optional(),
}).superRefine((r, ctx) => {
  if (r.targetOnlyWrites === 'reverse-replicate' && r.reverseFlow === undefined) ctx.addIssue({ code: 'custom', path: ['reverseFlow'], message: 'reverse-replicate needs reverseFlow (e.g. target->src0)' })
  if (r.targetOnlyWrites === 'accept-gap' && r.maxGap === undefined) ctx.addIssue({ code: 'custom', path: ['maxGap'], message: 'accept-gap needs maxGap: the loss window accepted' })
})

const runbook = z.strictObject({
  writeAuthority: procedure,
  criticalTopics: procedure,
  criticalGroups: procedure,
  schemaState: procedure,
  connectorSideEffects: procedure,
  clientSwitch: procedure,
  pointOfNoReturn: procedure,
})

const gates = z.strictObject({
  evidenceMaxAge: duration.prefault('15m').describe('older evidence makes a check unknown'),
  timeout: duration.prefault('15s').describe('bound on each call to a cluster, registry or Connect'),
  lag: recordsAndTime.prefault({ records: 1000, time: '1m' }).describe('replication lag for topics without their own'),
  // absent: no group may commit on the target during the shadow phase (an empty allowedGroups)
  shadowRead: z.strictObject({
    allowedGroups: z.array(name).default([])
      .describe('consumer groups that may commit offsets on the target during the shadow phase, e.g. a shadow reader with a group of its own'),
  }).optional().describe('shadow-read gate settings'),
})

export const planSchema = z.strictObject({
  version: z.literal(1, 'unsupported plan version: this rollgate reads version 1'),
  name: name.optional(),
  clusters: z.strictObject({ source: cluster, target: cluster }),
  replication,
  rollbackWindow: duration.describe('how long rollback must stay possible'),
  topics: z.array(topic).min(1),
  groups: z.array(group).default([]),
  schemas: schemas.optional(),
  connectors: z.array(connector).default([]),
  clients: z.array(client).default([]),
  invariants: z.array(invariant).default([]),
  rollback: rollbackPlan.optional().describe('rollback ownership and target-only write handling after producer cutover'),
  runbook,
  gates: gates.prefault({}),
}).superRefine((plan, ctx) => {
  // Strategies that read replication state need the replication that writes it.
  const needs: Partial<Record<OffsetStrategy, Plan['replication']['kind']>> = { translate: 'mirrormaker2', identical: 'offset-preserving' }
  plan.groups.forEach((group, index) => {
    const kind = needs[group.strategy]
    if (kind && plan.replication.kind !== kind) {
      ctx.addIssue({ code: 'custom', path: ['groups', index, 'strategy'], message: `strategy ${group.strategy} needs replication.kind ${kind}` })
    }
  })
  for (const list of ['groups', 'connectors', 'clients', 'invariants'] as const) {
    const seen = new Set<string>()
    plan[list].forEach((entry, index) => {
      // a connector is named per Connect cluster: the same name on both sides is the migrated pair
      const key = 'side' in entry ? `${entry.side}/${entry.name}` : entry.name
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [list, index, 'name'], message: `duplicate name ${entry.name}${'side' in entry ? ` on the ${entry.side}` : ''}` })
      seen.add(key)
    })
  }
})

export type Plan = z.output<typeof planSchema>
/** One cluster as the Kafka access layer takes it: bootstrap and security, secrets as `Secret`. */
export type ClusterConnection = z.output<typeof clusterConnection>
export type OffsetStrategy = (typeof offsetStrategies)[number]
