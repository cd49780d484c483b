/**
 * @module kafka/options
 * How rollgate reaches one cluster: bootstrap, security and timeouts, and their translation into
 * @platformatic/kafka connection options. Secrets stay wrapped until the last moment.
 */
import { readFileSync } from 'node:fs'
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import type { BaseOptions, SASLOptions } from '@platformatic/kafka'
import { badInput } from '../errors.ts'

/** A resolved secret (the plan's `Secret`): only `reveal()` gives the value. */
export interface SecretValue { reveal (): string }
export type SecretInput = SecretValue | string

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER'

export interface KafkaSecurity {
  protocol: SecurityProtocol
  sasl?: { mechanism: SaslMechanism, username?: SecretInput, password?: SecretInput, token?: SecretInput }
  /** PEM files; `cert` + `key` for mTLS */
  tls?: { ca?: string, cert?: string, key?: string, rejectUnauthorized?: boolean }
}

export interface KafkaConnection {
  /** how the operator calls this cluster in messages: `source`, `target`, … */
  name: string
  bootstrap: string[]
  security?: KafkaSecurity
  /** per-call timeout; every admin call is bounded by it (default 15 s) */
  timeoutMs?: number
}

export const defaultTimeoutMs = 15_000

function reveal (value: SecretInput | undefined): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : value.reveal()
}

function readPem (cluster: string, what: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw badInput(`${cluster} cluster: cannot read TLS ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** The connection part of @platformatic/kafka's options for one cluster. */
export function toClientOptions (connection: KafkaConnection, clientId: string): BaseOptions {
  if (connection.bootstrap.length === 0) throw badInput(`${connection.name} cluster: no bootstrap servers`)
  const timeout = connection.timeoutMs ?? defaultTimeoutMs
  const options: BaseOptions = {
    clientId,
    bootstrapBrokers: connection.bootstrap,
    timeout,
    connectTimeout: Math.min(timeout, 5_000),
    requestTimeout: timeout,
    retries: 1,
    retryDelay: 250,
  }
  const security = connection.security
  if (security === undefined || security.protocol === 'PLAINTEXT') return options
  if (security.protocol === 'SSL' || security.protocol === 'SASL_SSL') {
    const tls: TlsOptions = { rejectUnauthorized: security.tls?.rejectUnauthorized ?? true }
    if (security.tls?.ca) tls.ca = readPem(connection.name, 'CA', security.tls.ca)
    if (security.tls?.cert) tls.cert = readPem(connection.name, 'certificate', security.tls.cert)
    if (security.tls?.key) tls.key = readPem(connection.name, 'key', security.tls.key)
    options.tls = tls
  }
  if (security.protocol === 'SASL_PLAINTEXT' || security.protocol === 'SASL_SSL') {
    const sasl = security.sasl
    if (!sasl) throw badInput(`${connection.name} cluster: security.protocol ${security.protocol} needs security.sasl`)
    const saslOptions: SASLOptions = { mechanism: sasl.mechanism }
    if (sasl.mechanism === 'OAUTHBEARER') {
      const token = reveal(sasl.token)
      if (!token) throw badInput(`${connection.name} cluster: SASL OAUTHBEARER needs a token`)
      saslOptions.token = token
    } else {
      const username = reveal(sasl.username)
      const password = reveal(sasl.password)
      if (!username || !password) throw badInput(`${connection.name} cluster: SASL ${sasl.mechanism} needs a username and a password`)
      saslOptions.username = username
      saslOptions.password = password
    }
    options.sasl = saslOptions
  }
  return options
}
