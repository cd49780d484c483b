/**
 * @module stragglers/types
 * Evidence of producers still writing to the source's critical topics: what DescribeProducers
 * answered for each of their partitions on the source, or why it could not answer. A snapshot part
 * (snapshot/types.ts `sourceProducers`); the straggler checks compare it with the producer cutover.
 */
import type { PartitionProducers } from '../kafka/describe-producers.ts'

export type SourceProducersEvidence =
  | { status: 'ok', capturedAt: string, partitions: PartitionProducers[] }
  /** the source's brokers cannot describe producers: the checks fall back to log-end movement */
  | { status: 'unsupported', capturedAt: string, reason: string }
  | { status: 'unreachable' | 'error', error: string, at: string }
