/**
 * @module init/replication
 * What replication runs between the clusters, read from the topics each holds — MirrorMaker 2
 * leaves traces (its offset-syncs and checkpoints topics) and copies of the source's topics.
 *
 * - kind: `mirrormaker2` when the target holds copies of source data topics (same name, or
 *   `<sourceAlias>.<topic>`) or MirrorMaker 2's offset-syncs / checkpoints topics exist; else `none`.
 *   Copies without those traces may come from another tool (cluster linking keeps offsets: then
 *   `offset-preserving` is right), so that case is reported as a guess to check.
 * - naming: `prefix` when the target has `<sourceAlias>.<topic>` copies and no same-name ones; else
 *   `identity` — also when both exist, as a target may hold same-name topics created before the
 *   migration, and the mixed case is reported. An explicit `--naming` wins.
 * - aliases: candidates for the source alias are read from the target's `<alias>.checkpoints.internal`,
 *   `mm2-offset-syncs.<alias>.internal` and `<alias>.heartbeats`, for the target alias from
 *   `mm2-offset-syncs.<alias>.internal` on the source. With prefix naming the source alias is the one
 *   with most prefixed copies; otherwise, and for the target alias, MirrorMaker 2's usual `source` /
 *   `target` when seen (or nothing is seen), else the first seen — several are reported. The
 *   separator is MirrorMaker 2's default `.`.
 * - offsetSyncsLocation: where an offset-syncs topic was found (the source unless only the target has one).
 */

export type Naming = 'identity' | 'prefix'

export interface ReplicationGuess {
  kind: 'mirrormaker2' | 'none'
  naming: Naming
  /** whether `naming` came from the operator or from the clusters */
  namingFrom: 'flag' | 'detected'
  sourceAlias: string
  targetAlias: string
  offsetSyncsLocation: 'source' | 'target'
  /** what the guess rests on */
  evidence: {
    /** source data topics with a same-name topic on the target */
    sameName: number
    /** source data topics with a `<alias>.<topic>` topic on the target, for the alias with most of them */
    prefixed: number
    /** that alias */
    prefixAlias: string
    /** MirrorMaker 2 topics seen, as `side:topic` */
    traces: string[]
  }
  warnings: string[]
}

const offsetSyncs = /^mm2-offset-syncs\.(.+)\.internal$/
const checkpoints = /^(.+)\.checkpoints\.internal$/
const heartbeats = /^(.+)\.heartbeats$/

const captured = (topics: readonly string[], pattern: RegExp): string[] =>
  topics.flatMap((topic) => pattern.exec(topic)?.[1] ?? [])

export interface ReplicationInput {
  /** every topic the source lists */
  sourceTopics: readonly string[]
  /** every topic the target lists */
  targetTopics: readonly string[]
  /** the source topics that are data (plumbing left out) */
  dataTopics: readonly string[]
  naming?: Naming | undefined
}

export function detectReplication (input: ReplicationInput): ReplicationGuess {
  const onTarget = new Set(input.targetTopics)
  const prefixedCount = (alias: string) => input.dataTopics.filter((topic) => onTarget.has(`${alias}.${topic}`)).length

  const syncsOnSource = input.sourceTopics.filter((topic) => offsetSyncs.test(topic))
  // offset-syncs kept on the target are named after the source alias
  const syncsOnTarget = input.targetTopics.filter((topic) => offsetSyncs.test(topic))
  const sourceAliases = [...new Set([
    ...captured(input.targetTopics, checkpoints), ...captured(syncsOnTarget, offsetSyncs), ...captured(input.targetTopics, heartbeats),
  ])].sort()
  const targetAliases = captured(syncsOnSource, offsetSyncs).sort()

  // the alias whose prefixed copies are most numerous decides whether naming looks like prefix
  const best = [...new Set([...sourceAliases, 'source'])]
    .map((alias) => ({ alias, copies: prefixedCount(alias) }))
    .sort((a, b) => b.copies - a.copies || a.alias.localeCompare(b.alias))[0] ?? { alias: 'source', copies: 0 }
  const sameName = input.dataTopics.filter((topic) => onTarget.has(topic)).length
  const prefixed = best.copies
  const detected: Naming = prefixed > 0 && sameName === 0 ? 'prefix' : 'identity'
  const naming = input.naming ?? detected
  // with identity names no copy tells the flows apart: MirrorMaker 2's default alias when it is seen
  const usual = (aliases: string[], fallback: string) => (aliases.length === 0 || aliases.includes(fallback) ? fallback : aliases[0]!)
  const sourceAlias = naming === 'prefix' && prefixed > 0 ? best.alias : usual(sourceAliases, 'source')
  const targetAlias = usual(targetAliases, 'target')

  const traces = [
    ...syncsOnSource.map((topic) => `source:${topic}`),
    ...syncsOnTarget.map((topic) => `target:${topic}`),
    ...input.targetTopics.filter((topic) => checkpoints.test(topic)).map((topic) => `target:${topic}`),
  ]
  const copies = sameName + prefixed
  const kind = copies > 0 || traces.length > 0 ? 'mirrormaker2' : 'none'

  const warnings: string[] = []
  if (copies > 0 && traces.length === 0) {
    warnings.push(`the target holds copies of ${copies} source topic(s) but no MirrorMaker 2 offset-syncs or checkpoints topic: ` +
      'replication.kind mirrormaker2 is a guess (offset-preserving for cluster-link style replication)')
  }
  if (kind === 'mirrormaker2' && copies === 0) warnings.push('MirrorMaker 2 topics exist but the target holds no copy of a source topic yet')
  if (input.naming === undefined && sameName > 0 && prefixed > 0) {
    warnings.push(`the target holds both same-name (${sameName}) and ${best.alias}.<topic> (${prefixed}) copies: naming identity assumed, check replication.naming`)
  }
  if (input.naming !== undefined && input.naming !== detected && copies > 0) {
    warnings.push(`--naming ${input.naming} given, but the target's copies look like ${detected} naming (${sameName} same-name, ${prefixed} ${best.alias}.<topic>)`)
  }
  if (sourceAliases.length > 1) warnings.push(`the target shows several MirrorMaker 2 source aliases (${sourceAliases.join(', ')}): sourceAlias ${sourceAlias} assumed`)
  if (targetAliases.length > 1) warnings.push(`the source shows several MirrorMaker 2 target aliases (${targetAliases.join(', ')}): targetAlias ${targetAlias} assumed`)
  return {
    kind,
    naming,
    namingFrom: input.naming === undefined ? 'detected' : 'flag',
    sourceAlias,
    targetAlias,
    offsetSyncsLocation: syncsOnSource.length === 0 && syncsOnTarget.length > 0 ? 'target' : 'source',
    evidence: { sameName, prefixed, prefixAlias: best.alias, traces },
    warnings,
  }
}
