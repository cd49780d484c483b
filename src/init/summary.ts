/**
 * @module init/summary
 * The few lines `rollgate init` prints on stderr: what it found, what it decided, what is left to a
 * person. Warnings (services that could not be read, guesses to check) come separately.
 */
import type { Findings } from './findings.ts'
import type { Discovery } from './types.ts'

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function subjects (findings: Findings): string {
  const fetched = findings.subjects
  if (fetched === null) return 'subjects not read (no --source-registry)'
  if (fetched.status === 'unavailable') return 'subjects not read (registry unavailable)'
  return count(fetched.value.length, 'subject')
}

function connectors (discovery: Discovery, findings: Findings): string {
  const { listed, unread, read } = findings.connectors
  if (discovery.source.connect === undefined && discovery.target.connect === undefined) return 'connectors not read (no --source-connect or --target-connect)'
  const found = count(listed.length, 'connector')
  if (read.length === 0) return 'connectors not read (Connect unavailable)'
  return unread.length > 0 ? `${found} (the ${unread.map((u) => u.side).join(' and ')} Connect unavailable)` : found
}

export function summaryLines (discovery: Discovery, findings: Findings): string[] {
  const { replication, topics, groups } = findings
  const naming = replication.kind === 'none'
    ? 'replication none (the target holds no copy of a source topic)'
    : `replication ${replication.kind}, naming ${replication.naming} (${replication.namingFrom === 'flag' ? 'from --naming; ' : ''}` +
      `${replication.evidence.sameName} same-name, ${replication.evidence.prefixed} ${replication.evidence.prefixAlias}.<topic> copies on the target)`
  const todos = [
    '7 runbook fields',
    ...(groups.listed.length ? [count(groups.listed.length, 'group owner')] : []),
    ...(findings.connectors.listed.length ? [count(findings.connectors.listed.length, 'connector')] : []),
  ]
  return [
    `${count(topics.data.length, 'topic')} (${topics.plumbing.length} plumbing left out), ${count(groups.listed.length, 'group')}, ` +
      `${subjects(findings)}, ${connectors(discovery, findings)}`,
    `${naming}; consumer groups default to strategy ${findings.strategy}`,
    `TODO for a person: ${todos.join(', ')}`,
  ]
}
