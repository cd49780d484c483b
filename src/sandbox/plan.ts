/**
 * @module sandbox/plan
 * The ready-to-use plan file for the sandbox (`ROLLGATE_PLAN`): both clusters, their registries and
 * Connect workers, and MirrorMaker 2 as the sandbox runs it.
 */
import type { SandboxLayout } from './layout.ts'
import { sourceAlias, targetAlias } from './layout.ts'

export function sandboxPlan (layout: SandboxLayout): string {
  const side = (s: SandboxLayout['source']) => [
    `  ${s.side}:`,
    `    bootstrap: [${JSON.stringify(s.bootstrap)}]`,
    '    security:',
    '      protocol: PLAINTEXT',
    '    schemaRegistry:',
    `      url: ${JSON.stringify(s.registryUrl)}`,
    '    connect:',
    `      urls: [${JSON.stringify(s.connectUrl)}]`,
  ].join('\n')
  return [
    '# rollgate plan for the local sandbox, written by `rollgate sandbox up`.',
    'version: 1',
    'clusters:',
    side(layout.source),
    side(layout.target),
    'replication:',
    '  kind: mirrormaker2',
    `  sourceAlias: ${sourceAlias}`,
    `  targetAlias: ${targetAlias}`,
    `  naming: ${layout.naming}`,
    '  offsetSyncsLocation: source',
    'rollbackWindow: 72h',
    'topics:',
    '  - regex: "^(?!heartbeats$|connect-|mm2-).*"',
    '    criticality: critical',
    'runbook:',
    '  writeAuthority: { owner: sandbox, command: "rollgate status" }',
    '  criticalTopics: { owner: sandbox, command: "rollgate inventory --side source" }',
    '  criticalGroups: { owner: sandbox, command: "rollgate offsets capture" }',
    '  schemaState: { owner: sandbox, command: "rollgate diff" }',
    '  connectorSideEffects: { owner: sandbox, command: "rollgate gate shadow-read" }',
    '  clientSwitch: { owner: sandbox, command: "rollgate advance producers-on-target" }',
    '  pointOfNoReturn: { owner: sandbox, command: "rollgate status", note: "source retention of the rollback window" }',
    '',
  ].join('\n')
}
