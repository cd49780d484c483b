import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Secret } from '../plan/secret.ts'
import { looksSecret, redactConfig } from './redact.ts'

test('secret-looking keys are redacted, converters and topics are not', () => {
  for (const key of ['connection.password', 'database.password', 'aws.secret.key', 'aws.access.key', 'api.key', 'apiKey', 'sasl.jaas.config', 'oauth.token.endpoint', 'gcp.credentials.json', 'ssl.key.password', 'private.key.pem']) {
    assert.equal(looksSecret(key), true, key)
  }
  for (const key of ['key.converter', 'value.converter', 'topics', 'connection.url', 'key.converter.schemas.enable', 'transforms.route.regex', 'pk.mode']) {
    assert.equal(looksSecret(key), false, key)
  }
})

test('redactConfig: by key, by the plan\'s marks, and any plan secret inside other values', () => {
  const secret = new Secret('s3cr3t')
  assert.deepEqual(redactConfig({ 'connection.password': 'pw', 'connection.url': 'jdbc:postgresql://db/app?password=s3cr3t', 'db.user': 'alice', topics: 'orders' }, ['db.user'], [secret]), {
    'connection.password': '[redacted]', 'connection.url': 'jdbc:postgresql://db/app?password=[redacted]', 'db.user': '[redacted]', topics: 'orders',
  })
})
