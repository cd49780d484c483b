/**
 * @module rehearse/sink
 * The rehearsal consumer's side effect: a real database table (SQLite, `node:sqlite`), in one of
 * two modes — `upsert` (idempotent: one row per sequence number, a replay only updates it) or
 * `insert` (non-idempotent: every processing adds a row, so a replay shows as duplicate rows, as a
 * payments or e-mail sink would). Beside it, in the same transaction, the delivery log: one row per
 * processing, with the stage it happened in — the instrument the measurements are read from, with
 * SQL aggregates (memory does not grow with the records).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite'

export type SinkMode = 'upsert' | 'insert'

/** Where the consumer was when it processed a record. */
export type Stage = 'before-move' | 'on-target' | 'after-rollback'

export interface Delivery {
  seq: number
  stage: Stage
  cluster: 'source' | 'target'
  topic: string
  partition: number
  offset: number
  producedAt: number
  processedAt: number
}

export interface SinkFacts {
  mode: SinkMode
  /** rows in the side-effect table */
  rows: number
  /** distinct sequence numbers in it */
  distinct: number
  /** rows beyond one per sequence number: what a replay did to a non-idempotent sink */
  duplicateRows: number
}

export interface DeliveryFacts {
  deliveries: number
  /** distinct sequence numbers in [0, produced) processed at least once */
  distinct: number
  /** sequence numbers in [0, produced) never processed: how many, and the first few */
  missing: { count: number, first: number[] }
  /** sequence numbers processed more than once, and the processings beyond the first */
  duplicates: { sequences: number, extra: number, first: number[], producedSpanMs: number | null }
  /** processed before and again after the move to the target */
  atMove: number
  /** processed before the rollback (anywhere) and again after it */
  atRollback: number
  /** the first processing after the rollback */
  firstAfterRollback: number | null
  byStage: Record<Stage, number>
}

export class RehearsalSink {
  readonly file: string
  readonly mode: SinkMode
  readonly #db: DatabaseSync
  readonly #log: StatementSync
  readonly #effect: StatementSync

  constructor (file: string, mode: SinkMode) {
    this.file = file
    this.mode = mode
    this.#db = new DatabaseSync(file)
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL, stage TEXT NOT NULL, cluster TEXT NOT NULL,
        topic TEXT NOT NULL, partition INTEGER NOT NULL, "offset" INTEGER NOT NULL, produced_at INTEGER NOT NULL, processed_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS deliveries_seq ON deliveries (seq);
      CREATE TABLE IF NOT EXISTS orders_upsert (seq INTEGER PRIMARY KEY, origin TEXT NOT NULL, produced_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, writes INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS orders_insert (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL, origin TEXT NOT NULL, produced_at INTEGER NOT NULL, inserted_at INTEGER NOT NULL);
    `)
    this.#log = this.#db.prepare('INSERT INTO deliveries (seq, stage, cluster, topic, partition, "offset", produced_at, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    this.#effect = mode === 'upsert'
      ? this.#db.prepare('INSERT INTO orders_upsert (seq, origin, produced_at, updated_at, writes) VALUES (?, ?, ?, ?, 1) ON CONFLICT (seq) DO UPDATE SET updated_at = excluded.updated_at, writes = writes + 1')
      : this.#db.prepare('INSERT INTO orders_insert (seq, origin, produced_at, inserted_at) VALUES (?, ?, ?, ?)')
  }

  /** The side effect and its delivery-log row, in one transaction. */
  process (d: Delivery, origin: string): void {
    this.#db.exec('BEGIN')
    try {
      this.#effect.run(d.seq, origin, d.producedAt, d.processedAt)
      this.#log.run(d.seq, d.stage, d.cluster, d.topic, d.partition, d.offset, d.producedAt, d.processedAt)
      this.#db.exec('COMMIT')
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
  }

  /** Distinct sequence numbers processed so far (all stages). */
  processed (): number {
    return Number((this.#db.prepare('SELECT COUNT(DISTINCT seq) AS n FROM deliveries').get() as { n: number }).n)
  }

  sinkFacts (): SinkFacts {
    const table = this.mode === 'upsert' ? 'orders_upsert' : 'orders_insert'
    const row = this.#db.prepare(`SELECT COUNT(*) AS rows, COUNT(DISTINCT seq) AS d FROM ${table}`).get() as { rows: number, d: number }
    return { mode: this.mode, rows: Number(row.rows), distinct: Number(row.d), duplicateRows: Number(row.rows) - Number(row.d) }
  }

  deliveryFacts (produced: number, rollbackAt: number | null): DeliveryFacts {
    const get = <T> (sql: string, ...params: Array<number | string>): T => this.#db.prepare(sql).get(...params) as T
    const all = <T> (sql: string, ...params: Array<number | string>): T[] => this.#db.prepare(sql).all(...params) as T[]
    const totals = get<{ n: number, d: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM deliveries WHERE seq >= 0 AND seq < ?', produced)
    // the gaps in [0, produced): runs of missing numbers between consecutive processed ones
    const gaps = all<{ start: number, end: number }>(`
      WITH s AS (SELECT DISTINCT seq FROM deliveries WHERE seq >= 0 AND seq < ?1
                 UNION ALL SELECT -1 UNION ALL SELECT ?1),
           o AS (SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next FROM (SELECT DISTINCT seq FROM s))
      SELECT seq + 1 AS start, next AS end FROM o WHERE next > seq + 1 ORDER BY seq`, produced)
    const missingCount = gaps.reduce((sum, g) => sum + (g.end - g.start), 0)
    const first: number[] = []
    for (const g of gaps) for (let s = g.start; s < g.end && first.length < 20; s++) first.push(s)
    const dup = get<{ sequences: number, extra: number, lo: number | null, hi: number | null }>(`
      SELECT COUNT(*) AS sequences, COALESCE(SUM(c - 1), 0) AS extra, MIN(p) AS lo, MAX(p) AS hi
      FROM (SELECT seq, COUNT(*) AS c, MIN(produced_at) AS p FROM deliveries GROUP BY seq HAVING c > 1)`)
    const dupFirst = all<{ seq: number }>('SELECT seq FROM deliveries GROUP BY seq HAVING COUNT(*) > 1 ORDER BY seq LIMIT 20').map((r) => Number(r.seq))
    const across = (before: string, after: string) => Number(get<{ n: number }>(`
      SELECT COUNT(*) AS n FROM (SELECT seq FROM deliveries GROUP BY seq
        HAVING SUM(stage IN (${before})) > 0 AND SUM(stage IN (${after})) > 0)`).n)
    const byStage = Object.fromEntries(all<{ stage: Stage, n: number }>('SELECT stage, COUNT(*) AS n FROM deliveries GROUP BY stage').map((r) => [r.stage, Number(r.n)]))
    const firstAfter = rollbackAt === null ? null : get<{ t: number | null }>('SELECT MIN(processed_at) AS t FROM deliveries WHERE stage = \'after-rollback\' AND processed_at >= ?', rollbackAt).t
    return {
      deliveries: Number(totals.n),
      distinct: Number(totals.d),
      missing: { count: missingCount, first },
      duplicates: { sequences: Number(dup.sequences), extra: Number(dup.extra), first: dupFirst, producedSpanMs: dup.lo === null || dup.hi === null ? null : Number(dup.hi) - Number(dup.lo) },
      atMove: across('\'before-move\'', '\'on-target\''),
      atRollback: across('\'before-move\', \'on-target\'', '\'after-rollback\''),
      firstAfterRollback: firstAfter === null ? null : Number(firstAfter),
      byStage: { 'before-move': byStage['before-move'] ?? 0, 'on-target': byStage['on-target'] ?? 0, 'after-rollback': byStage['after-rollback'] ?? 0 },
    }
  }

  close (): void {
    this.#db.close()
  }
}
