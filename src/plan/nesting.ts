/**
 * @module plan/nesting
 * How deep a plan nests, measured before anything recursive reads it. A plan is about six levels
 * deep; text nested thousands of levels deep is a mistake (or hostile), and would make the YAML
 * parser slow (seconds for a few hundred kilobytes) and then overflow the stack of every recursive
 * step after it. Both measures here are iterative.
 */
import { type Document, isMap, isSeq, type Node } from 'yaml'

/** Far deeper than a plan needs. */
export const maxPlanDepth = 64

export const tooDeepMessage = `nested more than ${maxPlanDepth} levels deep, where a plan needs a few (an unclosed bracket?)`

/**
 * The offset of the first flow bracket (`[` or `{`) opened more than `maxPlanDepth` deep in the raw
 * text, outside quoted scalars and comments; undefined if there is none. A quote opens a scalar only
 * where YAML starts one (after `:`, `-`, `,`, `[`, `{`, `?` or at a line's start), so an apostrophe
 * inside a plain value (`source's retention`) is not taken for one.
 */
export function flowTooDeep (text: string): number | undefined {
  let depth = 0
  let quote: '"' | "'" | null = null
  let previous = '\n'
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== null) {
      if (quote === '"' && c === '\\') i++
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++
        else quote = null
      }
      continue
    }
    if (c === '#' && (previous === '\n' || previous === ' ' || previous === '\t')) {
      const end = text.indexOf('\n', i)
      if (end < 0) return undefined
      i = end - 1
      continue
    }
    if ((c === '"' || c === "'") && (previous === '\n' || ':-,[{?'.includes(previous))) quote = c
    else if (c === '[' || c === '{') {
      if (++depth > maxPlanDepth) return i
    } else if ((c === ']' || c === '}') && depth > 0) depth--
    // what a quote must follow: the last character that is not a space
    if (c !== ' ' && c !== '\t') previous = c
    else if (previous !== '\n') previous = previous === ':' || previous === '-' || previous === ',' || previous === '?' ? previous : ' '
  }
  return undefined
}

/** The offset of the first node of a parsed document nested more than `maxPlanDepth` deep (block or flow). */
export function nodeTooDeep (document: Document): number | undefined {
  const stack: Array<{ node: unknown, depth: number }> = [{ node: document.contents, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (depth > maxPlanDepth) return (node as Node | null)?.range?.[0] ?? 0
    if (isMap(node)) for (const pair of node.items) stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 })
    else if (isSeq(node)) for (const item of node.items) stack.push({ node: item, depth: depth + 1 })
  }
  return undefined
}
