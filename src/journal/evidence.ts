/**
 * @module journal/evidence
 * The evidence store, `evidence/`: content-addressed documents. The id is the sha256 of the
 * document's canonical JSON, so storing the same evidence twice is one file, a journal entry can
 * point at evidence that cannot change under it, and a read proves the bytes are what was stored.
 * Files are gzipped canonical JSON (inventories and offsets are large and repetitive).
 * A store opened read-only (a read-only state dir) refuses `put`.
 */
import { randomUUID } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { ExitCode, RollgateError } from '../errors.ts'
import { canonicalJson, sha256 } from './canonical.ts'
import { errorCode, ioError, syncDir } from './durable.ts'

export class EvidenceStore {
  readonly dir: string
  readonly readOnly: boolean

  constructor (dir: string, options: { readOnly?: boolean } = {}) {
    this.dir = dir
    this.readOnly = options.readOnly ?? false
  }

  /** Stores a document (idempotent) and returns its id. */
  put (document: unknown): string {
    if (this.readOnly) throw new RollgateError('RG_JOURNAL_REFUSED', `cannot store evidence in ${this.dir}: the state dir was opened read-only`, ExitCode.refused)
    const text = canonicalJson(document)
    const id = sha256(text)
    const path = this.#path(id)
    if (existsSync(path)) return id
    // temp file + fsync + rename: a crash leaves the whole document or none, never a partial one
    const temp = join(this.dir, `.tmp-${process.pid}-${randomUUID()}`)
    try {
      const fd = openSync(temp, 'wx')
      try {
        writeFileSync(fd, gzipSync(text))
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(temp, path)
      syncDir(this.dir)
    } catch (error) {
      rmSync(temp, { force: true })
      throw ioError(`cannot store evidence in ${this.dir}`, error)
    }
    return id
  }

  /** The document stored under `id`, after checking it still hashes to `id`. */
  get (id: string): unknown {
    // also keeps an id from naming a path outside the store
    if (!/^[0-9a-f]{64}$/.test(id)) throw new RollgateError('RG_JOURNAL_EVIDENCE_MISSING', `'${id}' is not an evidence id (64 hex digits)`, ExitCode.badInput)
    let bytes: Buffer
    try {
      bytes = readFileSync(this.#path(id))
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new RollgateError('RG_JOURNAL_EVIDENCE_MISSING', `no evidence ${id} in ${this.dir}`, ExitCode.badInput)
      throw ioError(`cannot read evidence ${id}`, error)
    }
    let text: string | undefined
    try {
      text = gunzipSync(bytes).toString('utf8')
    } catch {}
    if (text === undefined || sha256(text) !== id) {
      throw new RollgateError('RG_JOURNAL_EVIDENCE_CORRUPT', `evidence ${id} in ${this.dir} no longer matches its hash: it was altered or damaged`, ExitCode.refused)
    }
    return JSON.parse(text)
  }

  #path (id: string): string {
    return join(this.dir, `${id}.json.gz`)
  }
}

/** What reading evidence needs: pure computations take this, never the store that can write. */
export type EvidenceReader = Pick<EvidenceStore, 'get'>
