/**
 * @module init/init
 * `rollgate init` as a service: refuse to overwrite, discover, decide, write the plan document,
 * check it against the plan schema, write it. The generated text is parsed exactly as `rollgate
 * validate` would before it is written: init never leaves behind a plan that does not load.
 */
import { parsePlan } from '../plan/load.ts'
import { discover, type Endpoints } from './discover.ts'
import { findingsOf } from './findings.ts'
import { planDocument, renderPlan } from './plan-document.ts'
import type { Naming } from './replication.ts'
import { summaryLines } from './summary.ts'
import { refuseExisting, writePlan } from './write-plan.ts'

export interface InitRequest {
  source: Endpoints
  target: Endpoints
  /** replication naming; detected when absent */
  naming?: Naming | undefined
  /** where to write, as the operator named it */
  planFile: string
  force: boolean
  /** `--timeout` as given (also written as gates.timeout) and in milliseconds */
  timeout: { text: string, ms: number }
}

export interface InitResult {
  planFile: string
  summary: string[]
  warnings: string[]
}

export async function runInit (request: InitRequest): Promise<InitResult> {
  // before any cluster is contacted: an existing plan is the operator's work
  refuseExisting(request.planFile, request.force)
  const discovery = await discover({ source: request.source, target: request.target, timeoutMs: request.timeout.ms })
  const found = findingsOf(discovery, { naming: request.naming })
  const document = planDocument(discovery, found, { timeout: request.timeout.text })
  const text = renderPlan(discovery, document, { generatedAt: discovery.discoveredAt, file: request.planFile })
  try {
    parsePlan(text, request.planFile, {})
  } catch (error) {
    // what init generates must validate: anything else is a bug in init, not bad input
    throw new Error(`rollgate init generated a plan that does not validate:\n${(error as Error).message}`, { cause: error })
  }
  writePlan(request.planFile, text, request.force)
  return { planFile: request.planFile, summary: summaryLines(discovery, found), warnings: found.warnings }
}
