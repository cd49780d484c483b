/**
 * @module sandbox/secure-setup
 * Makes what the secure cluster needs before and right after it starts: a CA and certificates with
 * openssl (EC P-256, fast to generate; Kafka reads them as PEM stores), random secrets in files of
 * mode 0600 under a 0700 folder, the broker's properties (0600: they hold the PLAIN users), the SCRAM
 * users and the read-only ACLs, and a plan that reaches the cluster as the read-only principals
 * through `${file:…}` references. Material already made is kept, so `up` converges.
 */
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ExitCode, RollgateError } from '../errors.ts'
import { clusterAnswers } from './probes.ts'
import type { KafkaConnection } from '../kafka/options.ts'
import { grantAcls, upsertScramUser } from './secure-admin.ts'
import { adminUser, brokerUser, readerUser, readOnlyAcls, secureBrokerProperties, type SecureLayout } from './secure-layout.ts'

const run = promisify(execFile)

async function openssl (args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 60_000 })
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string }
    const reason = e.code === 'ENOENT' ? 'openssl was not found on PATH (apt-get install openssl)' : (e.stderr ?? String(error)).trim().split('\n').slice(-3).join(' ')
    throw new RollgateError('RG_SANDBOX_TLS', `could not make the secure sandbox's certificates: ${reason}`, ExitCode.badInput)
  }
}

function writePrivate (file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 })
  chmodSync(file, 0o600) // the mode above applies only when the file is created
}

/** Confluent Cloud's shape: a 16-character upper-case key and a 64-character secret. */
function apiKey (): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('')
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url')

async function ensureCertificates (layout: SecureLayout): Promise<void> {
  const { tls } = layout
  if ([tls.ca, tls.brokerKeystore, tls.adminCert, tls.adminKey, tls.readerCert, tls.readerKey].every((f) => existsSync(f))) return
  rmSync(tls.dir, { recursive: true, force: true })
  mkdirSync(tls.dir, { recursive: true, mode: 0o700 })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await openssl(['req', '-x509', ...ec, '-keyout', tls.caKey, '-out', tls.ca, '-days', '3650', '-subj', '/CN=rollgate-sandbox-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], tls.dir)
  const leaf = async (cn: string, extensions: string): Promise<{ cert: string, key: string }> => {
    const key = join(tls.dir, `${cn}.key`)
    const cert = join(tls.dir, `${cn}.pem`)
    const csr = join(tls.dir, `${cn}.csr`)
    const ext = join(tls.dir, `${cn}.ext`)
    writeFileSync(ext, extensions)
    await openssl(['req', '-new', ...ec, '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`], tls.dir)
    await openssl(['x509', '-req', '-in', csr, '-CA', tls.ca, '-CAkey', tls.caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '3650', '-out', cert, '-extfile', ext], tls.dir)
    rmSync(csr)
    rmSync(ext)
    chmodSync(key, 0o600)
    return { cert, key }
  }
  const client = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'
  // the broker's certificate serves its listeners and is its client certificate toward its own controller
  const broker = await leaf(brokerUser, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' +
    'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  await leaf(adminUser, client)
  await leaf(readerUser, client)
  writePrivate(tls.brokerKeystore, readFileSync(broker.key, 'utf8') + readFileSync(broker.cert, 'utf8'))
  rmSync(broker.key)
}

function ensureSecrets (layout: SecureLayout): void {
  const { secrets } = layout
  mkdirSync(secrets.dir, { recursive: true, mode: 0o700 })
  chmodSync(secrets.dir, 0o700)
  const make: Array<[string, () => string]> = [
    [secrets.adminPassword, () => secret(24)],
    [secrets.readerPassword, () => secret(24)],
    [secrets.apiKey, apiKey],
    [secrets.apiSecret, () => secret(48)],
  ]
  for (const [file, value] of make) if (!existsSync(file)) writePrivate(file, value() + '\n')
}

/** A secret file's value (one trailing newline is not part of it, as for plans' `${file:…}`). */
export function readSecret (file: string): string {
  return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
}

/** Certificates, secrets and the broker's properties: everything the broker reads at start. */
export async function prepareSecureCluster (layout: SecureLayout): Promise<void> {
  mkdirSync(layout.dir, { recursive: true, mode: 0o700 })
  await ensureCertificates(layout)
  ensureSecrets(layout)
  writePrivate(layout.configFile, secureBrokerProperties(layout, {
    [readSecret(layout.secrets.apiKey)]: readSecret(layout.secrets.apiSecret),
  }))
  writeFileSync(layout.planFile, securePlan(layout))
}

/** The admin over mTLS: needs no SCRAM user, so it can create them. */
export function secureAdminConnection (layout: SecureLayout, timeoutMs = 5_000): KafkaConnection {
  return {
    name: 'secure',
    bootstrap: [layout.mtlsBootstrap],
    security: { protocol: 'SSL', tls: { ca: layout.tls.ca, cert: layout.tls.adminCert, key: layout.tls.adminKey } },
    timeoutMs,
  }
}

/** Ready when the admin's Metadata request over mTLS answers. */
export async function secureKafkaAnswers (layout: SecureLayout): Promise<boolean> {
  return clusterAnswers(secureAdminConnection(layout, 2_000))
}

/** SCRAM users (admin, reader) and the read-only ACLs of the reader and the API key. Idempotent. */
export async function provisionSecureCluster (layout: SecureLayout): Promise<void> {
  const admin = secureAdminConnection(layout, 15_000)
  await upsertScramUser(admin, adminUser, readSecret(layout.secrets.adminPassword))
  await upsertScramUser(admin, readerUser, readSecret(layout.secrets.readerPassword))
  for (const principal of [`User:${readerUser}`, `User:${readSecret(layout.secrets.apiKey)}`]) {
    await grantAcls(admin, principal, readOnlyAcls())
  }
}

/** Source as the read-only SCRAM user, target as the read-only API key — both the secure cluster. */
export function securePlan (layout: SecureLayout): string {
  return [
    '# rollgate plan for the secure sandbox cluster, written by `rollgate sandbox up --secure`.',
    '# Both sides are the same cluster, read as the read-only principals; secrets are file references.',
    'version: 1',
    'clusters:',
    '  source:',
    `    bootstrap: [${JSON.stringify(layout.scramBootstrap)}]`,
    '    security:',
    '      protocol: SASL_SSL',
    `      sasl: { mechanism: SCRAM-SHA-512, username: ${readerUser}, password: "\${file:${layout.secrets.readerPassword}}" }`,
    `      tls: { ca: ${JSON.stringify(layout.tls.ca)} }`,
    '  target:',
    `    bootstrap: [${JSON.stringify(layout.plainBootstrap)}]`,
    '    security:',
    '      protocol: SASL_SSL',
    `      sasl: { mechanism: PLAIN, username: "\${file:${layout.secrets.apiKey}}", password: "\${file:${layout.secrets.apiSecret}}" }`,
    `      tls: { ca: ${JSON.stringify(layout.tls.ca)} }`,
    'replication:',
    '  kind: mirrormaker2',
    '  naming: prefix',
    'rollbackWindow: 72h',
    'topics:',
    '  - regex: "^(?!mm2-|heartbeats$).*"',
    'runbook:',
    '  writeAuthority: { owner: sandbox, command: "rollgate status" }',
    '  criticalTopics: { owner: sandbox, command: "rollgate inventory --side source" }',
    '  criticalGroups: { owner: sandbox, command: "rollgate offsets capture" }',
    '  schemaState: { owner: sandbox, ticket: none }',
    '  connectorSideEffects: { owner: sandbox, ticket: none }',
    '  clientSwitch: { owner: sandbox, ticket: none }',
    '  pointOfNoReturn: { owner: sandbox, ticket: none }',
    '',
  ].join('\n')
}
