import { test } from 'node:test'
import assert from 'node:assert/strict'
import { groupOffsetSync, parseProperties, relevantProperties } from './mm2-config.ts'

test('Java properties: separators, comments, continuations and escapes', () => {
  const parsed = parseProperties([
    '# a comment', '! another', '  clusters = source, target', 'source->target.groups:orders-.*,\\', '   billing', 'key\\ with\\ spaces value',
    'source.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required password="s3cret";', 'empty=',
  ].join('\n'))
  assert.equal(parsed.clusters, 'source, target')
  assert.equal(parsed['source->target.groups'], 'orders-.*,billing')
  assert.equal(parsed['key with spaces'], 'value')
  assert.equal(parsed.empty, '')
  // only what decides group offset sync is kept: never the credentials
  assert.deepEqual(Object.keys(relevantProperties(parsed)), ['clusters', 'source->target.groups'])
})

const sandbox = parseProperties([
  'clusters=source, target', 'source->target.enabled=true', 'target->source.enabled=false', 'source->target.groups=.*',
  'sync.group.offsets.enabled=true',
].join('\n'))

test('the sandbox flow syncs every group but the default exclusions', () => {
  const sync = groupOffsetSync(sandbox, 'source', 'target', 'billing')
  assert.equal(sync.synced, true)
  assert.deepEqual(sync.settings['sync.group.offsets.enabled'], { value: 'true', key: 'sync.group.offsets.enabled' })
  assert.deepEqual(sync.settings.groups, { value: '.*', key: 'source->target.groups' })
  const connect = groupOffsetSync(sandbox, 'source', 'target', 'connect-cluster')
  assert.deepEqual(connect.synced === false && connect.because, 'groups.exclude=console-consumer-.*, connect-.*, __.* excludes it')
})

test('the flow-scoped setting wins; groups.exclude (and its old name) keeps a group out; regexes match whole ids', () => {
  const excluded = { ...sandbox, 'source->target.groups.exclude': 'billing, audit-.*' }
  assert.equal(groupOffsetSync(excluded, 'source', 'target', 'billing').synced, false)
  assert.equal(groupOffsetSync(excluded, 'source', 'target', 'billing-v2').synced, true, 'billing must not match billing-v2')
  assert.equal(groupOffsetSync({ ...sandbox, 'groups.blacklist': 'billing' }, 'source', 'target', 'billing').synced, false)
  const off = groupOffsetSync({ ...sandbox, 'source->target.sync.group.offsets.enabled': 'false' }, 'source', 'target', 'billing')
  assert.deepEqual(off.synced === false && off.because, 'source->target.sync.group.offsets.enabled=false')
  const byDefault = groupOffsetSync({ clusters: 'source,target' }, 'source', 'target', 'billing')
  assert.deepEqual(byDefault.synced === false && byDefault.because, 'sync.group.offsets.enabled=false (the default)')
  assert.equal(groupOffsetSync({ ...sandbox, 'source->target.groups': 'orders-.*' }, 'source', 'target', 'billing').synced, false)
  assert.equal(groupOffsetSync({ ...sandbox, 'source->target.enabled': 'false' }, 'source', 'target', 'billing').synced, false)
})

test('a file for other clusters, or a regex JavaScript cannot read, cannot say', () => {
  assert.equal(groupOffsetSync(sandbox, 'src0', 'tgt0', 'billing').synced, null)
  assert.equal(groupOffsetSync({ ...sandbox, 'source->target.groups': '(?<!x' }, 'source', 'target', 'billing').synced, null)
})
