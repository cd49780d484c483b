/**
 * Benchmark (not a test): `rollgate verify` (both sides read, every record compared) against Kafka's
 * `ConsumerPerformance` reading ONE side of the same data, in the same run, on the same classpath;
 * and verify's peak RSS, which must not grow with the record count.
 *
 * Data: `--records` (default 5,000,000) records of `--size` bytes (default 200) in `--partitions`
 * (default 12) partitions, written by Kafka's ProducerPerformance from a file of distinct payloads
 * (lz4 batches, null keys), then copied to the target by the sandbox's MirrorMaker 2. A topic of
 * that shape left by an earlier run is reused. Each verify run is a fresh process, as an operator
 * runs it, for each `--workers` setting (default 0,1,2: in the main thread, 1 and 2 worker threads).
 *
 *   ROLLGATE_SANDBOX_DIR=<running sandbox> node bench/verify.bench.ts [--records 5000000 --size 200 --partitions 12 --workers 0,1,2 --runs 1]
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ClusterClient } from '../src/kafka/cluster-client.ts'
import type { VerifyResult } from '../src/verify/types.ts'
import { benchSandbox, createMissingTopics, javaTool, median, say, sleep, writeBenchPlan } from './support.ts'

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '5000000' },
    size: { type: 'string', default: '200' },
    partitions: { type: 'string', default: '12' },
    workers: { type: 'string', default: '0,1,2' },
    runs: { type: 'string', default: '1' },
  },
})
const records = Number(args.records)
const size = Number(args.size)
const partitions = Number(args.partitions)
const workerSettings = args.workers.split(',').map(Number)
const runs = Number(args.runs)

const { source, target, lib, naming } = benchSandbox()
const topic = `bench-verify-${records}x${size}b-${partitions}p`
const copy = naming === 'identity' ? topic : `source.${topic}`

async function ends (bootstrap: string, name: string): Promise<number> {
  const client = new ClusterClient({ name: 'cluster', bootstrap: [bootstrap], timeoutMs: 60_000 })
  try {
    if (!(await client.listTopics()).includes(name)) return 0
    return (await client.offsets(Array.from({ length: partitions }, (_, partition) => ({ topic: name, partition })), 'latest')).reduce((s, o) => s + o.offset, 0)
  } finally {
    await client.close()
  }
}

async function prepare (dir: string): Promise<void> {
  if (await ends(source, topic) < records) {
    await createMissingTopics(source, [topic], partitions)
    // distinct payloads, picked at random per record: neighbours differ, batches compress like real data
    const payloads = join(dir, 'payloads.txt')
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    writeFileSync(payloads, Array.from({ length: 20_000 }, () => Array.from({ length: size }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')).join('\n'))
    say(`producing ${records.toLocaleString('en-US')} records of ${size} bytes to ${topic} (ProducerPerformance)`)
    await javaTool(lib, 'org.apache.kafka.tools.ProducerPerformance', ['--topic', topic, '--num-records', String(records - await ends(source, topic)),
      '--payload-file', payloads, '--throughput', '-1', '--producer-props', `bootstrap.servers=${source}`, 'acks=1', 'linger.ms=20', 'batch.size=262144', 'compression.type=lz4'], ['-Xmx512m'])
  }
  const want = await ends(source, topic)
  for (let last = -1; ;) {
    const copied = await ends(target, copy)
    if (copied >= want) break
    if (copied !== last) say(`waiting for MirrorMaker 2: ${copied.toLocaleString('en-US')}/${want.toLocaleString('en-US')} copied`)
    last = copied
    await sleep(5000)
  }
}

/** One verify process; wall time and peak RSS measured from outside (GNU time), the rest from its result. */
function verify (plan: string, workers: number): Promise<{ ms: number, externalPeakRssKb: number, result: VerifyResult }> {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/rollgate.js', 'verify', '--plan', plan, '--topic', topic, '--format', 'json', '--progress', 'none', '--no-invariants', '--workers', String(workers)],
      { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.on('error', reject)
    child.on('close', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      try {
        resolvePromise({ ms, externalPeakRssKb: Number(stderr.trim().split('\n').pop()), result: JSON.parse(stdout) as VerifyResult })
      } catch {
        reject(new Error(`verify failed: ${stderr}`))
      }
    })
  })
}

async function consumerPerformance (): Promise<{ ms: number, recordsPerSecond: number, fetchRecordsPerSecond: number }> {
  const t0 = process.hrtime.bigint()
  const { stdout } = await javaTool(lib, 'org.apache.kafka.tools.ConsumerPerformance', ['--bootstrap-server', source, '--topic', topic,
    '--num-records', String(records), '--timeout', '120000', '--hide-header'], ['-Xmx512m'])
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  // start, end, MB, MB/s, records, records/s, rebalance ms, fetch ms, fetch MB/s, fetch records/s
  const cols = stdout.trim().split('\n').pop()!.split(',').map((c) => c.trim())
  return { ms, recordsPerSecond: Number(cols[5]), fetchRecordsPerSecond: Number(cols[9]) }
}

const { dir, plan } = writeBenchPlan('verify', { topics: [`names: [${topic}]\n    criticality: critical`] })

await prepare(dir)
const verifyRuns: Record<string, Array<{ ms: number, compared: number, recordsPerSecond: number, peakRssMb: number, externalPeakRssMb: number, clean: boolean }>> = {}
const javaRuns: Array<Awaited<ReturnType<typeof consumerPerformance>>> = []
for (let i = 0; i < runs; i++) {
  for (const workers of workerSettings) {
    say(`verify --workers ${workers} (run ${i + 1}/${runs})`)
    const v = await verify(plan, workers)
    const parts = v.result.topics[0]!.partitions
    ;(verifyRuns[`workers=${workers}`] ??= []).push({
      ms: Math.round(v.ms),
      compared: v.result.run.compared,
      // records compared per second of the whole process, start-up included (as ConsumerPerformance's nMsg.sec includes its start)
      recordsPerSecond: Math.round(v.result.run.compared / (v.ms / 1000)),
      peakRssMb: Math.round(v.result.run.peakRssBytes / 1048576),
      externalPeakRssMb: Math.round(v.externalPeakRssKb / 1024),
      clean: parts.every((p) => p.status === 'clean'),
    })
  }
  say(`ConsumerPerformance (run ${i + 1}/${runs})`)
  javaRuns.push(await consumerPerformance())
}
const javaRate = median(javaRuns.map((r) => r.recordsPerSecond))
const javaFetchRate = median(javaRuns.map((r) => r.fetchRecordsPerSecond))
process.stdout.write(JSON.stringify({
  records,
  recordSizeBytes: size,
  partitions,
  runs,
  verify: Object.fromEntries(Object.entries(verifyRuns).map(([k, list]) => [k, {
    recordsComparedPerSecond: median(list.map((r) => r.recordsPerSecond)),
    ms: median(list.map((r) => r.ms)),
    peakRssMb: Math.max(...list.map((r) => r.externalPeakRssMb)),
    clean: list.every((r) => r.clean),
    ratioToConsumerPerformance: Number((median(list.map((r) => r.recordsPerSecond)) / javaRate).toFixed(2)),
    ratioToConsumerPerformanceFetchRate: Number((median(list.map((r) => r.recordsPerSecond)) / javaFetchRate).toFixed(2)),
    all: list,
  }])),
  consumerPerformanceOneSide: { recordsPerSecond: javaRate, fetchRecordsPerSecond: javaFetchRate, all: javaRuns.map((r) => ({ ...r, ms: Math.round(r.ms) })) },
  goal: 'verify >= 0.5x ConsumerPerformance single-side records/s; peak RSS < 300 MB whatever the record count',
}, null, 2) + '\n')
