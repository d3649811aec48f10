// src/protocol/messages.ts, the request types handlers are written against: the committed file is
// what scripts/generate-message-types.ts makes from today's descriptors, and requests decoded by
// the services' deserializers (both transports use them) have the shapes it declares.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MESSAGES_FILE, REPO_ROOT, generateMessageTypes } from '../../scripts/generate-message-types.js';
import { ELANUS_ALIAS_SERVICE, MILVUS_SERVICE } from '../../src/protocol/descriptors.js';
import type { ElanusAliasServiceRequests, MilvusServiceRequests } from '../../src/protocol/messages.js';

test('messages.ts is what the generator makes from the current descriptors', () => {
  const committed = readFileSync(`${REPO_ROOT}${MESSAGES_FILE}`, 'utf8');
  assert.ok(
    committed === generateMessageTypes(),
    `${MESSAGES_FILE} is stale: run \`npm run build && node dist/scripts/generate-message-types.js\` and commit it`,
  );
});

/** `request` through the method's serializer and deserializer, as a handler receives it. */
function wire<M extends keyof MilvusServiceRequests>(method: M, request: object): MilvusServiceRequests[M] {
  const def = MILVUS_SERVICE[method]!;
  return def.requestDeserialize(def.requestSerialize(request)) as MilvusServiceRequests[M];
}

test('decoded requests: defaults for absent scalars, null messages, Buffers, int64 strings, enum names', () => {
  const req = wire('CreateCollection', { collection_name: 'c' });
  assert.equal(req.collection_name, 'c');
  assert.equal(req.db_name, '');
  assert.equal(req.base, null);
  assert.ok(Buffer.isBuffer(req.schema) && req.schema.length === 0);
  assert.equal(req.shards_num, 0);
  assert.equal(req.num_partitions, '0');
  assert.equal(req.consistency_level, 'Strong');
  assert.deepEqual(req.properties, []);

  const sent = wire('CreateCollection', { schema: Buffer.from([1, 2]), num_partitions: 7, consistency_level: 'Bounded' });
  assert.ok(Buffer.isBuffer(sent.schema));
  assert.deepEqual([...sent.schema], [1, 2]);
  assert.equal(sent.num_partitions, '7');
  assert.equal(sent.consistency_level, 'Bounded');
  // A level these descriptors do not name stays a number.
  assert.equal(wire('CreateCollection', { consistency_level: 99 }).consistency_level, 99);
});

test('decoded requests: oneof members only when set, with the oneof naming them; FloatArray as Float32Array', () => {
  const insert = wire('Insert', {
    collection_name: 'c',
    num_rows: 1,
    fields_data: [{ type: 'FloatVector', field_name: 'v', vectors: { dim: '2', float_vector: { data: [0.5, 1] } } }],
  });
  assert.equal(insert.schema_timestamp, '0');
  assert.ok(!('namespace' in insert) && !('_namespace' in insert));
  const [column] = insert.fields_data;
  assert.equal(column!.field, 'vectors');
  assert.ok(!('scalars' in column!));
  assert.equal(column!.vectors!.data, 'float_vector');
  assert.equal(column!.vectors!.dim, '2');
  assert.ok(column!.vectors!.float_vector!.data instanceof Float32Array);
  assert.deepEqual([...column!.vectors!.float_vector!.data], [0.5, 1]);
  assert.deepEqual(column!.valid_data, []);

  const withNamespace = wire('Insert', { namespace: '' });
  assert.equal(withNamespace.namespace, '');
  assert.equal(withNamespace._namespace, 'namespace');

  const search = wire('Search', { placeholder_group: Buffer.from([9]), expr_template_values: { x: { int64_val: 5 } } });
  assert.equal(search.search_input, 'placeholder_group');
  assert.ok(Buffer.isBuffer(search.placeholder_group));
  assert.equal(search.ids, undefined);
  assert.equal(search.expr_template_values['x']!.val, 'int64_val');
  assert.equal(search.expr_template_values['x']!.int64_val, '5');
  assert.deepEqual(wire('Search', {}).expr_template_values, {});
});

test('decoded requests of the Elanus alias service: int64 as strings, repeated messages as arrays', () => {
  const def = ELANUS_ALIAS_SERVICE['RollbackAlias']!;
  const rollback = def.requestDeserialize(def.requestSerialize({ alias: 'a' })) as ElanusAliasServiceRequests['RollbackAlias'];
  assert.deepEqual(rollback, { db_name: '', alias: 'a', to_version: '0' });
  const switchDef = ELANUS_ALIAS_SERVICE['SwitchAliases']!;
  const switched = switchDef.requestDeserialize(switchDef.requestSerialize({})) as ElanusAliasServiceRequests['SwitchAliases'];
  assert.deepEqual(switched.actions, []);
});
