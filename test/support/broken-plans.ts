/**
 * @module test/support/broken-plans
 * 25 deliberately broken plans, each the valid test/fixtures/base-plan.yaml with one mistake an
 * operator makes, and the position and message `rollgate validate` must give for it.
 */

export interface BrokenPlan {
  name: string
  /** text replaced in the base plan (must occur once), and its replacement */
  replace: [from: string, to: string]
  /** the expected first error line, without the file name: `line:col: message fragment` */
  expect: RegExp
}

export const brokenPlans: BrokenPlan[] = [
  { name: 'unclosed flow sequence', replace: ['[127.0.0.1:19094]', '[127.0.0.1:19094'], expect: /^11:1: .*flow sequence.*\]/i },
  { name: 'duplicate key', replace: ['  naming: identity', '  naming: identity\n  naming: prefix'], expect: /^14:3: .*(unique|duplicate)/i },
  { name: 'tab indentation', replace: ['  kind: mirrormaker2', '\tkind: mirrormaker2'], expect: /^12:1: .*tab/i },
  { name: 'unsupported version', replace: ['version: 1', 'version: 2'], expect: /^1:10: version: unsupported plan version/ },
  { name: 'rollback window without unit', replace: ['rollbackWindow: 72h', 'rollbackWindow: 72'], expect: /^14:17: rollbackWindow: .*expected string/ },
  { name: 'rollback window in words', replace: ['rollbackWindow: 72h', 'rollbackWindow: three days'], expect: /^14:17: rollbackWindow: expected a duration/ },
  { name: 'bad lag duration', replace: ['time: 30s', 'time: 30 secs'], expect: /^18:32: topics\[0\]\.lag\.time: expected a duration/ },
  { name: 'bad gate timeout', replace: ['timeout: 10s', 'timeout: soon'], expect: /^43:12: gates\.timeout: expected a duration/ },
  { name: 'unknown top-level key', replace: ['rollbackWindow: 72h', 'rollbackWindow: 72h\nrollbackWindo: 24h'], expect: /^15:1: .*rollbackWindo/ },
  { name: 'misspelled bootstrap', replace: ['    bootstrap: [127.0.0.1:19094]', '    boostrap: [127.0.0.1:19094]'], expect: /^10:5: clusters\.target/ },
  { name: 'bootstrap without port', replace: ['[127.0.0.1:19094]', '[127.0.0.1]'], expect: /^10:17: clusters\.target\.bootstrap\[0\]: expected host:port/ },
  { name: 'bootstrap as a string', replace: ['[127.0.0.1:19094]', '127.0.0.1:19094'], expect: /^10:16: clusters\.target\.bootstrap: .*expected array/ },
  { name: 'unknown security protocol', replace: ['protocol: SASL_SSL', 'protocol: SASL_TLS'], expect: /^7:17: clusters\.source\.security\.protocol: / },
  { name: 'literal password', replace: ['"${env:ROLLGATE_TEST_SECRET}"', 'hunter2'], expect: /^8:66: clusters\.source\.security\.sasl\.password: secrets are never written inline/ },
  { name: 'dangling env reference', replace: ['ROLLGATE_TEST_SECRET', 'ROLLGATE_NO_SUCH_VARIABLE'], expect: /^8:66: .*ROLLGATE_NO_SUCH_VARIABLE.* not set/ },
  { name: 'dangling file reference', replace: ['"${env:ROLLGATE_TEST_SECRET}"', '"${file:no/such/secret.txt}"'], expect: /^8:66: .*no\/such\/secret\.txt/ },
  { name: 'sasl without credentials', replace: ['mechanism: PLAIN, username: svc-migrate, password: "${env:ROLLGATE_TEST_SECRET}"', 'mechanism: PLAIN'], expect: /^8:13: clusters\.source\.security\.sasl\.(username|password): PLAIN needs/ },
  { name: 'unknown replication kind', replace: ['kind: mirrormaker2', 'kind: mirrormaker'], expect: /^12:9: replication\.kind: / },
  { name: 'unknown offset strategy', replace: ['strategy: translate', 'strategy: translated'], expect: /^21:15: groups\[0\]\.strategy: / },
  { name: 'strategy needs another replication', replace: ['strategy: translate', 'strategy: identical'], expect: /^21:15: groups\[0\]\.strategy: strategy identical needs replication\.kind offset-preserving/ },
  { name: 'group without owner', replace: ['    owner: billing-team\n', ''], expect: /^20:5: groups\[0\]\.owner: missing/ },
  { name: 'runbook field without owner', replace: ['schemaState: { owner: data-team, ticket: MIG-12 }', 'schemaState: { ticket: MIG-12 }'], expect: /^37:16: runbook\.schemaState\.owner: missing/ },
  { name: 'runbook field without command, dashboard or ticket', replace: ['clientSwitch: { owner: checkout-team, command: ./switch.sh target }', 'clientSwitch: { owner: checkout-team }'], expect: /^39:17: runbook\.clientSwitch: needs a command, dashboard or ticket/ },
  { name: 'non-idempotent connector without stop condition', replace: ['sideEffect: upsert', 'sideEffect: non-idempotent'], expect: /^25:5: connectors\[0\]\.(stopCondition|compensatingAction): a non-idempotent connector needs/ },
  { name: 'invalid topic regex', replace: ['  - names: [orders, payments]', '  - regex: "orders("'], expect: /^16:12: topics\[0\]\.regex: not a valid regular expression/ },
]
