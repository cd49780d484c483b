/**
 * @module diff/config-value
 * When two effective config values mean the same thing. Values are compared as the clusters report
 * them, except list-valued configs, whose order carries no meaning: `cleanup.policy` `compact,delete`
 * is `delete,compact`. Numbers are not reinterpreted: Kafka reports them in one canonical form.
 */

/** configs whose value is a comma-separated set */
const setValued = new Set(['cleanup.policy'])

export function normaliseConfigValue (name: string, value: string | null): string | null {
  if (value === null) return null
  const text = value.trim()
  if (!setValued.has(name)) return text
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '').sort().join(',')
}

export function sameConfigValue (name: string, a: string | null, b: string | null): boolean {
  return normaliseConfigValue(name, a) === normaliseConfigValue(name, b)
}
