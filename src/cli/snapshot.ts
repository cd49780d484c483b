/**
 * @module cli/snapshot
 * `rollgate snapshot`: capture the evidence both sides can give and record it in the journal.
 */
import type { Command } from 'commander'
import { ExitCode } from '../errors.ts'
import { renderTable } from '../report/table.ts'
import { takeSnapshot } from '../snapshot/record.ts'
import { openState, planWithText, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

export function registerSnapshot (program: Command): void {
  const command = withFormat(withPlanOptions(program.command('snapshot').description('capture evidence of both sides into the journal')))
  command.action(async (opts: PlanOptions & { format: 'table' | 'json' }) => {
    const { plan, text } = await planWithText(opts)
    const state = await openState(opts)
    try {
      const { snapshot, evidenceId } = await takeSnapshot(plan, text, state)
      const sides = [snapshot.sides.source, snapshot.sides.target]
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify({ evidenceId, capturedAt: snapshot.capturedAt, sides: Object.fromEntries(Object.entries(snapshot.sides).map(([name, s]) => [name, s.status === 'ok'
          ? { status: s.status, clusterId: s.inventory.cluster.clusterId, topics: s.inventory.topics.length, groups: s.inventory.groups.length }
          : { status: s.status, error: s.error }])) }, null, 2) + '\n')
      } else {
        process.stdout.write(`snapshot ${evidenceId} captured ${snapshot.capturedAt}\n` + renderTable(['SIDE', 'STATUS', 'CLUSTER', 'TOPICS', 'GROUPS', 'DETAIL'], (['source', 'target'] as const).map((name) => {
          const s = snapshot.sides[name]
          return s.status === 'ok' ? [name, 'ok', s.inventory.cluster.clusterId, s.inventory.topics.length, s.inventory.groups.length, s.bootstrap.join(',')] : [name, s.status, '-', '-', '-', s.error]
        })))
      }
      // the evidence is recorded either way; the exit code says whether it is whole
      if (sides.some((s) => s.status === 'unreachable')) process.exitCode = ExitCode.unreachable
      else if (sides.some((s) => s.status === 'error')) process.exitCode = ExitCode.refused
    } finally {
      state.close()
    }
  })
}
