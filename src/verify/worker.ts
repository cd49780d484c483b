/**
 * @module verify/worker
 * A worker thread comparing partitions: its own connections to both clusters (JobRunner), jobs
 * asked for one at a time from the main thread (pool.ts), progress and reports posted back, and at
 * the end the Kafka requests it sent. Everything CPU-heavy (fetch parsing, inflating, hashing,
 * comparing) happens here, off the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type Connections, type JobSettings, JobRunner, type PartitionJob } from './jobs.ts'
import { countRequests } from './requests.ts'
import type { PartitionReport } from './types.ts'

export type ToWorker = { type: 'job', job: PartitionJob } | { type: 'none' }
export type FromWorker =
  | { type: 'want' }
  | { type: 'progress', compared: number }
  | { type: 'result', job: PartitionJob, report: PartitionReport }
  | { type: 'done', requests: Record<string, number> }
  | { type: 'failed', message: string }

const port = parentPort
if (port) {
  const { connections, settings } = workerData as { connections: Connections, settings: JobSettings }
  const requests = countRequests()
  const runner = new JobRunner(connections, settings)
  const waiting: Array<(job: PartitionJob | null) => void> = []
  let finished = false
  port.on('message', (message: ToWorker) => {
    if (message.type === 'none') finished = true
    waiting.shift()?.(message.type === 'job' ? message.job : null)
  })
  const post = (message: FromWorker) => port.postMessage(message)
  const next = () => new Promise<PartitionJob | null>((resolve) => {
    if (finished) return resolve(null)
    waiting.push(resolve)
    post({ type: 'want' })
  })
  // progress is posted a few times a second, not per chunk: messages cost the main thread
  let pending = 0
  const timer = setInterval(() => {
    if (pending > 0) post({ type: 'progress', compared: pending })
    pending = 0
  }, 200)
  try {
    await runner.runAll(next, (n) => { pending += n }, (job, report) => post({ type: 'result', job, report }))
    if (pending > 0) post({ type: 'progress', compared: pending })
    await runner.close()
    post({ type: 'done', requests: requests.stop() })
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  } finally {
    clearInterval(timer)
    // the port keeps the thread alive: close it once the last message is posted
    port.close()
  }
}
