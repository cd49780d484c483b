/**
 * @module gates/checks/runbook-owned
 * `runbook.owned`: every runbook field of the seed (write authority, critical topics, critical
 * groups, schema state, connector side effects, client switch, point of no return) has a real owner
 * and a command, dashboard or ticket. The schema already demands non-empty values; this check
 * states it as a gate fact and refuses placeholders (`rollgate init` writes TODO owners on purpose,
 * so that no plan passes a gate before a person has claimed each decision).
 */
import type { Plan } from '../../plan/schema.ts'
import type { Check, CheckResult } from '../types.ts'

export const runbookFields = [
  'writeAuthority', 'criticalTopics', 'criticalGroups', 'schemaState', 'connectorSideEffects', 'clientSwitch', 'pointOfNoReturn',
] as const satisfies ReadonlyArray<keyof Plan['runbook']>

// compile-time: a runbook field added to the schema must be added here too
type Unlisted = Exclude<keyof Plan['runbook'], (typeof runbookFields)[number]>
const everyFieldListed: [Unlisted] extends [never] ? true : never = true
void everyFieldListed

const placeholderWords = new Set([
  'todo', 'tbd', 'tbc', 'tba', 'fixme', 'xxx', 'unknown', 'n/a', 'na', 'none', 'nobody', 'someone',
  'owner', 'team', 'changeme', 'change-me', 'placeholder', 'example', 'null', 'undefined',
])

/** Whether `value` stands in for an answer not given yet: `TODO`, `tbd`, `?`, `<owner>`, `TODO: pick one`. */
export function isPlaceholder (value: string | undefined | null): boolean {
  if (value === undefined || value === null) return true
  const text = value.trim().toLowerCase().replace(/^[<[{(@]+/, '').replace(/[>\]})]+$/, '').trim()
  if (text === '') return true
  if (/^[?\-_.…*!]+$/.test(text)) return true
  if (placeholderWords.has(text)) return true
  return /^(?:todo|tbd|fixme)\b/.test(text)
}

const ways = ['command', 'dashboard', 'ticket'] as const

function checkField (field: (typeof runbookFields)[number], entry: Plan['runbook'][typeof field] | undefined): CheckResult {
  const id = 'runbook.owned'
  const subject = `runbook.${field}`
  if (entry === undefined || entry === null) {
    return { id, status: 'fail', subject, message: 'missing from the plan: needs an owner and a command, dashboard or ticket', evidence: null }
  }
  const evidence = { owner: entry.owner ?? null, command: entry.command ?? null, dashboard: entry.dashboard ?? null, ticket: entry.ticket ?? null }
  const problems: string[] = []
  if (isPlaceholder(entry.owner)) problems.push(`owner ${JSON.stringify(entry.owner ?? '')} is a placeholder: name a person, team or on-call rota`)
  const given = ways.filter((way) => entry[way] !== undefined)
  const real = given.filter((way) => !isPlaceholder(entry[way]))
  if (real.length === 0) {
    const fakes = given.map((way) => `${way} ${JSON.stringify(entry[way])}`)
    problems.push(`no command, dashboard or ticket${fakes.length ? ` (${fakes.join(', ')} ${fakes.length === 1 ? 'is a placeholder' : 'are placeholders'})` : ''}`)
  }
  if (problems.length > 0) return { id, status: 'fail', subject, message: problems.join('; '), evidence }
  const how = real.map((way) => `${way} ${entry[way]}`).join(', ')
  return { id, status: 'pass', subject, message: `owned by ${entry.owner}; ${how}`, evidence }
}

export const runbookOwned: Check = {
  id: 'runbook.owned',
  title: 'every runbook field has an owner and a command, dashboard or ticket',
  run: ({ plan }) => runbookFields.map((field) => checkField(field, plan.runbook?.[field])),
}
