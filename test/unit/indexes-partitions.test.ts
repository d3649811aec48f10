// The catalog's index and partition rules as pure functions: what the compat tests cannot reach
// yet through a server (a loaded collection comes from the data runtime's hook), plus Go's number
// formatting that index parameters go through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CatalogState,
  DataType,
  defineField,
  collections,
  indexes,
  partitions,
  type CollectionSchema,
  type FieldSchema,
  type Mutation,
} from '../../src/catalog/index.js';
import { goValueString } from '../../src/catalog/index-params.js';
import { MilvusError } from '../../src/errors.js';

let tick = 1000n;
const clock = { now: () => String((tick++ << 18n) | 0n) };

const field = (fieldID: number, name: string, dataType: DataType, extra: Partial<FieldSchema> = {}): FieldSchema =>
  defineField(name, dataType, { fieldID, ...extra });

function schema(name: string): CollectionSchema {
  return {
    name,
    description: '',
    autoID: false,
    enableDynamicField: false,
    properties: [],
    functions: [],
    fields: [
      field(100, 'id', DataType.Int64, { isPrimaryKey: true }),
      field(101, 'vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: '4' }] }),
      field(102, 'tag', DataType.VarChar, { typeParams: [{ key: 'max_length', value: '16' }] }),
    ],
  };
}

function start(): CatalogState {
  let s = CatalogState.fromRecords({
    databases: [{ id: 1, name: 'default', createdTs: clock.now(), properties: [] }],
    collections: [],
    aliases: [],
    nextId: 2,
    aliasVersion: 0,
  });
  const apply = (m: { mutations: Mutation[] }) => (s = s.apply(m.mutations));
  apply(
    collections.createCollection(s, clock, 'default', {
      collectionName: 'c',
      schema: schema('c'),
      shardsNum: 1,
      consistencyLevel: 'Bounded',
      properties: [],
      numPartitions: 0,
    }),
  );
  apply(
    indexes.createIndex(s, clock, 'default', {
      collectionName: 'c',
      fieldName: 'vec',
      indexName: '',
      extraParams: [{ key: 'metric_type', value: 'L2' }],
    }),
  );
  apply(indexes.createIndex(s, clock, 'default', { collectionName: 'c', fieldName: 'tag', indexName: '', extraParams: [] }));
  apply(partitions.createPartition(s, clock, 'default', 'c', 'p1'));
  return s;
}

function expectError(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MilvusError, `a MilvusError, got ${String(e)}`);
    assert.deepEqual({ code: e.code, message: e.message }, { code, message });
    return true;
  });
}

const loaded = () => true;
const notLoaded = () => false;

test('a vector index cannot be dropped while the collection is loaded; a scalar one can', () => {
  const s = start();
  const id = s.collection(1, 'c')!.id;
  expectError(
    () => indexes.dropIndex(s, 'default', 'c', 'vec', loaded),
    1100,
    `vector index cannot be dropped on loaded collection: ${id}: invalid parameter`,
  );
  const change = indexes.dropIndex(s, 'default', 'c', 'tag', loaded);
  const after = s.apply(change.mutations);
  assert.deepEqual(
    after.collection(1, 'c')!.indexes!.map((i) => i.name),
    ['vec'],
  );
  assert.equal(indexes.dropIndex(s, 'default', 'c', 'vec', notLoaded).mutations.length, 1);
});

test('an index cannot be altered while the collection is loaded', () => {
  const s = start();
  expectError(
    () => indexes.alterIndex(s, 'default', 'c', 'vec', [{ key: 'mmap.enabled', value: 'true' }], [], loaded),
    104,
    "can't alter index on loaded collection, please release the collection first: collection already loaded[collection=c]",
  );
  expectError(
    () => indexes.alterIndex(s, 'default', 'c', 'vec', [{ key: 'mmap.enabled', value: 'true' }], ['mmap.enabled'], notLoaded),
    1100,
    'cannot provide both DeleteKeys and ExtraParams: invalid parameter',
  );
});

test('a loaded partition cannot be dropped (before the _default rule); an unloaded one can', () => {
  const s = start();
  const partLoaded = (_id: number, p?: string) => p === 'p1' || p === '_default';
  expectError(
    () => partitions.dropPartition(s, 'default', 'c', 'p1', partLoaded),
    65535,
    'partition cannot be dropped, partition is loaded, please release it first',
  );
  expectError(
    () => partitions.dropPartition(s, 'default', 'c', '_default', partLoaded),
    65535,
    'partition cannot be dropped, partition is loaded, please release it first',
  );
  expectError(() => partitions.dropPartition(s, 'default', 'c', '_default', notLoaded), 65535, 'default partition cannot be deleted');
  assert.equal(partitions.dropPartition(s, 'default', 'c', 'p1', notLoaded).mutations.length, 1);
});

test('ShowPartitions InMemory lists the loaded partitions only', () => {
  const s = start();
  const onlyP1 = (_id: number, p?: string) => p === 'p1';
  const all = partitions.showPartitions(s, 'default', 'c', [], true, onlyP1);
  assert.deepEqual(
    all.partitions.map((p) => p.name),
    ['p1'],
  );
  const named = partitions.showPartitions(s, 'default', 'c', ['p1'], true, onlyP1);
  assert.deepEqual(
    named.partitions.map((p) => p.name),
    ['p1'],
  );
  const id = s.collection(1, 'c')!.partitions.find((p) => p.name === '_default')!.id;
  expectError(() => partitions.showPartitions(s, 'default', 'c', ['_default'], true, onlyP1), 201, `partition not loaded[partition=${id}]`);
});

test('effective parameters: AUTOINDEX resolved for the data plane, the caller sees AUTOINDEX', () => {
  const s = start();
  const vec = s.collection(1, 'c')!.indexes!.find((i) => i.name === 'vec')!;
  assert.equal(vec.isAutoIndex, true);
  assert.equal(vec.userMetricSpecified, true);
  assert.deepEqual(vec.userParams, [
    { key: 'index_type', value: 'AUTOINDEX' },
    { key: 'metric_type', value: 'L2' },
  ]);
  const effective = Object.fromEntries(vec.params.map((p) => [p.key, p.value]));
  assert.equal(effective.index_type, 'HNSW');
  assert.equal(effective.metric_type, 'L2');
  assert.equal(effective.dim, undefined, 'dim is a type param, not an index param');
  const tag = s.collection(1, 'c')!.indexes!.find((i) => i.name === 'tag')!;
  assert.deepEqual(tag.userParams, []);
  assert.equal(tag.params.find((p) => p.key === 'index_type')?.value, 'HYBRID');
});

test("Go's %v of JSON numbers, as index params reach knowhere", () => {
  assert.equal(goValueString(16), '16');
  assert.equal(goValueString(123456), '123456');
  assert.equal(goValueString(1000000), '1e+06');
  assert.equal(goValueString(1234567), '1.234567e+06');
  assert.equal(goValueString(0.5), '0.5');
  assert.equal(goValueString(0.00001), '1e-05');
  assert.equal(goValueString(true), 'true');
  assert.equal(goValueString('x'), 'x');
});
