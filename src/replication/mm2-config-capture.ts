/**
 * @module replication/mm2-config-capture
 * Reads the MirrorMaker 2 properties file the plan points to (`replication.mm2Config`) for the
 * snapshot, keeping only the settings that decide group offset sync (mm2-config.ts): the file's
 * credentials never reach the evidence store. A file that cannot be read is recorded with why.
 */
import { readFile } from 'node:fs/promises'
import type { Plan } from '../plan/schema.ts'
import { type Mm2ConfigEvidence, parseProperties, relevantProperties } from './mm2-config.ts'

export async function captureMm2Config (plan: Pick<Plan, 'replication'>): Promise<Mm2ConfigEvidence> {
  const path = plan.replication.mm2Config
  if (path === undefined) return { status: 'not-configured' }
  try {
    return { status: 'ok', path, properties: relevantProperties(parseProperties(await readFile(path, 'utf8'))) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { status: 'error', path, error: code ? `cannot read ${path} (${code})` : String(error) }
  }
}
