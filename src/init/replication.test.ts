import { test } from 'node:test'
import assert from 'node:assert/strict'
import { detectReplication } from './replication.ts'

const dataTopics = ['orders', 'payments']
const sourceTopics = [...dataTopics, 'mm2-offset-syncs.target.internal']

test('same-name copies and MirrorMaker 2 traces: mirrormaker2, identity', () => {
  const guess = detectReplication({ sourceTopics, targetTopics: ['orders', 'payments', 'heartbeats', 'source.checkpoints.internal'], dataTopics })
  assert.equal(guess.kind, 'mirrormaker2')
  assert.equal(guess.naming, 'identity')
  assert.equal(guess.namingFrom, 'detected')
  assert.equal(guess.sourceAlias, 'source')
  assert.equal(guess.targetAlias, 'target')
  assert.equal(guess.offsetSyncsLocation, 'source')
  assert.deepEqual(guess.evidence, { sameName: 2, prefixed: 0, prefixAlias: 'source', traces: ['source:mm2-offset-syncs.target.internal', 'target:source.checkpoints.internal'] })
  assert.deepEqual(guess.warnings, [])
})

test('prefixed copies and no same-name ones: prefix, with the alias read from the target', () => {
  const guess = detectReplication({
    sourceTopics: [...dataTopics, 'mm2-offset-syncs.dc2.internal'],
    targetTopics: ['dc1.orders', 'dc1.payments', 'dc1.heartbeats', 'dc1.checkpoints.internal', 'heartbeats'],
    dataTopics,
  })
  assert.equal(guess.kind, 'mirrormaker2')
  assert.equal(guess.naming, 'prefix')
  assert.equal(guess.sourceAlias, 'dc1')
  assert.equal(guess.targetAlias, 'dc2')
  assert.equal(guess.evidence.prefixed, 2)
  assert.deepEqual(guess.warnings, [])
})

test('both kinds of copies: identity, with a warning to check', () => {
  const guess = detectReplication({ sourceTopics, targetTopics: ['orders', 'source.payments', 'source.checkpoints.internal'], dataTopics })
  assert.equal(guess.naming, 'identity')
  assert.match(guess.warnings.join('\n'), /both same-name \(1\) and source\.<topic> \(1\)/)
})

test('no copies and no traces: none', () => {
  const guess = detectReplication({ sourceTopics: dataTopics, targetTopics: ['other'], dataTopics })
  assert.equal(guess.kind, 'none')
  assert.equal(guess.naming, 'identity')
  assert.deepEqual(guess.warnings, [])
})

test('an offset-syncs topic on the source alone means mirrormaker2 (no copies yet)', () => {
  const guess = detectReplication({ sourceTopics, targetTopics: [], dataTopics })
  assert.equal(guess.kind, 'mirrormaker2')
  assert.match(guess.warnings.join('\n'), /no copy of a source topic yet/)
})

test('copies without MirrorMaker 2 traces: mirrormaker2 as a guess, said so', () => {
  const guess = detectReplication({ sourceTopics: dataTopics, targetTopics: ['orders'], dataTopics })
  assert.equal(guess.kind, 'mirrormaker2')
  assert.match(guess.warnings.join('\n'), /is a guess \(offset-preserving for cluster-link style replication\)/)
})

test('offset-syncs kept on the target: location target, source alias from its name', () => {
  const guess = detectReplication({ sourceTopics: dataTopics, targetTopics: ['east.orders', 'east.payments', 'mm2-offset-syncs.east.internal'], dataTopics })
  assert.equal(guess.offsetSyncsLocation, 'target')
  assert.equal(guess.naming, 'prefix')
  assert.equal(guess.sourceAlias, 'east')
})

test('--naming wins, and a disagreement with the copies is reported', () => {
  const guess = detectReplication({ sourceTopics, targetTopics: ['orders', 'payments'], dataTopics, naming: 'prefix' })
  assert.equal(guess.naming, 'prefix')
  assert.equal(guess.namingFrom, 'flag')
  assert.match(guess.warnings.join('\n'), /--naming prefix given, but the target's copies look like identity/)
})

test('several flows: MirrorMaker 2 default aliases preferred with identity names, and reported', () => {
  const guess = detectReplication({
    sourceTopics: [...dataTopics, 'mm2-offset-syncs.target.internal', 'mm2-offset-syncs.tgt0.internal'],
    targetTopics: ['orders', 'payments', 'src0.orders', 'source.checkpoints.internal', 'src0.checkpoints.internal'],
    dataTopics,
  })
  assert.equal(guess.naming, 'identity')
  assert.equal(guess.sourceAlias, 'source')
  assert.equal(guess.targetAlias, 'target')
  const warnings = guess.warnings.join('\n')
  assert.match(warnings, /several MirrorMaker 2 source aliases \(source, src0\)/)
  assert.match(warnings, /several MirrorMaker 2 target aliases \(target, tgt0\)/)
})
