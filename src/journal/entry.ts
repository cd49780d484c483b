/**
 * @module journal/entry
 * What the journal records: one entry a line, exactly `{ seq, ts, actor, type, data, prev, hash }`.
 * `type` says what happened and fixes the shape of `data`, the fields rollgate itself relies on
 * (pending intents are found by `actionId`, evidence by `evidenceId`). A caller gives `type` and
 * `data`; the journal sets the rest, so no payload can forge a seq, a time, an actor or a link.
 */

/** One value an action changes: what it is now (`before`, null when absent) and what it will be. */
export interface Change {
  /** e.g. `group orders-app / orders-3`, `topic orders`, `phase` */
  subject: string
  before: unknown
  after: unknown
}

export type GateStatus = 'pass' | 'warn' | 'fail' | 'unknown'

/** Evidence stored in the state dir's evidence store, by its content address. */
export interface EvidenceData {
  evidenceId: string
  /** what was captured, e.g. `snapshot` */
  kind: string
  /** one line for `rollgate log` */
  summary?: string
}

/** A gate's verdict; the checks themselves are in the evidence or the report, here only counted. */
export interface GateData {
  gate: string
  status: GateStatus
  /** the evidence the checks read; null when none could be captured (every such check is unknown) */
  evidenceId: string | null
  checks: Record<GateStatus, number>
  /** the whole verdict (every check with its evidence), stored as an evidence document */
  resultId: string
}

/** Written before a mutation, so a crash leaves what was about to change and the values to restore. */
export interface IntentData {
  actionId: string
  /** e.g. `offsets.apply`, `topic.create`, `client.switch` */
  action: string
  changes: Change[]
}

/** Written after the mutation its intent announced; an intent without one is pending. */
export interface OutcomeData {
  actionId: string
  ok: boolean
  error?: string
}

export interface PhaseData {
  /** null for the first phase of a migration */
  from: string | null
  to: string
  /** the gate guarding `to` did not pass and the operator went ahead (`advance --force`) */
  forced?: boolean
  reason?: string
  /** the snapshot the move rested on (its gates were evaluated on it) */
  evidenceId?: string
}

/** A decision an operator forced on rollgate (e.g. `advance --force --reason`), in their words. */
export interface NoteData {
  /** what was decided, e.g. `advance to producers-on-target although gate producer-cutover is fail` */
  decision: string
  /** why, as the operator gave it */
  reason: string
}

/** The shape of `data` for each `type`. */
export interface EntryData {
  evidence: EvidenceData
  gate: GateData
  intent: IntentData
  note: NoteData
  outcome: OutcomeData
  phase: PhaseData
}

export type EntryType = keyof EntryData

// a Record, so the compiler insists on every type of EntryData and on no other
const known: Record<EntryType, true> = { evidence: true, gate: true, intent: true, note: true, outcome: true, phase: true }

export const entryTypes = Object.keys(known) as readonly EntryType[]

export function isEntryType (value: unknown): value is EntryType {
  return typeof value === 'string' && Object.hasOwn(known, value)
}

/** The fields the journal sets around `type` and `data`. */
export interface Envelope {
  /** 1 for the first entry, then +1 per entry */
  seq: number
  /** ISO time of the append */
  ts: string
  /** who appended it: `user@host`, then the rollgate command line when the caller gave it */
  actor: string
  /** `hash` of the previous entry; null for the first */
  prev: string | null
  /** sha256 of the canonical JSON of the entry without `hash` */
  hash: string
}

export type EntryOf<T extends EntryType> = Envelope & { type: T, data: EntryData[T] }

/** Any entry; narrowing on `type` narrows `data`. */
export type Entry = { [T in EntryType]: EntryOf<T> }[EntryType]

export type Intent = EntryOf<'intent'>
