/**
 * @module journal
 * The state dir as commands see it: open it (locked), journal through `withIntent`, store and read
 * evidence, verify the chain.
 */
export { openStateDir, defaultStateDir, type StateDir, type OpenStateDirOptions } from './state-dir.ts'
export { withIntent } from './with-intent.ts'
export type { Journal } from './journal.ts'
export type { EvidenceStore } from './evidence.ts'
export type { ChainCheck, BreakReason } from './chain.ts'
export type {
  Change, Entry, EntryBody, EvidenceBody, GateBody, Intent, IntentBody, IntentFields, OutcomeBody, PhaseBody,
} from './entry.ts'
