/**
 * @module verify/pool
 * Hands partition jobs to `workers` worker threads (or runs them in this thread when 0), largest
 * first so the last partitions to finish are small ones, and gathers progress, reports and the
 * Kafka requests each thread sent.
 */
import { Worker } from 'node:worker_threads'
import { ExitCode, RollgateError } from '../errors.ts'
import { type Connections, type JobSettings, JobRunner, type PartitionJob } from './jobs.ts'
import { addCounts, countRequests } from './requests.ts'
import type { PartitionReport } from './types.ts'
import type { FromWorker, ToWorker } from './worker.ts'

export interface PoolRun {
  reports: Array<{ job: PartitionJob, report: PartitionReport }>
  /** Kafka requests sent by the worker threads (the main thread counts its own) */
  requests: Record<string, number>
}

export async function runPool (jobs: readonly PartitionJob[], workers: number, connections: Connections, settings: JobSettings, onProgress: (compared: number) => void): Promise<PoolRun> {
  const queue = [...jobs].sort((a, b) => (b.source.until - b.source.from) - (a.source.until - a.source.from))
  const reports: PoolRun['reports'] = []
  const requests: Record<string, number> = {}
  if (workers <= 0) {
    const counter = countRequests()
    const runner = new JobRunner(connections, settings)
    try {
      await runner.runAll(() => queue.shift() ?? null, onProgress, (job, report) => reports.push({ job, report }))
    } finally {
      await runner.close()
      addCounts(requests, counter.stop())
    }
    return { reports, requests }
  }
  const count = Math.max(1, Math.min(workers, queue.length))
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    // the same small young generation as the main thread's (bin/rollgate.js): two 8 MB semi-spaces and as much for new large objects
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { connections, settings }, resourceLimits: { maxYoungGenerationSizeMb: 24 } })
    const send = (message: ToWorker) => worker.postMessage(message)
    let failed: string | null = null
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'want': {
          const job = queue.shift()
          send(job ? { type: 'job', job } : { type: 'none' })
          break
        }
        case 'progress': onProgress(message.compared); break
        case 'result': reports.push({ job: message.job, report: message.report }); break
        case 'done': addCounts(requests, message.requests); break
        case 'failed': failed = message.message; break
      }
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (failed !== null || code !== 0) reject(new RollgateError('RG_VERIFY_WORKER', `a verify worker failed: ${failed ?? `exit code ${code}`}`, ExitCode.refused))
      else resolve()
    })
  })))
  return { reports, requests }
}
