/**
 * @module gates/checks/parity-credentials
 * `parity.credentials`: every user with SCRAM credentials on the source has them on the target for
 * the same mechanisms, under its mapped principal, and each plan client's principal is a SCRAM user
 * there (diff/credentials.ts). It reads each side's `credentials` (diff/scram-capture.ts, captured
 * by the snapshot beside the inventory); a snapshot without them (older ones) makes it `unknown`.
 */
import { diffCredentials } from '../../diff/credentials.ts'
import { evidenceCheck } from '../evidence.ts'
import { partResults } from './parity-part.ts'

const id = 'parity.credentials'

export const parityCredentials = evidenceCheck({
  id,
  title: 'every SCRAM user of the source has credentials on the target for the same mechanisms (principals mapped)',
  sides: ['source', 'target'],
  run: ({ plan }, { source, target }) => partResults(id, 'credentials',
    diffCredentials(plan, source.credentials, target.credentials),
    (n) => `${n} SCRAM user(s) and client principal(s) of the source have credentials on the target for the same mechanisms`),
})
