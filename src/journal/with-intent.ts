/**
 * @module journal/with-intent
 * The one way a mutation runs: intent journaled first (what will change, the values it replaces),
 * then the change, then its outcome. If the intent cannot be journaled the change never starts; if
 * the process dies during the change, the intent stays pending for the next run to converge on.
 */
import type { IntentData } from './entry.ts'
import type { Journal } from './journal.ts'

export async function withIntent<T> (journal: Journal, intent: IntentData, fn: () => T | Promise<T>): Promise<T> {
  journal.append('intent', intent)
  let result: T
  try {
    result = await fn()
  } catch (error) {
    try {
      journal.append('outcome', { actionId: intent.actionId, ok: false, error: error instanceof Error ? error.message : String(error) })
    } catch {
      // the operator needs the change's own error; the unrecorded outcome shows as a pending intent
    }
    throw error
  }
  journal.append('outcome', { actionId: intent.actionId, ok: true })
  return result
}
