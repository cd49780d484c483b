/**
 * @module journal/summary
 * One line per entry for `rollgate log`: what happened, in the words an operator scans for.
 */
import { canonicalJson } from './canonical.ts'
import type { Entry, GateStatus } from './entry.ts'

/** longest summary; the whole entry is in `--format json` */
const width = 120

export function summarizeEntry (entry: Entry): string {
  let text: string
  try {
    text = describe(entry)
  } catch {
    // data edited by hand into another shape: `log` still lists it (`journal verify` flags it)
    text = canonicalJson(entry.data)
  }
  text = text.replace(/\s+/g, ' ').trim()
  return text.length > width ? `${text.slice(0, width - 3)}...` : text
}

function describe (entry: Entry): string {
  switch (entry.type) {
    case 'evidence': {
      const { kind, evidenceId, summary } = entry.data
      return `${kind} ${short(evidenceId)}${summary ? `: ${summary}` : ''}`
    }
    case 'gate': {
      const { gate, status, evidenceId, checks } = entry.data
      const statuses: GateStatus[] = ['pass', 'warn', 'fail', 'unknown']
      const counts = statuses.filter((s) => checks[s] > 0).map((s) => `${checks[s]} ${s}`).join(', ')
      return `${gate} ${status} (${counts || 'no checks'}), evidence ${evidenceId === null ? 'none' : short(evidenceId)}`
    }
    case 'intent': {
      const { action, actionId, changes } = entry.data
      const subjects = changes.slice(0, 3).map((c) => c.subject).join(', ') + (changes.length > 3 ? `, +${changes.length - 3} more` : '')
      return `${action} ${actionId}: ${changes.length} change${changes.length === 1 ? '' : 's'}${subjects ? ` (${subjects})` : ''}`
    }
    case 'outcome': {
      const { actionId, ok, error } = entry.data
      return ok ? `${actionId} ok` : `${actionId} failed: ${error ?? 'no reason recorded'}`
    }
    case 'phase': {
      const { from, to, forced, reason } = entry.data
      return `${from ?? '(start)'} -> ${to}${forced === true ? ' FORCED' : ''}${reason ? `: ${reason}` : ''}`
    }
    case 'note':
      return `${entry.data.decision}: ${entry.data.reason}`
  }
}

function short (evidenceId: string): string {
  return evidenceId.slice(0, 12)
}
