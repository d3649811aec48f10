// The data plane end to end through the official Node SDK against a real server: insert,
// load, query, get, search (checked against a brute force computed here), delete, upsert,
// durability across a restart, and the blue/green switch of an alias between two collections.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { raw } from './alias-helpers.js';

const DIM = 8;
let server: RunningServer;
let client: MilvusClient;

/** A deterministic pseudo-random generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function vectors(n: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: DIM }, () => r() * 2 - 1));
}

async function createCollection(name: string, tag: string): Promise<void> {
  const res = await client.createCollection({
    collection_name: name,
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
      { name: 'tag', data_type: DataType.VarChar, max_length: 32 },
      { name: 'n', data_type: DataType.Int32 },
    ],
    enable_dynamic_field: true,
  });
  assert.equal(res.error_code, 'Success', res.reason);
  void tag;
}

async function insertRows(name: string, rows: Record<string, unknown>[]): Promise<string[]> {
  const res = await client.insert({ collection_name: name, data: rows as never });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  return (res.IDs as unknown as { int_id: { data: string[] } }).int_id.data.map(String);
}

async function load(name: string): Promise<void> {
  const index = await client.createIndex({ collection_name: name, field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
  assert.equal(index.error_code, 'Success', index.reason);
  const res = await client.loadCollection({ collection_name: name });
  assert.equal(res.error_code, 'Success', res.reason);
}

function l2(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

const VECS = vectors(300, 7);
const ROWS = VECS.map((vec, i) => ({ id: i + 1, vec, tag: i % 3 === 0 ? 'red' : 'blue', n: i, color: i % 2 ? 'odd' : 'even' }));

before(async () => {
  server = await startServer();
  client = server.client();
  await createCollection('blue_c', 'blue');
  await createCollection('green_c', 'green');
  await insertRows('blue_c', ROWS);
  await load('blue_c');
});

after(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

test('loading a collection whose vector field has no index is refused, as in Milvus', async () => {
  // The SDK's loadCollection throws the error status (it then polls for progress).
  await assert.rejects(client.loadCollection({ collection_name: 'green_c' }), (e: Error) => {
    assert.match(e.message, /IllegalArgument/);
    assert.match(e.message, /there is no vector index on field: \[vec\], please create index firstly: invalid parameter$/);
    return true;
  });
});

test('a search before load answers code 101', async () => {
  const res = await client.search({ collection_name: 'green_c', data: [VECS[0]!], limit: 3, metric_type: 'L2' });
  assert.equal(res.status.code, 101);
});

test('count(*) and statistics see every inserted row', async () => {
  const q = await client.query({ collection_name: 'blue_c', filter: '', output_fields: ['count(*)'] });
  assert.equal(q.status.error_code, 'Success', q.status.reason);
  assert.equal(Number(q.data[0]!['count(*)']), ROWS.length);
  const stats = await client.getCollectionStatistics({ collection_name: 'blue_c' });
  assert.equal(stats.data.row_count, String(ROWS.length));
});

test('query with a filter returns exactly the matching rows, ordered by primary key, values intact', async () => {
  const q = await client.query({
    collection_name: 'blue_c',
    filter: 'n >= 10 and n < 20 and tag == "red"',
    output_fields: ['id', 'n', 'tag', 'vec', 'color'],
  });
  assert.equal(q.status.error_code, 'Success', q.status.reason);
  const expected = ROWS.filter((r) => r.n >= 10 && r.n < 20 && r.tag === 'red');
  assert.deepEqual(
    q.data.map((r) => Number(r.id)),
    expected.map((r) => r.id),
  );
  for (const [i, row] of q.data.entries()) {
    const want = expected[i]!;
    assert.equal(row.tag, want.tag);
    assert.equal(row.n, want.n);
    // The Node SDK shows dynamic keys inside the `$meta` column it is sent.
    assert.equal((row.$meta as { color?: string } | undefined)?.color ?? row.color, want.color);
    (row.vec as number[]).forEach((v, j) => assert.ok(Math.abs(v - want.vec[j]!) < 1e-6));
  }
});

test('get by ids returns those rows', async () => {
  const res = await client.get({ collection_name: 'blue_c', ids: [5, 7, 99999], output_fields: ['n'] });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  assert.deepEqual(
    res.data.map((r) => Number(r.id)).sort((a, b) => a - b),
    [5, 7],
  );
});

test('L2 search with nq > 1, a filter and an offset equals the brute force', async () => {
  const queries = vectors(3, 99);
  const res = await client.search({
    collection_name: 'blue_c',
    data: queries,
    limit: 5,
    offset: 2,
    filter: 'tag == "blue"',
    metric_type: 'L2',
    output_fields: ['n'],
  });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  const groups = res.results as unknown as { id: string; score: number; n: number }[][];
  queries.forEach((q, qi) => {
    const expected = ROWS.filter((r) => r.tag === 'blue')
      .map((r) => ({ id: r.id, d: l2(q, r.vec) }))
      .sort((a, b) => a.d - b.d)
      .slice(2, 7);
    assert.deepEqual(
      groups[qi]!.map((h) => Number(h.id)),
      expected.map((e) => e.id),
    );
    groups[qi]!.forEach((h, j) => assert.ok(Math.abs(h.score - expected[j]!.d) < 1e-4));
  });
});

test('delete by filter, then the rows are gone from query and search', async () => {
  const del = await client.delete({ collection_name: 'blue_c', filter: 'n < 10' });
  assert.equal(del.status.error_code, 'Success', del.status.reason);
  assert.equal(Number(del.delete_cnt), 10);
  const q = await client.query({ collection_name: 'blue_c', filter: 'n < 20', output_fields: ['n'] });
  assert.deepEqual(
    q.data.map((r) => r.n),
    Array.from({ length: 10 }, (_, i) => i + 10),
  );
});

test('upsert replaces a row: one live version with the new values', async () => {
  const res = await client.upsert({ collection_name: 'blue_c', data: [{ ...ROWS[50]!, tag: 'green', n: 5000 }] });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  const q = await client.query({ collection_name: 'blue_c', filter: 'id == 51', output_fields: ['tag', 'n'] });
  assert.equal(q.data.length, 1);
  assert.equal(q.data[0]!.tag, 'green');
  assert.equal(q.data[0]!.n, 5000);
});

test('blue/green: reads and writes through an alias follow alter_alias', async () => {
  assert.equal((await client.createAlias({ collection_name: 'blue_c', alias: 'live' })).error_code, 'Success');
  const before = await client.query({ collection_name: 'live', filter: 'id == 100', output_fields: ['tag'] });
  assert.equal(before.data.length, 1);
  await insertRows('green_c', [{ id: 100, vec: VECS[0], tag: 'green-v2', n: 1 }]);
  await load('green_c');
  assert.equal((await client.alterAlias({ collection_name: 'green_c', alias: 'live' })).error_code, 'Success');
  const afterSwitch = await client.query({ collection_name: 'live', filter: 'id == 100', output_fields: ['tag'] });
  assert.equal(afterSwitch.data[0]!.tag, 'green-v2');
  const search = await client.search({ collection_name: 'live', data: [VECS[0]!], limit: 10, metric_type: 'L2', output_fields: ['tag'] });
  assert.equal(search.status.error_code, 'Success', search.status.reason);
  assert.ok(search.results.every((h) => (h as unknown as { tag: string }).tag === 'green-v2'));
  assert.equal((await insertRows('live', [{ id: 101, vec: VECS[1], tag: 'via-alias', n: 2 }])).length, 1);
  const count = await client.query({ collection_name: 'green_c', filter: '', output_fields: ['count(*)'] });
  assert.equal(Number(count.data[0]!['count(*)']), 2);
});

test('after a restart every acknowledged write is there and loaded collections are loaded again', async () => {
  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  client = server.client();
  const count = await client.query({ collection_name: 'blue_c', filter: '', output_fields: ['count(*)'] });
  assert.equal(count.status.error_code, 'Success', count.status.reason);
  assert.equal(Number(count.data[0]!['count(*)']), ROWS.length - 10);
  const q = await client.query({ collection_name: 'blue_c', filter: 'id == 51', output_fields: ['tag'] });
  assert.equal(q.data[0]!.tag, 'green');
});

test('dropping a collection frees its rows: a new one of the same name starts empty', async () => {
  assert.equal((await client.dropAlias({ alias: 'live' })).error_code, 'Success');
  assert.equal((await client.dropCollection({ collection_name: 'green_c' })).error_code, 'Success');
  await createCollection('green_c', 'green');
  const stats = await client.getCollectionStatistics({ collection_name: 'green_c' });
  assert.equal(stats.data.row_count, '0');
});

test('a partition key spreads rows over the physical partitions; a partition name is refused there', async () => {
  const res = await client.createCollection({
    collection_name: 'keyed',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
      { name: 'tenant', data_type: DataType.VarChar, max_length: 16, is_partition_key: true },
    ],
    num_partitions: 4,
  });
  assert.equal(res.error_code, 'Success', res.reason);
  const rows = VECS.slice(0, 200).map((vec, i) => ({ id: i, vec, tenant: `t${i % 10}` }));
  await insertRows('keyed', rows);
  const parts = await client.showPartitions({ collection_name: 'keyed' });
  let total = 0;
  let used = 0;
  for (const name of parts.partition_names) {
    const stats = await client.getPartitionStatistics({ collection_name: 'keyed', partition_name: name });
    const n = Number(stats.data.row_count);
    total += n;
    if (n > 0) used++;
  }
  assert.equal(parts.partition_names.length, 4);
  assert.equal(total, 200);
  assert.ok(used > 1, `rows should spread over several partitions, went to ${used}`);
  await load('keyed');
  const q = await client.query({ collection_name: 'keyed', filter: 'tenant == "t3"', output_fields: ['id'] });
  assert.deepEqual(
    q.data.map((r) => Number(r.id)),
    rows.filter((r) => r.tenant === 't3').map((r) => r.id),
  );
  const named = await client.insert({ collection_name: 'keyed', partition_name: '_default_0', data: [{ id: 999, vec: VECS[0]!, tenant: 't1' }] });
  assert.equal(named.status.code, 65535);
  assert.equal(named.status.reason, 'not support manually specifying the partition names if partition key mode is used');
});

test('an insert built with an older schema version is answered 109 SchemaMismatch', async () => {
  const described = await client.describeCollection({ collection_name: 'blue_c' });
  const before = described.update_timestamp;
  assert.equal(
    (await client.alterCollectionProperties({ collection_name: 'blue_c', properties: { 'collection.ttl.seconds': 0 } })).error_code,
    'Success',
  );
  const res = await raw(client, 'Insert', {
    collection_name: 'blue_c',
    num_rows: 1,
    schema_timestamp: before,
    fields_data: [
      { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['7777'] } } },
      { type: 'FloatVector', field_name: 'vec', vectors: { dim: DIM, float_vector: { data: VECS[0] } } },
      { type: 'VarChar', field_name: 'tag', scalars: { string_data: { data: ['x'] } } },
      { type: 'Int32', field_name: 'n', scalars: { int_data: { data: [1] } } },
    ],
  });
  const status = (res as { status: { code: number; error_code: string } }).status;
  assert.equal(status.code, 109);
  assert.equal(status.error_code, 'SchemaMismatch');
  // The SDK refreshes its cached schema on 109 and the same insert then succeeds.
  const ids = await insertRows('blue_c', [{ id: 7777, vec: VECS[0], tag: 'x', n: 1 }]);
  assert.deepEqual(ids, ['7777']);
});

test('LoadPartitions makes only those partitions readable, also after a restart; releasing the last one releases the collection', async () => {
  await createCollection('parted', 'p');
  for (const p of ['p1', 'p2'])
    assert.equal((await client.createPartition({ collection_name: 'parted', partition_name: p })).error_code, 'Success');
  for (const [p, first] of [
    ['p1', 0],
    ['p2', 100],
  ] as const) {
    const res = await client.insert({
      collection_name: 'parted',
      partition_name: p,
      data: VECS.slice(0, 5).map((vec, i) => ({ id: first + i, vec, tag: p, n: i })) as never,
    });
    assert.equal(res.status.error_code, 'Success', res.status.reason);
  }
  const index = await client.createIndex({ collection_name: 'parted', field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
  assert.equal(index.error_code, 'Success', index.reason);
  assert.equal((await client.loadPartitions({ collection_name: 'parted', partition_names: ['p1'] })).error_code, 'Success');

  const readable = async () => {
    const q = await client.query({ collection_name: 'parted', filter: 'id >= 0', output_fields: ['tag'] });
    assert.equal(q.status.error_code, 'Success', q.status.reason);
    return [...new Set(q.data.map((r) => r.tag))].sort();
  };
  assert.deepEqual(await readable(), ['p1']);
  const p2 = await client.query({ collection_name: 'parted', filter: 'id >= 0', partition_names: ['p2'] });
  assert.equal(p2.status.code, 201);
  const state = await client.getLoadState({ collection_name: 'parted', partition_names: ['p2'] });
  assert.equal(state.state, 'LoadStateNotLoad');

  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  client = server.client();
  assert.deepEqual(await readable(), ['p1']);
  assert.equal((await client.loadPartitions({ collection_name: 'parted', partition_names: ['p2'] })).error_code, 'Success');
  assert.deepEqual(await readable(), ['p1', 'p2']);
  assert.equal((await client.releasePartitions({ collection_name: 'parted', partition_names: ['p1', 'p2'] })).error_code, 'Success');
  const gone = await client.query({ collection_name: 'parted', filter: 'id >= 0' });
  assert.equal(gone.status.code, 101);
});
