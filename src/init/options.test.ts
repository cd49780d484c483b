import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RollgateError } from '../errors.ts'
import { bootstrapList, httpUrl, httpUrls, timeoutMs } from './options.ts'

const badInput = (message: RegExp) => (error: unknown) => error instanceof RollgateError && error.exitCode === 2 && message.test(error.message)

test('bootstrap lists as the plan schema takes them', () => {
  assert.deepEqual(bootstrapList('127.0.0.1:19092', '--source-bootstrap'), ['127.0.0.1:19092'])
  assert.deepEqual(bootstrapList(' kafka-0:9092, kafka-1:9092 ,', '--source-bootstrap'), ['kafka-0:9092', 'kafka-1:9092'])
  assert.deepEqual(bootstrapList('[::1]:9092', '--target-bootstrap'), ['[::1]:9092'])
  assert.throws(() => bootstrapList('kafka-0', '--source-bootstrap'), badInput(/^--source-bootstrap: expected host:port, got "kafka-0"/))
  assert.throws(() => bootstrapList('kafka-0:99999', '--source-bootstrap'), badInput(/expected host:port/))
  assert.throws(() => bootstrapList('PLAINTEXT://kafka-0:9092', '--source-bootstrap'), badInput(/expected host:port/))
  assert.throws(() => bootstrapList(' , ', '--target-bootstrap'), badInput(/^--target-bootstrap: expected host:port\[,host:port\]/))
})

test('URLs: http(s) only, trailing slash dropped, never credentials', () => {
  assert.equal(httpUrl('http://127.0.0.1:19102/apis/ccompat/v7/', '--source-registry'), 'http://127.0.0.1:19102/apis/ccompat/v7')
  assert.deepEqual(httpUrls('http://c1:8083,https://c2:8083/', '--source-connect'), ['http://c1:8083', 'https://c2:8083'])
  assert.throws(() => httpUrl('registry:8081', '--source-registry'), badInput(/^--source-registry: expected an http\(s\) URL/))
  assert.throws(() => httpUrl('ftp://registry', '--source-registry'), badInput(/expected an http\(s\) URL/))
  assert.throws(() => httpUrl('https://user:secret@registry', '--source-registry'), badInput(/credentials do not belong in a URL/))
})

test('timeout is a plan duration', () => {
  assert.equal(timeoutMs('15s'), 15_000)
  assert.equal(timeoutMs('1m30s'), 90_000)
  assert.throws(() => timeoutMs('soon'), badInput(/^--timeout: expected a duration/))
  assert.throws(() => timeoutMs('0s'), badInput(/--timeout/))
})
