/**
 * @module journal/actor
 * Who appended an entry: `user@host`, and, when the command passes it, the rollgate command line
 * that did it, so `rollgate log` answers "who moved authority, with which flags". The command line
 * is given by the caller, which alone knows which of its arguments are secret and must leave them out.
 */
import { hostname, userInfo } from 'node:os'

/** `user@host` of this process. */
export function defaultActor (): string {
  return `${userName()}@${hostname()}`
}

/** `user@host rollgate <args>`, the arguments shell-quoted; `args` must hold no secret. */
export function commandActor (args: readonly string[]): string {
  return [defaultActor(), 'rollgate', ...args.map(shellQuote)].join(' ')
}

function userName (): string {
  try {
    return userInfo().username
  } catch {
    // a uid with no passwd entry (common in containers) makes userInfo throw; still say who it was
    return process.env.USER ?? process.env.USERNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`
  }
}

/** Quoted only when needed, so the usual command line reads as typed and can be pasted back. */
function shellQuote (arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`
}
