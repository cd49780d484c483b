/**
 * @module journal/entry
 * What the journal records. Each kind fixes the fields rollgate itself relies on (pending intents
 * are found by `actionId`, evidence by `evidenceId`); a command may add its own fields beside them.
 * The envelope fields `seq`, `at`, `prev` and `hash` are set by the journal, never by a payload.
 */

interface Open { [key: string]: unknown }

/** One value an action changes: what it is now (`before`, null when absent) and what it will be. */
export interface Change {
  /** e.g. `group orders-app / orders-3`, `topic orders`, `phase` */
  subject: string
  before: unknown
  after: unknown
}

export interface EvidenceBody extends Open { kind: 'evidence', evidenceId: string }
export interface GateBody extends Open { kind: 'gate', gate: string, status: 'pass' | 'warn' | 'fail' | 'unknown' }
/** Written before a mutation, so a crash leaves what was about to change and the values to restore. */
export interface IntentFields extends Open { actionId: string, action: string, changes: Change[] }
export interface IntentBody extends IntentFields { kind: 'intent' }
export interface OutcomeBody extends Open { kind: 'outcome', actionId: string, ok: boolean, error?: string }
export interface PhaseBody extends Open { kind: 'phase', from: string | null, to: string }

export type EntryBody = EvidenceBody | GateBody | IntentBody | OutcomeBody | PhaseBody

export interface Sealed {
  /** 1 for the first entry, then +1 per entry */
  seq: number
  /** ISO time of the append */
  at: string
  /** `hash` of the previous entry; null for the first */
  prev: string | null
  /** sha256 of the canonical JSON of the entry without `hash` */
  hash: string
}

export type Entry = EntryBody & Sealed
export type Intent = IntentBody & Sealed
