// Approximate search through the official Node SDK against a real `elanus serve`: an HNSW index
// is built for the flushed segment (DescribeIndex reports the rows as it goes), searches with
// `ef` reach recall@10 >= 0.95 against a brute force computed here, with and without filters,
// a too-small `ef` is refused with knowhere's text, a sparse inverted index answers as the exact
// scan does, and a restart serves the index from its file.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from '../harness/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const DIM = 32;
const N = 5000;
const COLL = 'ann_main';
let server: RunningServer;
let client: MilvusClient;
let dataDir: string;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

const random = rng(5);
const gauss = () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
const centres = Array.from({ length: 25 }, () => Array.from({ length: DIM }, () => gauss() * 4));
const point = () => {
  const c = centres[Math.floor(random() * centres.length)]!;
  return c.map((x) => Math.fround(x + gauss()));
};
const vectors = Array.from({ length: N }, point);
const queries = Array.from({ length: 30 }, point);
const sparseRows = Array.from({ length: N }, (_, i) => {
  const row: Record<string, number> = {};
  for (let j = 0; j < 6; j++) row[String(Math.floor(random() * 200))] = Math.fround(random() + 0.01);
  row[String(1000 + (i % 7))] = 0.5;
  return row;
});

function ok(reply: Any, label: string): void {
  const s = reply.status ?? reply;
  assert.equal(s.error_code, 'Success', `${label}: ${JSON.stringify(s)}`);
}

function l2(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

function exact(q: number[], keep: (id: number) => boolean): number[] {
  return vectors
    .map((v, id) => ({ id, d: l2(q, v) }))
    .filter((x) => keep(x.id))
    .sort((a, b) => a.d - b.d)
    .slice(0, 10)
    .map((x) => x.id);
}

async function connect(): Promise<void> {
  client = new MilvusClient({ address: server.address, logLevel: 'error' } as Any);
  await client.connectPromise;
}

async function waitIndexed(collection_name: string): Promise<Any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const d: Any = await client.describeIndex({ collection_name });
    ok(d, 'describeIndex');
    const desc = d.index_descriptions[0];
    if (desc.state === 'Finished' && Number(desc.indexed_rows) === Number(desc.total_rows)) return desc;
    assert.notEqual(desc.state, 'Failed', desc.index_state_fail_reason);
    if (Date.now() > deadline) throw new Error(`index still ${desc.state}: ${JSON.stringify(desc)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function search(q: number[], params: Record<string, unknown>, filter = ''): Promise<Any> {
  return client.search({ collection_name: COLL, data: [q], anns_field: 'vec', limit: 10, params, filter, output_fields: ['id'] } as Any);
}

before(async () => {
  dataDir = makeDataDir('ann-compat-');
  server = await startServer({ dataDir });
  await connect();
  ok(
    await client.createCollection({
      collection_name: COLL,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
        { name: 'sp', data_type: DataType.SparseFloatVector },
        { name: 'tag', data_type: DataType.Int64 },
      ],
    } as Any),
    'create',
  );
  for (let first = 0; first < N; first += 1000) {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: first + i,
      vec: vectors[first + i],
      sp: sparseRows[first + i],
      tag: (first + i) % 100,
    }));
    ok(await client.insert({ collection_name: COLL, data: rows } as Any), 'insert');
  }
  ok(
    await client.createIndex({
      collection_name: COLL,
      field_name: 'vec',
      index_type: 'HNSW',
      metric_type: 'L2',
      params: { M: 16, efConstruction: 128 },
    } as Any),
    'index vec',
  );
  ok(
    await client.createIndex({ collection_name: COLL, field_name: 'sp', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'IP' } as Any),
    'index sp',
  );
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
  ok(await client.flush({ collection_names: [COLL] } as Any), 'flush');
});

after(async () => {
  await client?.closeConnection();
  await server?.stop();
  removeDataDir(dataDir);
});

test('DescribeIndex reaches Finished with every row indexed after the flush', async () => {
  const desc = await waitIndexed(COLL);
  assert.equal(Number(desc.total_rows), N);
  assert.equal(Number(desc.pending_index_rows), 0);
});

test('HNSW search with ef: recall@10 >= 0.95, unfiltered and at 90%, 10% and 1% filters', async () => {
  await waitIndexed(COLL);
  for (const [filter, keep] of [
    ['', () => true],
    ['tag < 90', (id: number) => id % 100 < 90],
    ['tag < 10', (id: number) => id % 100 < 10],
    ['tag == 7', (id: number) => id % 100 === 7],
  ] as const) {
    let total = 0;
    for (const q of queries) {
      const reply: Any = await search(q, { ef: 128 }, filter);
      ok(reply, `search ${filter}`);
      const ids = reply.results.map((r: Any) => Number(r.id));
      for (const id of ids) assert.ok(keep(id), `${id} fails ${filter}`);
      const want = new Set(exact(q, keep));
      total += ids.filter((id: number) => want.has(id)).length / want.size;
    }
    assert.ok(total / queries.length >= 0.95, `${filter || 'no filter'}: recall ${total / queries.length}`);
  }
});

test("ef smaller than the limit is refused with knowhere's text", async () => {
  const reply: Any = await search(queries[0]!, { ef: 4 });
  assert.equal(reply.status.code, 1100);
  assert.match(reply.status.reason, /ef\(4\) should be larger than k\(10\)/);
});

test('the sparse inverted index answers as an exact scan does', async () => {
  await waitIndexed(COLL);
  const q: Record<string, number> = { '3': 0.7, '50': 0.2, '1003': 1 };
  const reply: Any = await client.search({ collection_name: COLL, data: [q], anns_field: 'sp', limit: 5, output_fields: ['id'] } as Any);
  ok(reply, 'sparse search');
  const score = (row: Record<string, number>) => Object.entries(q).reduce((s, [k, w]) => s + w * (row[k] ?? 0), 0);
  const want = sparseRows
    .map((r, id) => ({ id, s: score(r) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 5);
  assert.deepEqual(
    reply.results.map((r: Any) => Math.round(r.score * 1e4)),
    want.map((w) => Math.round(w.s * 1e4)),
  );
});

test('after a restart the same searches give the same answers (the index from its file)', async () => {
  await waitIndexed(COLL);
  const before = [];
  for (const q of queries.slice(0, 10)) before.push(((await search(q, { ef: 64 })) as Any).results.map((r: Any) => r.id));
  await client.closeConnection();
  await server.stop();
  server = await startServer({ dataDir });
  await connect();
  const desc = await waitIndexed(COLL);
  assert.equal(Number(desc.indexed_rows), N);
  for (let i = 0; i < 10; i++)
    assert.deepEqual(
      ((await search(queries[i]!, { ef: 64 })) as Any).results.map((r: Any) => r.id),
      before[i],
    );
});
