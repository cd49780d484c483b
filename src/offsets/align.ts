/**
 * @module offsets/align
 * Proof by content: lines up a run of upstream (source) records with their copies downstream. The
 * copy stream may repeat records (MirrorMaker 2 is at-least-once: a retried batch is written twice),
 * so a downstream record equal to one already matched in this run is skipped as a duplicate;
 * anything else that does not match ends the proof. Equality is tried first, so a genuinely new
 * record that repeats earlier content is matched, not skipped. Pure.
 */

export interface DigestAt { offset: number, digest: string }

export type Alignment =
  /** `pairs[i]` = [upstream offset, offset of its first downstream copy], in order */
  | { kind: 'aligned', pairs: Array<[number, number]> }
  | { kind: 'mismatch', pairs: Array<[number, number]>, upstream: DigestAt, downstream: DigestAt }

/**
 * Aligns `upstream` (no duplicates) with `downstream`, both starting at corresponding records (a
 * sync point). Stops when either runs out: what is aligned so far is proven.
 */
export function align (upstream: readonly DigestAt[], downstream: readonly DigestAt[]): Alignment {
  const pairs: Array<[number, number]> = []
  const seen = new Set<string>()
  let j = 0
  for (const up of upstream) {
    for (;;) {
      const down = downstream[j]
      if (!down) return { kind: 'aligned', pairs }
      if (down.digest === up.digest) {
        pairs.push([up.offset, down.offset])
        seen.add(up.digest)
        j++
        break
      }
      if (!seen.has(down.digest)) return { kind: 'mismatch', pairs, upstream: up, downstream: down }
      j++ // a duplicate of a record already copied
    }
  }
  return { kind: 'aligned', pairs }
}
