/**
 * @module sandbox/secure-admin
 * What the secure cluster's admin does to it: SCRAM users through the admin API
 * (AlterUserScramCredentials, KIP-554 — the salted password is computed here, so the password is
 * never on a command line as `StorageTool --add-scram` would put it) and ACLs (CreateAcls,
 * DeleteAcls). Used by `sandbox up --secure` and by tests that need a principal of their own.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { Admin, AclOperations, AclPermissionTypes, alterUserScramCredentialsV0, Connection, ResourcePatternTypes, ResourceTypes, ScramMechanisms } from '@platformatic/kafka'
import { bounded } from '../kafka/errors.ts'
import { defaultTimeoutMs, type KafkaConnection, toClientOptions } from '../kafka/options.ts'
import type { AclGrant } from './secure-layout.ts'

/** Kafka's minimum for SCRAM-SHA-512 (ScramMechanism.minIterations). */
const iterations = 4096

function hostPort (address: string): { host: string, port: number } {
  const at = address.lastIndexOf(':')
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) }
}

/** Creates or replaces a SCRAM-SHA-512 credential: Hi(password, salt, i) is PBKDF2-HMAC-SHA-512 (RFC 5802). */
export async function upsertScramUser (admin: KafkaConnection, user: string, password: string): Promise<void> {
  const options = toClientOptions(admin, 'rollgate-sandbox-admin')
  const salt = randomBytes(32)
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 64, 'sha512')
  await bounded(admin.name, 'AlterUserScramCredentials', admin.timeoutMs ?? defaultTimeoutMs, async () => {
    const connection = new Connection(options.clientId, options)
    try {
      const { host, port } = hostPort(admin.bootstrap[0]!)
      await connection.connect(host, port)
      const response = await alterUserScramCredentialsV0.api.async(connection, [], [
        { name: user, mechanism: ScramMechanisms.SCRAM_SHA_512, iterations, salt, saltedPassword },
      ])
      const failed = response.results.find((r) => r.errorCode !== 0)
      if (failed) throw new Error(`AlterUserScramCredentials for ${failed.user}: error ${failed.errorCode} ${failed.errorMessage ?? ''}`)
    } finally {
      await connection.close().catch(() => {})
    }
  })
}

function toAcl (principal: string, grant: AclGrant) {
  return {
    resourceType: ResourceTypes[grant.resourceType],
    resourceName: grant.resourceName,
    resourcePatternType: ResourcePatternTypes[grant.patternType],
    principal,
    host: '*',
    operation: AclOperations[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
  }
}

/** Adds ALLOW bindings for `principal` (CreateAcls is idempotent: an existing binding stays one). */
export async function grantAcls (admin: KafkaConnection, principal: string, grants: AclGrant[]): Promise<void> {
  const client = new Admin(toClientOptions(admin, 'rollgate-sandbox-admin'))
  try {
    await bounded(admin.name, 'CreateAcls', admin.timeoutMs ?? defaultTimeoutMs, () => client.createAcls({ creations: grants.map((g) => toAcl(principal, g)) }))
  } finally {
    await client.close().catch(() => {})
  }
}

/** Removes exactly these ALLOW bindings of `principal`. */
export async function revokeAcls (admin: KafkaConnection, principal: string, grants: AclGrant[]): Promise<void> {
  const client = new Admin(toClientOptions(admin, 'rollgate-sandbox-admin'))
  try {
    await bounded(admin.name, 'DeleteAcls', admin.timeoutMs ?? defaultTimeoutMs, () => client.deleteAcls({ filters: grants.map((g) => toAcl(principal, g)) }))
  } finally {
    await client.close().catch(() => {})
  }
}
