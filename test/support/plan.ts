/**
 * @module test/support/plan
 * A plan file for an integration test: the sandbox's clusters (or stand-ins), the test's own topics
 * and groups, everything owned, a short gate timeout.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface TestPlan {
  source: string
  target: string
  topics: string[]
  groups?: Array<{ name: string, strategy: string }>
  timeout?: string
  naming?: 'identity' | 'prefix'
}

export function writePlan (dir: string, p: TestPlan): string {
  const file = join(dir, 'rollgate.yaml')
  const groups = (p.groups ?? []).map((g) => `  - { name: ${g.name}, strategy: ${g.strategy}, owner: test-team }`).join('\n')
  writeFileSync(file, `version: 1
name: integration test
clusters:
  source: { bootstrap: [${JSON.stringify(p.source)}] }
  target: { bootstrap: [${JSON.stringify(p.target)}] }
replication: { kind: mirrormaker2, naming: ${p.naming ?? 'identity'} }
rollbackWindow: 72h
topics:
  - names: [${p.topics.map((t) => JSON.stringify(t)).join(', ')}]
    criticality: critical
groups:${groups ? `\n${groups}` : ' []'}
runbook:
  writeAuthority: { owner: platform, command: rollgate status }
  criticalTopics: { owner: platform, command: rollgate gate replication }
  criticalGroups: { owner: test-team, command: rollgate gate offsets }
  schemaState: { owner: data, ticket: MIG-1 }
  connectorSideEffects: { owner: data, ticket: MIG-2 }
  clientSwitch: { owner: app, command: ./switch.sh }
  pointOfNoReturn: { owner: head-of-platform, ticket: CHG-1 }
gates:
  timeout: ${p.timeout ?? '10s'}
`)
  return file
}
