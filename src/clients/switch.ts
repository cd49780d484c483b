/**
 * @module clients/switch
 * Running a client's switch command (`clients[].switchToTarget` / `switchToSource`) as a journaled
 * mutation: intent first (the client and the cluster it moves to), then the command through `sh -c`,
 * its output captured with every plan secret redacted, then the outcome. A switch a killed run left
 * pending is superseded: whatever it did, this run's switch decides. `advance` switches to the
 * target with it, `rollback` back to the source.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { type StateDir, withIntent } from '../journal/index.ts'
import type { Plan } from '../plan/schema.ts'
import { redact, secretsIn } from '../plan/secret.ts'
import type { SideName } from '../snapshot/types.ts'

export interface SwitchResult { client: string, owner: string, command: string, to: SideName, ok: boolean, output: string, actionId: string }

export async function runSwitch (plan: Plan, state: StateDir, client: Plan['clients'][number], to: SideName, timeoutMs = 60_000): Promise<SwitchResult> {
  const secrets = secretsIn(plan)
  const command = to === 'target' ? client.switchToTarget : client.switchToSource
  const subject = `client ${client.name}`
  const earlier = state.journal.pendingIntents().filter((i) => i.data.action === 'client.switch' && i.data.changes[0]?.subject === subject)
  const actionId = `client-${randomUUID()}`
  const from: SideName = to === 'target' ? 'source' : 'target'
  try {
    const output = await withIntent(state.journal, { actionId, action: 'client.switch', changes: [{ subject, before: from, after: to }] }, () => {
      for (const e of earlier) state.journal.append('outcome', { actionId: e.data.actionId, ok: false, error: `interrupted before its outcome was recorded; superseded by client.switch ${actionId}` })
      const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: timeoutMs })
      const text = redact(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), secrets).slice(-2000)
      if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${text}`)
      return text
    })
    return { client: client.name, owner: client.owner, command, to, ok: true, output, actionId }
  } catch (error) {
    return { client: client.name, owner: client.owner, command, to, ok: false, output: redact((error as Error).message, secrets), actionId }
  }
}
