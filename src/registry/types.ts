/**
 * @module registry/types
 * What a Confluent-API schema registry holds, as evidence: the global compatibility and mode, and
 * for each subject in the plan's scope its subject-level compatibility and mode and every version
 * (schema ID, type, normalised text, references). Plain JSON, so it is stored with the snapshot and
 * compared by pure functions.
 */

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF' | (string & {})

/** A reference of a schema to another subject's version (Confluent: `{ name, subject, version }`). */
export interface SchemaReference { name: string, subject: string, version: number }

export interface RegistryVersion {
  version: number
  /** the registry-wide schema ID: serializers embed it in every record (magic byte + 4-byte ID) */
  id: number
  /** AVRO when the registry does not say (Confluent omits it for Avro) */
  schemaType: SchemaType
  /** the schema text after `normaliseSchema` (formatting and key order removed, nothing else) */
  schema: string
  /** sha256 of `schema`, hex: short enough to show in a message */
  fingerprint: string
  references: SchemaReference[]
}

export interface RegistrySubject {
  name: string
  /**
   * what the registry answers for the subject's own compatibility (`GET /config/{subject}`), null
   * when it has none (Confluent: 404). Some registries (Apicurio) answer the global level there
   * instead, so the effective level (this, else the global one) is what is compared.
   */
  compatibility: string | null
  /** the same for `GET /mode/{subject}` */
  mode: string | null
  versions: RegistryVersion[]
}

export interface RegistryEvidence {
  url: string
  capturedAt: string
  /** `GET /config` */
  compatibility: string | null
  /** `GET /mode`; null when the registry has no mode endpoint (404) */
  mode: string | null
  /** the subjects of the plan's scope (`schemas.subjects`, else all), sorted by name */
  subjects: RegistrySubject[]
}

/**
 * One side's registry in a snapshot: captured, not configured in the plan, or failed with the
 * reason (fail closed: a registry that could not be read is never taken as an empty one).
 */
export type RegistrySideEvidence =
  | { status: 'ok', registry: RegistryEvidence }
  | { status: 'not-configured' }
  | { status: 'unreachable' | 'error', url: string, error: string, at: string }
