/**
 * @module registry/fixtures
 * Registry evidence for tests: `orders-value` (two Avro versions) and `payments-value` (one), the
 * same on both sides unless a test changes one. Builders take overrides.
 */
import { normaliseSchema, schemaFingerprint } from './normalise.ts'
import type { RegistryEvidence, RegistrySubject, RegistryVersion } from './types.ts'

export const registryCapturedAt = '2026-03-02T10:00:00.000Z'

export function schemaVersion (version: number, id: number, text: string, extra: Partial<RegistryVersion> = {}): RegistryVersion {
  const schemaType = extra.schemaType ?? 'AVRO'
  const schema = normaliseSchema(schemaType, text)
  return { version, id, schemaType, schema, fingerprint: schemaFingerprint(schema), references: [], ...extra }
}

export const orderV1 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}'
export const orderV2 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":0}]}'
export const paymentV1 = '{"type":"record","name":"Payment","fields":[{"name":"id","type":"string"}]}'

export function subject (name: string, versions: RegistryVersion[], extra: Partial<RegistrySubject> = {}): RegistrySubject {
  return { name, compatibility: null, mode: null, versions, ...extra }
}

export function registry (extra: Partial<RegistryEvidence> = {}): RegistryEvidence {
  return {
    url: 'http://registry.example/apis/ccompat/v7',
    capturedAt: registryCapturedAt,
    compatibility: 'BACKWARD',
    mode: 'READWRITE',
    subjects: [
      subject('orders-value', [schemaVersion(1, 11, orderV1), schemaVersion(2, 12, orderV2)]),
      subject('payments-value', [schemaVersion(1, 21, paymentV1)]),
    ],
    ...extra,
  }
}
