// Index metadata as Milvus 2.6 keeps it, driven through the official Node SDK against a real
// `elanus serve` (one server for the table, one more pair for the restart test). One row per rule:
// the ONE request the rule is about, its exact status (code, legacy error_code, text), and the
// state afterwards where it matters. Texts come from Milvus 2.6's proxy (task_index.go), datacoord
// (index_service.go, index_meta.go) and knowhere's config checks (src/catalog/index-params.ts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, type FieldType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startServer, removeDataDir, makeDataDir, type RunningServer } from '../harness/server.js';
import { type Reply, type ExpectedError, assertOk, assertErr, raw, mustCreateAlias } from './alias-helpers.js';

let server: RunningServer | undefined;
let client: MilvusClient | undefined;
const c = (): MilvusClient => {
  assert.ok(client, 'server not started');
  return client;
};

const PK: FieldType = { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false };
const FLOAT_FIELDS: FieldType[] = [
  PK,
  { name: 'vec', data_type: DataType.FloatVector, dim: 8 },
  { name: 'tag', data_type: DataType.VarChar, max_length: 64 },
  { name: 'num', data_type: DataType.Int64 },
  { name: 'flag', data_type: DataType.Bool },
  { name: 'doc', data_type: DataType.JSON },
];
const BINARY_FIELDS: FieldType[] = [PK, { name: 'bvec', data_type: DataType.BinaryVector, dim: 16 }];
const SPARSE_FIELDS: FieldType[] = [PK, { name: 'sp', data_type: DataType.SparseFloatVector }];

async function mustCreate(name: string, fields: FieldType[], dynamic = false): Promise<void> {
  const r = await c().createCollection({ collection_name: name, fields, enable_dynamic_field: dynamic });
  assertOk(r, `setup: createCollection(${name})`);
}

interface IndexArgs {
  collection_name: string;
  field_name: string;
  index_name?: string;
  index_type?: string;
  metric_type?: string;
  params?: Record<string, unknown>;
  extra_params?: Record<string, unknown>;
}

const createIndex = (a: IndexArgs): Promise<Reply> => c().createIndex(a as Parameters<MilvusClient['createIndex']>[0]);
const describeIndex = (collection_name: string, index_name?: string): Promise<Reply> =>
  c().describeIndex({ collection_name, ...(index_name === undefined ? {} : { index_name }) });

async function mustIndex(a: IndexArgs): Promise<void> {
  assertOk(await createIndex(a), `setup: createIndex(${a.collection_name}.${a.field_name})`);
}

const sortKv = (kvs: { key: string; value: string }[]) =>
  [...kvs].map((p) => ({ key: p.key, value: p.value })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** ": invalid parameter[expected=valid index params][actual=invalid index params]" after a checkTrain text. */
const badParams = (text: string): ExpectedError => ({
  code: 1100,
  errorCode: 'IllegalArgument',
  reason: `${text}: invalid parameter[expected=valid index params][actual=invalid index params]`,
});
const plain = (reason: string): ExpectedError => ({ code: 65535, errorCode: 'UnexpectedError', reason });
const e1100 = (reason: string): ExpectedError => ({ code: 1100, errorCode: 'IllegalArgument', reason });
const e700 = (reason: string): ExpectedError => ({ code: 700, errorCode: 'IndexNotExist', reason });
const e702 = (name: string): ExpectedError => ({ code: 702, errorCode: 'UnexpectedError', reason: `index duplicates[indexName=${name}]` });

before(async () => {
  server = await startServer();
  client = server.client();
  await client.connectPromise;
});

after(async () => {
  if (server) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

describe('create_index: the quick-setup flow', () => {
  test("the SDK's own quick setup: createCollection({dimension}) creates, indexes and loads; a second call reuses the index", async () => {
    assertOk(await c().createCollection({ collection_name: 'q_sdk', dimension: 8 }), 'first quick setup');
    const d = await describeIndex('q_sdk');
    assertOk(d);
    assert.equal(d.index_descriptions[0].index_name, 'vector');
    assert.equal(d.index_descriptions[0].state, 'Finished');
    // The SDK answers its own blank placeholder when the collection exists; it throws on any failure.
    await c().createCollection({ collection_name: 'q_sdk', dimension: 8 });
    assert.deepEqual((await describeIndex('q_sdk')).index_descriptions, d.index_descriptions);
  });

  test('only metric_type (what createCollection({dimension}) sends) -> AUTOINDEX, state Finished', async () => {
    await mustCreate('q_quick', [PK, { name: 'vector', data_type: DataType.FloatVector, dim: 8 }], true);
    assertOk(await createIndex({ collection_name: 'q_quick', field_name: 'vector', extra_params: { metric_type: 'COSINE' } }));
    const d = await describeIndex('q_quick');
    assertOk(d, 'describeIndex');
    assert.equal(d.index_descriptions.length, 1);
    const idx = d.index_descriptions[0];
    assert.equal(idx.index_name, 'vector', 'default index name = field name');
    assert.equal(idx.field_name, 'vector');
    assert.equal(idx.state, 'Finished');
    assert.match(String(idx.indexID), /^\d+$/);
    assert.deepEqual(sortKv(idx.params), [
      { key: 'index_type', value: 'AUTOINDEX' },
      { key: 'metric_type', value: 'COSINE' },
    ]);
    assert.equal(String(idx.pending_index_rows), '0');
  });

  test('no parameters at all -> AUTOINDEX with COSINE (float vector default)', async () => {
    await mustCreate('q_bare', [PK, { name: 'v', data_type: DataType.FloatVector, dim: 4 }]);
    assertOk(await raw(c(), 'CreateIndex', { collection_name: 'q_bare', field_name: 'v', extra_params: [] }));
    const d = await describeIndex('q_bare');
    assertOk(d);
    assert.deepEqual(sortKv(d.index_descriptions[0].params), [
      { key: 'index_type', value: 'AUTOINDEX' },
      { key: 'metric_type', value: 'COSINE' },
    ]);
  });

  test('pymilvus style: index_type AUTOINDEX + metric_type, polled with DescribeIndex(index_name="")', async () => {
    await mustCreate('q_py', [PK, { name: 'vector', data_type: DataType.FloatVector, dim: 4 }]);
    const r = await raw(c(), 'CreateIndex', {
      collection_name: 'q_py',
      field_name: 'vector',
      index_name: '',
      extra_params: [
        { key: 'index_type', value: 'AUTOINDEX' },
        { key: 'metric_type', value: 'IP' },
      ],
    });
    assertOk(r);
    const d = await raw(c(), 'DescribeIndex', { collection_name: 'q_py', index_name: '', timestamp: '1' });
    assertOk(d);
    assert.equal(d.index_descriptions[0].state, 'Finished');
    assert.deepEqual(sortKv(d.index_descriptions[0].params), [
      { key: 'index_type', value: 'AUTOINDEX' },
      { key: 'metric_type', value: 'IP' },
    ]);
  });

  test('HNSW with params echoes the caller params; the same request again succeeds', async () => {
    await mustCreate('q_hnsw', FLOAT_FIELDS);
    const args: IndexArgs = {
      collection_name: 'q_hnsw',
      field_name: 'vec',
      index_name: 'vec_hnsw',
      index_type: 'HNSW',
      metric_type: 'L2',
      params: { M: 16, efConstruction: 200 },
    };
    assertOk(await createIndex(args), 'first');
    assertOk(await createIndex(args), 'identical again');
    const d = await describeIndex('q_hnsw', 'vec_hnsw');
    assertOk(d);
    assert.deepEqual(sortKv(d.index_descriptions[0].params), [
      { key: 'index_type', value: 'HNSW' },
      { key: 'metric_type', value: 'L2' },
      { key: 'params', value: '{"M":16,"efConstruction":200}' },
    ]);
  });

  test('M and efConstruction as separate top-level extra_params keys are accepted', async () => {
    await mustCreate('q_flat_keys', FLOAT_FIELDS);
    assertOk(
      await createIndex({
        collection_name: 'q_flat_keys',
        field_name: 'vec',
        extra_params: { index_type: 'HNSW', metric_type: 'IP', M: 8, efConstruction: 64 },
      }),
    );
    const d = await describeIndex('q_flat_keys');
    assertOk(d);
    assert.deepEqual(sortKv(d.index_descriptions[0].params), [
      { key: 'M', value: '8' },
      { key: 'efConstruction', value: '64' },
      { key: 'index_type', value: 'HNSW' },
      { key: 'metric_type', value: 'IP' },
    ]);
  });
});

interface Row {
  name: string;
  setup?: () => Promise<void>;
  call: () => Promise<Reply>;
  expect: 'ok' | ExpectedError;
  check?: () => Promise<void>;
}

let seq = 0;
/** A fresh collection per row. */
function fresh(fields: FieldType[] = FLOAT_FIELDS, dynamic = false): { name: string; setup: () => Promise<void> } {
  const name = `ix_${++seq}`;
  return { name, setup: () => mustCreate(name, fields, dynamic) };
}

function row(
  name: string,
  fields: FieldType[],
  make: (coll: string) => {
    setup?: (coll: string) => Promise<void>;
    call: (coll: string) => Promise<Reply>;
    check?: (coll: string) => Promise<void>;
  },
  expect: 'ok' | ExpectedError | ((coll: string) => ExpectedError),
  dynamic = false,
): Row {
  const f = fresh(fields, dynamic);
  const m = make(f.name);
  return {
    name,
    setup: async () => {
      await f.setup();
      if (m.setup) await m.setup(f.name);
    },
    call: () => m.call(f.name),
    expect: typeof expect === 'function' ? expect(f.name) : expect,
    check: m.check ? () => m.check!(f.name) : undefined,
  };
}

const hnsw = (params: Record<string, unknown>) => (coll: string) => ({
  call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2', params }),
});
const ivf = (type: string, params: Record<string, unknown>) => (coll: string) => ({
  call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: type, metric_type: 'L2', params }),
});

const ROWS: Row[] = [
  // ---- index types and metrics ----
  row(
    'unknown index type -> 1100 invalid index type',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'FOO', metric_type: 'L2' }) }),
    e1100('invalid parameter[expected=valid index][actual=invalid index type: FOO]'),
  ),
  row(
    'HYBRID is internal -> invalid index type',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'num', index_type: 'HYBRID' }) }),
    e1100('invalid parameter[expected=valid index][actual=invalid index type: HYBRID]'),
  ),
  row(
    'float vector with a binary metric',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'HAMMING' }) }),
    badParams('float vector index does not support metric type: HAMMING'),
  ),
  row(
    'metrics are case-sensitive (l2)',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'FLAT', metric_type: 'l2' }) }),
    badParams('float vector index does not support metric type: l2'),
  ),
  row(
    'an explicit vector index without metric_type',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW' }) }),
    badParams('metric type not set for vector index'),
  ),
  row(
    'AUTOINDEX takes only a metric',
    FLOAT_FIELDS,
    (coll) => ({
      call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'AUTOINDEX', metric_type: 'L2', params: { M: 8 } }),
    }),
    plain('only metric type can be passed when use AutoIndex'),
  ),
  row(
    'no index_type but more than a metric',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2', params: { nlist: 8 } }) }),
    plain('only metric type can be passed when use AutoIndex'),
  ),
  row(
    'AUTOINDEX with L2 is echoed as asked',
    FLOAT_FIELDS,
    (coll) => ({
      call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'AUTOINDEX', metric_type: 'L2' }),
      check: async () => {
        const d = await describeIndex(coll);
        assert.deepEqual(sortKv(d.index_descriptions[0].params), [
          { key: 'index_type', value: 'AUTOINDEX' },
          { key: 'metric_type', value: 'L2' },
        ]);
      },
    }),
    'ok',
  ),
  row('HNSW M below 2', FLOAT_FIELDS, hnsw({ M: 1 }), badParams("Out of range in json: param 'M' (1) should be in range [2, 2048]")),
  row('HNSW M above 2048', FLOAT_FIELDS, hnsw({ M: 2049 }), badParams("Out of range in json: param 'M' (2049) should be in range [2, 2048]")),
  row('HNSW M = 2048 is allowed', FLOAT_FIELDS, hnsw({ M: 2048, efConstruction: 8 }), 'ok'),
  row(
    'HNSW efConstruction 0',
    FLOAT_FIELDS,
    hnsw({ M: 8, efConstruction: 0 }),
    badParams("Out of range in json: param 'efConstruction' (0) should be in range [1, 2147483647]"),
  ),
  row('HNSW M not an integer', FLOAT_FIELDS, hnsw({ M: 'abc' }), badParams("invalid integer value, key: 'M', value: 'abc'")),
  row(
    'IVF_FLAT nlist 0',
    FLOAT_FIELDS,
    ivf('IVF_FLAT', { nlist: 0 }),
    badParams("Out of range in json: param 'nlist' (0) should be in range [1, 65536]"),
  ),
  row(
    'IVF_SQ8 nlist 65537',
    FLOAT_FIELDS,
    ivf('IVF_SQ8', { nlist: 65537 }),
    badParams("Out of range in json: param 'nlist' (65537) should be in range [1, 65536]"),
  ),
  row('IVF_FLAT nlist 65536 is allowed', FLOAT_FIELDS, ivf('IVF_FLAT', { nlist: 65536 }), 'ok'),
  row('IVF_PQ needs m', FLOAT_FIELDS, ivf('IVF_PQ', { nlist: 8 }), badParams("param 'm' not exist in json")),
  row(
    'IVF_PQ m must divide dim',
    FLOAT_FIELDS,
    ivf('IVF_PQ', { nlist: 8, m: 3 }),
    badParams('The dimension of a vector (dim) should be a multiple of the number of subquantizers (m). Dimension: 8, m: 3'),
  ),
  row('DISKANN on a float vector', FLOAT_FIELDS, ivf('DISKANN', {}), 'ok'),
  row(
    'HNSW on a binary vector',
    BINARY_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'bvec', index_type: 'HNSW', metric_type: 'HAMMING' }) }),
    badParams("data type BinaryVector can't build with this index HNSW"),
  ),
  row(
    'binary vector with L2',
    BINARY_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'bvec', index_type: 'BIN_FLAT', metric_type: 'L2' }) }),
    badParams('binary vector index does not support metric type: L2'),
  ),
  row(
    'BIN_IVF_FLAT with JACCARD',
    BINARY_FIELDS,
    (coll) => ({
      call: () =>
        createIndex({ collection_name: coll, field_name: 'bvec', index_type: 'BIN_IVF_FLAT', metric_type: 'JACCARD', params: { nlist: 16 } }),
    }),
    'ok',
  ),
  row(
    'binary AUTOINDEX defaults to HAMMING',
    BINARY_FIELDS,
    (coll) => ({
      call: () => raw(c(), 'CreateIndex', { collection_name: coll, field_name: 'bvec', extra_params: [] }),
      check: async () => {
        const d = await describeIndex(coll);
        assert.deepEqual(sortKv(d.index_descriptions[0].params), [
          { key: 'index_type', value: 'AUTOINDEX' },
          { key: 'metric_type', value: 'HAMMING' },
        ]);
      },
    }),
    'ok',
  ),
  row(
    'sparse vector with L2',
    SPARSE_FIELDS,
    (coll) => ({
      call: () => createIndex({ collection_name: coll, field_name: 'sp', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'L2' }),
    }),
    badParams('only IP&BM25 is the supported metric type for sparse index'),
  ),
  row(
    'BM25 needs a BM25 function output field',
    SPARSE_FIELDS,
    (coll) => ({
      call: () => createIndex({ collection_name: coll, field_name: 'sp', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'BM25' }),
    }),
    badParams('only BM25 Function output field support BM25 metric type'),
  ),
  row(
    'SPARSE_WAND with IP',
    SPARSE_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'sp', index_type: 'SPARSE_WAND', metric_type: 'IP' }) }),
    'ok',
  ),
  // ---- scalar fields ----
  row(
    'scalar AUTOINDEX (no params) on Int64; described with no params',
    FLOAT_FIELDS,
    (coll) => ({
      call: () => raw(c(), 'CreateIndex', { collection_name: coll, field_name: 'num', extra_params: [] }),
      check: async () => {
        const d = await describeIndex(coll);
        assertOk(d);
        assert.equal(d.index_descriptions[0].index_name, 'num');
        assert.deepEqual(d.index_descriptions[0].params, []);
      },
    }),
    'ok',
  ),
  row(
    'INVERTED on VarChar',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'tag', index_type: 'INVERTED' }) }),
    'ok',
  ),
  row(
    'STL_SORT on Bool',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'flag', index_type: 'STL_SORT' }) }),
    badParams('STL_SORT are only supported on numeric, varchar or timestamptz field, got Bool'),
  ),
  row(
    'Trie on Int64',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'num', index_type: 'Trie' }) }),
    badParams('TRIE are only supported on varchar field'),
  ),
  row(
    'BITMAP on the primary key',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'id', index_type: 'BITMAP' }) }),
    badParams('create bitmap index on primary key not supported'),
  ),
  row(
    'INVERTED on a vector field (with a metric)',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'INVERTED', metric_type: 'L2' }) }),
    badParams("data type FloatVector can't build with this index INVERTED"),
  ),
  row(
    'HNSW on a scalar field',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'num', index_type: 'HNSW', metric_type: 'L2' }) }),
    badParams('index HNSW only supports vector data type'),
  ),
  row(
    'a JSON field needs json_cast_type',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'doc', index_type: 'INVERTED' }) }),
    badParams('json index must specify cast type: missing parameter[missing_param=json_cast_type]'),
  ),
  row(
    'a JSON path index on a dynamic key: field_name shows the key',
    FLOAT_FIELDS,
    (coll) => ({
      call: () =>
        createIndex({
          collection_name: coll,
          field_name: 'color',
          index_name: 'color_idx',
          index_type: 'INVERTED',
          extra_params: { json_cast_type: 'varchar', json_path: 'color' },
        }),
      check: async () => {
        const d = await describeIndex(coll, 'color_idx');
        assertOk(d);
        assert.equal(d.index_descriptions[0].field_name, 'color');
      },
    }),
    'ok',
    true,
  ),
  // ---- names and fields ----
  row(
    'index on a field that does not exist (no dynamic field)',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'nope', index_type: 'INVERTED' }) }),
    plain('cannot create index on non-exist field: nope'),
  ),
  row(
    'index name starting with a digit',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'tag', index_name: '1abc', index_type: 'INVERTED' }) }),
    plain('Invalid index name: 1abc. The first character of a index name must be an underscore or letter.'),
  ),
  row(
    'index name with a dash',
    FLOAT_FIELDS,
    (coll) => ({ call: () => createIndex({ collection_name: coll, field_name: 'tag', index_name: 'a-b', index_type: 'INVERTED' }) }),
    plain('Invalid index name: a-b. Index name can only contain numbers, letters, and underscores.'),
  ),
  row(
    'index name of 256 bytes',
    FLOAT_FIELDS,
    (coll) => ({
      call: () => createIndex({ collection_name: coll, field_name: 'tag', index_name: 'a'.repeat(256), index_type: 'INVERTED' }),
    }),
    plain(`Invalid index name: ${'a'.repeat(256)}. The length of a index name must be less than 255 characters.`),
  ),
  row(
    'duplicated key in extra_params',
    FLOAT_FIELDS,
    (coll) => ({
      call: () =>
        raw(c(), 'CreateIndex', {
          collection_name: coll,
          field_name: 'vec',
          extra_params: [
            { key: 'metric_type', value: 'L2' },
            { key: 'metric_type', value: 'IP' },
          ],
        }),
    }),
    e1100('duplicated index param (key=metric_type) (value=IP) found: invalid parameter'),
  ),
  row(
    'collection that does not exist',
    FLOAT_FIELDS,
    () => ({ call: () => createIndex({ collection_name: 'no_such_coll', field_name: 'vec', metric_type: 'L2' }) }),
    { code: 100, errorCode: 'CollectionNotExists', reason: 'collection not found[database=default][collection=no_such_coll]' },
  ),
  // ---- a second index on the same field ----
  row(
    'different params on the same field, default name -> at most one distinct index',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2', params: { M: 8 } }),
      call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2', params: { M: 16 } }),
    }),
    plain('CreateIndex failed: at most one distinct index is allowed per field'),
  ),
  row(
    'identical params on the same field, default name -> success',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', index_type: 'IVF_FLAT', metric_type: 'IP', params: { nlist: 32 } }),
      call: () => createIndex({ collection_name: coll, field_name: 'vec', index_type: 'IVF_FLAT', metric_type: 'IP', params: { nlist: 32 } }),
      check: async () => {
        const d = await describeIndex(coll);
        assert.equal(d.index_descriptions.length, 1);
      },
    }),
    'ok',
  ),
  row(
    'the field already has an index under another name',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', index_name: 'first', metric_type: 'L2' }),
      call: () => createIndex({ collection_name: coll, field_name: 'vec', index_name: 'second', metric_type: 'L2' }),
    }),
    plain('CreateIndex failed: creating multiple indexes on same field is not supported'),
  ),
  row(
    'an index name already used on another field',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'tag', index_name: 'shared', index_type: 'INVERTED' }),
      call: () => createIndex({ collection_name: coll, field_name: 'num', index_name: 'shared', index_type: 'INVERTED' }),
    }),
    plain('CreateIndex failed: at most one distinct index is allowed per field'),
  ),
  // ---- describe ----
  row(
    'describe a collection without index',
    FLOAT_FIELDS,
    (coll) => ({ call: () => describeIndex(coll) }),
    (coll) => e700(`index not found[collection=${coll}]`),
  ),
  row(
    'describe an index name that does not exist',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' }),
      call: () => describeIndex(coll, 'nope'),
    }),
    e700('index not found[indexName=nope]'),
  ),
  row(
    'describe all indexes (index_name "") lists every index with its field',
    FLOAT_FIELDS,
    (coll) => ({
      setup: async () => {
        await mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' });
        await mustIndex({ collection_name: coll, field_name: 'tag', index_type: 'INVERTED' });
      },
      call: () => describeIndex(coll),
      check: async () => {
        const d = await describeIndex(coll);
        const got = d.index_descriptions.map((i: Reply) => [i.index_name, i.field_name]).sort();
        assert.deepEqual(got, [
          ['tag', 'tag'],
          ['vec', 'vec'],
        ]);
        const ids = new Set(d.index_descriptions.map((i: Reply) => String(i.indexID)));
        assert.equal(ids.size, 2, 'index ids are distinct');
      },
    }),
    'ok',
  ),
  row(
    'describe through an alias: no index names the alias',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustCreateAlias(c(), coll, `${coll}_al`),
      call: () => describeIndex(`${coll}_al`),
    }),
    (coll) => e700(`index not found[collection=${coll}_al]`),
  ),
  row(
    'describe with an empty collection name',
    FLOAT_FIELDS,
    () => ({ call: () => raw(c(), 'DescribeIndex', { collection_name: '' }) }),
    e1100('collection name should not be empty: invalid parameter'),
  ),
  // ---- state and progress (deprecated, still called) ----
  row(
    'GetIndexState: Finished',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' }),
      call: () => raw(c(), 'GetIndexState', { collection_name: coll, index_name: 'vec' }),
      check: async () => {
        const r = await raw(c(), 'GetIndexState', { collection_name: coll, index_name: 'vec' });
        assert.equal(r.state, 'Finished');
        const p = await raw(c(), 'GetIndexBuildProgress', { collection_name: coll, index_name: '' });
        assertOk(p);
        assert.equal(String(p.total_rows), String(p.indexed_rows));
      },
    }),
    'ok',
  ),
  row(
    'GetIndexState without a name on a collection with two indexes',
    FLOAT_FIELDS,
    (coll) => ({
      setup: async () => {
        await mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' });
        await mustIndex({ collection_name: coll, field_name: 'tag', index_type: 'INVERTED' });
      },
      call: () => raw(c(), 'GetIndexState', { collection_name: coll, index_name: '' }),
    }),
    e702(''),
  ),
  row(
    'GetIndexBuildProgress of a missing index',
    FLOAT_FIELDS,
    (coll) => ({ call: () => raw(c(), 'GetIndexBuildProgress', { collection_name: coll, index_name: 'nope' }) }),
    e700('index not found[indexName=nope]'),
  ),
  // ---- drop ----
  row(
    'drop an index that does not exist -> success',
    FLOAT_FIELDS,
    (coll) => ({ call: () => c().dropIndex({ collection_name: coll, field_name: 'vec', index_name: 'nope' }) }),
    'ok',
  ),
  row(
    'drop an index, then describe says not found',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' }),
      call: () => c().dropIndex({ collection_name: coll, field_name: 'vec', index_name: 'vec' }),
      check: async () => assertErr(await describeIndex(coll), e700(`index not found[collection=${coll}]`)),
    }),
    'ok',
  ),
  row(
    'drop by field only while the collection has two indexes',
    FLOAT_FIELDS,
    (coll) => ({
      setup: async () => {
        await mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' });
        await mustIndex({ collection_name: coll, field_name: 'tag', index_type: 'INVERTED' });
      },
      call: () => raw(c(), 'DropIndex', { collection_name: coll, field_name: 'vec', index_name: '' }),
    }),
    e702(''),
  ),
  // ---- alter ----
  row(
    'alter mmap.enabled, then delete it',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2' }),
      call: () => c().alterIndexProperties({ collection_name: coll, index_name: 'vec', params: { 'mmap.enabled': true } }),
      check: async () => {
        let d = await describeIndex(coll);
        assert.ok(d.index_descriptions[0].params.some((p: Reply) => p.key === 'mmap.enabled' && p.value === 'true'));
        assertOk(await c().dropIndexProperties({ collection_name: coll, index_name: 'vec', properties: ['mmap.enabled'] }));
        d = await describeIndex(coll);
        assert.ok(!d.index_descriptions[0].params.some((p: Reply) => p.key === 'mmap.enabled'));
      },
    }),
    'ok',
  ),
  row(
    'alter a key that is not configurable',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', metric_type: 'L2' }),
      call: () => c().alterIndexProperties({ collection_name: coll, index_name: 'vec', params: { M: 8 } }),
    }),
    e1100('M is not a configable index property: invalid parameter'),
  ),
  row(
    'alter with an empty index name',
    FLOAT_FIELDS,
    (coll) => ({
      call: () => raw(c(), 'AlterIndex', { collection_name: coll, index_name: '', extra_params: [{ key: 'mmap.enabled', value: 'true' }] }),
    }),
    e1100('index name is empty: invalid parameter'),
  ),
  row(
    'alter an index that does not exist',
    FLOAT_FIELDS,
    (coll) => ({ call: () => c().alterIndexProperties({ collection_name: coll, index_name: 'nope', params: { 'mmap.enabled': true } }) }),
    e700('index not found[indexName=nope]'),
  ),
  row(
    'alter mmap.enabled to a non-boolean',
    FLOAT_FIELDS,
    (coll) => ({
      setup: () => mustIndex({ collection_name: coll, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2' }),
      call: () => c().alterIndexProperties({ collection_name: coll, index_name: 'vec', params: { 'mmap.enabled': 'maybe' } }),
    }),
    e1100('invalid mmap index params: invalid mmap.enabled value: maybe, expected: true, false: invalid parameter'),
  ),
  row(
    'mmap on DISKANN at create time',
    FLOAT_FIELDS,
    (coll) => ({
      call: () =>
        createIndex({
          collection_name: coll,
          field_name: 'vec',
          index_type: 'DISKANN',
          metric_type: 'L2',
          extra_params: { 'mmap.enabled': 'true' },
        }),
    }),
    e1100('invalid mmap type params: index type DISKANN does not support mmap: invalid parameter'),
  ),
];

describe('index rules, one row each', () => {
  for (const r of ROWS) {
    test(r.name, async () => {
      if (r.setup) await r.setup();
      const reply = await r.call();
      if (r.expect === 'ok') assertOk(reply, r.name);
      else assertErr(reply, r.expect, r.name);
      if (r.check) await r.check();
    });
  }
});

describe('everything through an alias', () => {
  test('create, describe, state, alter and drop an index via an alias act on the real collection', async () => {
    await mustCreate('al_real', FLOAT_FIELDS);
    await mustCreateAlias(c(), 'al_real', 'al_alias');
    assertOk(await createIndex({ collection_name: 'al_alias', field_name: 'vec', index_type: 'HNSW', metric_type: 'IP', params: { M: 8 } }));
    const viaReal = await describeIndex('al_real');
    assertOk(viaReal);
    assert.equal(viaReal.index_descriptions[0].index_name, 'vec');
    const viaAlias = await describeIndex('al_alias');
    assert.deepEqual(viaAlias.index_descriptions, viaReal.index_descriptions);
    assertOk(await raw(c(), 'GetIndexState', { collection_name: 'al_alias', index_name: 'vec' }));
    assertOk(await c().alterIndexProperties({ collection_name: 'al_alias', index_name: 'vec', params: { 'mmap.enabled': false } }));
    assertOk(await c().dropIndex({ collection_name: 'al_alias', field_name: 'vec', index_name: 'vec' }));
    assertErr(await describeIndex('al_real'), e700('index not found[collection=al_real]'));
  });
});

describe('durability', () => {
  test('indexes survive a restart (and a SIGKILL)', async () => {
    const dataDir = makeDataDir('elanus-index-restart-');
    try {
      let s = await startServer({ dataDir });
      let cl = s.client();
      await cl.connectPromise;
      assertOk(await cl.createCollection({ collection_name: 'dur', fields: FLOAT_FIELDS }));
      assertOk(
        await cl.createIndex({ collection_name: 'dur', field_name: 'vec', index_type: 'IVF_FLAT', metric_type: 'L2', params: { nlist: 16 } }),
      );
      assertOk(await cl.createIndex({ collection_name: 'dur', field_name: 'tag', index_name: 'tag_inv', index_type: 'INVERTED' }));
      const before = await cl.describeIndex({ collection_name: 'dur' });
      assertOk(before);
      await s.stop();

      s = await startServer({ dataDir });
      cl = s.client();
      await cl.connectPromise;
      const afterStop = await cl.describeIndex({ collection_name: 'dur' });
      assertOk(afterStop);
      assert.deepEqual(afterStop.index_descriptions, before.index_descriptions);
      assertOk(await cl.dropIndex({ collection_name: 'dur', field_name: 'tag', index_name: 'tag_inv' }));
      await s.kill();

      s = await startServer({ dataDir });
      cl = s.client();
      await cl.connectPromise;
      const afterKill = await cl.describeIndex({ collection_name: 'dur' });
      assertOk(afterKill);
      assert.deepEqual(
        afterKill.index_descriptions.map((i) => i.index_name),
        ['vec'],
      );
      // ids keep growing after a restart: a new index gets a new id
      assertOk(await cl.createIndex({ collection_name: 'dur', field_name: 'tag', index_type: 'INVERTED' }));
      const ids = (await cl.describeIndex({ collection_name: 'dur' })).index_descriptions.map((i) => String(i.indexID));
      assert.equal(new Set([...ids, ...before.index_descriptions.map((i) => String(i.indexID))]).size, 3);
      await s.stop();
    } finally {
      removeDataDir(dataDir);
    }
  });
});
