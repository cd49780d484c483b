/**
 * @module gates/checks/connectors-evidence
 * What every `connectors.*` check needs before it can judge: a usable snapshot holding both sides'
 * Kafka Connect, captured and fresh — otherwise `unknown`, naming the side and why. A side whose
 * Connect the plan does not configure (`clusters.<side>.connect`) and where the plan classifies no
 * connector is taken at the plan's word: it runs no connectors. With no Connect anywhere and no
 * connector in the plan, connectors are not part of this migration and each check passes saying so.
 * Also the shared vocabulary: which connectors are active and which topics a sink reads.
 */
import type { ConnectorEvidence, ConnectSideEvidence } from '../../connect/types.ts'
import { isUnavailable } from '../../connect/types.ts'
import type { Plan } from '../../plan/schema.ts'
import type { SideName } from '../../snapshot/types.ts'
import { formatDuration, needSnapshot, unknownResult } from '../evidence.ts'
import type { Check, CheckResult, GateInput } from '../types.ts'

export type SideConnectors = Record<SideName, ConnectorEvidence[]>

const sides: readonly SideName[] = ['source', 'target']

function sideProblem (input: GateInput, id: string, side: SideName, evidence: ConnectSideEvidence | undefined): CheckResult | null {
  const label = `${side} Connect`
  if (evidence === undefined || evidence === null) return unknownResult(id, side, `no evidence of the ${label} in the snapshot`)
  switch (evidence.status) {
    case 'ok': break
    case 'not-configured':
      if (!input.plan.connectors.some((c) => c.side === side)) return null
      return unknownResult(id, side, `clusters.${side}.connect is not set in the plan, yet the plan lists connectors on the ${side}: they cannot be seen`, { side, status: 'not-configured' })
    case 'unreachable':
      return unknownResult(id, side, `${label} (${evidence.urls.join(', ')}) was unreachable: ${evidence.error}`, { side, ...evidence })
    case 'error':
      return unknownResult(id, side, `${label} (${evidence.urls.join(', ')}) could not be fully read: ${evidence.error}`, { side, ...evidence })
    default:
      return unknownResult(id, side, `${label}: unrecognised evidence status ${JSON.stringify((evidence as { status: unknown }).status)}`)
  }
  const captured = Date.parse(evidence.connect.capturedAt)
  const age = input.now.getTime() - captured
  if (Number.isNaN(age) || age < 0 || age > input.plan.gates.evidenceMaxAge) {
    return unknownResult(id, side, `evidence of the ${label} (captured ${evidence.connect.capturedAt}) is ${Number.isNaN(age) ? 'undated' : age < 0 ? 'dated after the evaluation time: a clock is wrong' : `${formatDuration(age)} old, older than gates.evidenceMaxAge ${formatDuration(input.plan.gates.evidenceMaxAge)}`}`,
      { side, capturedAt: evidence.connect.capturedAt, evaluatedAt: input.now.toISOString() })
  }
  return null
}

export type NeedConnect = { ok: true, value: SideConnectors } | { ok: false, results: CheckResult[] }

export function needConnect (input: GateInput, id: string): NeedConnect {
  const configured = sides.filter((side) => input.plan.clusters[side].connect !== undefined)
  if (configured.length === 0 && input.plan.connectors.length === 0) {
    return { ok: false, results: [{ id, status: 'pass', subject: 'connectors', message: 'the plan configures no Kafka Connect (clusters.*.connect) and lists no connectors: connectors are not part of this migration', evidence: { configured: [] } }] }
  }
  const snapshot = needSnapshot(input, id)
  if (!snapshot.ok) return { ok: false, results: [snapshot.unknown] }
  const connect = snapshot.value.connect
  if (connect === undefined || connect === null) {
    return { ok: false, results: [unknownResult(id, 'connectors', 'the snapshot holds no Kafka Connect evidence (taken by an older rollgate): take a new snapshot')] }
  }
  const problems = sides.map((side) => sideProblem(input, id, side, connect[side])).filter((p): p is CheckResult => p !== null)
  if (problems.length > 0) return { ok: false, results: problems }
  const of = (side: SideName): ConnectorEvidence[] => {
    const e = connect[side]
    return e?.status === 'ok' ? e.connect.connectors : []
  }
  return { ok: true, value: { source: of('source'), target: of('target') } }
}

/** A `connectors.*` check: runs `judge` once both sides' connectors are known. */
export function connectorCheck (id: string, title: string, judge: (connectors: SideConnectors, input: GateInput) => CheckResult[]): Check {
  return {
    id,
    title,
    run: (input) => {
      const need = needConnect(input, id)
      return need.ok ? judge(need.value, input) : need.results
    },
  }
}

/**
 * Whether a connector may be moving data: anything but PAUSED or STOPPED, or FAILED with no task
 * running. Unassigned and restarting count as active — they will run as soon as a worker takes them.
 */
export function isActive (connector: Pick<ConnectorEvidence, 'state' | 'tasks'>): boolean {
  if (connector.state === 'PAUSED' || connector.state === 'STOPPED') return false
  if (connector.state === 'FAILED') return connector.tasks.some((t) => t.state === 'RUNNING')
  return true
}

/** The topics a sink reads, by the names of the cluster it runs on: what it used, its `topics`, and its `topics.regex` over `known`. */
export function sinkTopics (connector: ConnectorEvidence, known: Iterable<string>): string[] {
  const out = new Set<string>([...connector.configTopics, ...(isUnavailable(connector.activeTopics) ? [] : connector.activeTopics)])
  if (connector.topicsRegex !== null) {
    let pattern: RegExp | null = null
    try {
      // Connect matches the whole name (Pattern.matcher(topic).matches())
      pattern = new RegExp(`^(?:${connector.topicsRegex})$`)
    } catch {}
    for (const topic of known) if (pattern?.test(topic)) out.add(topic)
  }
  return [...out].sort()
}

/** The source's name of a topic seen on the target, under the plan's replication naming. */
export function sourceNameOf (plan: Pick<Plan, 'replication'>, targetTopic: string): string {
  const { naming, sourceAlias, separator } = plan.replication
  const prefix = `${sourceAlias}${separator}`
  return naming === 'prefix' && targetTopic.startsWith(prefix) ? targetTopic.slice(prefix.length) : targetTopic
}

/** The plan's classification of a connector on a side, if any. */
export function classificationOf (plan: Pick<Plan, 'connectors'>, side: SideName, name: string): Plan['connectors'][number] | undefined {
  return plan.connectors.find((c) => c.name === name && c.side === side)
}
