/**
 * @module diff/scram-capture
 * Reads which users have SCRAM credentials on one cluster (DescribeUserScramCredentials, KIP-554,
 * Kafka 2.7+): names and mechanisms, never secrets — the broker only ever returns the mechanism and
 * iteration count. Any broker answers from its metadata, so one bootstrap broker is asked. A
 * cluster that cannot say (an older broker, a vendor without the API, not authorized) is recorded
 * as unavailable with the reason, never as "no users".
 * The snapshot (snapshot/capture.ts captureSide) adds it to each side's inventory as `credentials`.
 */
import { Connection, describeUserScramCredentialsV0, ScramMechanisms } from '@platformatic/kafka'
import { bounded, explainKafkaError } from '../kafka/errors.ts'
import { defaultTimeoutMs, type KafkaConnection, toClientOptions } from '../kafka/options.ts'
import type { Unavailable } from '../snapshot/inventory.ts'

export interface ScramCredential {
  user: string
  /** e.g. SCRAM-SHA-512, sorted */
  mechanisms: string[]
}

const mechanismNames = new Map<number, string>([[ScramMechanisms.SCRAM_SHA_256, 'SCRAM-SHA-256'], [ScramMechanisms.SCRAM_SHA_512, 'SCRAM-SHA-512']])

function hostPort (address: string): { host: string, port: number } {
  const at = address.lastIndexOf(':')
  return { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(at + 1)) }
}

export async function captureScramCredentials (cluster: KafkaConnection): Promise<ScramCredential[] | Unavailable> {
  const options = toClientOptions(cluster, `rollgate-${cluster.name}-scram`)
  const call = 'DescribeUserScramCredentials'
  try {
    return await bounded(cluster.name, call, cluster.timeoutMs ?? defaultTimeoutMs, async () => {
      let last: unknown = null
      for (const address of cluster.bootstrap) {
        const connection = new Connection(options.clientId, options)
        try {
          const { host, port } = hostPort(address)
          await connection.connect(host, port)
          const response = await describeUserScramCredentialsV0.api.async(connection, null)
          return response.results.map((r) => ({
            user: r.user,
            mechanisms: r.credentialInfos.map((c) => mechanismNames.get(c.mechanism) ?? `UNKNOWN(${c.mechanism})`).sort(),
          })).sort((a, b) => a.user.localeCompare(b.user))
        } catch (error) {
          last = error
        } finally {
          await connection.close().catch(() => {})
        }
      }
      throw last ?? new Error('no bootstrap server')
    })
  } catch (error) {
    return { unavailable: true, reason: explainKafkaError(cluster.name, call, error).message }
  }
}
