// What Elanus does not run is never answered as if it had run. Through the official Node SDK (and,
// where the SDK does not send a field, the SDK's own request sent raw) against a real `elanus
// serve`:
// - options Elanus does not run yet are refused with code 10 and `<feature> is not supported by
//   Elanus yet` (query aggregation, order_by_fields, partial update, field_ops, namespaces,
//   search by sub_reqs, group_by_fields, schema functions, struct array fields), and nothing of
//   the request happens;
// - `ignore_growing` is served: Search, HybridSearch and Query read sealed segments only (rows
//   written since the last Flush are growing), as Milvus does;
// - DescribeIndex tells which algorithm serves an index type Elanus does not build (`served_by`),
//   and pymilvus (MilvusClient and its ORM) shows it without breaking
//   (test/compat/pymilvus/unserved.py, run with the pymilvus copy test/compat/pymilvus.test.ts uses).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DataType, FunctionType, MilvusClient, RRFRanker, buildSearchRequest, promisify } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { assertSuccess } from './client-helpers.js';
import { raw } from './alias-helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let server: RunningServer;
let client: MilvusClient;

const COLL = 'un_main';
const DIM = 4;
/** Rows 1..10 are flushed (sealed segments); rows 11..15 are written after (growing). */
const SEALED = Array.from({ length: 10 }, (_, i) => i + 1);
const GROWING = [11, 12, 13, 14, 15];
const ALL = [...SEALED, ...GROWING];
const row = (id: number) => ({ id, price: id * 1.5, vec: [id, 1, 0, 0], vec2: [0, id, 1, 0] });
const Q = [0, 1, 0, 0];

const unsupported = (feature: string) => `${feature} is not supported by Elanus yet: service unimplemented`;

const ok = assertSuccess;

function refused(reply: Any, feature: string, label: string): void {
  const s = reply.status ?? reply;
  assert.deepEqual(
    { code: s.code, error_code: s.error_code, reason: s.reason },
    { code: 10, error_code: 'UnexpectedError', reason: unsupported(feature) },
    label,
  );
}

const ids = (rows: Any[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

async function queryIds(params: Record<string, unknown> = {}, filter = 'id > 0'): Promise<number[]> {
  const res = await client.query({ collection_name: COLL, filter, output_fields: ['id'], params });
  ok(res, `query ${JSON.stringify(params)}`);
  return ids(res.data);
}

async function countStar(params: Record<string, unknown> = {}): Promise<number> {
  const res = await client.query({ collection_name: COLL, filter: '', output_fields: ['count(*)'], params });
  ok(res, 'count(*)');
  return Number(res.data[0]!['count(*)']);
}

/** The SDK's own Search or HybridSearch request for `params`, to be sent raw after a change. */
async function sdkRequest(params: Record<string, unknown>): Promise<Any> {
  const info = await client.describeCollection({ collection_name: COLL });
  return buildSearchRequest(
    { collection_name: COLL, ...params } as never,
    info as never,
    (client as unknown as { milvusProto: never }).milvusProto,
  ).request;
}

const hybridParams = {
  data: [
    { data: Q, anns_field: 'vec' },
    { data: Q, anns_field: 'vec2' },
  ],
  rerank: RRFRanker(60),
  limit: 100,
};

async function sendRaw(method: string, request: Any): Promise<Any> {
  return promisify((client as unknown as { channelPool: never }).channelPool, method, request, 20000);
}

before(async () => {
  server = await startServer();
  client = server.client();
  ok(
    await client.createCollection({
      collection_name: COLL,
      enable_dynamic_field: true,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'price', data_type: DataType.Double },
        { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
        { name: 'vec2', data_type: DataType.FloatVector, dim: DIM },
      ],
    }),
    'create',
  );
  for (const field of ['vec', 'vec2']) {
    ok(await client.createIndex({ collection_name: COLL, field_name: field, index_type: 'FLAT', metric_type: 'L2' }), `index ${field}`);
  }
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
  ok(await client.insert({ collection_name: COLL, data: SEALED.map(row) }), 'insert sealed rows');
  ok(await client.flush({ collection_names: [COLL] }), 'flush');
  ok(await client.insert({ collection_name: COLL, data: GROWING.map(row) }), 'insert growing rows');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

// ---- ignore_growing: served --------------------------------------------------------------------

test('ignore_growing: Search reads sealed segments only; false or absent reads every row', async () => {
  const search = async (extra: Record<string, unknown>) => {
    const res = await client.search({ collection_name: COLL, data: Q, anns_field: 'vec', limit: 100, output_fields: ['id'], ...extra });
    ok(res, `search ${JSON.stringify(extra)}`);
    return ids(res.results);
  };
  assert.deepEqual(await search({ ignore_growing: true }), SEALED);
  assert.deepEqual(await search({ ignore_growing: false }), ALL);
  assert.deepEqual(await search({}), ALL);
  // Filtered and grouped searches read the same rows.
  assert.deepEqual(await search({ ignore_growing: true, filter: 'id >= 8' }), [8, 9, 10]);
  assert.deepEqual(await search({ ignore_growing: true, group_by_field: 'id' }), SEALED);
});

test('ignore_growing: Query and count(*) read sealed segments only, a primary-key lookup too', async () => {
  assert.deepEqual(await queryIds({ ignore_growing: true }), SEALED);
  assert.deepEqual(await queryIds({ ignore_growing: 'True' }), SEALED, "pymilvus sends Python's True");
  assert.deepEqual(await queryIds({ ignore_growing: false }), ALL);
  assert.equal(await countStar({ ignore_growing: true }), SEALED.length);
  assert.equal(await countStar(), ALL.length);
  assert.deepEqual(await queryIds({ ignore_growing: true }, 'id in [3, 12]'), [3]);
  assert.deepEqual(await queryIds({}, 'id in [3, 12]'), [3, 12]);
});

test('ignore_growing: HybridSearch takes it from rank_params (every sub-search) or from each sub-search', async () => {
  const request = await sdkRequest(hybridParams);
  const plain = await sendRaw('HybridSearch', request);
  ok(plain, 'hybrid');
  assert.deepEqual(ids(plain.results.ids.int_id.data.map((id: string) => ({ id }))), ALL);

  const topLevel = await sendRaw('HybridSearch', { ...request, rank_params: [...request.rank_params, { key: 'ignore_growing', value: 'true' }] });
  ok(topLevel, 'hybrid, rank_params ignore_growing');
  assert.deepEqual(ids(topLevel.results.ids.int_id.data.map((id: string) => ({ id }))), SEALED);

  // One sub-search ignores growing rows, the other does not: the fusion still sees every row.
  const subs = request.requests.map((sub: Any, i: number) => ({
    ...sub,
    search_params: sub.search_params.map((kv: Any) => (kv.key === 'ignore_growing' ? { key: kv.key, value: String(i === 0) } : kv)),
  }));
  const oneSub = await sendRaw('HybridSearch', { ...request, requests: subs });
  ok(oneSub, 'hybrid, one sub-search ignore_growing');
  assert.deepEqual(ids(oneSub.results.ids.int_id.data.map((id: string) => ({ id }))), ALL);
  const bothSubs = request.requests.map((sub: Any) => ({
    ...sub,
    search_params: sub.search_params.map((kv: Any) => (kv.key === 'ignore_growing' ? { key: kv.key, value: 'true' } : kv)),
  }));
  const both = await sendRaw('HybridSearch', { ...request, requests: bothSubs });
  assert.deepEqual(ids(both.results.ids.int_id.data.map((id: string) => ({ id }))), SEALED);
});

test("ignore_growing: a value Go's ParseBool refuses gets Milvus's text", async () => {
  const res = await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: ['id'], params: { ignore_growing: 'yes' } });
  assert.deepEqual(
    { code: res.status.code, reason: res.status.reason },
    { code: 1100, reason: 'parse ignore growing field failed: invalid parameter' },
  );
  const request = await sdkRequest({ data: Q, anns_field: 'vec', limit: 3 });
  const bad = await sendRaw('Search', {
    ...request,
    search_params: request.search_params.map((kv: Any) => (kv.key === 'ignore_growing' ? { key: kv.key, value: 'maybe' } : kv)),
  });
  assert.deepEqual(
    { code: bad.status.code, reason: bad.status.reason },
    { code: 1100, reason: 'parse ignore growing field failed: invalid parameter' },
  );
});

// ---- query aggregation and ordering: refused ---------------------------------------------------

test('query aggregation (group_by_fields, aggregate output fields) is refused; count(*) alone is served', async () => {
  const grouped = await client.query({
    collection_name: COLL,
    filter: '',
    output_fields: ['price', 'count(*)'],
    group_by_fields: ['price'],
  } as Any);
  refused(grouped, 'query aggregation (group_by_fields)', 'group_by_fields');
  // A dynamic collection used to take these for dynamic keys and answer rows without them.
  for (const [outputs, named] of [
    [['count(price)'], 'count(price)'],
    [['sum(price)', 'avg(price)'], 'sum(price), avg(price)'],
    [['id', 'MAX(price)'], 'MAX(price)'],
    [['min( price )'], 'min( price )'],
    [['count(*)', 'id'], 'count(*)'],
  ] as const) {
    const res = await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: [...outputs] });
    refused(res, `query aggregation (${named} in output_fields)`, JSON.stringify(outputs));
  }
  assert.equal(await countStar(), ALL.length);
  const spaced = await client.query({ collection_name: COLL, filter: '', output_fields: [' COUNT(*) '] });
  ok(spaced, 'count(*) in another case');
});

test('order_by_fields is refused on Query, Search and HybridSearch', async () => {
  const query = await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: ['id'], order_by_fields: 'price:desc' } as Any);
  refused(query, 'order_by_fields', 'query');
  const search = await client.search({ collection_name: COLL, data: Q, anns_field: 'vec', limit: 3, order_by_fields: 'price:desc' } as Any);
  refused(search, 'order_by_fields', 'search');
  const request = await sdkRequest(hybridParams);
  const hybrid = await sendRaw('HybridSearch', {
    ...request,
    rank_params: [...request.rank_params, { key: 'order_by_fields', value: 'price:asc' }],
  });
  refused(hybrid, 'order_by_fields', 'hybrid rank_params');
  // An empty list orders nothing, as in Milvus.
  ok(await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: ['id'], params: { order_by_fields: ' , ' } }), 'empty');
});

test('Search: group_by_fields (several fields) and sub_reqs (a hybrid search sent as Search) are refused', async () => {
  const request = await sdkRequest({ data: Q, anns_field: 'vec', limit: 3 });
  const grouped = await sendRaw('Search', {
    ...request,
    search_params: [...request.search_params, { key: 'group_by_fields', value: 'id,price' }],
  });
  refused(grouped, 'group_by_fields (grouping by several fields)', 'group_by_fields');
  const sub = { placeholder_group: request.placeholder_group, dsl: '', dsl_type: 1, search_params: request.search_params, nq: 1 };
  const advanced = await sendRaw('Search', { ...request, placeholder_group: Buffer.alloc(0), sub_reqs: [sub, sub] });
  refused(advanced, 'sub_reqs (a hybrid search sent as Search)', 'sub_reqs');
});

test('rank_params naming a reranker other than rrf or weighted gets Milvus 2.6 legacy text', async () => {
  const request = await sdkRequest(hybridParams);
  const rankParams = request.rank_params.map((kv: Any) => (kv.key === 'strategy' ? { key: 'strategy', value: 'decay' } : kv));
  const res = await sendRaw('HybridSearch', { ...request, rank_params: rankParams });
  assert.deepEqual({ code: res.status.code, reason: res.status.reason }, { code: 65535, reason: 'unsupported rank type decay' });
});

// ---- writes: refused, and nothing written -----------------------------------------------------

test('upsert with partial_update or field_ops is refused and changes nothing', async () => {
  const partial = await client.upsert({ collection_name: COLL, data: [{ id: 1, price: 99 }], partial_update: true } as Any);
  refused(partial, 'upsert with partial_update', 'partial_update');
  const ops = await client.upsert({
    collection_name: COLL,
    data: [row(2)],
    field_ops: [{ field_name: 'price', op: 'REPLACE' }],
  } as Any);
  // (The SDK sends partial_update with field_ops; field_ops is the more specific refusal.)
  refused(ops, 'upsert field_ops', 'field_ops');
  const rows = await client.query({ collection_name: COLL, filter: 'id in [1, 2]', output_fields: ['price'] });
  ok(rows, 'rows 1 and 2');
  assert.deepEqual(
    rows.data.map((r: Any) => [Number(r.id), r.price]).sort((a: number[], b: number[]) => a[0]! - b[0]!),
    [
      [1, 1.5],
      [2, 3],
    ],
  );
  assert.equal(await countStar(), ALL.length);
});

test('a namespace on Insert, Upsert, Delete, Query, Search or HybridSearch is refused', async () => {
  const inserted = await raw(client, 'Insert', {
    collection_name: COLL,
    namespace: 'tenant_a',
    num_rows: 1,
    fields_data: [
      { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['900'] } } },
      { type: 'Double', field_name: 'price', scalars: { double_data: { data: [1] } } },
      { type: 'FloatVector', field_name: 'vec', vectors: { dim: DIM, float_vector: { data: [1, 2, 3, 4] } } },
      { type: 'FloatVector', field_name: 'vec2', vectors: { dim: DIM, float_vector: { data: [1, 2, 3, 4] } } },
    ],
  });
  refused(inserted, 'namespace', 'insert');
  refused(await raw(client, 'Delete', { collection_name: COLL, expr: 'id in [1]', namespace: 'tenant_a' }), 'namespace', 'delete');
  refused(
    await raw(client, 'Query', { collection_name: COLL, expr: 'id > 0', output_fields: ['id'], namespace: 'tenant_a' }),
    'namespace',
    'query',
  );
  const request = await sdkRequest({ data: Q, anns_field: 'vec', limit: 3 });
  refused(await sendRaw('Search', { ...request, namespace: 'tenant_a' }), 'namespace', 'search');
  refused(await sendRaw('HybridSearch', { ...(await sdkRequest(hybridParams)), namespace: 'tenant_a' }), 'namespace', 'hybrid');
  assert.equal(await countStar(), ALL.length);
});

// ---- schemas: refused at create time ----------------------------------------------------------

test('CreateCollection with a schema function (BM25), struct array fields or enable_match is refused, and no collection is made', async () => {
  // The SDK's createCollection throws the refused status.
  const bm25 = await client
    .createCollection({
      collection_name: 'un_bm25',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'text', data_type: DataType.VarChar, max_length: 200, enable_analyzer: true },
        { name: 'sparse', data_type: DataType.SparseFloatVector },
      ],
      functions: [{ name: 'text_bm25', type: FunctionType.BM25, input_field_names: ['text'], output_field_names: ['sparse'], params: {} }],
    } as Any)
    .catch((status: unknown) => status);
  refused(bm25, 'function BM25 (text_bm25) in a collection schema', 'bm25');
  assert.equal((await client.hasCollection({ collection_name: 'un_bm25' })).value, false);

  const structs = await client
    .createCollection({
      collection_name: 'un_struct',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
        {
          name: 'chunks',
          data_type: DataType.Array,
          element_type: DataType.Struct,
          max_capacity: 4,
          fields: [{ name: 'score', data_type: DataType.Float }],
        },
      ],
    } as Any)
    .catch((status: unknown) => status);
  refused(structs, 'struct array fields (struct_array_fields)', 'struct array');
  assert.equal((await client.hasCollection({ collection_name: 'un_struct' })).value, false);

  // text_match on it could only be refused with "does not enable match", untrue of such a field.
  const match = await client
    .createCollection({
      collection_name: 'un_match',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
        { name: 'text', data_type: DataType.VarChar, max_length: 200, enable_analyzer: true, enable_match: true },
      ],
    } as Any)
    .catch((status: unknown) => status);
  refused(match, 'text match (enable_match on field text)', 'enable_match');
  assert.equal((await client.hasCollection({ collection_name: 'un_match' })).value, false);
});

test('a collection TTL is refused at create and alter (rows would never expire); 0 and -1 (no expiry) are accepted', async () => {
  const ttl = (value: string) => ({ key: 'collection.ttl.seconds', value });
  const created = await client
    .createCollection({
      collection_name: 'un_ttl',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
      ],
      properties: { 'collection.ttl.seconds': 3600 },
    })
    .catch((status: unknown) => status);
  refused(created, 'collection TTL (collection.ttl.seconds)', 'create with a TTL');
  assert.equal((await client.hasCollection({ collection_name: 'un_ttl' })).value, false);
  refused(
    await raw(client, 'AlterCollection', { collection_name: COLL, properties: [ttl('60')] }),
    'collection TTL (collection.ttl.seconds)',
    'alter',
  );
  for (const value of ['0', '-1']) ok(await raw(client, 'AlterCollection', { collection_name: COLL, properties: [ttl(value)] }), `ttl ${value}`);
  const described = await client.describeCollection({ collection_name: COLL });
  assert.equal(described.properties.find((p: Any) => p.key === 'collection.ttl.seconds')?.value, '-1');
});

test('AlterCollection dynamicfield.enabled and the databases force-deny switches are refused, and nothing changes', async () => {
  const dynamic = await raw(client, 'AlterCollection', { collection_name: COLL, properties: [{ key: 'dynamicfield.enabled', value: 'True' }] });
  refused(dynamic, 'dynamicfield.enabled (switching the dynamic field by AlterCollection)', 'dynamicfield.enabled');
  const described = await client.describeCollection({ collection_name: COLL });
  assert.equal(
    described.properties.find((p: Any) => p.key === 'dynamicfield.enabled'),
    undefined,
  );

  const denied = await client.createDatabase({ db_name: 'un_deny', properties: { 'database.force.deny.writing': true } });
  refused(denied, 'database.force.deny.writing (denying requests by a database property)', 'create database');
  assert.ok(!(await client.listDatabases()).db_names.includes('un_deny'));
  ok(await client.createDatabase({ db_name: 'un_deny', properties: { 'database.force.deny.reading': false } }), 'false is no switch');
  const altered = await raw(client, 'AlterDatabase', { db_name: 'un_deny', properties: [{ key: 'database.force.deny.ddl', value: 'true' }] });
  refused(altered, 'database.force.deny.ddl (denying requests by a database property)', 'alter database');
});

// ---- index types served by another algorithm: said in DescribeIndex ---------------------------

test('DescribeIndex says which algorithm serves an index type Elanus does not build (served_by)', async () => {
  const name = 'un_indexes';
  const vectorTypes: [string, DataType, Record<string, unknown>][] = [
    ['ivf_pq', DataType.FloatVector, { index_type: 'IVF_PQ', metric_type: 'L2', params: { nlist: 8, m: 2 } }],
    ['ivf_sq8', DataType.FloatVector, { index_type: 'IVF_SQ8', metric_type: 'L2', params: { nlist: 8 } }],
    ['scann', DataType.FloatVector, { index_type: 'SCANN', metric_type: 'L2', params: { nlist: 8 } }],
    ['hnsw_sq', DataType.FloatVector, { index_type: 'HNSW_SQ', metric_type: 'IP', params: { M: 8, efConstruction: 64 } }],
    ['hnsw_pq', DataType.Float16Vector, { index_type: 'HNSW_PQ', metric_type: 'L2', params: { M: 8, efConstruction: 64 } }],
    ['diskann', DataType.FloatVector, { index_type: 'DISKANN', metric_type: 'COSINE' }],
    ['hnsw', DataType.FloatVector, { index_type: 'HNSW', metric_type: 'L2', params: { M: 8, efConstruction: 64 } }],
    ['ivf_flat', DataType.FloatVector, { index_type: 'IVF_FLAT', metric_type: 'L2', params: { nlist: 8 } }],
    ['bin_ivf', DataType.BinaryVector, { index_type: 'BIN_IVF_FLAT', metric_type: 'HAMMING', params: { nlist: 8 } }],
    ['sparse_wand', DataType.SparseFloatVector, { index_type: 'SPARSE_WAND', metric_type: 'IP' }],
  ];
  ok(
    await client.createCollection({
      collection_name: name,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        ...vectorTypes.map(([field, type]) => ({
          name: field,
          data_type: type,
          ...(type === DataType.SparseFloatVector ? {} : { dim: type === DataType.BinaryVector ? 16 : DIM }),
        })),
      ],
    }),
    'create',
  );
  for (const [field, , params] of vectorTypes) {
    ok(await client.createIndex({ collection_name: name, field_name: field, index_name: field, ...params } as Any), `index ${field}`);
  }
  const described = await client.describeIndex({ collection_name: name });
  ok(described, 'describe');
  const servedBy = Object.fromEntries(
    described.index_descriptions.map((d: Any) => [d.index_name, d.params.find((p: Any) => p.key === 'served_by')?.value ?? null]),
  );
  assert.deepEqual(servedBy, {
    ivf_pq: 'IVF_FLAT (float32 vectors, not quantized)',
    ivf_sq8: 'IVF_FLAT (float32 vectors, not quantized)',
    scann: 'IVF_FLAT (float32 vectors, not quantized)',
    hnsw_sq: 'HNSW (float32 vectors, not quantized)',
    hnsw_pq: 'HNSW (float32 vectors, not quantized)',
    diskann: 'FLAT (exact search)',
    hnsw: null,
    ivf_flat: null,
    bin_ivf: 'BIN_FLAT (exact search)',
    sparse_wand: 'SPARSE_INVERTED_INDEX',
  });
  // The caller's parameters are still echoed as sent, served_by beside them.
  const pq = described.index_descriptions.find((d: Any) => d.index_name === 'ivf_pq')!;
  assert.deepEqual(Object.fromEntries(pq.params.map((p: Any) => [p.key, p.value])), {
    index_type: 'IVF_PQ',
    metric_type: 'L2',
    params: JSON.stringify({ nlist: 8, m: 2 }),
    served_by: 'IVF_FLAT (float32 vectors, not quantized)',
  });
  const stats = await client.getIndexStatistics({ collection_name: name, index_name: 'diskann' } as Any);
  ok(stats, 'statistics');
  assert.equal(stats.index_descriptions[0].params.find((p: Any) => p.key === 'served_by')?.value, 'FLAT (exact search)');
});

test('pymilvus shows served_by in describe_index and its ORM, gets the refusal of partial_update, and ignores growing rows', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const run = spawnSync('/usr/bin/python3', [join(root, 'test', 'compat', 'pymilvus', 'unserved.py'), `http://${server.address}`], {
    env: { ...process.env, PYTHONPATH: join(root, '..', 'shared', 'clients', 'python') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `python failed (${run.error?.message ?? ''}):\n${run.stderr}`);
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as Any;
  assert.deepEqual(out.describe_index, {
    index_type: 'IVF_PQ',
    metric_type: 'L2',
    params: { nlist: 8, m: 2 },
    served_by: 'IVF_FLAT (float32 vectors, not quantized)',
  });
  assert.equal(out.list_indexes.length, 10);
  assert.equal(out.orm_indexes.ivf_pq, 'IVF_FLAT (float32 vectors, not quantized)');
  assert.equal(out.orm_indexes.hnsw, null);
  assert.deepEqual(out.partial_update, { code: 10, message: unsupported('upsert with partial_update') });
  assert.equal(out.price_1, 1.5);
  assert.deepEqual(out.query_ignore_growing, SEALED);
  assert.deepEqual(out.search_ignore_growing, SEALED);
});
