/**
 * @module diff/types
 * What `rollgate diff` finds between source and target: every difference as the object it is
 * about, both values and a verdict — `fail` (a client would behave differently), `warn` (a
 * difference a target may legitimately have, or one on a standard topic), `unknown` (one side does
 * not say: nothing proven), or `pass` for a difference the plan allows (kept, with the note, so
 * nothing accepted is invisible). A part that could not be compared at all says why.
 */
import type { CheckStatus } from '../gates/types.ts'
import type { Criticality, EmptySelector } from '../gates/select-topics.ts'

export type DiffKind = 'topic-missing' | 'partitions' | 'replication-factor' | 'config' | 'acl' | 'quota' | 'credential'

export interface Difference {
  kind: DiffKind
  /** the object: a source topic name, an ACL binding, a quota entity, a principal */
  subject: string
  /** which of its values: a config name, a quota key; null when the object itself differs */
  key: string | null
  /** the value on the source as the cluster reports it (mapped to target names where the plan maps them); null: absent */
  source: unknown
  /** the value on the target; null: absent */
  target: unknown
  /** `pass` only for a difference the plan allows (`allowed` says by what) */
  status: CheckStatus
  /** one sentence: what differs and what a client would see */
  message: string
  /** topics: the name of the copy on the target under the plan's naming */
  targetTopic?: string
  /** the plan field that allows this difference, e.g. `topics[0].allowedConfigDifferences` */
  allowed?: string
}

export interface TopicSide { partitions: number, replicationFactor: number }

export interface TopicComparison {
  /** the source topic */
  topic: string
  targetTopic: string
  criticality: Criticality
  /** indices into `plan.topics` of the selectors that pick it */
  selectors: number[]
  /** null: absent on that side */
  source: TopicSide | null
  target: TopicSide | null
  /** behaviour configs (kafka/topic-configs.ts) with the same effective value on both sides */
  equalConfigs: number
  differences: Difference[]
}

/** ACLs, quotas or credentials: compared (perhaps with differences), or not comparable, with why. */
export type PartComparison =
  | {
    status: 'compared'
    /** entries compared (source side after mapping, plus target-only ones) */
    compared: number
    /** what the comparison rests on when there was nothing to list, e.g. no authorizer on either side */
    note: string | null
    differences: Difference[]
  }
  | {
    status: 'unknown'
    /** why, naming the side(s) */
    reason: string
    /** each side's own reason, null for a side that answered */
    sides: { source: string | null, target: string | null }
  }

export interface DiffReport {
  type: 'rollgate.diff/v1'
  naming: 'identity' | 'prefix'
  /** every topic the plan selects on the source (or names), sorted by name */
  topics: TopicComparison[]
  /** regex selectors matching no source topic: nothing of theirs was compared */
  emptySelectors: EmptySelector[]
  acls: PartComparison
  quotas: PartComparison
  /** SCRAM users and the plan's client principals (diff/credentials.ts) */
  credentials: PartComparison
}

export type PartName = 'acls' | 'quotas' | 'credentials'
