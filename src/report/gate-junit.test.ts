import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureInput, fixtureSnapshot, inventory, ok, topic } from '../gates/fixtures.ts'
import { evaluateChecks, evaluateGates, gateChecks } from '../gates/registry.ts'
import { type GateResult, gateNames } from '../gates/types.ts'
import { escapeXmlAttribute, escapeXmlText, renderGateJunit } from './gate-junit.ts'

// --- a small, strict XML 1.0 reader (no regular expressions): enough to prove well-formedness ---

interface XmlElement { name: string, attributes: Map<string, string>, children: Array<XmlElement | string> }

const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':' || c.charCodeAt(0) >= 0xc0
const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.'
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
/** XML 1.0 Char production */
const isXmlChar = (code: number) => code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)

function parseXml (text: string): XmlElement {
  let at = 0
  const fail = (why: string): never => { throw new Error(`not well-formed at ${at}: ${why}`) }
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (!isXmlChar(code)) fail(`character U+${code.toString(16)} is not allowed in XML 1.0`)
  }
  const peek = (s: string) => text.startsWith(s, at)
  const expect = (s: string) => {
    if (!peek(s)) fail(`expected ${JSON.stringify(s)}`)
    at += s.length
  }
  const spaces = () => { while (isSpace(text[at])) at++ }
  const name = (): string => {
    const start = at
    if (at >= text.length || !isNameStart(text[at]!)) fail('expected a name')
    while (at < text.length && isNameChar(text[at]!)) at++
    return text.slice(start, at)
  }
  const reference = (): string => {
    expect('&')
    const end = text.indexOf(';', at)
    if (end < 0) fail('unterminated reference')
    const body = text.slice(at, end)
    at = end + 1
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: '\'' }
    if (body in named) return named[body]!
    if (body.startsWith('#')) {
      const hex = body.startsWith('#x')
      const digits = body.slice(hex ? 2 : 1)
      for (const d of digits) if (!(hex ? '0123456789abcdefABCDEF' : '0123456789').includes(d)) fail(`bad character reference &${body};`)
      const code = Number.parseInt(digits, hex ? 16 : 10)
      if (digits === '' || !isXmlChar(code)) fail(`character reference &${body}; names a character XML 1.0 forbids`)
      return String.fromCodePoint(code)
    }
    return fail(`undefined entity &${body};`)
  }
  const attributeValue = (): string => {
    const quote = text[at]
    if (quote !== '"' && quote !== '\'') fail('expected a quoted attribute value')
    at++
    let value = ''
    while (text[at] !== quote) {
      if (at >= text.length) fail('unterminated attribute value')
      if (text[at] === '<') fail('< in an attribute value')
      if (text[at] === '&') {
        value += reference()
      } else {
        // attribute-value normalisation: literal white space becomes a space
        value += isSpace(text[at]) ? ' ' : text[at]
        at++
      }
    }
    at++
    return value
  }
  const element = (): XmlElement => {
    expect('<')
    const tag = name()
    const attributes = new Map<string, string>()
    for (;;) {
      const hadSpace = isSpace(text[at])
      spaces()
      if (peek('/>')) {
        at += 2
        return { name: tag, attributes, children: [] }
      }
      if (peek('>')) {
        at++
        break
      }
      if (!hadSpace) fail('attributes must be separated by white space')
      const key = name()
      spaces()
      expect('=')
      spaces()
      if (attributes.has(key)) fail(`duplicate attribute ${key}`)
      attributes.set(key, attributeValue())
    }
    const children: Array<XmlElement | string> = []
    let textRun = ''
    for (;;) {
      if (at >= text.length) fail(`unclosed <${tag}>`)
      if (peek('</')) {
        at += 2
        if (name() !== tag) fail(`mismatched end tag for <${tag}>`)
        spaces()
        expect('>')
        if (textRun) children.push(textRun)
        return { name: tag, attributes, children }
      }
      if (peek('<!--')) {
        const end = text.indexOf('-->', at)
        if (end < 0) fail('unterminated comment')
        at = end + 3
        continue
      }
      if (peek('<')) {
        if (textRun) children.push(textRun)
        textRun = ''
        children.push(element())
        continue
      }
      if (peek(']]>')) fail(']]> in text')
      if (text[at] === '&') textRun += reference()
      else if (text[at] === '\r') fail('raw carriage return in text would be normalised away')
      else textRun += text[at++]
    }
  }
  if (peek('<?xml')) {
    const end = text.indexOf('?>', at)
    if (end < 0) fail('unterminated declaration')
    at = end + 2
  }
  spaces()
  const root = element()
  spaces()
  if (at !== text.length) fail('content after the root element')
  return root
}

const elements = (node: XmlElement, name: string) => node.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name)
const textOf = (node: XmlElement) => node.children.filter((c) => typeof c === 'string').join('')

test('the reader itself rejects what is not well-formed', () => {
  for (const bad of ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a x="<"/>', '<a>&nope;</a>', '<a>&#0;</a>', '<a>\u0007</a>', '<a/><b/>', '<a>]]></a>']) {
    assert.throws(() => parseXml(bad), /^Error: not well-formed/, bad)
  }
  assert.deepEqual(parseXml('<a b="x&#10;y">1 &lt; 2</a>'), { name: 'a', attributes: new Map([['b', 'x\ny']]), children: ['1 < 2'] })
})

// --- the renderer ---

const nasty: GateResult = {
  gate: 'offsets',
  status: 'fail',
  evaluatedAt: '2026-03-02T10:05:00.000Z',
  evidenceId: 'abc',
  checks: [
    { id: 'groups.critical-exist-on-source', status: 'fail', subject: 'bill<ing>&"co\'', message: 'group "a&b" <lost>\u0000\u0007\u001b[31m\r\nnext\tline \ud800 ]]>', evidence: { raw: '<&>' } },
    { id: 'clusters.reachable', status: 'unknown', subject: 'target', message: 'target cluster (automq-0:9093) unreachable: timed out', evidence: null },
    { id: 'groups.x', status: 'warn', subject: 'reporting', message: 'not on the source cluster', evidence: null },
    { id: 'clusters.reachable', status: 'pass', subject: 'source', message: 'reachable', evidence: null },
  ],
}

test('escaping: markup characters, XML-forbidden control characters, lone surrogates', () => {
  assert.equal(escapeXmlText('a<b>&c\r'), 'a&lt;b&gt;&amp;c&#13;')
  assert.equal(escapeXmlAttribute('"x"\'y\'\n\t'), '&quot;x&quot;&apos;y&apos;&#10;&#9;')
  assert.equal(escapeXmlText('bell\u0007 nul\u0000 esc\u001b'), 'bell\\u0007 nul\\u0000 esc\\u001b')
  assert.equal(escapeXmlText('lone \ud800 high'), 'lone \ufffd high')
})

test('JUnit output is well-formed XML with one suite per gate, one case per check, and correct counts', () => {
  const xml = renderGateJunit(nasty)
  const root = parseXml(xml)
  assert.equal(root.name, 'testsuites')
  assert.deepEqual(Object.fromEntries(root.attributes), { name: 'rollgate gates', tests: '4', failures: '1', errors: '1', time: '0' })
  const [suite] = elements(root, 'testsuite')
  assert.ok(suite)
  assert.deepEqual(Object.fromEntries(suite.attributes), {
    name: 'offsets', id: '0', tests: '4', failures: '1', errors: '1', skipped: '0', time: '0', timestamp: '2026-03-02T10:05:00',
  })
  const properties = elements(elements(suite, 'properties')[0]!, 'property').map((p) => [p.attributes.get('name'), p.attributes.get('value')])
  assert.deepEqual(properties, [['gate.status', 'fail'], ['evaluatedAt', '2026-03-02T10:05:00.000Z'], ['evidenceId', 'abc']])

  const cases = elements(suite, 'testcase')
  assert.deepEqual(cases.map((c) => [c.attributes.get('classname'), c.attributes.get('name')]), [
    ['offsets', 'groups.critical-exist-on-source [bill<ing>&"co\']'],
    ['offsets', 'clusters.reachable [target]'],
    ['offsets', 'groups.x [reporting]'],
    ['offsets', 'clusters.reachable [source]'],
  ])
  const failure = elements(cases[0]!, 'failure')[0]!
  assert.equal(failure.attributes.get('type'), 'fail')
  // the attribute keeps newline and tab through attribute normalisation; forbidden characters are shown escaped
  assert.equal(failure.attributes.get('message'), 'group "a&b" <lost>\\u0000\\u0007\\u001b[31m\r\nnext\tline \ufffd ]]>')
  assert.equal(textOf(failure), 'group "a&b" <lost>\\u0000\\u0007\\u001b[31m\r\nnext\tline \ufffd ]]>\nevidence: {"raw":"<&>"}')
  const error = elements(cases[1]!, 'error')[0]!
  assert.equal(error.attributes.get('type'), 'unknown')
  assert.equal(error.attributes.get('message'), 'target cluster (automq-0:9093) unreachable: timed out')
  assert.equal(elements(cases[1]!, 'failure').length, 0)
  assert.equal(textOf(elements(cases[2]!, 'system-out')[0]!), 'WARN: not on the source cluster')
  assert.equal(elements(cases[2]!, 'failure').length + elements(cases[2]!, 'error').length, 0)
  assert.deepEqual(cases[3]!.children, [])
})

test('all six gates: counts add up across suites', () => {
  const target = inventory('target', [topic('orders', 12), topic('payments', 3)])
  const results = evaluateGates(gateNames, fixtureInput({ snapshot: fixtureSnapshot({ target: ok('target', target) }) }))
  const root = parseXml(renderGateJunit(results))
  const suites = elements(root, 'testsuite')
  assert.deepEqual(suites.map((s) => s.attributes.get('name')), [...gateNames])
  let tests = 0
  let failures = 0
  let errors = 0
  suites.forEach((suite, index) => {
    const cases = elements(suite, 'testcase')
    const result = results[index]!
    assert.equal(cases.length, result.checks.length)
    assert.equal(suite.attributes.get('tests'), String(cases.length))
    assert.equal(suite.attributes.get('failures'), String(cases.filter((c) => elements(c, 'failure').length > 0).length))
    assert.equal(suite.attributes.get('errors'), String(cases.filter((c) => elements(c, 'error').length > 0).length))
    assert.equal(Number(suite.attributes.get('failures')), result.checks.filter((c) => c.status === 'fail').length)
    tests += cases.length
    failures += Number(suite.attributes.get('failures'))
    errors += Number(suite.attributes.get('errors'))
  })
  assert.deepEqual([root.attributes.get('tests'), root.attributes.get('failures'), root.attributes.get('errors')], [String(tests), String(failures), String(errors)])
  assert.ok(failures > 0)
})

test('a gate with no checks is one erroring case, never an empty green suite', () => {
  const root = parseXml(renderGateJunit([evaluateChecks('exit', [], fixtureInput())]))
  const suite = elements(root, 'testsuite')[0]!
  assert.equal(suite.attributes.get('errors'), '1')
  const [only] = elements(suite, 'testcase')
  assert.equal(only?.attributes.get('name'), 'exit [no checks]')
  assert.equal(elements(only!, 'error')[0]?.attributes.get('type'), 'unknown')
})

test('no snapshot: every check of every gate that needs evidence is an error case', () => {
  const results = evaluateGates(gateNames, fixtureInput({ snapshot: null, evidenceId: null }))
  const root = parseXml(renderGateJunit(results))
  const expected = results.flatMap((r) => r.checks).filter((c) => c.status === 'unknown').length
  assert.equal(root.attributes.get('errors'), String(expected))
  assert.ok(expected >= gateNames.length)
  assert.equal(gateChecks('exit').length, 7)
})
