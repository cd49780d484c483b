/**
 * @module cli/schemas
 * `rollgate schemas sync [--execute]`: copy the schema versions of the plan's subjects that the
 * target registry lacks, asking it to keep the source's IDs (IMPORT mode) and reporting the ID
 * mapping source ID → target ID wherever it did not (registry/sync.ts). A dry run unless --execute;
 * each subject's copy is journaled before it is made; a re-run copies nothing twice. Exit 1 when a
 * copy failed, 3 when a registry cannot be reached.
 */
import type { Command } from 'commander'
import { ExitCode } from '../errors.ts'
import { type SyncResult, syncSchemas } from '../registry/sync.ts'
import { renderTable } from '../report/table.ts'
import { openState, planOf, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

interface SyncOptions extends PlanOptions { execute?: boolean, format: 'table' | 'json' }

const importText: Record<SyncResult['importMode'], string> = {
  'preserves-ids': 'the target kept the source\'s IDs (IMPORT mode)',
  'ignores-ids': 'the target accepted IMPORT mode but assigned its own IDs: see the ID mapping',
  refused: 'the target refused IMPORT mode: registered normally, see the ID mapping',
  untried: 'IMPORT mode not tried (nothing copied)',
}

export function renderSync (r: SyncResult): string {
  const rows = r.items.map((i) => [i.subject, i.version, i.sourceId, i.status, i.target ? `v${i.target.version} ID ${i.target.id}` : '-', i.via ?? '', i.error ?? ''])
  const out = [renderTable(['SUBJECT', 'VERSION', 'SOURCE ID', 'STATUS', 'ON TARGET', 'VIA', 'ERROR'], rows)]
  if (r.mapping.length > 0) {
    out.push('\nID mapping (source ID -> target ID): records copied from the source carry the source ID\n')
    out.push(renderTable(['SUBJECT', 'VERSION', 'SOURCE ID', 'TARGET ID'], r.mapping.map((m) => [m.subject, m.version, m.sourceId, m.targetId])))
  }
  const c = r.counts
  out.push(`\n${c.present} present, ${r.execute ? `${c.copied} copied` : `${c['would-copy']} to copy`}, ${c.failed} failed; ${importText[r.importMode]}\n`)
  if (!r.execute) out.push(c['would-copy'] > 0 ? 'dry run: nothing copied; run with --execute to copy (the target is asked to keep the source IDs in IMPORT mode)\n' : 'dry run: nothing to copy\n')
  return out.join('')
}

export function registerSchemas (program: Command): Command {
  const schemas = program.command('schemas').description('schema registries: copy missing subjects and versions to the target')
  const sync = schemas.command('sync')
    .description('copy schema versions the target registry lacks, keeping IDs where it supports IMPORT mode, else reporting the ID mapping (dry run unless --execute)')
    .option('--execute', 'copy them (default: dry run, nothing written)')
  withFormat(withPlanOptions(sync))
  sync.action(async (opts: SyncOptions) => {
    const plan = await planOf(opts)
    const execute = opts.execute === true
    // a dry run writes nothing, not even the journal
    const state = execute ? await openState(opts) : null
    try {
      for (const warning of state?.warnings ?? []) process.stderr.write(`rollgate: warning: ${warning}\n`)
      const result = await syncSchemas(plan, state, { execute })
      process.stdout.write(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderSync(result))
      process.exitCode = result.ok ? ExitCode.ok : ExitCode.refused
    } finally {
      state?.close()
    }
  })
  return schemas
}
