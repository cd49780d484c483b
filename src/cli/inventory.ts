/**
 * @module cli/inventory
 * `rollgate inventory --side source|target`: what one cluster holds — topics, groups, ACLs, quotas.
 */
import { type Command, Option } from 'commander'
import { ClusterClient } from '../kafka/cluster-client.ts'
import { renderInventoryTable } from '../report/inventory.ts'
import { captureInventory } from '../snapshot/inventory.ts'
import { connectionOf } from '../snapshot/capture.ts'
import { planOf, type PlanOptions, withFormat, withPlanOptions } from './common.ts'

export function registerInventory (program: Command): void {
  const command = program.command('inventory')
    .description('topics, consumer groups (offsets, lag), ACLs and quotas of one cluster')
    .addOption(new Option('--side <side>', 'which cluster of the plan').choices(['source', 'target']).makeOptionMandatory())
    .option('--include-internal', 'also list internal topics such as __consumer_offsets')
  withPlanOptions(command)
  withFormat(command)
  command.action(async (opts: PlanOptions & { side: 'source' | 'target', format: 'table' | 'json', includeInternal?: boolean }) => {
    const plan = await planOf(opts)
    const client = new ClusterClient(connectionOf(plan, opts.side))
    try {
      const inventory = await captureInventory(client, { includeInternal: opts.includeInternal })
      process.stdout.write(opts.format === 'json' ? JSON.stringify(inventory, null, 2) + '\n' : renderInventoryTable(inventory))
    } finally {
      await client.close()
    }
  })
}
