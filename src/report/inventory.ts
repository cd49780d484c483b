/**
 * @module report/inventory
 * The inventory of one cluster as terminal tables, laid out like kafka-topics and
 * kafka-consumer-groups so an operator can read them side by side with Kafka's own tools.
 */
import type { Inventory } from '../snapshot/inventory.ts'
import { renderTable } from './table.ts'

export function renderInventoryTable (inventory: Inventory): string {
  const out: string[] = []
  const { cluster } = inventory
  out.push(`${inventory.side} cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s) ${cluster.brokers.map((b) => `${b.id}@${b.host}:${b.port}`).join(' ')}, captured ${inventory.capturedAt}\n`)

  out.push(`\nTOPICS (${inventory.topics.length})\n`)
  out.push(renderTable(['TOPIC', 'PARTITIONS', 'RF', 'EARLIEST', 'LATEST', 'RECORDS', 'NON-DEFAULT CONFIGS (* broker-level)'], inventory.topics.map((t) => {
    const earliest = t.partitions.reduce((s, p) => s + p.earliest, 0)
    const latest = t.partitions.reduce((s, p) => s + p.latest, 0)
    // `*`: inherited from a broker-level setting rather than set on the topic
    const configs = Object.entries(t.configs).map(([k, c]) => `${k}=${c.value ?? '(hidden)'}${c.source === 'dynamic-topic' ? '' : '*'}`).join(',')
    return [t.name + (t.internal ? ' (internal)' : ''), t.partitionCount, t.replicationFactor, earliest, latest, latest - earliest, configs || '-']
  })))

  out.push(`\nCONSUMER GROUPS (${inventory.groups.length})\n`)
  out.push(renderTable(['GROUP', 'STATE', 'PROTOCOL', 'MEMBERS', 'PARTITIONS', 'LAG'], inventory.groups.map((g) =>
    [g.id, g.state, g.protocolType || '-', g.members.length, g.offsets.length, g.totalLag])))
  const rows = inventory.groups.flatMap((g) => g.offsets.map((o) => {
    const member = g.members.find((m) => m.assignments.some((a) => a.topic === o.topic && a.partition === o.partition))
    return [g.id, o.topic, o.partition, o.committed, o.logEnd, o.lag, member?.memberId, member?.host, member?.clientId]
  }))
  if (rows.length) {
    out.push('\n')
    out.push(renderTable(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'], rows))
  }

  out.push('\nACLS\n')
  if ('unavailable' in inventory.acls) out.push(`unavailable: ${inventory.acls.reason}\n`)
  else if (inventory.acls.length === 0) out.push('none\n')
  else out.push(renderTable(['PRINCIPAL', 'PERMISSION', 'OPERATION', 'RESOURCE', 'PATTERN', 'NAME', 'HOST'], inventory.acls.map((a) =>
    [a.principal, a.permission, a.operation, a.resourceType, a.patternType, a.resourceName, a.host])))

  out.push('\nCLIENT QUOTAS\n')
  if ('unavailable' in inventory.quotas) out.push(`unavailable: ${inventory.quotas.reason}\n`)
  else if (inventory.quotas.length === 0) out.push('none\n')
  else out.push(renderTable(['ENTITY', 'QUOTAS'], inventory.quotas.map((q) => [
    Object.entries(q.entity).map(([k, v]) => `${k}=${v ?? '<default>'}`).join(','),
    Object.entries(q.values).map(([k, v]) => `${k}=${v}`).join(','),
  ])))
  return out.join('')
}
