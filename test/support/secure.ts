/**
 * @module test/support/secure
 * The sandbox's secure cluster for the security tests (started by `sandbox up --secure`): its
 * endpoints and credential files from `sandbox env`, connections as each principal, topics and
 * records written as the admin, and the scan that looks for secret values in everything rollgate
 * wrote or printed (gzipped evidence decompressed first).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Admin, Producer } from '@platformatic/kafka'
import { ClusterClient } from '../../src/kafka/cluster-client.ts'
import { type KafkaConnection, toClientOptions } from '../../src/kafka/options.ts'
import { sandboxEnv } from '../../src/sandbox/sandbox.ts'
import { readSecret } from '../../src/sandbox/secure-setup.ts'

export interface SecureSandbox {
  scram: string
  plain: string
  mtls: string
  ca: string
  adminCert: string
  adminKey: string
  readerCert: string
  readerKey: string
  readerPasswordFile: string
  adminPasswordFile: string
  apiKeyFile: string
  apiSecretFile: string
  /** what `sandbox env` printed, to check it holds no secret */
  env: Record<string, string>
}

export function secureSandbox (): SecureSandbox {
  if (!process.env.ROLLGATE_SANDBOX_DIR) throw new Error('ROLLGATE_SANDBOX_DIR is not set: the security tests run on the sandbox that scripts/test.sh starts with --secure')
  const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR })
  const get = (name: string): string => {
    const value = env[name]
    if (value === undefined) throw new Error(`${name} is missing from \`sandbox env\`: start the sandbox with \`rollgate sandbox up --secure\``)
    return value
  }
  return {
    scram: get('ROLLGATE_SECURE_SCRAM_BOOTSTRAP'),
    plain: get('ROLLGATE_SECURE_PLAIN_BOOTSTRAP'),
    mtls: get('ROLLGATE_SECURE_MTLS_BOOTSTRAP'),
    ca: get('ROLLGATE_SECURE_CA'),
    adminCert: get('ROLLGATE_SECURE_ADMIN_CERT'),
    adminKey: get('ROLLGATE_SECURE_ADMIN_KEY'),
    readerCert: get('ROLLGATE_SECURE_READER_CERT'),
    readerKey: get('ROLLGATE_SECURE_READER_KEY'),
    readerPasswordFile: get('ROLLGATE_SECURE_READER_PASSWORD_FILE'),
    adminPasswordFile: get('ROLLGATE_SECURE_ADMIN_PASSWORD_FILE'),
    apiKeyFile: get('ROLLGATE_SECURE_API_KEY_FILE'),
    apiSecretFile: get('ROLLGATE_SECURE_API_SECRET_FILE'),
    env,
  }
}

/** The admin (super user) over mTLS. */
export function adminConnection (s: SecureSandbox): KafkaConnection {
  return { name: 'secure', bootstrap: [s.mtls], security: { protocol: 'SSL', tls: { ca: s.ca, cert: s.adminCert, key: s.adminKey } }, timeoutMs: 15_000 }
}

/** Every secret value of the secure sandbox: passwords, the API secret, the private keys' base64 lines. */
export function secretValues (s: SecureSandbox, extra: string[] = []): string[] {
  const keyLines = [s.adminKey, s.readerKey].flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----')))
  return [readSecret(s.adminPasswordFile), readSecret(s.readerPasswordFile), readSecret(s.apiSecretFile), ...keyLines, ...extra]
}

export async function createTopics (admin: KafkaConnection, topics: Array<{ name: string, partitions: number, configs?: Record<string, string> }>): Promise<void> {
  const client = new Admin(toClientOptions(admin, 'rollgate-test-admin'))
  try {
    for (const t of topics) {
      await client.createTopics({ topics: [t.name], partitions: t.partitions, replicas: 1, configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })) })
    }
  } finally {
    await client.close().catch(() => {})
  }
}

/**
 * Produces the same `count` records (key `k<i>`, value `<label>/<p>/<i>`, timestamp base+i) to each
 * partition of each topic — so a topic and its stand-in copy hold identical content, as MirrorMaker 2
 * would leave them.
 */
export async function produceSame (admin: KafkaConnection, topics: string[], partitions: number, count: number, label: string, timestampBase: number): Promise<void> {
  const client = new ClusterClient(admin)
  try {
    const wanted = topics.flatMap((topic) => Array.from({ length: partitions }, (_, partition) => ({ topic, partition })))
    const until = Date.now() + 30_000
    for (;;) {
      try { await client.offsets(wanted, 'latest'); break } catch (error) { if (Date.now() > until) throw error }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } finally {
    await client.close()
  }
  const producer = new Producer({
    ...toClientOptions(admin, 'rollgate-test-producer'),
    serializers: { key: (t?: string) => (t === undefined ? undefined : Buffer.from(t)), value: (t?: string) => (t === undefined ? undefined : Buffer.from(t)) },
    acks: -1,
    idempotent: true,
    retries: 10,
  })
  try {
    const messages = topics.flatMap((topic) => Array.from({ length: partitions }, (_, partition) => Array.from({ length: count }, (_, i) => ({
      topic, partition, key: `k${i}`, value: `${label}/${partition}/${i}`, timestamp: BigInt(timestampBase + i),
    }))).flat())
    await producer.send({ messages })
  } finally {
    await producer.close()
  }
}

export interface SecretHit { where: string, secret: string }

/** Every occurrence of a secret in the files under `paths` (gzip decompressed) and in `texts`. */
export function scanForSecrets (secrets: readonly string[], paths: readonly string[], texts: Record<string, string>): { hits: SecretHit[], bytesScanned: number, files: number, gunzipped: number } {
  const hits: SecretHit[] = []
  let bytesScanned = 0
  let files = 0
  let gunzipped = 0
  const check = (where: string, bytes: Buffer) => {
    bytesScanned += bytes.length
    for (const secret of secrets) if (bytes.includes(secret)) hits.push({ where, secret: `${secret.slice(0, 3)}…(${secret.length} chars)` })
  }
  const walk = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (!stat) return
    if (stat.isDirectory()) { for (const entry of readdirSync(path)) walk(join(path, entry)); return }
    if (!stat.isFile()) return
    files++
    const raw = readFileSync(path)
    check(path, raw)
    if (raw[0] === 0x1f && raw[1] === 0x8b) { gunzipped++; check(`${path} (gunzipped)`, gunzipSync(raw)) }
  }
  for (const path of paths) walk(path)
  for (const [where, text] of Object.entries(texts)) check(where, Buffer.from(text))
  return { hits, bytesScanned, files, gunzipped }
}
