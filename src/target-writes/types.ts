/**
 * @module target-writes/types
 * Evidence that nothing but the replicator writes to the target's critical topics yet (snapshot part
 * `targetWrites`): per target partition, a sample of its records — the newest ones, plus the last
 * batch of each producer DescribeProducers lists there — each judged a copy of a source record or
 * not (capture.ts says how), and the producers so identified. Raw facts and per-record verdicts only;
 * the check (gates/checks/target-writes.ts) turns them into results.
 */

/** A producer with state on a target partition, as DescribeProducers lists it. */
export interface TargetProducer {
  producerId: string
  lastTimestamp: number
  /**
   * replicator: its sampled records are copies of source records; foreign: at least one is not;
   * unresolved: none of its records could be sampled or proven either way
   */
  verdict: 'replicator' | 'foreign' | 'unresolved'
}

/** A sampled target record that is not a copy of any source record of the compared window. */
export interface ForeignRecord { offset: number, producerId: string, timestamp: number }

export interface TargetPartitionWrites {
  /** the source topic, and its copy on the target under the plan's naming */
  topic: string
  targetTopic: string
  partition: number
  logStart: number
  logEnd: number
  /** null: DescribeProducers not available (the check then rests on the record sample alone) */
  producers: TargetProducer[] | null
  /** target records sampled, and how many of them are copies of source records */
  sampled: number
  copies: number
  /** sampled records proven not to be copies (first ten), and how many there were */
  foreign: ForeignRecord[]
  foreignCount: number
  /** sampled records neither proven copies nor proven foreign, and why */
  unproven: number
  unprovenReason: string | null
  /** the partition could not be sampled: why */
  error: string | null
}

export type TargetWritesEvidence =
  | {
    status: 'ok'
    capturedAt: string
    /** DescribeProducers on the target: null when answered, else why not */
    producersUnsupported: string | null
    /** every partition of the critical topics' copies present on the target */
    partitions: TargetPartitionWrites[]
  }
  | { status: 'unreachable' | 'error', error: string, at: string }
