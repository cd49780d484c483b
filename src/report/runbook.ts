/**
 * @module report/runbook
 * The runbook a team takes into the change meeting: the seed's fields with owners and commands, the
 * gate checklist with the last verdicts, the point of no return and the rollback steps for the
 * current phase. Built from the plan and recorded evidence only; Markdown or HTML.
 */
import type { GateName, GateResult } from '../gates/types.ts'
import { gateNames } from '../gates/types.ts'
import { type Phase, phaseInfo, phases } from '../phases/phases.ts'
import type { RollbackAvailability } from '../phases/rollback-availability.ts'
import type { Plan } from '../plan/schema.ts'
import { type Block, toHtml, toMarkdown } from './document.ts'

export interface RunbookInput {
  plan: Plan
  planFile: string
  phase: Phase
  availability: RollbackAvailability
  /** the last recorded verdict of each gate, with the journal seq that recorded it */
  verdicts: Partial<Record<GateName, { result: GateResult, seq: number }>>
  generatedAt: string
}

const fieldTitles: Record<keyof Plan['runbook'], string> = {
  writeAuthority: 'Write authority',
  criticalTopics: 'Critical topics',
  criticalGroups: 'Critical consumer groups',
  schemaState: 'Schema state',
  connectorSideEffects: 'Connector side effects',
  clientSwitch: 'Client switch',
  pointOfNoReturn: 'Point of no return',
}

type Procedure = Plan['runbook'][keyof Plan['runbook']]
const how = (p: Procedure) => [p.command && `command: \`${p.command}\``, p.dashboard && `dashboard: ${p.dashboard}`, p.ticket && `ticket: ${p.ticket}`].filter(Boolean).join('; ')

export function runbookBlocks (input: RunbookInput): Block[] {
  const { plan, phase } = input
  const info = phaseInfo[phase]
  const title = `Runbook: ${plan.name ?? 'Kafka migration'}`
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: title },
    { kind: 'paragraph', text: `Generated ${input.generatedAt} from \`${input.planFile}\` and the recorded evidence. Phase: **${phase}**; write authority: **${info.writeAuthority}**; rollback window: ${Math.round(plan.rollbackWindow / 3_600_000)} h.` },
    { kind: 'heading', level: 2, text: 'Rollback availability' },
    { kind: 'paragraph', text: `Status: **${input.availability.status}**` + (input.availability.until ? `, until ${input.availability.until}.` : '.') },
  ]
  if (input.availability.limits.length) blocks.push({ kind: 'list', items: input.availability.limits.map((l) => `${l.kind} (${l.subject}): ${l.message}`) })

  blocks.push({ kind: 'heading', level: 2, text: 'Boundaries and owners' },
    { kind: 'table', header: ['Field', 'Owner', 'How', 'Note'], rows: (Object.keys(fieldTitles) as Array<keyof Plan['runbook']>).map((k) => {
      const p = plan.runbook[k]
      return [fieldTitles[k], p.owner, how(p), p.note ?? '']
    }) })

  blocks.push({ kind: 'heading', level: 2, text: 'Critical topics and consumer groups' },
    { kind: 'table', header: ['Topic selector', 'Criticality', 'Allowed config differences'], rows: plan.topics.map((t) => [
      [...(t.names ?? []), ...(t.regex ? [`/${t.regex}/`] : [])].join(', '), t.criticality, t.allowedConfigDifferences.join(', ')]) })
  if (plan.groups.length) {
    blocks.push({ kind: 'table', header: ['Group', 'Strategy', 'Max replay', 'Owner'], rows: plan.groups.map((g) => [
      g.name, g.strategy, [g.maxReplay?.records !== undefined ? `${g.maxReplay.records} records` : '', g.maxReplay?.time !== undefined ? `${g.maxReplay.time / 1000} s` : ''].filter(Boolean).join(', ') || '-', g.owner]) })
  }
  if (plan.connectors.length) {
    blocks.push({ kind: 'heading', level: 2, text: 'Connector side effects' },
      { kind: 'table', header: ['Connector', 'Side', 'Side effect', 'Stop condition', 'Compensating action', 'Owner'], rows: plan.connectors.map((c) => [
        c.name, c.side, c.sideEffect, c.stopCondition ?? '', c.compensatingAction ? `${c.compensatingAction.owner}: ${how(c.compensatingAction)}` : '', c.owner]) })
  }
  if (plan.clients.length) {
    blocks.push({ kind: 'heading', level: 2, text: 'Client switch' },
      { kind: 'table', header: ['Client', 'To target', 'Back to source', 'Owner'], rows: plan.clients.map((c) => [c.name, `\`${c.switchToTarget}\``, `\`${c.switchToSource}\``, c.owner]) })
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Gate checklist' })
  for (const gate of gateNames) {
    const verdict = input.verdicts[gate]
    if (!verdict) {
      blocks.push({ kind: 'heading', level: 3, text: `${gate}: not evaluated` }, { kind: 'paragraph', text: `Run \`rollgate gate ${gate}\`.` })
      continue
    }
    const r = verdict.result
    blocks.push({ kind: 'heading', level: 3, text: `${gate}: ${r.status}` },
      { kind: 'paragraph', text: `Evaluated ${r.evaluatedAt} (journal entry ${verdict.seq}, evidence \`${r.evidenceId ?? 'none'}\`).` },
      { kind: 'checklist', items: r.checks.map((c) => ({ done: c.status === 'pass' || c.status === 'warn', text: `${c.status.toUpperCase()} ${c.id} [${c.subject}]: ${c.message}` })) })
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Point of no return' },
    { kind: 'paragraph', text: `${plan.runbook.pointOfNoReturn.note ?? 'Entering target-authoritative (after the exit gate).'} Owner: ${plan.runbook.pointOfNoReturn.owner}; ${how(plan.runbook.pointOfNoReturn)}.` })
  // the point computed from evidence by the exit gate (retention, target-only writes and schemas, sinks)
  const computed = input.verdicts.exit?.result.checks.filter((c) => c.id === 'exit.point-of-no-return') ?? []
  const summary = computed.find((c) => c.subject === 'point-of-no-return')
  blocks.push(summary
    ? { kind: 'paragraph', text: `Computed by the exit gate (${input.verdicts.exit!.result.evaluatedAt}): **${summary.status}** ${summary.message}` }
    : { kind: 'paragraph', text: 'Not computed yet: run `rollgate gate exit` (it reads source retention, target-only writes, target-only schema versions and sinks running on the target).' })
  const factors = computed.filter((c) => c !== summary)
  if (factors.length) blocks.push({ kind: 'list', items: factors.map((c) => `${c.status.toUpperCase()} ${c.subject}: ${c.message}`) })

  blocks.push({ kind: 'heading', level: 2, text: `Rollback from phase ${phase}` },
    { kind: 'paragraph', text: info.rollback })
  const steps: string[] = []
  if (phase !== 'prepare' && phase !== 'target-authoritative') {
    steps.push('Confirm rollback is still available: `rollgate status`.')
    if (phases.indexOf(phase) >= phases.indexOf('shadow-read')) steps.push('Stop the critical consumer groups on the target and check they are inactive.')
    if (phase === 'producers-on-target') steps.push('Account for target-only writes: replicate them back, replay them, or record the loss window with its owner.')
    steps.push('Reset the source groups to their rollback positions: `rollgate rollback` (dry run), then `rollgate rollback --execute`.')
    for (const c of plan.clients) steps.push(`Switch ${c.name} back to the source (${c.owner}): \`${c.switchToSource}\``)
    for (const c of plan.connectors.filter((x) => x.sideEffect === 'non-idempotent')) steps.push(`Connector ${c.name}: stop when ${c.stopCondition}; compensate (${c.compensatingAction?.owner}): ${c.compensatingAction ? how(c.compensatingAction) : '-'}`)
    steps.push(`Write authority returns to the source (${plan.runbook.writeAuthority.owner}).`)
  }
  blocks.push(steps.length ? { kind: 'list', items: steps } : { kind: 'paragraph', text: 'No rollback steps in this phase.' })
  if (phase === 'target-authoritative') {
    // past the point of no return the runbook answers "what if something goes wrong" forward
    blocks.push({ kind: 'heading', level: 2, text: 'Forward recovery' },
      { kind: 'paragraph', text: `The target was declared authoritative${input.availability.until ? ` at ${input.availability.until}` : ''}: \`rollgate rollback\` refuses. Recover on the target.` },
      { kind: 'list', items: [
        `Incidents are fixed on the target: write authority stays there (${plan.runbook.writeAuthority.owner}).`,
        'Bad data: repair it on the target (replay from its retained history, or compensating writes); consumer groups are repositioned with `rollgate offsets` on the target only.',
        ...plan.connectors.filter((c) => c.sideEffect === 'non-idempotent').map((c) => `Connector ${c.name}: compensate on the target side (${c.compensatingAction?.owner ?? c.owner}): ${c.compensatingAction ? how(c.compensatingAction) : '-'}`),
        `Schemas evolve on the target registry only (${plan.runbook.schemaState.owner}); the source registry is history.`,
        'Replication to the source, if still running, is decommissioned; the source is kept read-only for audit until its retention runs out.',
      ] })
  }
  return blocks
}

export function renderRunbook (input: RunbookInput, format: 'markdown' | 'html'): string {
  const blocks = runbookBlocks(input)
  return format === 'html' ? toHtml(`Runbook: ${input.plan.name ?? 'Kafka migration'}`, blocks) : toMarkdown(blocks)
}
