/**
 * @module clients/config
 * The client properties for one cluster of the plan, in Java (Kafka's own clients) or librdkafka
 * form, so both clusters' configurations can be shipped before the switch and activation is only a
 * choice between them (the seed: separate deploy from activation). Secrets are written as the plan
 * names them (`${env:NAME}`, `${file:path}`), never their values; the plan's loader has resolved
 * them, so the references are read from the plan's text. TLS files are the absolute paths the
 * loader checked.
 */
import { parse } from 'yaml'
import type { ClusterConnection, Plan } from '../plan/schema.ts'
import type { SideName } from '../snapshot/types.ts'

export type ClientFormat = 'java' | 'librdkafka'

/** The references the plan's text writes for a side's SASL password and token. */
export interface SecretReferences { password?: string, token?: string }

export function secretReferences (planText: string, side: SideName): SecretReferences {
  const raw = parse(planText) as { clusters?: Record<string, { security?: { sasl?: { password?: unknown, token?: unknown } } }> } | null
  const sasl = raw?.clusters?.[side]?.security?.sasl
  const out: SecretReferences = {}
  if (typeof sasl?.password === 'string') out.password = sasl.password
  if (typeof sasl?.token === 'string') out.token = sasl.token
  return out
}

const javaModules: Record<string, string> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  OAUTHBEARER: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule',
}

const quoted = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

function javaLines (cluster: ClusterConnection, refs: SecretReferences): string[] {
  const security = cluster.security
  const lines = [`bootstrap.servers=${cluster.bootstrap.join(',')}`, `security.protocol=${security.protocol}`]
  const usedRefs = [refs.password, refs.token].filter((r): r is string => r !== undefined)
  if (usedRefs.some((r) => r.startsWith('${env:'))) {
    lines.push('# ${env:…} is resolved by Kafka\'s EnvVarConfigProvider', 'config.providers=env', 'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider')
  }
  if (usedRefs.some((r) => r.startsWith('${file:'))) lines.push('# ${file:…} names a file holding the secret whole: provide it with a ConfigProvider your deployment configures')
  if (security.sasl) {
    const sasl = security.sasl
    lines.push(`sasl.mechanism=${sasl.mechanism}`)
    if (sasl.mechanism === 'OAUTHBEARER') {
      lines.push(`# OAUTHBEARER token: ${refs.token ?? '(see the plan)'} — configure sasl.login.callback.handler.class for your identity provider`,
        `sasl.jaas.config=${javaModules.OAUTHBEARER} required;`)
    } else {
      lines.push(`sasl.jaas.config=${javaModules[sasl.mechanism]} required username=${quoted(sasl.username ?? '')} password=${quoted(refs.password ?? '(see the plan)')};`)
    }
  }
  const tls = security.tls
  if (tls) {
    if (tls.ca) lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${tls.ca}`)
    if (tls.cert && tls.key) {
      lines.push(`# mutual TLS: Java's PEM keystore reads the key and the certificate from one file (${tls.key} + ${tls.cert})`, 'ssl.keystore.type=PEM', `ssl.keystore.location=${tls.cert}`)
    }
    if (!tls.rejectUnauthorized) lines.push('# the plan turns certificate verification off: only the host name check can be turned off here', 'ssl.endpoint.identification.algorithm=')
  }
  return lines
}

function librdkafkaLines (cluster: ClusterConnection, refs: SecretReferences): string[] {
  const security = cluster.security
  const lines = [`bootstrap.servers=${cluster.bootstrap.join(',')}`, `security.protocol=${security.protocol.toLowerCase()}`]
  if (security.sasl) {
    const sasl = security.sasl
    lines.push(`sasl.mechanisms=${sasl.mechanism}`)
    if (sasl.mechanism === 'OAUTHBEARER') {
      lines.push(`# OAUTHBEARER token: ${refs.token ?? '(see the plan)'} — set it with rd_kafka_oauthbearer_set_token or sasl.oauthbearer.method=oidc`)
    } else {
      lines.push(`sasl.username=${sasl.username ?? ''}`, `sasl.password=${refs.password ?? '(see the plan)'}`)
    }
  }
  const tls = security.tls
  if (tls) {
    if (tls.ca) lines.push(`ssl.ca.location=${tls.ca}`)
    if (tls.cert) lines.push(`ssl.certificate.location=${tls.cert}`)
    if (tls.key) lines.push(`ssl.key.location=${tls.key}`)
    if (!tls.rejectUnauthorized) lines.push('enable.ssl.certificate.verification=false')
  }
  return lines
}

/** The properties text for one side, headed by a comment naming the plan's cluster. */
export function clientConfig (plan: Plan, planText: string, side: SideName, format: ClientFormat): string {
  const refs = secretReferences(planText, side)
  const cluster = plan.clusters[side]
  const lines = format === 'java' ? javaLines(cluster, refs) : librdkafkaLines(cluster, refs)
  return [`# ${plan.name ?? 'rollgate plan'}: ${side} cluster, ${format === 'java' ? 'Java client' : 'librdkafka'} properties (secrets as references)`, ...lines].join('\n') + '\n'
}
