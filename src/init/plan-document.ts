/**
 * @module init/plan-document
 * The plan `rollgate init` writes, as a YAML document with comments: what was discovered, the
 * defaults chosen (each explained where it is written) and a TODO wherever only a person can answer.
 * The plan validates as written but does not pass the gates: `runbook.owned` refuses TODO owners,
 * so no migration proceeds before someone has claimed each decision.
 */
import { Document, isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml'
import type { Findings, ListedConnector } from './findings.ts'
import type { Discovery, SideDiscovery } from './types.ts'

export interface PlanDocumentOptions {
  /** `gates.timeout`, as given to init (e.g. `15s`) */
  timeout: string
}

/** The placeholder the runbook.owned gate check refuses; init writes it wherever a person must answer. */
export const todo = 'TODO'

// Names (group ids, connector names and classes) and service answers may hold any character: a line
// break in one would end the comment and inject YAML, so control characters are written escaped.
const control = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g
const escaped = (line: string): string => line.replace(control, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** Comment text, one argument a line: each line gets `# ` when the document is written. */
const comment = (...lines: string[]): string => lines.map((line) => (line === '' ? '' : ` ${escaped(line)}`)).join('\n')

/** A bounded list for comments: a plan comment must stay readable with thousands of names. */
function listed (names: string[], max = 12): string {
  if (names.length <= max) return names.join(', ')
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

// --- sections ---------------------------------------------------------------------------------------

function cluster (side: SideDiscovery): Record<string, unknown> {
  const entry: Record<string, unknown> = { bootstrap: side.bootstrap, security: { protocol: 'PLAINTEXT' } }
  if (side.registry) entry.schemaRegistry = { url: side.registry.url }
  if (side.connect) entry.connect = { urls: side.connect.urls }
  return entry
}

const securityComment = (side: 'source' | 'target') => comment(
  'init connected with PLAINTEXT. For an authenticated cluster, for example:',
  '  security:',
  '    protocol: SASL_SSL',
  `    sasl: { mechanism: SCRAM-SHA-512, username: svc-migrate, password: \${env:${side.toUpperCase()}_KAFKA_PASSWORD} }`,
  'Secrets are references, ${env:VAR} or ${file:path}, never the secret itself.',
)

function replication (findings: Findings): Record<string, unknown> {
  const guess = findings.replication
  if (guess.kind === 'none') return { kind: 'none' }
  return {
    kind: guess.kind,
    sourceAlias: guess.sourceAlias,
    targetAlias: guess.targetAlias,
    naming: guess.naming,
    separator: '.',
    offsetSyncsLocation: guess.offsetSyncsLocation,
  }
}

function replicationComment (findings: Findings): string {
  const { kind, naming, namingFrom, evidence } = findings.replication
  const copies = `the target holds ${evidence.sameName} same-name and ${evidence.prefixed} ${evidence.prefixAlias}.<topic> copies of source topics`
  const traces = evidence.traces.length ? `MirrorMaker 2 topics seen: ${listed(evidence.traces, 4)}` : 'no MirrorMaker 2 offset-syncs or checkpoints topic seen'
  const lines = [`Detected: ${copies};`, `${traces}.`]
  if (kind === 'none') {
    lines.push('replication.kind none: the target holds no copies yet. Set mirrormaker2 (offsets translated from',
      'offset-syncs) or offset-preserving (cluster-link style) once replication runs.')
  } else {
    lines.push(namingFrom === 'flag'
      ? `naming ${naming}: given with --naming.`
      : `naming ${naming}: prefix when the target has <sourceAlias>.<topic> copies and no same-name ones, else identity.`)
    lines.push('Check the aliases and separator against MirrorMaker 2\'s configuration (replication.policy.separator).')
  }
  return comment(...lines)
}

function topicsSection (findings: Findings): unknown[] {
  const names = findings.topics.data.map((topic) => topic.name)
  // a plan needs a topic selector: with none discovered, select all and say so (select-topics skips internal ones)
  if (names.length === 0) return [{ regex: '.+', criticality: 'standard' }]
  return [{ names, criticality: 'standard' }]
}

function topicsComment (findings: Findings): string {
  const { data, plumbing } = findings.topics
  const lines = [
    `Source topics as discovered (${data.length}), partition counts beside each name. All are standard:`,
    'a failed check only warns. Move the topics whose loss or lag must stop the migration to an entry',
    'of their own with criticality: critical (and lag: { records, time } if gates.lag does not fit).',
  ]
  if (data.length === 0) lines.push('The source listed no data topic when init ran: this regex selects every topic, narrow it.')
  if (plumbing.length > 0) {
    lines.push(`Left out as plumbing (internal, MirrorMaker 2, Connect, registry storage): ${listed(plumbing.map((p) => p.name))}.`)
  }
  return comment(...lines)
}

function groupsSection (findings: Findings): unknown[] {
  return findings.groups.listed.map((name) => ({ name, criticality: 'critical', strategy: findings.strategy, owner: todo }))
}

function groupsComment (findings: Findings): string {
  const lines = [`Consumer groups with committed offsets on source data topics (${findings.groups.listed.length}).`]
  if (findings.strategy === 'translate') {
    lines.push('strategy translate: MirrorMaker 2 replicates, so each position is carried over through its',
      'offset-syncs, never past a record the group has not processed (some records may be re-read).')
  } else {
    lines.push('strategy reset-earliest: no replication was detected, so no offset mapping exists; re-reading',
      'all that is retained is the only default that cannot skip a record. It replays: choose timestamp,',
      'exact or app-checkpoint where the consumer allows it.')
  }
  lines.push('All are critical (a failed offset check fails the gate): make standard those whose position',
    'does not matter, set maxReplay: { records, time } where replay has a limit, and name each owner.')
  if (findings.groups.left.length > 0) {
    lines.push(`Left out: ${listed(findings.groups.left.map((g) => `${g.id} (${g.reason})`), 8)}.`)
  }
  return comment(...lines)
}

function schemasComment (findings: Findings, registryGiven: boolean): string | undefined {
  const subjects = findings.subjects
  if (!registryGiven || subjects === null) {
    return comment('schemas: left out, no source schema registry was given to init (--source-registry).',
      'Set clusters.source.schemaRegistry and list subjects here, or leave schemas out to check every subject.')
  }
  if (subjects.status === 'unavailable') {
    return comment(`schemas: left out, the source schema registry ${subjects.url} could not be read when init ran`,
      `(${subjects.reason}). Absent, schemas means every subject of the source registry.`)
  }
  if (subjects.value.length === 0) {
    return comment('schemas: left out, the source schema registry had no subjects when init ran.',
      'Absent, schemas means every subject of the source registry.')
  }
  return undefined
}

function connector (entry: ListedConnector): Record<string, unknown> {
  return {
    name: entry.name,
    side: entry.side,
    sideEffect: 'non-idempotent',
    stopCondition: `${todo}: when ${entry.name} must stop, e.g. before producers move to the target`,
    compensatingAction: { owner: todo, ticket: todo, note: `${todo}: how to undo or deduplicate what ${entry.name} did twice after a rollback` },
    owner: todo,
  }
}

function connectorsComment (findings: Findings, given: boolean): string {
  const { listed: found, left, unread, read } = findings.connectors
  if (!given) {
    return comment('connectors: none listed, no Kafka Connect was given to init (--source-connect, --target-connect).',
      'A connector writing outside Kafka must be listed with its side effect before cutover.')
  }
  const lines: string[] = []
  const clusters = `the ${read.join(' and ')} Connect cluster${read.length > 1 ? 's' : ''}`
  if (read.length > 0 && found.length === 0) lines.push(`No connector ran on ${clusters} when init ran.`)
  if (found.length > 0) {
    lines.push(`Connectors on ${clusters} (${found.length}). Each is non-idempotent,`,
      'the fail-safe default: a connector is assumed not to tolerate replay until its owner says otherwise',
      '(idempotent, upsert). A non-idempotent one needs a stop condition and a compensating action with an owner.')
  }
  for (const { side, url, reason } of unread) {
    lines.push(`The ${side} Kafka Connect ${url} could not be read when init ran (${reason}): its connectors are left out.`)
  }
  if (left.length > 0) lines.push(`Left out: ${listed(left.map((c) => `${c.name} on the ${c.side} (${c.reason})`), 6)}.`)
  return comment(...lines)
}

const clientsComment = comment(
  'Applications moved between the clusters, each with the commands that switch it, for example:',
  '  - name: checkout-service',
  '    owner: checkout-team',
  '    switchToTarget: ./switch.sh target',
  '    switchToSource: ./switch.sh source',
)

/** The seed's runbook fields, each with what it asks; init knows none of the answers. */
const runbookFields: Array<[field: string, question: string]> = [
  ['writeAuthority', 'Which cluster accepts writes in each phase, and who moves write authority.'],
  ['criticalTopics', 'The topics whose loss or lag stops the migration (mark them critical under topics).'],
  ['criticalGroups', 'The consumer groups whose position must carry over, and how (groups[].strategy).'],
  ['schemaState', 'Registry subjects and versions on both sides: no target-only version before the point of no return.'],
  ['connectorSideEffects', 'Connectors that act outside Kafka, and what a replay does to them.'],
  ['clientSwitch', 'The command that moves clients to the target, and back.'],
  ['pointOfNoReturn', 'When rollback stops being the default: target-only writes, source retention shorter than the rollback window.'],
]

const runbookComment = comment(
  'Each field needs an owner (a person, team or on-call rota) and a command, dashboard or ticket.',
  'The runbook.owned gate check refuses TODO: fill every one before the gates can pass.',
)

// --- document ------------------------------------------------------------------------------------------

interface Section {
  key: string
  /** undefined: the section is left out, and `comment` says why (above the next section) */
  value: unknown
  comment?: string | undefined
}

function pairOf (map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key)
}

/** The key node of `path` (so a comment sits above the key), or undefined. */
function keyAt (document: Document, path: Array<string | number>): Scalar | undefined {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true)
  const last = path[path.length - 1]
  if (!isMap(parent) || typeof last !== 'string') return undefined
  const key = pairOf(parent, last)?.key
  return isScalar(key) ? key : undefined
}

function flow (document: Document, path: Array<string | number>): void {
  const node = document.getIn(path, true)
  if (isSeq(node) || isMap(node)) node.flow = true
}

export function planDocument (discovery: Discovery, findings: Findings, options: PlanDocumentOptions): Document {
  const { source, target } = discovery
  const registryGiven = source.registry !== undefined
  const connectGiven = source.connect !== undefined || target.connect !== undefined
  const subjects = findings.subjects?.status === 'ok' && findings.subjects.value.length > 0 ? findings.subjects.value : undefined
  const connectorsRead = findings.connectors.read.length > 0

  const sections: Section[] = [
    { key: 'version', value: 1 },
    { key: 'name', value: `migration from ${source.bootstrap[0]} to ${target.bootstrap[0]}` },
    { key: 'clusters', value: { source: cluster(source), target: cluster(target) } },
    { key: 'replication', value: replication(findings), comment: replicationComment(findings) },
    {
      key: 'rollbackWindow',
      value: '72h',
      comment: comment('How long rollback must stay possible after producers move to the target. The source must retain',
        'that much data (rollgate status checks it). 72h is a default: set it from your change window.'),
    },
    { key: 'topics', value: topicsSection(findings), comment: topicsComment(findings) },
    { key: 'groups', value: groupsSection(findings), comment: groupsComment(findings) },
    {
      key: 'schemas',
      value: subjects && { subjects: [{ names: subjects }], bothDirections: true },
      comment: schemasComment(findings, registryGiven) ??
        comment(`Subjects of the source registry (${subjects?.length ?? 0}). bothDirections: compatibility is also checked`,
          'target to source, for producers returning to the source on rollback.'),
    },
    {
      key: 'connectors',
      // unread is not "none": without a Connect that answered, the section is left out
      value: connectorsRead ? findings.connectors.listed.map(connector) : undefined,
      comment: connectorsComment(findings, connectGiven),
    },
    { key: 'clients', value: [], comment: clientsComment },
    {
      key: 'runbook',
      value: Object.fromEntries(runbookFields.map(([field]) => [field, { owner: todo, ticket: todo }])),
      comment: runbookComment,
    },
    {
      key: 'gates',
      value: { evidenceMaxAge: '15m', timeout: options.timeout, lag: { records: 1000, time: '1m' } },
      comment: comment('evidenceMaxAge: older evidence makes a check unknown (and unknown fails). timeout: bound on each',
        'call to a cluster, registry or Connect. lag: replication lag allowed for topics without their own.'),
    },
  ]

  const document = new Document({})
  const root = document.contents as YAMLMap
  let pending: string[] = []
  for (const section of sections) {
    if (section.value === undefined) {
      if (section.comment) pending.push(section.comment)
      continue
    }
    const pair = document.createPair(section.key, section.value)
    root.items.push(pair)
    const key = pair.key as Scalar
    const above = [...pending, section.comment].filter((text): text is string => text !== undefined)
    // a comment left by an omitted section and the next section's own are set apart by a blank line
    if (above.length > 0) key.commentBefore = above.join('\n\n')
    if (section.key !== 'version' && section.key !== 'name') key.spaceBefore = true
    pending = []
  }
  if (pending.length > 0) document.comment = pending.join('\n\n')

  for (const side of ['source', 'target'] as const) {
    flow(document, ['clusters', side, 'bootstrap'])
    flow(document, ['clusters', side, 'connect', 'urls'])
    const security = keyAt(document, ['clusters', side, 'security'])
    if (security) security.commentBefore = securityComment(side)
  }
  decorateTopics(document, findings)
  const groups = document.get('groups', true)
  // a group is one line: name, criticality, strategy, owner
  if (isSeq(groups)) for (const item of groups.items) if (isMap(item)) item.flow = true
  findings.connectors.listed.forEach((entry, index) => {
    const node = document.getIn(['connectors', index], true)
    if (isMap(node)) node.commentBefore = comment(`${entry.type ?? 'unknown type'} connector${entry.className ? `, ${entry.className}` : ''}`)
  })
  for (const [field, question] of runbookFields) {
    flow(document, ['runbook', field])
    const key = keyAt(document, ['runbook', field])
    if (key) key.commentBefore = comment(question)
  }
  flow(document, ['gates', 'lag'])
  return document
}

function decorateTopics (document: Document, findings: Findings): void {
  const names = document.getIn(['topics', 0, 'names'], true)
  if (!isSeq(names)) return
  const partitions = new Map(findings.topics.data.map((topic) => [topic.name, topic.partitions]))
  for (const item of names.items) {
    if (!isScalar(item)) continue
    const count = partitions.get(String(item.value))
    if (count !== undefined) item.comment = ` ${plural(count, 'partition')}`
  }
}

export interface HeaderFacts {
  generatedAt: string
  /** the file as the operator named it */
  file: string
}

/** The plan's text: a header saying where it came from and what is left to do, then the document. */
export function renderPlan (discovery: Discovery, document: Document, facts: HeaderFacts): string {
  const side = (name: string, s: SideDiscovery) => `${name} ${s.bootstrap.join(',')} (cluster ${s.clusterId || 'id unknown'})`
  document.commentBefore = comment(
    `Generated by rollgate init at ${facts.generatedAt}`,
    `from ${side('source', discovery.source)} and ${side('target', discovery.target)}.`,
    '',
    'Defaults are chosen to fail closed. Every TODO must be filled by a person: the plan validates as',
    'written, but the gates refuse TODO owners and tickets. Check it with:',
    `  rollgate validate --plan ${facts.file}`,
  )
  // lineWidth 0: never fold a long value (a TODO sentence, a topic name) over lines
  return document.toString({ indent: 2, lineWidth: 0 })
}
