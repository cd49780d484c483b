/**
 * @module cli/offsets
 * `rollgate offsets capture|translate|plan|apply|export|import`: the offset boundary. Read-only
 * steps record their results as evidence; `apply` is the only one that writes, dry run by default.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { type Command, Option } from 'commander'
import { badInput } from '../errors.ts'
import { exportOffsetsCsv, resetPlanFromCsv } from '../offsets/csv-plan.ts'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { captureForPlan, type Clients, resetPlanFrom, translateForPlan } from '../offsets/service.ts'
import type { OffsetCapture, OffsetTranslation, ResetPlan } from '../offsets/types.ts'
import type { Plan } from '../plan/schema.ts'
import { renderTable } from '../report/table.ts'
import { connectionOf } from '../snapshot/capture.ts'
import type { SideName } from '../snapshot/types.ts'
import type { StateDir } from '../journal/index.ts'
import { registerOffsetsApply } from './offsets-apply.ts'
import { openState, planOf, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

type Direction = 'source-to-target' | 'target-to-source'

async function withClients<T> (plan: Plan, work: (clients: Clients) => Promise<T>): Promise<T> {
  const clients = { source: new ClusterClient(connectionOf(plan, 'source')), target: new ClusterClient(connectionOf(plan, 'target')) }
  try {
    return await work(clients)
  } finally {
    await Promise.all([clients.source.close(), clients.target.close()])
  }
}

function record (state: StateDir, kind: string, document: unknown, summary: string): string {
  const evidenceId = state.evidence.put(document)
  state.journal.append('evidence', { evidenceId, kind, summary })
  return evidenceId
}

export function renderCapture (capture: OffsetCapture): string {
  return renderTable(['GROUP', 'STATE', 'MEMBERS', 'TOPIC', 'PARTITION', 'COMMITTED', 'LOG-START', 'LOG-END', 'LAG'], capture.groups.flatMap((g) =>
    g.partitions.length === 0 ? [[g.group, g.state, g.members.length, '-', '-', '-', '-', '-', '-']]
      : g.partitions.map((p) => [g.group, g.state, g.members.length, p.topic, p.partition, p.committed, p.logStart, p.logEnd, p.lag])))
}

export function renderTranslation (t: Pick<OffsetTranslation, 'partitions'>): string {
  return renderTable(['GROUP', 'STRATEGY', 'FROM', 'TO', 'METHOD', 'REPLAY', 'PROOF', 'MM2-CHECKPOINT', 'NOTE'], t.partitions.map((p) => [
    p.group, p.strategy, `${p.topic}-${p.partition}@${p.from ?? '-'}`, p.to === null ? `UNTRANSLATABLE (${p.untranslatable ?? 'none'})` : `${p.toTopic}-${p.partition}@${p.to}`,
    p.method, p.replay, p.proof ? `${p.proof.aligned} aligned, ${p.proof.to.digest.slice(0, 12)}` : '-',
    p.mm2Checkpoint ? `${p.mm2Checkpoint.upstream}->${p.mm2Checkpoint.downstream}` : '-', p.note ?? '']))
}

export function renderResetPlan (plan: ResetPlan): string {
  const rows = plan.groups.flatMap((g) => g.offsets.map((o) => [g.group, g.cluster, o.topic, o.partition, o.current, o.planned, o.current === o.planned ? 'at plan' : '']))
  return renderTable(['GROUP', 'CLUSTER', 'TOPIC', 'PARTITION', 'CURRENT', 'PLANNED', ''], rows) + plan.warnings.map((w) => `warning: ${w}\n`).join('')
}

const sideOption = () => new Option('--side <side>', 'which cluster').choices(['source', 'target']).default('source')
const directionOption = () => new Option('--direction <direction>', 'source-to-target (cutover) or target-to-source (rollback)').choices(['source-to-target', 'target-to-source']).default('source-to-target')

async function captureAndTranslate (plan: Plan, state: StateDir, clients: Clients, direction: Direction) {
  const from: SideName = direction === 'source-to-target' ? 'source' : 'target'
  const capture = await captureForPlan(plan, clients, from)
  const captureId = record(state, 'offsets-capture', capture, `${from}: ${capture.groups.length} group(s)`)
  const run = await translateForPlan(plan, clients, capture, direction)
  const translation: OffsetTranslation = { ...run.translation, captureId }
  const untranslatable = translation.partitions.filter((p) => p.untranslatable).length
  const translationId = record(state, 'offsets-translation', translation, `${direction}: ${translation.partitions.length} partition(s), ${untranslatable} untranslatable`)
  return { translation, translationId, warnings: run.warnings }
}

export function registerOffsets (program: Command): Command {
  const offsets = program.command('offsets').description('consumer group offsets: capture, translate, plan, apply, export, import')

  const capture = withFormat(withPlanOptions(offsets.command('capture').description('committed offsets, log start/end, lag, state and members of the plan\'s groups (recorded as evidence)').addOption(sideOption())))
  capture.action(async (opts: PlanOptions & { side: SideName, format: 'table' | 'json' }) => {
    const plan = await planOf(opts)
    const state = await openState(opts)
    try {
      const result = await withClients(plan, (clients) => captureForPlan(plan, clients, opts.side))
      const id = record(state, 'offsets-capture', result, `${opts.side}: ${result.groups.length} group(s)`)
      process.stdout.write(opts.format === 'json' ? JSON.stringify({ evidenceId: id, ...result }, null, 2) + '\n' : `capture ${id}\n${renderCapture(result)}`)
    } finally {
      state.close()
    }
  })

  const translate = withFormat(withPlanOptions(offsets.command('translate').description('each group\'s position on the other cluster, by its strategy, with replay and proof').addOption(directionOption())))
  translate.action(async (opts: PlanOptions & { direction: Direction, format: 'table' | 'json' }) => {
    const plan = await planOf(opts)
    const state = await openState(opts)
    try {
      const { translation, translationId, warnings } = await withClients(plan, (clients) => captureAndTranslate(plan, state, clients, opts.direction))
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
      process.stdout.write(opts.format === 'json' ? JSON.stringify({ evidenceId: translationId, ...translation }, null, 2) + '\n' : `translation ${translationId}\n${renderTranslation(translation)}`)
    } finally {
      state.close()
    }
  })

  const planCmd = withFormat(withPlanOptions(offsets.command('plan').description('the reset plan per group from a fresh translation (recorded; `offsets apply` uses it)').addOption(directionOption())))
  planCmd.action(async (opts: PlanOptions & { direction: Direction, format: 'table' | 'json' }) => {
    const plan = await planOf(opts)
    const state = await openState(opts)
    try {
      const reset = await withClients(plan, async (clients) => {
        const { translation, translationId } = await captureAndTranslate(plan, state, clients, opts.direction)
        const written: SideName = opts.direction === 'source-to-target' ? 'target' : 'source'
        return resetPlanFrom(translation, translationId, await captureForPlan(plan, clients, written))
      })
      const id = record(state, 'reset-plan', reset, `${reset.groups.length} group(s), ${reset.groups.reduce((s, g) => s + g.offsets.length, 0)} partition(s), ${reset.warnings.length} warning(s)`)
      process.stdout.write(opts.format === 'json' ? JSON.stringify({ evidenceId: id, ...reset }, null, 2) + '\n' : `reset plan ${id}\n${renderResetPlan(reset)}run \`rollgate offsets apply\` (dry run), then with --execute\n`)
    } finally {
      state.close()
    }
  })
  registerOffsetsApply(offsets)

  const exportCmd = withPlanOptions(offsets.command('export').description('committed offsets as kafka-consumer-groups --export CSV (topic,partition,offset; group,… for several groups)')
    .addOption(sideOption()).option('--group <group...>', 'these groups (default: the plan\'s groups)').option('--output <file>', 'write to a file instead of stdout'))
  exportCmd.action(async (opts: PlanOptions & { side: SideName, group?: string[], output?: string }) => {
    const plan = await planOf(opts)
    const csv = await withClients(plan, (clients) => exportOffsetsCsv(clients[opts.side], opts.side, opts.group ?? plan.groups.map((g) => g.name)))
    if (opts.output) writeFileSync(opts.output, csv)
    else process.stdout.write(csv)
  })

  const importCmd = withFormat(withPlanOptions(offsets.command('import').description('a kafka-consumer-groups --from-file CSV as a recorded reset plan (clamped like the Java tool); `offsets apply` writes it')
    .requiredOption('--file <csv>', 'the CSV').option('--group <group>', 'the group of a 3-column topic,partition,offset file').addOption(sideOption().default('target'))))
  importCmd.action(async (opts: PlanOptions & { file: string, group?: string, side: SideName, format: 'table' | 'json' }) => {
    const plan = await planOf(opts)
    let text: string
    try {
      text = readFileSync(opts.file, 'utf8')
    } catch (error) {
      throw badInput(`cannot read ${opts.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    const reset = await withClients(plan, (clients) => resetPlanFromCsv(clients[opts.side], opts.side, text, opts.file, opts.group))
    const state = await openState(opts)
    try {
      const id = record(state, 'reset-plan', reset, `from ${opts.file}: ${reset.groups.length} group(s) on the ${opts.side}, ${reset.warnings.length} warning(s)`)
      process.stdout.write(opts.format === 'json' ? JSON.stringify({ evidenceId: id, ...reset }, null, 2) + '\n' : `reset plan ${id}\n${renderResetPlan(reset)}run \`rollgate offsets apply\` (dry run), then with --execute\n`)
    } finally {
      state.close()
    }
  })
  return offsets
}
