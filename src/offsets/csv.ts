/**
 * @module offsets/csv
 * Offsets as CSV, exactly as kafka-consumer-groups writes them with `--reset-offsets --export` and
 * reads them with `--from-file` (ConsumerGroupCommand/OffsetsUtils + CsvUtils, Jackson CSV), so a
 * file round-trips between rollgate and Kafka's own tool. Pure.
 *
 * The format, as the Java tool has it (read from its sources, checked against Kafka 4.3.1's jar):
 * - `topic,partition,offset` when exactly one `--group` is given, `group,topic,partition,offset`
 *   otherwise (several groups, or `--all-groups`); no header; every row ends with `\n`.
 * - A text field is quoted the way Jackson's CSV writer quotes by default: when it is longer than 24
 *   characters, or holds any character below `-` (0x2D: space, `!"#$%&'()*+,` and controls) or a
 *   backslash; a quote inside is doubled. Long topic names are therefore quoted.
 * - Rows come in Java HashMap iteration order (groups, then each group's partitions), not sorted:
 *   the tool collects both into HashMaps. `javaHashMapOrder` reproduces that order.
 *
 * Reading follows `--from-file` where it reads something meaningful, and stops with
 * `file:line:col: message` (exit 2) where it fails or silently reads something else:
 * - lines are split on `\n`; a final `\r` is dropped; trailing empty lines are ignored, an empty line
 *   before the last row is an error (Java: "No content to map due to end-of-input");
 * - spaces around numbers are allowed (Jackson trims them), `+5` is 5; text fields are kept as
 *   written; quoted fields are unquoted (`""` is a quote) and must close on the same line; spaces
 *   after a closing quote are skipped; one trailing comma is allowed (Jackson's default);
 * - a header row fails (Java fails on it too); so do empty or missing fields (Java reads them as 0),
 *   negative offsets (Java: "Invalid negative offset"), a row listed twice (Java keeps the last),
 *   and three-column rows without a group (Java would read them as group,topic,partition with
 *   offset 0 when not given exactly one --group).
 */
import { badInput } from '../errors.ts'

export interface CsvOffset { topic: string, partition: number, offset: number }
export interface CsvGroupOffsets { group: string, offsets: CsvOffset[] }

export type CsvForm = 'topic,partition,offset' | 'group,topic,partition,offset'

export interface ParsedOffsetsCsv {
  form: CsvForm
  /** groups in the order they first appear; each group's rows in file order, with their line */
  groups: Array<{ group: string, offsets: Array<CsvOffset & { line: number }> }>
}

/** java.lang.String#hashCode: over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash (text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
  return h
}

/** org.apache.kafka.common.TopicPartition#hashCode: 31 * (31 + partition) + topic.hashCode(). */
export function topicPartitionHash (topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHash(topic)) | 0
}

/**
 * The order in which a java.util.HashMap filled with `items` by successive puts iterates them:
 * by bucket (`(h ^ h >>> 16) & (capacity - 1)`, capacity 16 doubled while the size exceeds 3/4 of
 * it). Keys sharing a bucket iterate in insertion order; here that is the order of `items`, which is
 * exact only when the caller inserted them as Java did (Java's own insertion order comes from the
 * Admin client's maps), and not for buckets of 8+ keys (treeified bins).
 */
export function javaHashMapOrder<T> (items: readonly T[], hashCode: (item: T) => number): T[] {
  let capacity = 16
  while (items.length > capacity * 0.75) capacity *= 2
  return items
    .map((item, index) => {
      const h = hashCode(item)
      return { item, index, bucket: (h ^ (h >>> 16)) & (capacity - 1) }
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.item)
}

/** Jackson CSV's default quoting (CsvEncoder._mayNeedQuotes without STRICT_CHECK_FOR_QUOTING). */
function csvText (text: string): string {
  const needsQuotes = text.length > 24 || /[\u0000-\u002c\\]/.test(text)
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The CSV kafka-consumer-groups `--export` prints for these groups (without the extra newline its
 * println adds): `topic,partition,offset` rows for one group, `group,topic,partition,offset` rows for
 * several — or always with the group when `withGroup` is set, as `--all-groups` does.
 */
export function formatOffsetsCsv (groups: readonly CsvGroupOffsets[], options: { withGroup?: boolean } = {}): string {
  const withGroup = options.withGroup ?? groups.length !== 1
  const seenGroups = new Set<string>()
  for (const g of groups) {
    if (seenGroups.has(g.group)) throw badInput(`cannot write offsets CSV: group '${g.group}' is given twice`)
    seenGroups.add(g.group)
  }
  let out = ''
  for (const g of javaHashMapOrder(groups, (x) => javaStringHash(x.group))) {
    const seen = new Set<string>()
    for (const o of g.offsets) {
      const where = `group '${g.group}', ${o.topic}-${o.partition}`
      if (!Number.isSafeInteger(o.partition) || o.partition < 0 || o.partition > 2147483647) throw badInput(`cannot write offsets CSV: ${where}: invalid partition`)
      // OffsetAndMetadata refuses negative offsets: such a file could never have come from Kafka's tool
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) throw badInput(`cannot write offsets CSV: ${where}: invalid offset ${o.offset}`)
      const key = `${o.partition} ${o.topic}`
      if (seen.has(key)) throw badInput(`cannot write offsets CSV: ${where} is given twice`)
      seen.add(key)
    }
    for (const o of javaHashMapOrder(g.offsets, (x) => topicPartitionHash(x.topic, x.partition))) {
      out += `${withGroup ? `${csvText(g.group)},` : ''}${csvText(o.topic)},${o.partition},${o.offset}\n`
    }
  }
  return out
}

interface Field { text: string, col: number, quoted: boolean }

/** Splits one line into fields; `col` is 1-based, at the field's first character (its opening quote). */
function splitLine (line: string, at: (col: number) => string): Field[] {
  const fields: Field[] = []
  let pos = 0
  for (;;) {
    const start = pos
    if (line[pos] === '"') {
      let text = ''
      pos++
      for (;;) {
        const quote = line.indexOf('"', pos)
        if (quote === -1) throw badInput(`${at(start + 1)}: unterminated quoted field (a quoted value must end on the same line)`)
        text += line.slice(pos, quote)
        pos = quote + 1
        if (line[pos] !== '"') break
        text += '"'
        pos++
      }
      // Jackson skips blanks between a closing quote and the separator
      while (line[pos] === ' ' || line[pos] === '\t') pos++
      if (pos < line.length && line[pos] !== ',') throw badInput(`${at(pos + 1)}: unexpected '${line[pos]}' after a closing quote (expected ',' or the end of the line)`)
      fields.push({ text, col: start + 1, quoted: true })
    } else {
      const comma = line.indexOf(',', pos)
      const end = comma === -1 ? line.length : comma
      fields.push({ text: line.slice(pos, end), col: start + 1, quoted: false })
      pos = end
    }
    if (pos >= line.length) return fields
    pos++ // the comma; a comma at the very end yields one more, empty, field
  }
}

/** Kafka's legal topic names (org.apache.kafka.common.internals.Topic.validate). */
const legalTopic = /^[a-zA-Z0-9._-]{1,249}$/

const headerWords = new Set(['group', 'topic', 'partition', 'offset'])

/** Java's String#trim: strips every character up to and including the space. */
const javaTrim = (text: string) => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')

function integer (field: Field, what: 'partition' | 'offset', at: (col: number) => string, headerHint: string): number {
  const text = javaTrim(field.text)
  if (text === '') throw badInput(`${at(field.col)}: empty ${what} (kafka-consumer-groups would read it as 0)`)
  if (!/^[+-]?[0-9]+$/.test(text)) throw badInput(`${at(field.col)}: ${what} '${field.text}' is not an integer${headerHint}`)
  const value = Number(text) || 0 // no -0
  if (value < 0) {
    throw badInput(`${at(field.col)}: negative ${what} ${text}` + (what === 'offset' ? ' (kafka-consumer-groups refuses it too: "Invalid negative offset")' : ''))
  }
  if (what === 'partition' && value > 2147483647) throw badInput(`${at(field.col)}: partition ${text} is out of range (at most 2147483647)`)
  if (!Number.isSafeInteger(value)) throw badInput(`${at(field.col)}: offset ${text} is too large to be represented exactly (at most ${Number.MAX_SAFE_INTEGER})`)
  return value
}

/**
 * Reads a `--from-file` / `--export` CSV. Three-column rows belong to `options.group` (as with
 * kafka-consumer-groups' single `--group`); four-column rows name their group. The form is set by
 * the first row; every row must have the same.
 */
export function parseOffsetsCsv (text: string, file: string, options: { group?: string } = {}): ParsedOffsetsCsv {
  if (text.startsWith('\uFEFF')) throw badInput(`${file}:1:1: the file starts with a byte order mark (kafka-consumer-groups would read it as part of the first name)`)
  // a final CR ends a record for Jackson: CRLF files read as LF files
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
  // String.split drops trailing empty strings: trailing newlines are harmless
  let count = lines.length
  while (count > 0 && lines[count - 1] === '') count--
  if (count === 0) throw badInput(`${file}:1:1: no offsets: the file is empty`)

  let width = 0
  let form: CsvForm = 'topic,partition,offset'
  const groups = new Map<string, ParsedOffsetsCsv['groups'][number]>()
  const firstLine = new Map<string, number>()
  for (let i = 0; i < count; i++) {
    const lineNo = i + 1
    const line = lines[i]!
    const at = (col: number) => `${file}:${lineNo}:${col}`
    if (javaTrim(line) === '') throw badInput(`${at(1)}: empty line (only trailing empty lines are allowed; kafka-consumer-groups fails on it too)`)
    if (line.includes('\r')) throw badInput(`${at(line.indexOf('\r') + 1)}: carriage return inside a line`)
    let fields = splitLine(line, at)
    // Jackson allows one trailing comma: an extra, empty, unquoted last field
    const last = fields[fields.length - 1]!
    const trailingComma = !last.quoted && last.text === '' && fields.length > 1
    if (width === 0) {
      // like Java, try the row as topic,partition,offset first: `t,0,5,` is that with a trailing comma,
      // `g,t,0,` is a group row with an empty offset
      const asThree = fields.length === 4 && trailingComma && /^[+-]?[0-9]+$/.test(javaTrim(fields[1]!.text))
      const n = asThree || (fields.length === 5 && trailingComma) ? fields.length - 1 : fields.length
      if (n !== 3 && n !== 4) throw badInput(`${at(1)}: expected topic,partition,offset or group,topic,partition,offset, found ${fields.length} field${fields.length === 1 ? '' : 's'}`)
      width = n
      form = n === 3 ? 'topic,partition,offset' : 'group,topic,partition,offset'
      if (n === 3 && options.group === undefined) {
        throw badInput(`${at(1)}: rows are topic,partition,offset: the group they belong to must be given (as with kafka-consumer-groups' single --group)`)
      }
    }
    if (fields.length === width + 1 && trailingComma) fields = fields.slice(0, width)
    if (fields.length !== width) {
      const col = fields.length > width ? fields[width]!.col : line.length + 1
      throw badInput(`${at(col)}: expected ${width} fields (${form}) like the first row, found ${fields.length}`)
    }
    const [groupField, topicField, partitionField, offsetField] = width === 4 ? fields : [undefined, ...fields]
    const looksLikeHeader = fields.every((f) => headerWords.has(javaTrim(f.text).toLowerCase()))
    const headerHint = looksLikeHeader ? ' (a header row? kafka-consumer-groups\' CSV has none)' : ''
    const group = groupField ? groupField.text : options.group!
    if (groupField && group === '') throw badInput(`${at(groupField.col)}: empty group`)
    const topic = topicField!.text
    if (!legalTopic.test(topic) || topic === '.' || topic === '..') {
      throw badInput(`${at(topicField!.col)}: '${topic}' is not a valid topic name (1 to 249 of a-z A-Z 0-9 . _ -)${headerHint}`)
    }
    const partition = integer(partitionField!, 'partition', at, headerHint)
    const offset = integer(offsetField!, 'offset', at, headerHint)

    const key = `${group}\u0000${topic}\u0000${partition}`
    const first = firstLine.get(key)
    if (first !== undefined) {
      throw badInput(`${at(1)}: ${topic}-${partition} of group '${group}' is listed again (first at line ${first}); kafka-consumer-groups would silently keep the last`)
    }
    firstLine.set(key, lineNo)
    let entry = groups.get(group)
    if (!entry) groups.set(group, entry = { group, offsets: [] })
    entry.offsets.push({ topic, partition, offset, line: lineNo })
  }
  return { form, groups: [...groups.values()] }
}
