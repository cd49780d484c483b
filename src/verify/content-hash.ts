/**
 * @module verify/content-hash
 * A 53-bit hash of a byte range, computed in JavaScript without allocating: what `verify` uses to
 * *find* a record among its neighbours (the lookahead window, recent copies for duplicates). It
 * never proves anything on its own — two records are the same only when their bytes are (see
 * record-batch.ts `sameContent`). Why not sha256: a call into OpenSSL per record costs more than
 * reading the record from Kafka (measured ~10 µs a call on the shared 2-core machine, against
 * ~0.3 µs here), and the cryptographic digest is kept for the records a report shows.
 *
 * Two murmur3-style lanes over 32-bit words, with different multipliers, each finished with
 * murmur3's fmix; 32 + 21 bits of them make a number that is an exact Map key.
 */

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))

function fmix (h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** Hash of `bytes[start, end)` as an integer below 2^53. */
export function contentHash (bytes: Uint8Array, start: number, end: number): number {
  let h1 = 0x9747b28c
  let h2 = 0x5bd1e995
  const blocks = end - ((end - start) & 3)
  let i = start
  for (; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)
    k = Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593)
    h1 = (Math.imul(rotl(h1 ^ k, 13), 5) + 0xe6546b64) | 0
    h2 = (Math.imul(rotl(h2 ^ Math.imul(k, 0x27d4eb2f), 17), 9) + 0x165667b1) | 0
  }
  let k = 0
  const tail = end - i
  if (tail === 3) k ^= bytes[i + 2]! << 16
  if (tail >= 2) k ^= bytes[i + 1]! << 8
  if (tail >= 1) {
    k ^= bytes[i]!
    k = Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593)
    h1 ^= k
    h2 ^= Math.imul(k, 0x27d4eb2f)
  }
  const length = end - start
  h1 = fmix(h1 ^ length)
  h2 = fmix(h2 ^ length ^ h1)
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11)
}
