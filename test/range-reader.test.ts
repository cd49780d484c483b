/**
 * @module test/range-reader
 * The range reader (no group, no commits) on a real transactional topic: read_committed returns
 * exactly the committed transactions of a producer that commits and aborts in turn — a COMMIT marker
 * must not clear a later aborted transaction — and read_uncommitted returns every data record.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Admin, Producer } from '@platformatic/kafka'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import { sandbox, unique } from './support/sandbox.ts'

test('read_committed: commit, abort, commit, abort by one producer returns only the committed records', { timeout: 120_000 }, async () => {
  const sb = sandbox()
  const topic = unique('rr-tx')
  const admin = new Admin({ clientId: 'rollgate-test-range-reader', bootstrapBrokers: [sb.source] })
  try {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
  } finally {
    await admin.close()
  }
  const plan = [{ abort: false, n: 3 }, { abort: true, n: 2 }, { abort: false, n: 2 }, { abort: true, n: 1 }, { abort: false, n: 1 }]
  const producer = new Producer({ clientId: 'rollgate-test-range-reader', bootstrapBrokers: [sb.source], acks: -1, idempotent: true, transactionalId: unique('rr-tx-producer'), retries: 10, retryDelay: 200 })
  try {
    for (const [t, tx] of plan.entries()) {
      const transaction = await producer.beginTransaction()
      await transaction.send({ messages: Array.from({ length: tx.n }, (_, i) => ({ topic, partition: 0, key: Buffer.from(`t${t}-${i}`), value: Buffer.from(tx.abort ? 'aborted' : 'committed') })) })
      if (tx.abort) await transaction.abort()
      else await transaction.commit()
    }
  } finally {
    await producer.close()
  }
  const client = new ClusterClient({ name: 'source', bootstrap: [sb.source] })
  const reader = client.rangeReader()
  try {
    const keys = async (readCommitted: boolean) => {
      const out: string[] = []
      for await (const r of reader.read(topic, 0, 0, Number.MAX_SAFE_INTEGER, { readCommitted })) out.push(r.key?.toString() ?? '')
      return out
    }
    const expected = plan.flatMap((tx, t) => tx.abort ? [] : Array.from({ length: tx.n }, (_, i) => `t${t}-${i}`))
    assert.deepEqual(await keys(true), expected)
    assert.deepEqual(await keys(false), plan.flatMap((tx, t) => Array.from({ length: tx.n }, (_, i) => `t${t}-${i}`)))
  } finally {
    await reader.close()
    await client.close()
  }
})
