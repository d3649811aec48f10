// The search pipeline (src/engine/search-pipeline.ts) as the engine's own API reaches it: in-process
// query vectors are checked against the field, and HybridSearch plans its sub-searches exactly as
// Search plans one (loaded partitions only; "not loaded" before a bad filter).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, defineField } from '../../src/catalog/index.js';
import { Engine, queryVectors, type HybridSearchRequest, type SearchRequest } from '../../src/engine/index.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';
import { createEngineCollection } from '../harness/engine-collection.js';

const DIM = 4;
let dataDir: string;
let engine: Engine;

async function collection(name: string): Promise<void> {
  await createEngineCollection(
    engine,
    name,
    [
      defineField('id', DataType.Int64, { isPrimaryKey: true }),
      defineField('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: String(DIM) }] }),
    ],
    { consistencyLevel: 'Strong' },
  );
  await engine.createPartition('default', name, 'p1');
  for (const [partitionName, first] of [
    ['', 0],
    ['p1', 10],
  ] as const) {
    await engine.insert('default', name, {
      numRows: 10,
      mode: 'insert',
      partitionName,
      columns: [
        {
          fieldName: 'id',
          isDynamic: false,
          column: { type: DataType.Int64, data: BigInt64Array.from({ length: 10 }, (_, i) => BigInt(first + i)) },
        },
        {
          fieldName: 'vec',
          isDynamic: false,
          column: { type: DataType.FloatVector, dim: DIM, data: Float32Array.from({ length: 10 * DIM }, (_, i) => first + i) },
        },
      ],
    });
  }
  await engine.createIndex('default', {
    collectionName: name,
    fieldName: 'vec',
    indexName: '',
    extraParams: [
      { key: 'index_type', value: 'FLAT' },
      { key: 'metric_type', value: 'L2' },
    ],
  });
}

const search = (over: Partial<SearchRequest> = {}): SearchRequest =>
  ({
    annsField: 'vec',
    metricType: '',
    vectors: queryVectors([new Float32Array(DIM)]),
    topk: 3,
    offset: 0,
    expr: '',
    partitionNames: [],
    ...over,
  }) as SearchRequest;

const hybrid = (over: Partial<HybridSearchRequest> = {}, expr = ''): HybridSearchRequest => ({
  requests: [search({ expr }), search({ expr })],
  partitionNames: [],
  rank: { ranker: { strategy: 'rrf', k: 60 }, limit: 3, offset: 0, roundDecimal: -1 },
  ...over,
});

before(async () => {
  dataDir = makeDataDir();
  engine = await Engine.open({ dataDir });
  await collection('partly');
  await engine.loadPartitions('default', 'partly', ['p1']);
  await collection('released');
});

after(async () => {
  await engine.close();
  removeDataDir(dataDir);
});

test('in-process query vectors: a wrong dimension and a wrong kind are refused with 1100', () => {
  assert.throws(() => engine.search('default', 'partly', search({ vectors: queryVectors([new Float32Array(DIM + 1)]) })), {
    code: 1100,
    message: `the dimension of the query vector (${DIM + 1}) is not equal to the dimension of the vector field vec (${DIM}): invalid parameter`,
  });
  assert.throws(() => engine.search('default', 'partly', search({ vectors: queryVectors([new Uint8Array(DIM)]) })), {
    code: 1100,
    message: 'the query vectors do not fit the vector field vec of type FloatVector: invalid parameter',
  });
  // The right kind and size search the loaded partition.
  const ok = engine.search('default', 'partly', search());
  assert.deepEqual(
    ok.hits[0]!.refs.map((r) => r.batch.pks[r.row]),
    [10n, 11n, 12n],
  );
});

test('HybridSearch reads only loaded partitions, as Search does', () => {
  const unloaded = { code: 201, message: /partition not loaded/ };
  assert.throws(() => engine.search('default', 'partly', search({ partitionNames: ['_default'] })), unloaded);
  assert.throws(() => engine.hybridSearch('default', 'partly', hybrid({ partitionNames: ['_default'] })), unloaded);
  // Without names, both read the loaded partition p1 only (ids 10..19).
  const fused = engine.hybridSearch('default', 'partly', hybrid());
  assert.ok(fused.hits[0]!.refs.length > 0);
  for (const r of fused.hits[0]!.refs) assert.ok((r.batch.pks[r.row] as bigint) >= 10n);
});

test('HybridSearch on a released collection: "not loaded" comes before a bad filter, as in Search', () => {
  const notLoaded = { code: 101, message: 'collection not loaded[collection=released]' };
  assert.throws(() => engine.search('default', 'released', search({ expr: 'nope >' })), notLoaded);
  assert.throws(() => engine.hybridSearch('default', 'released', hybrid({}, 'nope >')), notLoaded);
});
