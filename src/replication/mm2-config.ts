/**
 * @module replication/mm2-config
 * What a MirrorMaker 2 properties file (dedicated mode, `connect-mirror-maker.sh`) says about
 * syncing consumer-group offsets for one flow, `<sourceAlias>-><targetAlias>`.
 *
 * Why it matters: with `sync.group.offsets.enabled=true`, MirrorMaker 2 writes a group's committed
 * offsets on the target whenever the group has no member there — including right after its
 * consumer left the target (a rollback) or between `offsets apply` and the consumer's start. It
 * writes its own checkpoint translation over the positions rollgate placed or the group reached, so
 * the group re-reads what it had processed (a rehearsal measured 837 duplicates where 43 were
 * predicted). A group that moves must therefore be excluded from the flow's group offset sync.
 *
 * Only the settings that decide this are kept (`relevantKey`): the file also holds passwords and
 * JAAS configs, which never reach the evidence store.
 *
 * Semantics as MirrorMaker 2 reads them: `<flow>.<name>` overrides `<name>`; `groups` (default
 * `.*`) and `groups.exclude` (default `console-consumer-.*, connect-.*, __.*`; `groups.blacklist`
 * is its deprecated name) are comma-separated regexes joined with `|`, matched against the whole
 * group id; `sync.group.offsets.enabled` defaults to false. A flow whose `<flow>.enabled` is not
 * `false` is taken as running (fail closed: a false alarm names the setting, a missed sync costs
 * duplicates).
 */

export type Properties = Record<string, string>

/** Java properties text → key/value pairs (comments, `=`/`:`/space separators, line continuations, escapes). */
export function parseProperties (text: string): Properties {
  const out: Properties = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '')
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue
    // an odd number of trailing backslashes continues the logical line
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '')
    let k = 0
    let key = ''
    for (; k < line.length; k++) {
      const c = line[k]!
      if (c === '\\' && k + 1 < line.length) { key += unescape(line[++k]!); continue }
      if (c === '=' || c === ':' || c === ' ' || c === '\t') break
      key += c
    }
    let rest = line.slice(k).replace(/^[ \t]*/, '')
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t]*/, '')
    out[key] = rest.replace(/\\(.)/g, (_, c: string) => unescape(c))
  }
  return out
}

const unescape = (c: string): string => ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c

/** The keys the group-offset-sync decision reads; everything else (credentials included) is dropped. */
export function relevantKey (key: string): boolean {
  return key === 'clusters' || /(^|\.)(groups|groups\.exclude|groups\.blacklist|sync\.group\.offsets\.enabled|sync\.group\.offsets\.interval\.seconds|emit\.checkpoints\.enabled)$/.test(key) ||
    /->[^.]+\.enabled$/.test(key)
}

export function relevantProperties (all: Properties): Properties {
  return Object.fromEntries(Object.entries(all).filter(([key]) => relevantKey(key)).sort(([a], [b]) => a.localeCompare(b)))
}

/** One setting as MirrorMaker 2 resolves it for the flow: which key supplied it (null: the default). */
export interface Resolved { value: string, key: string | null }

export function resolve (properties: Properties, flow: string, name: string, fallback: string, aliases: string[] = []): Resolved {
  for (const n of [name, ...aliases]) {
    const scoped = `${flow}.${n}`
    if (Object.hasOwn(properties, scoped)) return { value: properties[scoped]!, key: scoped }
  }
  for (const n of [name, ...aliases]) if (Object.hasOwn(properties, n)) return { value: properties[n]!, key: n }
  return { value: fallback, key: null }
}

const defaultExclude = 'console-consumer-.*, connect-.*, __.*'

/** A comma-separated regex list as MirrorMaker 2's DefaultGroupFilter matches it (whole id); invalid → null. */
function matchesList (list: string, group: string): boolean | null {
  const parts = list.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (parts.length === 0) return false
  try {
    return new RegExp(`^(?:${parts.join('|')})$`).test(group)
  } catch {
    return null
  }
}

/** The four settings that decide a group's offset sync, as resolved for the flow. */
export interface SyncSettings {
  enabled: Resolved
  'sync.group.offsets.enabled': Resolved
  groups: Resolved
  'groups.exclude': Resolved
}

export type GroupSync =
  /** MirrorMaker 2 writes this group's offsets on the target: every setting that makes it so */
  | { synced: true, settings: SyncSettings }
  /** it does not, and the setting that decides it */
  | { synced: false, because: string, settings: SyncSettings }
  /** the file cannot say (no such flow, a regex Java accepts and JavaScript does not) */
  | { synced: null, reason: string, settings: SyncSettings }

export function groupOffsetSync (properties: Properties, sourceAlias: string, targetAlias: string, group: string): GroupSync {
  const flow = `${sourceAlias}->${targetAlias}`
  const settings: SyncSettings = {
    enabled: Object.hasOwn(properties, `${flow}.enabled`) ? { value: properties[`${flow}.enabled`]!, key: `${flow}.enabled` } : { value: 'true', key: null },
    'sync.group.offsets.enabled': resolve(properties, flow, 'sync.group.offsets.enabled', 'false'),
    groups: resolve(properties, flow, 'groups', '.*'),
    'groups.exclude': resolve(properties, flow, 'groups.exclude', defaultExclude, ['groups.blacklist']),
  }
  const clusters = (properties.clusters ?? '').split(',').map((s) => s.trim())
  if (!clusters.includes(sourceAlias) || !clusters.includes(targetAlias)) {
    return { synced: null, reason: `its clusters (${properties.clusters ?? 'not set'}) do not include both ${sourceAlias} and ${targetAlias}: not the configuration of the plan's flow ${flow}`, settings }
  }
  if (settings.enabled.value.trim().toLowerCase() === 'false') return { synced: false, because: `${flow}.enabled=false: the flow does not run`, settings }
  if (settings['sync.group.offsets.enabled'].value.trim().toLowerCase() !== 'true') {
    return { synced: false, because: `${settings['sync.group.offsets.enabled'].key ?? 'sync.group.offsets.enabled'}=${settings['sync.group.offsets.enabled'].value}${settings['sync.group.offsets.enabled'].key ? '' : ' (the default)'}`, settings }
  }
  const included = matchesList(settings.groups.value, group)
  const excluded = matchesList(settings['groups.exclude'].value, group)
  if (included === null || excluded === null) return { synced: null, reason: 'a groups / groups.exclude regex is not valid here', settings }
  if (!included) return { synced: false, because: `${settings.groups.key ?? 'groups'}=${settings.groups.value} does not select it`, settings }
  if (excluded) return { synced: false, because: `${settings['groups.exclude'].key ?? 'groups.exclude'}=${settings['groups.exclude'].value} excludes it`, settings }
  return { synced: true, settings }
}

/** The MirrorMaker 2 configuration a snapshot holds: the relevant settings only, or why there are none. */
export type Mm2ConfigEvidence =
  | { status: 'ok', path: string, properties: Properties }
  /** the plan does not say where MirrorMaker 2's configuration is (replication.mm2Config) */
  | { status: 'not-configured' }
  | { status: 'error', path: string, error: string }
