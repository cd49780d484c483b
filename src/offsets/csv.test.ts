import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RollgateError } from '../errors.ts'
import { formatOffsetsCsv, javaHashMapOrder, javaStringHash, parseOffsetsCsv, topicPartitionHash } from './csv.ts'

const T = 'probe-csv-30397'
const LT = 'probe-csv-long-topic-name-11643-xx'

test('hashes are Java\'s: String#hashCode over UTF-16 units, TopicPartition#hashCode', () => {
  // values printed by Java 17 for the same inputs
  assert.equal(javaStringHash('a b'), 94307)
  assert.equal(javaStringHash('h€llo'), 345325355)
  assert.equal(javaStringHash('😀'), 1772899)
  assert.equal(javaStringHash('orders'), -1008770331)
  assert.equal(javaStringHash(''), 0)
  assert.equal(topicPartitionHash('orders', 3), -1008769277)
  assert.equal(topicPartitionHash('😀x', 2147483647), -2092522729)
})

test('javaHashMapOrder iterates like a java.util.HashMap filled by puts (resizes included)', () => {
  // Java 17: a HashMap<String, _> of "g0".."g39" put in order (capacity 64), and HashMap<TopicPartition, _>
  // of orders-0..19 (capacity 32), iterated
  const groups = Array.from({ length: 40 }, (_, i) => `g${i}`)
  assert.equal(javaHashMapOrder(groups, javaStringHash).join(','),
    'g31,g30,g11,g33,g10,g32,g13,g35,g12,g34,g15,g37,g14,g36,g17,g39,g16,g38,g19,g18,g20,g22,g21,g24,g0,g23,g1,g26,g2,g25,g3,g28,g4,g27,g5,g6,g29,g7,g8,g9')
  const partitions = Array.from({ length: 20 }, (_, i) => i)
  assert.equal(javaHashMapOrder(partitions, (p) => topicPartitionHash('orders', p)).join(','), '7,8,9,10,11,12,13,14,15,16,17,18,19,0,1,2,3,4,5,6')
})

test('one group: topic,partition,offset rows in the Java tool\'s order, long names quoted (captured from Kafka 4.3.1 --export)', () => {
  // ConsumerGroupCommand --reset-offsets --group single --topic <LT> --to-earliest --export --dry-run
  assert.equal(formatOffsetsCsv([{ group: 'single', offsets: [{ topic: LT, partition: 1, offset: 0 }, { topic: LT, partition: 0, offset: 0 }] }]),
    `"${LT}",0,0\n"${LT}",1,0\n`)
})

test('several groups: group,topic,partition,offset rows; quoting as Jackson\'s CSV writer (captured from Kafka 4.3.1 --export)', () => {
  // --group 'a b' --group 'q"x' ... --topic T --topic LT --to-earliest --export --dry-run, printed exactly so.
  // 'plain' and 'q"x' share a hash bucket: they come in insertion order, which Java took from its
  // Admin client; here from the order given
  const names = ['a b', 'exactly-twenty-five-chars', 'plain', 'q"x', 'back\\slash', 'twenty-four-chars-xxxxxx', '#hash', 'h€llo']
  const offsets = [[T, 0], [T, 1], [T, 2], [LT, 0], [LT, 1]].map(([topic, partition]) => ({ topic: topic as string, partition: partition as number, offset: 0 }))
  const quoted: Record<string, string> = { 'a b': '"a b"', 'exactly-twenty-five-chars': '"exactly-twenty-five-chars"', 'q"x': '"q""x"', 'back\\slash': '"back\\slash"', '#hash': '"#hash"' }
  const expected = names.map((g) => {
    const q = quoted[g] ?? g
    return `${q},${T},0,0\n${q},${T},1,0\n${q},"${LT}",0,0\n${q},"${LT}",1,0\n${q},${T},2,0\n`
  }).join('')
  // the caller's order does not matter, except between keys of one bucket
  const shuffled = [names[7]!, names[2]!, names[5]!, names[0]!, names[3]!, names[6]!, names[1]!, names[4]!]
  assert.equal(formatOffsetsCsv(shuffled.map((group) => ({ group, offsets: [...offsets].reverse() }))), expected)
})

test('withGroup writes the group column for a single group, as --all-groups does; no groups, no rows', () => {
  assert.equal(formatOffsetsCsv([{ group: 'g', offsets: [{ topic: 't', partition: 0, offset: 5 }] }], { withGroup: true }), 'g,t,0,5\n')
  assert.equal(formatOffsetsCsv([{ group: 'g', offsets: [{ topic: 't', partition: 0, offset: 5 }] }]), 't,0,5\n')
  assert.equal(formatOffsetsCsv([]), '')
})

test('formatOffsetsCsv refuses what the tool could never write: negative offsets, duplicates', () => {
  assert.throws(() => formatOffsetsCsv([{ group: 'g', offsets: [{ topic: 't', partition: 0, offset: -1 }] }]), /invalid offset -1/)
  assert.throws(() => formatOffsetsCsv([{ group: 'g', offsets: [{ topic: 't', partition: 0, offset: 1 }, { topic: 't', partition: 0, offset: 2 }] }]), /t-0 is given twice/)
  assert.throws(() => formatOffsetsCsv([{ group: 'g', offsets: [] }, { group: 'g', offsets: [] }]), /group 'g' is given twice/)
})

test('parse: both forms; the three-column form takes its group from the caller, as with --group', () => {
  assert.deepEqual(parseOffsetsCsv('t,0,5\nt,1,7\n', 'f.csv', { group: 'billing' }), {
    form: 'topic,partition,offset',
    groups: [{ group: 'billing', offsets: [{ topic: 't', partition: 0, offset: 5, line: 1 }, { topic: 't', partition: 1, offset: 7, line: 2 }] }],
  })
  assert.deepEqual(parseOffsetsCsv('g1,t,0,5\ng2,t,1,7\ng1,u,0,3\n', 'f.csv'), {
    form: 'group,topic,partition,offset',
    groups: [
      { group: 'g1', offsets: [{ topic: 't', partition: 0, offset: 5, line: 1 }, { topic: 'u', partition: 0, offset: 3, line: 3 }] },
      { group: 'g2', offsets: [{ topic: 't', partition: 1, offset: 7, line: 2 }] },
    ],
  })
  // a group file read with one group given: all groups are returned, the caller picks (Java ignores the others)
  assert.equal(parseOffsetsCsv('g1,t,0,5\ng2,t,1,7\n', 'f.csv', { group: 'g1' }).groups.length, 2)
})

test('parse accepts what --from-file accepts: CRLF, trailing empty lines, no final newline, spaces around numbers, +n, quotes, a trailing comma', () => {
  const rows = (text: string, group?: string) => parseOffsetsCsv(text, 'f.csv', group === undefined ? {} : { group }).groups
    .flatMap((g) => g.offsets.map((o) => `${g.group}|${o.topic}|${o.partition}|${o.offset}`))
  assert.deepEqual(rows('t,0,5\r\nt,1,6\r\n', 'g'), ['g|t|0|5', 'g|t|1|6'])
  assert.deepEqual(rows('t,0,5\nt,1,6\n\n\n', 'g'), ['g|t|0|5', 'g|t|1|6'])
  assert.deepEqual(rows('t,0,5', 'g'), ['g|t|0|5'])
  assert.deepEqual(rows('t, 0 , 5 \t\n', 'g'), ['g|t|0|5'])
  assert.deepEqual(rows('t,+0,+5\n', 'g'), ['g|t|0|5'])
  assert.deepEqual(rows('"t",0,"5"\n', 'g'), ['g|t|0|5'])
  assert.deepEqual(rows('"g""1",t,0,5\n"g1" ,t,1,6\ng"2,t,0,1\n"a,b",t,0,2\n'), ['g"1|t|0|5', 'g1|t|1|6', 'g"2|t|0|1', 'a,b|t|0|2'])
  assert.deepEqual(rows('t,0,5,\n', 'g'), ['g|t|0|5'])
  assert.deepEqual(rows('g,t,0,5,\n'), ['g|t|0|5'])
  // group names are kept as written, spaces included (Java does not trim text)
  assert.deepEqual(rows(' g ,t,0,5\n'), [' g |t|0|5'])
})

test('round trip: what formatOffsetsCsv writes, parseOffsetsCsv reads back', () => {
  const groups = [
    { group: 'billing "eu", west', offsets: [{ topic: 'orders.v1.payments-processed', partition: 0, offset: 12 }, { topic: 'a', partition: 2, offset: 0 }] },
    { group: 'h€llo\\x', offsets: [{ topic: 'b', partition: 7, offset: 9007199254740991 }] },
  ]
  const parsed = parseOffsetsCsv(formatOffsetsCsv(groups), 'f.csv')
  const norm = (gs: Array<{ group: string, offsets: Array<{ topic: string, partition: number, offset: number }> }>) =>
    gs.flatMap((g) => g.offsets.map((o) => `${g.group}|${o.topic}|${o.partition}|${o.offset}`)).sort()
  assert.deepEqual(norm(parsed.groups), norm(groups))
  const one = parseOffsetsCsv(formatOffsetsCsv([groups[0]!]), 'f.csv', { group: groups[0]!.group })
  assert.equal(one.form, 'topic,partition,offset')
  assert.deepEqual(norm(one.groups), norm([groups[0]!]))
})

function badCsv (text: string, message: RegExp, options: { group?: string } = { group: 'g' }) {
  assert.throws(() => parseOffsetsCsv(text, 'plan.csv', options), (error: unknown) => {
    assert.ok(error instanceof RollgateError, String(error))
    assert.equal(error.exitCode, 2)
    assert.match(error.message, message)
    return true
  })
}

test('malformed CSV: file:line:col and why', () => {
  badCsv('', /^plan\.csv:1:1: no offsets: the file is empty$/)
  badCsv('\n\n', /^plan\.csv:1:1: no offsets/)
  badCsv('t,0,5\n\nt,1,6\n', /^plan\.csv:2:1: empty line/)
  badCsv('t,0,5\n   \nt,1,6\n', /^plan\.csv:2:1: empty line/)
  badCsv('topic,partition,offset\nt,0,5\n', /^plan\.csv:1:7: partition 'partition' is not an integer \(a header row\? kafka-consumer-groups' CSV has none\)$/)
  badCsv('group,topic,partition,offset\n', /^plan\.csv:1:13: partition 'partition' is not an integer \(a header row\?/)
  badCsv('t,0\n', /^plan\.csv:1:1: expected topic,partition,offset or group,topic,partition,offset, found 2 fields$/)
  badCsv('t,0,5\nt,1\n', /^plan\.csv:2:4: expected 3 fields \(topic,partition,offset\) like the first row, found 2$/)
  badCsv('t,0,5\nt,1,6,7\n', /^plan\.csv:2:7: expected 3 fields .* found 4$/)
  badCsv('g,t,0,5\nt,1,6\n', /^plan\.csv:2:6: expected 4 fields \(group,topic,partition,offset\) like the first row, found 3$/)
  badCsv('t,x,5\n', /^plan\.csv:1:3: partition 'x' is not an integer$/)
  badCsv('t,0,5.0\n', /^plan\.csv:1:5: offset '5\.0' is not an integer$/)
  badCsv('t,0,0x5\n', /^plan\.csv:1:5: offset '0x5' is not an integer$/)
  badCsv('t,0,1e1\n', /^plan\.csv:1:5: offset '1e1' is not an integer$/)
  badCsv('t,0,5\nt,1,-3\n', /^plan\.csv:2:5: negative offset -3 \(kafka-consumer-groups refuses it too: "Invalid negative offset"\)$/)
  badCsv('t,-1,5\n', /^plan\.csv:1:3: negative partition -1$/)
  badCsv('t,,5\n', /^plan\.csv:1:3: empty partition \(kafka-consumer-groups would read it as 0\)$/)
  badCsv('g,t,0,\n', /^plan\.csv:1:7: empty offset/, {})
  badCsv('t,2147483648,5\n', /^plan\.csv:1:3: partition 2147483648 is out of range/)
  badCsv('t,0,9007199254740992\n', /^plan\.csv:1:5: offset 9007199254740992 is too large/)
  badCsv('"t,0,5\n', /^plan\.csv:1:1: unterminated quoted field/)
  badCsv('"t"x,0,5\n', /^plan\.csv:1:4: unexpected 'x' after a closing quote/)
  badCsv(' t,0,5\n', /^plan\.csv:1:1: ' t' is not a valid topic name/)
  badCsv('#c\nt,0,5\n', /^plan\.csv:1:1: expected .* found 1 field$/)
  badCsv('t,0,5 # note\n', /^plan\.csv:1:5: offset '5 # note' is not an integer$/)
  badCsv('g,..,0,5\n', /^plan\.csv:1:3: '\.\.' is not a valid topic name/, {})
  badCsv(',t,0,5\n', /^plan\.csv:1:1: empty group$/, {})
  badCsv('t,0,5\nt,1,6\nt,0,7\n', /^plan\.csv:3:1: t-0 of group 'g' is listed again \(first at line 1\); kafka-consumer-groups would silently keep the last$/)
  badCsv('\uFEFFt,0,5\n', /^plan\.csv:1:1: the file starts with a byte order mark/)
  badCsv('t,0\r,5\n', /^plan\.csv:1:4: carriage return inside a line$/)
  // three columns and no group: Java would read them as group,topic,partition with offset 0
  badCsv('t,0,5\n', /^plan\.csv:1:1: rows are topic,partition,offset: the group they belong to must be given/, {})
})
