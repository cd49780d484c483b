import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chooseToken, isLoopbackHost, loopbackHostAllowed, requestToken, tokenMatches } from './auth.ts'

test('loopback hosts: 127.0.0.0/8, ::1, localhost; anything else is not', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'LOCALHOST']) assert.equal(isLoopbackHost(host), true, host)
  for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1', '', 'localhost.example.com']) assert.equal(isLoopbackHost(host), false, host)
})

test('a non-loopback bind always gets a token: the given one, or a generated one', () => {
  assert.deepEqual(chooseToken('127.0.0.1', undefined), { token: null, generated: false })
  assert.deepEqual(chooseToken('127.0.0.1', 's3cret'), { token: 's3cret', generated: false })
  assert.deepEqual(chooseToken('0.0.0.0', undefined, () => 'fresh'), { token: 'fresh', generated: true })
  assert.deepEqual(chooseToken('10.1.2.3', '', () => 'fresh'), { token: 'fresh', generated: true })
  assert.deepEqual(chooseToken('::', 'given'), { token: 'given', generated: false })
  const generated = chooseToken('192.168.0.10', undefined)
  assert.equal(generated.generated, true)
  assert.ok(generated.token !== null && generated.token.length >= 32)
})

test('tokens compare exactly (and in constant time, via equal-length digests)', () => {
  assert.equal(tokenMatches('abc', 'abc'), true)
  assert.equal(tokenMatches('abc', 'abd'), false)
  assert.equal(tokenMatches('abc', 'abcd'), false)
  assert.equal(tokenMatches('abc', ''), false)
  assert.equal(tokenMatches('abc', null), false)
})

test('the token is read from Bearer, then the cookie, then ?token=', () => {
  const req = (h: Record<string, string>, c: Record<string, string> = {}, q: Record<string, string> = {}) => ({ header: (n: string) => h[n], cookie: (n: string) => c[n], query: (n: string) => q[n] })
  assert.equal(requestToken(req({ authorization: 'Bearer t1' }, { rollgate_token: 't2' })), 't1')
  assert.equal(requestToken(req({}, { rollgate_token: 't2' }, { token: 't3' })), 't2')
  assert.equal(requestToken(req({}, {}, { token: 't3' })), 't3')
  assert.equal(requestToken(req({ authorization: 'Basic dXNlcg==' })), null)
})

test('on loopback, the Host header must name this server (DNS rebinding)', () => {
  assert.equal(loopbackHostAllowed('127.0.0.1:7070', 7070), true)
  assert.equal(loopbackHostAllowed('localhost:7070', 7070), true)
  assert.equal(loopbackHostAllowed('[::1]:7070', 7070), true)
  assert.equal(loopbackHostAllowed(undefined, 7070), true)
  assert.equal(loopbackHostAllowed('evil.example:7070', 7070), false)
  assert.equal(loopbackHostAllowed('127.0.0.1:8080', 7070), false)
})
