/**
 * @module connect/types
 * What a Kafka Connect cluster runs, as evidence: each connector's type, state, tasks, the topics it
 * reads or writes, its config with secrets redacted, and its offsets (KIP-875) — what a rollback
 * must restore or reconcile. Plain JSON, stored with the snapshot and judged by pure checks.
 */
import type { ConnectorOffset } from './client.ts'

/** A part that could not be read: kept distinct from "there is none". */
export interface ConnectUnavailable { unavailable: true, reason: string }

export interface ConnectorEvidence {
  name: string
  /** `source`, `sink`, or `unknown` when Connect cannot load its plugin */
  type: string
  /** the connector's own state: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING */
  state: string
  tasks: Array<{ id: number, state: string, workerId: string | null }>
  /** topics it used since they were last reset (`GET /connectors/{name}/topics`, KIP-558) */
  activeTopics: string[] | ConnectUnavailable
  /** a sink's `topics` config, split */
  configTopics: string[]
  /** a sink's `topics.regex` config */
  topicsRegex: string | null
  /** its config, every secret-looking or plan-marked value replaced by `[redacted]` */
  config: Record<string, string>
  /** `GET /connectors/{name}/offsets` (KIP-875) */
  offsets: ConnectorOffset[] | ConnectUnavailable
}

export interface ConnectEvidence {
  urls: string[]
  capturedAt: string
  /** sorted by name */
  connectors: ConnectorEvidence[]
}

/** One side's Connect in a snapshot: captured, not in the plan, or failed with the reason (fail closed). */
export type ConnectSideEvidence =
  | { status: 'ok', connect: ConnectEvidence }
  | { status: 'not-configured' }
  | { status: 'unreachable' | 'error', urls: string[], error: string, at: string }

export const isUnavailable = (value: unknown): value is ConnectUnavailable =>
  typeof value === 'object' && value !== null && (value as { unavailable?: unknown }).unavailable === true
