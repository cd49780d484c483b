/**
 * @module replication/wire
 * The slice of Kafka's protocol `Struct` encoding that MirrorMaker 2's internal records use
 * (org.apache.kafka.common.protocol.types: INT16, INT32, INT64, STRING), and the result every codec
 * in this folder returns.
 *
 * Encoding, as Kafka's `Type` classes write it: fixed-width big-endian integers; STRING = INT16 byte
 * length, then that many UTF-8 bytes (a negative length is an error: STRING is not nullable).
 * Fields follow each other with no tags or padding, so a reader must know the schema.
 *
 * Decoding is faithful to `Schema.read` in the two places where being stricter would reject records
 * Kafka accepts: bytes after the last field are ignored, and malformed UTF-8 becomes U+FFFD (Java's
 * `new String(bytes, UTF_8)` replaces it the same way).
 *
 * Why a result union instead of throwing: rollgate reads whole topics (thousands of records written
 * by other processes). One tombstone, one record from a newer MirrorMaker or one corrupt record must
 * not abort the reading of the rest — MirrorMaker 2's own readers log and skip too (CheckpointStore
 * catches SchemaException). Decoders therefore never throw on record bytes; the caller decides
 * what a skipped or invalid record means for its answer. Encoders, whose input is our own code,
 * throw RollgateError on values the schema cannot carry.
 */
import { ExitCode, RollgateError } from '../errors.ts'

export type Bytes = Uint8Array

/** What decoding one record gave. */
export type Decoded<T, K = undefined> =
  | { kind: 'ok', value: T }
  /**
   * A well-formed record this version of rollgate does not interpret: a tombstone (null value) or a
   * value whose version field is not the one we know. `key` is set when the key itself decoded.
   */
  | { kind: 'skipped', reason: 'tombstone' | 'unsupported-version', warning: string, key?: K, version?: number }
  /** bytes that do not follow the schema (truncated, negative string length, missing key) */
  | { kind: 'invalid', error: RollgateError }

export const decodeErrorCode = 'RG_REPLICATION_DECODE'
export const encodeErrorCode = 'RG_REPLICATION_ENCODE'

export function decodeError (message: string): RollgateError {
  return new RollgateError(decodeErrorCode, message, ExitCode.badInput)
}

function encodeError (message: string): RollgateError {
  return new RollgateError(encodeErrorCode, message, ExitCode.badInput)
}

const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n
const utf8 = new TextDecoder('utf-8', { fatal: false })

/** Reads fields in schema order; every read checks the remaining length first. */
export class StructReader {
  readonly #view: DataView
  readonly #bytes: Bytes
  readonly #what: string
  #position = 0

  /** `what` names the structure in error messages, e.g. `checkpoint key` */
  constructor (bytes: Bytes, what: string) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#what = what
  }

  /** bytes not consumed by the fields read so far */
  get remaining (): number {
    return this.#bytes.byteLength - this.#position
  }

  #need (field: string, size: number): void {
    if (this.remaining < size) {
      throw decodeError(`${this.#what}: truncated at byte ${this.#position} reading ${field} (needs ${size} bytes, ${this.remaining} left of ${this.#bytes.byteLength})`)
    }
  }

  int16 (field: string): number {
    this.#need(field, 2)
    const value = this.#view.getInt16(this.#position, false)
    this.#position += 2
    return value
  }

  int32 (field: string): number {
    this.#need(field, 4)
    const value = this.#view.getInt32(this.#position, false)
    this.#position += 4
    return value
  }

  int64 (field: string): bigint {
    this.#need(field, 8)
    const value = this.#view.getBigInt64(this.#position, false)
    this.#position += 8
    return value
  }

  string (field: string): string {
    const length = this.int16(`${field} length`)
    if (length < 0) throw decodeError(`${this.#what}: ${field} has negative length ${length} at byte ${this.#position - 2} (STRING is not nullable)`)
    this.#need(field, length)
    const value = utf8.decode(this.#bytes.subarray(this.#position, this.#position + length))
    this.#position += length
    return value
  }
}

/** Appends fields in schema order; `bytes()` gives the encoded struct. */
export class StructWriter {
  readonly #chunks: Buffer[] = []
  readonly #what: string

  constructor (what: string) {
    this.#what = what
  }

  int16 (field: string, value: number): this {
    if (!Number.isInteger(value) || value < -32768 || value > 32767) throw encodeError(`${this.#what}: ${field} ${value} is not an INT16`)
    const b = Buffer.alloc(2)
    b.writeInt16BE(value)
    this.#chunks.push(b)
    return this
  }

  int32 (field: string, value: number): this {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) throw encodeError(`${this.#what}: ${field} ${value} is not an INT32`)
    const b = Buffer.alloc(4)
    b.writeInt32BE(value)
    this.#chunks.push(b)
    return this
  }

  int64 (field: string, value: bigint): this {
    if (value < int64Min || value > int64Max) throw encodeError(`${this.#what}: ${field} ${value} is not an INT64`)
    const b = Buffer.alloc(8)
    b.writeBigInt64BE(value)
    this.#chunks.push(b)
    return this
  }

  string (field: string, value: string): this {
    const encoded = Buffer.from(value, 'utf8')
    // Kafka's Type.STRING refuses the same: its length prefix is a signed INT16
    if (encoded.byteLength > 32767) throw encodeError(`${this.#what}: ${field} is ${encoded.byteLength} UTF-8 bytes, more than a STRING holds (32767)`)
    this.int16(`${field} length`, encoded.byteLength)
    this.#chunks.push(encoded)
    return this
  }

  bytes (): Buffer {
    return Buffer.concat(this.#chunks)
  }
}

/** Runs a decoder body, turning its decode errors into an `invalid` result; anything else is a bug and propagates. */
export function decodeSafely<T, K> (body: () => Decoded<T, K>): Decoded<T, K> {
  try {
    return body()
  } catch (error) {
    if (error instanceof RollgateError && error.code === decodeErrorCode) return { kind: 'invalid', error }
    throw error
  }
}

/** A key or value as the Kafka client hands it over: absent (null/undefined) or bytes. */
export type MaybeBytes = Bytes | null | undefined

export const isAbsent = (bytes: MaybeBytes): bytes is null | undefined => bytes === null || bytes === undefined
