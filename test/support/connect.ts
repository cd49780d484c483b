/**
 * @module test/support/connect
 * Kafka Connect on the sandbox for integration tests: its URLs, and FileStream connectors created
 * under unique names and deleted again, through Connect's own REST API (not rollgate's client, so a
 * bug there cannot hide itself).
 */
import { sandboxEnv } from '../../src/sandbox/sandbox.ts'

export function connectUrls (): { source: string, target: string } {
  const env = sandboxEnv({ dir: process.env.ROLLGATE_SANDBOX_DIR! })
  return { source: env.ROLLGATE_SOURCE_CONNECT_URL!, target: env.ROLLGATE_TARGET_CONNECT_URL! }
}

async function call (url: string, method: string, path: string, body?: unknown): Promise<{ status: number, json: unknown }> {
  const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : null }
}

export async function createConnector (url: string, name: string, config: Record<string, string>): Promise<void> {
  const r = await call(url, 'POST', '/connectors', { name, config })
  if (r.status !== 201) throw new Error(`creating ${name} on ${url}: HTTP ${r.status} ${JSON.stringify(r.json)}`)
}

export async function deleteConnector (url: string, name: string): Promise<void> {
  await call(url, 'DELETE', `/connectors/${encodeURIComponent(name)}`).catch(() => {})
}

export interface Status { connector: { state: string }, tasks: Array<{ id: number, state: string }> }

export async function connectorStatus (url: string, name: string): Promise<Status | null> {
  const r = await call(url, 'GET', `/connectors/${encodeURIComponent(name)}/status`)
  return r.status === 200 ? r.json as Status : null
}

export async function connectorOffsets (url: string, name: string): Promise<Array<{ partition: Record<string, unknown>, offset: Record<string, unknown> }>> {
  const r = await call(url, 'GET', `/connectors/${encodeURIComponent(name)}/offsets`)
  return (r.json as { offsets: Array<{ partition: Record<string, unknown>, offset: Record<string, unknown> }> }).offsets
}
