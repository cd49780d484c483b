/**
 * @module cli/status
 * `rollgate status`: phase, write authority, last gate verdicts, rollback availability and what ends it.
 */
import type { Command } from 'commander'
import { gateNames } from '../gates/types.ts'
import { migrationStatus, type MigrationStatus } from '../phases/status.ts'
import { renderTable } from '../report/table.ts'
import { planOf, type PlanOptions, recorded, withFormat, withPlanOptions } from './common.ts'

export function renderStatus (s: MigrationStatus): string {
  const lines = [
    `phase            ${s.phase}${s.enteredAt ? ` (since ${s.enteredAt})` : ''}`,
    `write authority  ${s.writeAuthority}`,
    `next phase       ${s.next ? `${s.next.phase}, guarded by ${s.next.guardedBy.join(' + ')}` : '- (point of no return passed)'}`,
    `rollback         ${s.rollback.status}${s.rollback.until ? ` until ${s.rollback.until}` : ''}`,
    `evidence         ${s.evidenceId ? `${s.evidenceId.slice(0, 12)} captured ${s.evidenceCapturedAt}` : 'none: run `rollgate snapshot`'}`,
    '',
  ]
  const out = [lines.join('\n')]
  if (s.rollback.limits.length) out.push(renderTable(['LIMIT', 'SUBJECT', 'AT', 'WHAT'], s.rollback.limits.map((l) => [l.kind, l.subject, l.at, l.message])) + '\n')
  out.push(renderTable(['GATE', 'LAST VERDICT', 'EVALUATED', 'JOURNAL SEQ'], gateNames.map((g) => {
    const v = s.verdicts[g]
    return [g, v?.result.status ?? 'not evaluated', v?.result.evaluatedAt, v?.seq]
  })))
  return out.join('')
}

export function registerStatus (program: Command): void {
  const command = withFormat(withPlanOptions(program.command('status').description('phase, write authority, gate verdicts, rollback availability and what ends it')))
  command.action(async (opts: PlanOptions & { format: 'table' | 'json' }) => {
    const plan = await planOf(opts)
    // nothing recorded yet is a valid state: phase prepare, no verdicts, rollback unknown
    const state = await recorded(opts)
    try {
      const status = migrationStatus(plan, state.entries, state.evidence, new Date())
      process.stdout.write(opts.format === 'json' ? JSON.stringify(status, null, 2) + '\n' : renderStatus(status))
    } finally {
      state.close()
    }
  })
}
