import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parsePlan } from '../plan/load.ts'
import { clientConfig } from './config.ts'

const dir = mkdtempSync(join(tmpdir(), 'rollgate-clients-'))
writeFileSync(join(dir, 'ca.pem'), 'pem')
const text = `version: 1
name: orders
clusters:
  source:
    bootstrap: [pkc-1.confluent.cloud:9092]
    security: { protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: APIKEY1, password: "\${env:CC_SECRET}" } }
  target:
    bootstrap: [automq-0:9093, automq-1:9093]
    security: { protocol: SASL_SSL, sasl: { mechanism: SCRAM-SHA-512, username: orders-app, password: "\${file:scram.txt}" }, tls: { ca: ca.pem } }
replication: { kind: mirrormaker2 }
rollbackWindow: 72h
topics: [{ names: [orders] }]
runbook:
  writeAuthority: { owner: a, ticket: T }
  criticalTopics: { owner: a, ticket: T }
  criticalGroups: { owner: a, ticket: T }
  schemaState: { owner: a, ticket: T }
  connectorSideEffects: { owner: a, ticket: T }
  clientSwitch: { owner: a, ticket: T }
  pointOfNoReturn: { owner: a, ticket: T }
`
writeFileSync(join(dir, 'scram.txt'), 'scram-value-never-printed')
const plan = parsePlan(text, join(dir, 'rollgate.yaml'), { CC_SECRET: 'cc-value-never-printed' })

test('java: bootstrap, protocol, JAAS with the plan\'s reference and the env provider; never a value', () => {
  const out = clientConfig(plan, text, 'source', 'java')
  assert.equal(out, `# orders: source cluster, Java client properties (secrets as references)
bootstrap.servers=pkc-1.confluent.cloud:9092
security.protocol=SASL_SSL
# \${env:…} is resolved by Kafka's EnvVarConfigProvider
config.providers=env
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="APIKEY1" password="\${env:CC_SECRET}";
`)
})

test('librdkafka: lower-case protocol, sasl.mechanisms, the file reference, the CA path the loader checked', () => {
  const out = clientConfig(plan, text, 'target', 'librdkafka')
  assert.equal(out, `# orders: target cluster, librdkafka properties (secrets as references)
bootstrap.servers=automq-0:9093,automq-1:9093
security.protocol=sasl_ssl
sasl.mechanisms=SCRAM-SHA-512
sasl.username=orders-app
sasl.password=\${file:scram.txt}
ssl.ca.location=${join(dir, 'ca.pem')}
`)
  for (const side of ['source', 'target'] as const) {
    for (const format of ['java', 'librdkafka'] as const) assert.ok(!/never-printed/.test(clientConfig(plan, text, side, format)))
  }
})
