/**
 * @module sandbox/secure-layout
 * The sandbox's secure cluster (`sandbox up --secure`): one combined-mode KRaft node with the
 * listeners real migrations meet — SASL_SSL with SCRAM-SHA-512, SASL_SSL with PLAIN (an API key and
 * secret, as Confluent Cloud issues them) and SSL with client certificates (mTLS) — behind
 * StandardAuthorizer ACLs. Pure: ports, file paths, the broker's properties and the ACLs each
 * principal gets, so the setup, `sandbox env` and tests agree without starting anything.
 *
 * Principals (ssl.principal.mapping.rules turns a certificate's CN into the user name, so one
 * principal is the same on every listener):
 * - `User:admin`: super user; SCRAM password, or the `admin` client certificate;
 * - `User:reader`: read-only (readOnlyAcls); SCRAM password, or the `reader` client certificate;
 * - `User:<API key>`: read-only too; SASL PLAIN with the API secret;
 * - `User:broker`: the broker itself (inter-broker and controller listeners, mTLS), super user.
 */
import { join } from 'node:path'

export interface SecureLayout {
  /** SASL_SSL, SCRAM-SHA-512 */
  scramPort: number
  /** SASL_SSL, PLAIN (API key / secret) */
  plainPort: number
  /** SSL with required client certificates; also the inter-broker listener */
  mtlsPort: number
  /** SSL with required client certificates, the broker's own only */
  controllerPort: number
  scramBootstrap: string
  plainBootstrap: string
  mtlsBootstrap: string
  /** everything of the secure cluster: tls/, secrets/, the plan */
  dir: string
  dataDir: string
  configFile: string
  /** a plan for the secure cluster, reading as the read-only principals */
  planFile: string
  tls: {
    dir: string
    ca: string
    caKey: string
    /** key + certificate chain in one PEM file (Kafka's `ssl.keystore.type=PEM`) */
    brokerKeystore: string
    adminCert: string
    adminKey: string
    readerCert: string
    readerKey: string
  }
  /** one value per file, 0600, for plans' `${file:…}` references */
  secrets: {
    dir: string
    adminPassword: string
    readerPassword: string
    apiKey: string
    apiSecret: string
  }
}

/** Offsets above the sandbox's base port (the plain sandbox uses +0 … +21). */
const offsets = { scram: 24, plain: 25, mtls: 26, controller: 27 } as const

export function secureLayout (sandboxDir: string, basePort: number): SecureLayout {
  const dir = join(sandboxDir, 'secure')
  const tlsDir = join(dir, 'tls')
  const secretsDir = join(dir, 'secrets')
  const scramPort = basePort + offsets.scram
  const plainPort = basePort + offsets.plain
  const mtlsPort = basePort + offsets.mtls
  return {
    scramPort,
    plainPort,
    mtlsPort,
    controllerPort: basePort + offsets.controller,
    scramBootstrap: `127.0.0.1:${scramPort}`,
    plainBootstrap: `127.0.0.1:${plainPort}`,
    mtlsBootstrap: `127.0.0.1:${mtlsPort}`,
    dir,
    dataDir: join(sandboxDir, 'data', 'secure-kafka'),
    configFile: join(sandboxDir, 'config', 'secure-kafka.properties'),
    planFile: join(dir, 'rollgate.yaml'),
    tls: {
      dir: tlsDir,
      ca: join(tlsDir, 'ca.pem'),
      caKey: join(tlsDir, 'ca.key'),
      brokerKeystore: join(tlsDir, 'broker.keystore.pem'),
      adminCert: join(tlsDir, 'admin.pem'),
      adminKey: join(tlsDir, 'admin.key'),
      readerCert: join(tlsDir, 'reader.pem'),
      readerKey: join(tlsDir, 'reader.key'),
    },
    secrets: {
      dir: secretsDir,
      adminPassword: join(secretsDir, 'admin.password'),
      readerPassword: join(secretsDir, 'reader.password'),
      apiKey: join(secretsDir, 'api.key'),
      apiSecret: join(secretsDir, 'api.secret'),
    },
  }
}

export function securePorts (layout: SecureLayout): Array<{ port: number, owner: string }> {
  return [
    { port: layout.scramPort, owner: 'secure Kafka broker (SASL_SSL SCRAM-SHA-512)' },
    { port: layout.plainPort, owner: 'secure Kafka broker (SASL_SSL PLAIN)' },
    { port: layout.mtlsPort, owner: 'secure Kafka broker (SSL, mTLS)' },
    { port: layout.controllerPort, owner: 'secure Kafka controller' },
  ]
}

export const adminUser = 'admin'
export const readerUser = 'reader'
export const brokerUser = 'broker'

/** The broker's properties. Holds the PLAIN users' secrets (that is how PlainLoginModule works): written 0600. */
export function secureBrokerProperties (layout: SecureLayout, plainUsers: Record<string, string>): string {
  const quote = (value: string) => {
    // JAAS quoted strings end at `"`; the generated secrets are base64url and never contain one
    if (/["\\]/.test(value)) throw new Error('a PLAIN user or secret contains a quote or backslash')
    return `"${value}"`
  }
  const users = Object.entries(plainUsers).map(([user, secret]) => `user_${user}=${quote(secret)}`).join(' ')
  const lines: Array<[string, string | number | boolean]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.bootstrap.servers', `127.0.0.1:${layout.controllerPort}`],
    ['listeners', `SCRAM://127.0.0.1:${layout.scramPort},PLAIN://127.0.0.1:${layout.plainPort},MTLS://127.0.0.1:${layout.mtlsPort},CONTROLLER://127.0.0.1:${layout.controllerPort}`],
    ['advertised.listeners', `SCRAM://127.0.0.1:${layout.scramPort},PLAIN://127.0.0.1:${layout.plainPort},MTLS://127.0.0.1:${layout.mtlsPort},CONTROLLER://127.0.0.1:${layout.controllerPort}`],
    ['listener.security.protocol.map', 'SCRAM:SASL_SSL,PLAIN:SASL_SSL,MTLS:SSL,CONTROLLER:SSL'],
    ['inter.broker.listener.name', 'MTLS'],
    ['controller.listener.names', 'CONTROLLER'],
    // PEM stores: an unencrypted PKCS#8 key and the chain in one file, the CA as trust
    ['ssl.keystore.type', 'PEM'],
    ['ssl.keystore.location', layout.tls.brokerKeystore],
    ['ssl.truststore.type', 'PEM'],
    ['ssl.truststore.location', layout.tls.ca],
    // the controller listener is SSL with client certificates too: a PLAINTEXT one would make
    // User:ANONYMOUS a super user for anyone reaching the port
    ['listener.name.mtls.ssl.client.auth', 'required'],
    ['listener.name.controller.ssl.client.auth', 'required'],
    ['ssl.principal.mapping.rules', 'RULE:^CN=([^,]+)$/$1/,DEFAULT'],
    ['listener.name.scram.sasl.enabled.mechanisms', 'SCRAM-SHA-512'],
    ['listener.name.scram.scram-sha-512.sasl.jaas.config', 'org.apache.kafka.common.security.scram.ScramLoginModule required;'],
    ['listener.name.plain.sasl.enabled.mechanisms', 'PLAIN'],
    ['listener.name.plain.plain.sasl.jaas.config', `org.apache.kafka.common.security.plain.PlainLoginModule required ${users};`],
    ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
    ['super.users', `User:${brokerUser};User:${adminUser}`],
    ['allow.everyone.if.no.acl.found', false],
    ['log.dirs', layout.dataDir],
    ['num.partitions', 1],
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 5],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 2],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', false],
  ]
  return lines.map(([k, v]) => `${k}=${v}`).join('\n') + '\n'
}

/** One ACL binding as AclCommand writes it: ALLOW, any host. */
export interface AclGrant {
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID'
  /** `*` is Kafka's wildcard; CLUSTER is always `kafka-cluster` */
  resourceName: string
  patternType: 'LITERAL' | 'PREFIXED'
  operation: 'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'ALTER' | 'DESCRIBE' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS' | 'IDEMPOTENT_WRITE'
}

/**
 * What rollgate's read-only commands need (inventory, snapshot, diff, gate, offsets
 * capture/translate/plan, verify, status, runbook) and nothing more — the table in README.md:
 * Describe the cluster (DescribeAcls, ListGroups of all groups, DescribeUserScramCredentials),
 * DescribeConfigs on it (broker configs, client quotas); Describe, DescribeConfigs and Read on topics
 * (metadata and offsets, configs, record content for proofs and verify — Fetch without a group needs
 * no group ACL); Describe on groups (DescribeGroups, OffsetFetch). No Write, Alter, Create or Delete.
 */
export function readOnlyAcls (topics = '*', groups = '*', patternType: AclGrant['patternType'] = 'LITERAL'): AclGrant[] {
  return [
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'DESCRIBE' },
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'DESCRIBE_CONFIGS' },
    { resourceType: 'TOPIC', resourceName: topics, patternType, operation: 'DESCRIBE' },
    { resourceType: 'TOPIC', resourceName: topics, patternType, operation: 'DESCRIBE_CONFIGS' },
    { resourceType: 'TOPIC', resourceName: topics, patternType, operation: 'READ' },
    { resourceType: 'GROUP', resourceName: groups, patternType, operation: 'DESCRIBE' },
  ]
}

/** `sandbox env` exports for the secure cluster: endpoints and file paths, never a secret's value. */
export function secureEnv (layout: SecureLayout): Record<string, string> {
  return {
    ROLLGATE_SECURE_SCRAM_BOOTSTRAP: layout.scramBootstrap,
    ROLLGATE_SECURE_PLAIN_BOOTSTRAP: layout.plainBootstrap,
    ROLLGATE_SECURE_MTLS_BOOTSTRAP: layout.mtlsBootstrap,
    ROLLGATE_SECURE_CA: layout.tls.ca,
    ROLLGATE_SECURE_ADMIN_CERT: layout.tls.adminCert,
    ROLLGATE_SECURE_ADMIN_KEY: layout.tls.adminKey,
    ROLLGATE_SECURE_READER_CERT: layout.tls.readerCert,
    ROLLGATE_SECURE_READER_KEY: layout.tls.readerKey,
    ROLLGATE_SECURE_ADMIN_PASSWORD_FILE: layout.secrets.adminPassword,
    ROLLGATE_SECURE_READER_PASSWORD_FILE: layout.secrets.readerPassword,
    ROLLGATE_SECURE_API_KEY_FILE: layout.secrets.apiKey,
    ROLLGATE_SECURE_API_SECRET_FILE: layout.secrets.apiSecret,
    ROLLGATE_SECURE_PLAN: layout.planFile,
  }
}
