/**
 * @module kafka/aborted-transactions
 * read_committed filtering of a Fetch answer, as Kafka's consumer does it (CompletedFetch): the
 * answer lists aborted transactions by producer and first offset; a producer counts as aborted from
 * the first batch whose last offset reaches that first offset until its ABORT marker. A COMMIT
 * marker changes nothing — keying on "any marker" would return the aborted records of a producer
 * that committed one transaction and aborted the next.
 */

export interface AbortedTransaction { producerId: bigint, firstOffset: bigint }

/** The control record types of Kafka's ControlRecordType (key: int16 version, int16 type). */
const abortMarker = 0

/** Whether a control batch's first record is an ABORT marker. */
export function isAbortMarker (key: Uint8Array | null | undefined): boolean {
  if (!key || key.length < 4) return false
  return ((key[2]! << 8) | key[3]!) === abortMarker
}

export class AbortedTransactions {
  readonly #pending: AbortedTransaction[]
  readonly #aborted = new Set<bigint>()

  constructor (aborted: readonly AbortedTransaction[]) {
    this.#pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0))
  }

  /**
   * Feeds one batch in offset order; true when its records belong to an aborted transaction and
   * must be set aside. Control batches are never returned as data by callers either way.
   */
  setsAside (batch: { producerId: bigint, lastOffset: bigint, transactional: boolean, control: boolean, firstKey?: Uint8Array | null }): boolean {
    while (this.#pending.length > 0 && this.#pending[0]!.firstOffset <= batch.lastOffset) this.#aborted.add(this.#pending.shift()!.producerId)
    if (batch.control) {
      if (isAbortMarker(batch.firstKey)) this.#aborted.delete(batch.producerId)
      return true
    }
    return batch.transactional && this.#aborted.has(batch.producerId)
  }
}
