/**
 * @module test/support/java-output
 * Parsers for what Kafka's own tools print (kafka-topics --describe, kafka-consumer-groups
 * --describe), so rollgate's JSON can be compared with them field by field.
 */

export interface JavaTopic {
  name: string
  partitionCount: number
  replicationFactor: number
  configs: Record<string, string>
  partitions: Array<{ partition: number, leader: number, replicas: number[], isr: number[] }>
}

const ints = (text: string) => (text.trim() === '' ? [] : text.split(',').map(Number))

/** `TopicCommand --describe`: a header line per topic, then a tab-indented line per partition. */
export function parseTopicDescribe (stdout: string): Map<string, JavaTopic> {
  const topics = new Map<string, JavaTopic>()
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue
    const fields = new Map<string, string>()
    // `Key: value` pairs separated by tabs
    for (const part of line.trim().split('\t')) {
      const at = part.indexOf(':')
      if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim())
    }
    const name = fields.get('Topic')
    if (name === undefined) continue
    if (fields.has('PartitionCount')) {
      const configs: Record<string, string> = {}
      const text = fields.get('Configs') ?? ''
      for (const kv of text ? text.split(',') : []) {
        const eq = kv.indexOf('=')
        configs[kv.slice(0, eq)] = kv.slice(eq + 1)
      }
      topics.set(name, { name, partitionCount: Number(fields.get('PartitionCount')), replicationFactor: Number(fields.get('ReplicationFactor')), configs, partitions: [] })
    } else if (fields.has('Partition')) {
      topics.get(name)?.partitions.push({
        partition: Number(fields.get('Partition')),
        leader: Number(fields.get('Leader')),
        replicas: ints(fields.get('Replicas') ?? ''),
        isr: ints(fields.get('Isr') ?? ''),
      })
    }
  }
  return topics
}

export interface JavaGroupRow { group: string, topic: string, partition: number, current: number | null, logEnd: number | null, lag: number | null }

const numberOrNull = (text: string | undefined) => (text === undefined || text === '-' ? null : Number(text))

/** `ConsumerGroupCommand --describe`: whitespace-aligned tables with a GROUP header. */
export function parseGroupDescribe (stdout: string): JavaGroupRow[] {
  const rows: JavaGroupRow[] = []
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/)
    if (cols.length < 6 || cols[0] === 'GROUP') continue
    if (!/^\d+$/.test(cols[2] ?? '')) continue
    rows.push({ group: cols[0]!, topic: cols[1]!, partition: Number(cols[2]), current: numberOrNull(cols[3]), logEnd: numberOrNull(cols[4]), lag: numberOrNull(cols[5]) })
  }
  return rows
}
