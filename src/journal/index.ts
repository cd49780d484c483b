/**
 * @module journal
 * The state dir as commands see it: open it (locked, or read-only), journal through `withIntent`,
 * store and read evidence, verify the chain, list entries.
 */
export { openStateDir, defaultStateDir, type StateDir, type OpenStateDirOptions } from './state-dir.ts'
export { withIntent } from './with-intent.ts'
export { defaultActor, commandActor } from './actor.ts'
export { summarizeEntry } from './summary.ts'
export { entryTypes, isEntryType } from './entry.ts'
export type { Journal, JournalOptions } from './journal.ts'
export type { EvidenceReader, EvidenceStore } from './evidence.ts'
export type { ChainCheck, BreakReason, Tail } from './chain.ts'
export type {
  Change, Entry, EntryData, EntryOf, EntryType, Envelope, EvidenceData, GateData, GateStatus, Intent, IntentData, NoteData,
  OutcomeData, PhaseData,
} from './entry.ts'
