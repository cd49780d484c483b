/**
 * @module replication-health/map-limited
 * `items` mapped by an async `work`, at most `limit` at a time, results in input order: enough calls
 * in flight to hide latency, few enough not to flood a broker or a registry.
 */

export async function mapLimited<T, R> (items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await work(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(0, Math.min(limit, items.length)) }, worker))
  return out
}
