/**
 * @module cli/clients
 * `rollgate clients config --side source|target --format java|librdkafka`: the client properties for
 * a cluster of the plan (clients/config.ts), secrets as the plan's references, never their values.
 */
import { type Command, Option } from 'commander'
import { type ClientFormat, clientConfig } from '../clients/config.ts'
import type { SideName } from '../snapshot/types.ts'
import { planWithText, type PlanOptions, withPlanOptions } from './common.ts'

export function registerClients (program: Command): Command {
  const clients = program.command('clients').description('client configuration for either cluster, shipped before the switch')
  const config = clients.command('config')
    .description('print client properties for one cluster of the plan (secrets as ${env:…}/${file:…} references)')
    .addOption(new Option('--side <side>', 'the cluster').choices(['source', 'target']).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'property names of which client').choices(['java', 'librdkafka']).default('java'))
  withPlanOptions(config)
  config.action(async (opts: PlanOptions & { side: SideName, format: ClientFormat }) => {
    const { plan, text } = await planWithText(opts)
    process.stdout.write(clientConfig(plan, text, opts.side, opts.format))
  })
  return clients
}
