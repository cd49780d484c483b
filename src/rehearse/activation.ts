/**
 * @module rehearse/activation
 * How the rehearsal's clients are switched: the seed's "separate deploy from activation". Each
 * client ships both cluster configurations and reads which one is active from a file; the plan's
 * client switch commands (`switchToTarget`, `switchToSource`) only rewrite that file — so the
 * rollback runs its real, journaled client switch, and the built-in workload reacts to it as a
 * deployed service reacts to a configuration flag.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'

export type Endpoint = 'source' | 'target' | 'stopped'

const endpoints: readonly Endpoint[] = ['source', 'target', 'stopped']

/** Single quotes for sh: `'` becomes `'\''`. */
export function shellQuote (text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`
}

/** The switch command a plan's client runs: atomically replaces the activation file. */
export function activationCommand (file: string, endpoint: Endpoint): string {
  return `printf ${endpoint} > ${shellQuote(`${file}.tmp`)} && mv ${shellQuote(`${file}.tmp`)} ${shellQuote(file)} && echo ${shellQuote(`${file.split('/').at(-1)} -> ${endpoint}`)}`
}

export function writeActivation (file: string, endpoint: Endpoint): void {
  writeFileSync(`${file}.tmp`, endpoint)
  renameSync(`${file}.tmp`, file)
}

/** The active endpoint; a missing or unreadable file is `stopped` (never guess a cluster). */
export function readActivation (file: string): Endpoint {
  try {
    const text = readFileSync(file, 'utf8').trim()
    return (endpoints as readonly string[]).includes(text) ? text as Endpoint : 'stopped'
  } catch {
    return 'stopped'
  }
}
