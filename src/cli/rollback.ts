/**
 * @module cli/rollback
 * `rollgate rollback [--execute]`: give write authority back to the source (dry run by default).
 */
import type { Command } from 'commander'
import { badInput, ExitCode } from '../errors.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { parseReverseFlow, rollback } from '../actions/rollback.ts'
import { parseDuration } from '../plan/duration.ts'
import { renderTable } from '../report/table.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

const duration = (flag: string) => (text: string): number => {
  const ms = parseDuration(text)
  if (ms === undefined) throw badInput(`${flag}: expected a duration such as 30s or 2m, got '${text}'`)
  return ms
}

export function registerRollback (program: Command): void {
  const command = program.command('rollback')
    .description('give write authority back to the source: check, quiet the target groups, reset the source groups, switch clients back (dry run unless --execute)')
    .option('--execute', 'do it (default: print the steps and the values it would use)')
    .option('--force', 'go ahead although rollback is no longer available (needs --reason)')
    .option('--reason <text>', 'why a forced rollback is acceptable (journaled)')
    .option('--replay-target-writes', 'copy records written only to the target since producer cutover back to the source, in order')
    .option('--reverse-flow <alias->alias>', 'the MirrorMaker 2 flow target->source that carries target-only writes (DefaultReplicationPolicy; the sandbox\'s is target->src0: copies named target.<topic>); groups are positioned on the copies')
    .option('--wait-reverse <duration>', 'wait this long for the reverse flow to copy what the groups read and what was written (default 60s)', duration('--wait-reverse'))
    .option('--fresh-snapshot', 'take a new snapshot even when the latest is younger than the plan\'s gates.evidenceMaxAge')
    .option('--wait-inactive <duration>', 'wait this long for the critical groups to leave the target', duration('--wait-inactive'))
    .option('--wait-resume <duration>', 'after the switch, watch this long for the groups to resume on the source (restore time)', duration('--wait-resume'))
  withFormat(withPlanOptions(command))
  command.action(async (opts: PlanOptions & {
    execute?: boolean, force?: boolean, reason?: string, replayTargetWrites?: boolean, reverseFlow?: string, waitInactive?: number, waitResume?: number, waitReverse?: number,
    freshSnapshot?: boolean, format: 'table' | 'json'
  }) => {
    const reverseFlow = opts.reverseFlow === undefined ? undefined : parseReverseFlow(opts.reverseFlow)
    if (opts.force && !opts.reason?.trim()) throw badInput('--force needs --reason "<why>": a forced rollback is a decision the journal keeps')
    const { plan, text } = await planWithText(opts)
    const state = await openState(opts)
    const clients = { source: new ClusterClient(connectionOf(plan, 'source')), target: new ClusterClient(connectionOf(plan, 'target')) }
    try {
      const result = await rollback(plan, text, state, clients, {
        execute: opts.execute ?? false, force: opts.force, reason: opts.reason, replayTargetWrites: opts.replayTargetWrites, reverseFlow,
        waitInactiveMs: opts.waitInactive, waitResumeMs: opts.waitResume, waitReverseMs: opts.waitReverse, freshSnapshot: opts.freshSnapshot,
      })
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n')
      } else {
        process.stdout.write(`${result.execute ? 'ROLLBACK' : 'DRY RUN (nothing written)'}: ${result.from} -> ${result.to}\n` +
          renderTable(['STEP', 'STATUS', 'DETAIL'], result.steps.map((s) => [s.step, s.status, s.detail])) +
          (result.replay.length ? `replay on the source: ${result.replay.map((r) => `${r.group} ${r.records ?? 'unbounded'}`).join(', ')}\n` : '') +
          (result.restoreMs !== null ? `restore time: ${result.restoreMs} ms\n` : ''))
      }
      process.exitCode = result.ok ? ExitCode.ok : ExitCode.refused
    } finally {
      state.close()
      await Promise.all([clients.source.close(), clients.target.close()])
    }
  })
}
