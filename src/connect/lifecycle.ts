/**
 * @module connect/lifecycle
 * Pausing, resuming and stopping connectors on one side, for the runbook and rollback: a dry run
 * unless `execute`; each change journaled (intent with the state it replaces, then the outcome)
 * and read back until the connector and its tasks report the state asked for. Idempotent: a
 * connector already in that state is left alone and nothing is journaled for it, so a re-run
 * converges. `stop` (KIP-875) shuts the tasks down and keeps the config — the state in which a
 * connector's offsets may be reset; `resume` starts a paused or stopped connector again.
 */
import { randomUUID } from 'node:crypto'
import { ExitCode, RollgateError, badInput } from '../errors.ts'
import { type StateDir, withIntent } from '../journal/index.ts'
import type { Plan } from '../plan/schema.ts'
import type { SideName } from '../snapshot/types.ts'
import type { ConnectClient, ConnectorStatus } from './client.ts'
import { connectClientOf } from './capture.ts'

export type LifecycleVerb = 'pause' | 'resume' | 'stop'

export const wantedState: Record<LifecycleVerb, string> = { pause: 'PAUSED', resume: 'RUNNING', stop: 'STOPPED' }

export interface LifecycleRequest {
  side: SideName
  verb: LifecycleVerb
  /** none: every connector of the side */
  connectors: string[]
  execute: boolean
  /** how long to wait for the state to read back (default: twice gates.timeout) */
  waitMs?: number
}

export type LifecycleStatus = 'done' | 'unchanged' | 'would' | 'failed'

export interface LifecycleRow {
  connector: string
  type: string
  before: string
  after: string
  status: LifecycleStatus
  tasks: Array<{ id: number, state: string }>
  actionId?: string
  error?: string
}

export interface LifecycleResult { side: SideName, verb: LifecycleVerb, execute: boolean, ok: boolean, connectors: LifecycleRow[] }

/** Whether a status is the state asked for, tasks included (a stopped connector has no tasks). */
export function reached (status: Pick<ConnectorStatus, 'connector' | 'tasks'>, wanted: string): boolean {
  if (status.connector.state !== wanted) return false
  if (wanted === 'STOPPED') return status.tasks.length === 0 || status.tasks.every((t) => t.state === 'STOPPED')
  return status.tasks.every((t) => t.state === wanted)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function readBack (client: ConnectClient, name: string, wanted: string, waitMs: number): Promise<ConnectorStatus> {
  const until = Date.now() + waitMs
  for (;;) {
    const status = await client.status(name)
    if (reached(status, wanted)) return status
    if (Date.now() >= until) {
      throw new RollgateError('RG_CONNECT_STATE', `${client.label}: ${name} did not reach ${wanted} within ${waitMs} ms: connector ${status.connector.state}, tasks ${status.tasks.map((t) => `${t.id}:${t.state}`).join(', ') || 'none'}`, ExitCode.refused)
    }
    await sleep(250)
  }
}

export async function changeConnectors (plan: Plan, state: StateDir | null, request: LifecycleRequest): Promise<LifecycleResult> {
  const client = connectClientOf(plan, request.side)
  if (client === null) throw badInput(`clusters.${request.side}.connect is not set in the plan: no Connect to ${request.verb} connectors on`)
  if (request.execute && state === null) throw new Error('changeConnectors: execute needs the state dir')
  const wanted = wantedState[request.verb]
  const listed = await client.connectors()
  const unknown = request.connectors.filter((name) => !listed.some((c) => c.name === name))
  if (unknown.length > 0) {
    throw new RollgateError('RG_CONNECT_NO_CONNECTOR', `${client.label} runs no connector named ${unknown.join(', ')} (it runs: ${listed.map((c) => c.name).join(', ') || 'none'})`, ExitCode.refused)
  }
  const chosen = request.connectors.length > 0 ? listed.filter((c) => request.connectors.includes(c.name)) : listed
  const waitMs = request.waitMs ?? plan.gates.timeout * 2
  const rows: LifecycleRow[] = []
  for (const c of chosen) {
    const before = c.status.connector.state
    const row: LifecycleRow = { connector: c.name, type: c.type, before, after: wanted, status: 'unchanged', tasks: c.status.tasks.map((t) => ({ id: t.id, state: t.state })) }
    rows.push(row)
    if (reached(c.status, wanted)) continue
    if (!request.execute) { row.status = 'would'; continue }
    const actionId = `connector-${randomUUID()}`
    row.actionId = actionId
    try {
      const status = await withIntent(state!.journal, { actionId, action: `connector.${request.verb}`, changes: [{ subject: `connector ${request.side}/${c.name}`, before, after: wanted }] }, async () => {
        await client.lifecycle(c.name, request.verb)
        return readBack(client, c.name, wanted, waitMs)
      })
      row.status = 'done'
      row.tasks = status.tasks.map((t) => ({ id: t.id, state: t.state }))
    } catch (error) {
      if (error instanceof RollgateError && error.exitCode === ExitCode.unreachable) throw error
      row.status = 'failed'
      row.error = error instanceof Error ? error.message : String(error)
    }
  }
  return { side: request.side, verb: request.verb, execute: request.execute, ok: rows.every((r) => r.status !== 'failed'), connectors: rows }
}
