// Exact search through the official Node SDK against a real `elanus serve`, checked against a
// brute force computed here: FloatVector with L2, IP and COSINE; BinaryVector with HAMMING and
// JACCARD; SparseFloatVector with IP; Float16/BFloat16/Int8 vectors with L2. Each with and
// without a filter, nq > 1, topk and offset, range search, round_decimal, output fields
// (dynamic keys too), partitions, aliases, empty results and the errors Milvus gives.
//
// Ties: HAMMING, Int8 and 16-bit-float distances are often equal, and the order among equal
// scores is not specified. The check therefore compares the score sequence with the brute
// force's, and checks that every returned id is an eligible row whose true score is the score
// reported; together these hold exactly when the hits are a correct top-k.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { raw } from './alias-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Metric = 'L2' | 'IP' | 'COSINE' | 'HAMMING' | 'JACCARD';
type Sparse = Record<string, number>;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function ok(reply: Any, label: string): void {
  const s = reply.status ?? reply;
  assert.equal(s.error_code, 'Success', `${label}: ${JSON.stringify(s)}`);
}

const COLL = 's_main';
const N = 1500;
const FDIM = 16;
const HDIM = 8;
const BDIM = 64;

interface Row {
  id: number;
  tag: string;
  n: number;
  color: string;
  fv: number[];
  bv: number[];
  sp: Sparse;
  h16: number[];
  hb16: number[];
  i8: number[];
  partition: string;
}

/** Multiples of 1/8 in [-2, 2]: exact in float16 and bfloat16. */
const half = (r: () => number) => Math.round((r() * 2 - 1) * 16) / 8 + 0;

function makeRows(): Row[] {
  const r = rng(77);
  return Array.from({ length: N }, (_, i) => {
    const sp: Sparse = {};
    const nnz = 3 + Math.floor(r() * 6);
    const idx = new Set<number>();
    while (idx.size < nnz) idx.add(Math.floor(r() * 100));
    for (const k of [...idx].sort((a, b) => a - b)) sp[String(k)] = Math.fround(0.01 + r());
    return {
      id: i + 1,
      tag: ['red', 'green', 'blue'][i % 3]!,
      n: i,
      color: i % 2 ? 'odd' : 'even',
      fv: Array.from({ length: FDIM }, () => Math.fround(r() * 2 - 1)),
      bv: Array.from({ length: BDIM / 8 }, () => Math.floor(r() * 256)),
      sp,
      h16: Array.from({ length: HDIM }, () => half(r)),
      hb16: Array.from({ length: HDIM }, () => half(r)),
      i8: Array.from({ length: HDIM }, () => Math.floor(r() * 256) - 128),
      partition: i < N / 2 ? 'p1' : '_default',
    };
  });
}
const ROWS = makeRows();

// ---- brute force --------------------------------------------------------------------------------

const POP = Array.from(
  { length: 256 },
  (_, i) =>
    i
      .toString(2)
      .split('')
      .filter((c) => c === '1').length,
);

function score(metric: Metric, q: Any, v: Any): number {
  switch (metric) {
    case 'L2':
      return (q as number[]).reduce((s, x, k) => s + (x - v[k]) ** 2, 0);
    case 'IP': {
      if (!Array.isArray(q)) {
        let s = 0;
        for (const [k, x] of Object.entries(q as Sparse)) if (k in v) s += x * (v as Sparse)[k]!;
        return s;
      }
      return (q as number[]).reduce((s, x, k) => s + x * v[k], 0);
    }
    case 'COSINE': {
      const dot = (q as number[]).reduce((s, x, k) => s + x * v[k], 0);
      const nq = Math.sqrt((q as number[]).reduce((s, x) => s + x * x, 0));
      const nv = Math.sqrt((v as number[]).reduce((s: number, x: number) => s + x * x, 0));
      return nq * nv === 0 ? 0 : dot / (nq * nv);
    }
    case 'HAMMING':
      return (q as number[]).reduce((s, x, k) => s + POP[x ^ v[k]]!, 0);
    case 'JACCARD': {
      let both = 0;
      let either = 0;
      (q as number[]).forEach((x, k) => {
        both += POP[x & v[k]]!;
        either += POP[x | v[k]]!;
      });
      return either === 0 ? 0 : 1 - both / either;
    }
  }
}

const ascending = (m: Metric) => m === 'L2' || m === 'HAMMING' || m === 'JACCARD';

interface Case {
  field: keyof Row;
  metric: Metric;
  pred?: (r: Row) => boolean;
  partitions?: string[];
  radius?: number;
  rangeFilter?: number;
}

/** Every eligible row's score for one query, best first. */
function brute(c: Case, q: Any): { id: number; s: number }[] {
  const asc = ascending(c.metric);
  return ROWS.filter((r) => (!c.pred || c.pred(r)) && (!c.partitions || c.partitions.includes(r.partition)))
    .map((r) => ({ id: r.id, s: score(c.metric, q, r[c.field]) }))
    .filter(({ s }) => {
      if (c.radius === undefined) return true;
      if (asc) return s < c.radius && s >= (c.rangeFilter ?? -Infinity);
      return s > c.radius && s <= (c.rangeFilter ?? Infinity);
    })
    .sort((a, b) => (asc ? a.s - b.s : b.s - a.s));
}

const close = (a: number, b: number, tol = 1e-4) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** The hits of one query against the brute force (see the file comment about ties). */
function checkHits(hits: { id: Any; score: number }[], c: Case, q: Any, topk: number, offset: number, label: string): void {
  const all = brute(c, q);
  const truth = new Map(all.map((e) => [e.id, e.s]));
  const want = all.slice(offset, offset + topk);
  assert.equal(hits.length, want.length, `${label}: number of hits`);
  const seen = new Set<number>();
  hits.forEach((h, i) => {
    const id = Number(h.id);
    assert.ok(!seen.has(id), `${label}: id ${id} returned twice`);
    seen.add(id);
    assert.ok(close(h.score, want[i]!.s), `${label}: hit ${i} score ${h.score}, brute force ${want[i]!.s}`);
    assert.ok(truth.has(id), `${label}: id ${id} is not an eligible row`);
    assert.ok(close(h.score, truth.get(id)!), `${label}: id ${id} reported ${h.score}, true score ${truth.get(id)}`);
  });
}

// ---- queries ------------------------------------------------------------------------------------

function queries(field: keyof Row, nq: number, seed: number): Any[] {
  const r = rng(seed);
  return Array.from({ length: nq }, () => {
    switch (field) {
      case 'fv':
        return Array.from({ length: FDIM }, () => Math.fround(r() * 2 - 1));
      case 'bv':
        return Array.from({ length: BDIM / 8 }, () => Math.floor(r() * 256));
      case 'sp': {
        const q: Sparse = {};
        for (let k = 0; k < 100; k += 1 + Math.floor(r() * 8)) q[String(k)] = Math.fround(0.05 + r());
        return q;
      }
      case 'h16':
      case 'hb16':
        return Array.from({ length: HDIM }, () => half(r));
      case 'i8':
        return Array.from({ length: HDIM }, () => Math.floor(r() * 256) - 128);
      default:
        throw new Error(String(field));
    }
  });
}

/** The anns field of each (field, metric) pair: one vector field per metric, as an index fixes the metric. */
const FIELD_OF: Record<string, string> = {
  'fv/L2': 'v_l2',
  'fv/IP': 'v_ip',
  'fv/COSINE': 'v_cos',
  'bv/HAMMING': 'b_ham',
  'bv/JACCARD': 'b_jac',
  'sp/IP': 'sp',
  'h16/L2': 'h16',
  'hb16/L2': 'hb16',
  'i8/L2': 'i8',
};
const annsField = (c: Case) => FIELD_OF[`${String(c.field)}/${c.metric}`]!;

async function sdkSearch(
  c: Case,
  data: Any[],
  opts: { topk: number; offset?: number; filter?: string; output?: string[]; params?: Record<string, unknown>; collection?: string },
): Promise<Any> {
  return client.search({
    collection_name: opts.collection ?? COLL,
    anns_field: annsField(c),
    data,
    limit: opts.topk,
    offset: opts.offset ?? 0,
    filter: opts.filter ?? '',
    metric_type: c.metric,
    output_fields: opts.output ?? ['n'],
    ...(c.partitions ? { partition_names: c.partitions } : {}),
    params: {
      ...(opts.params ?? {}),
      ...(c.radius !== undefined ? { radius: c.radius } : {}),
      ...(c.rangeFilter !== undefined ? { range_filter: c.rangeFilter } : {}),
    },
  } as never);
}

/** The SDK's results as one list of hits per query (it flattens nq == 1). */
function groups(res: Any, nq: number): { id: Any; score: number; [k: string]: Any }[][] {
  ok(res, 'search');
  if (nq === 1) return [res.results];
  return res.results;
}

const PLACEHOLDER: Record<string, number> = { fv: 101, bv: 100, h16: 102, hb16: 103, sp: 104, i8: 105 };

function blob(field: keyof Row, q: Any): Buffer {
  switch (field) {
    case 'fv':
      return Buffer.from(new Float32Array(q).buffer);
    case 'bv':
      return Buffer.from(q);
    case 'i8':
      return Buffer.from(new Int8Array(q).buffer);
    default:
      throw new Error(String(field));
  }
}

/** A Search request sent as is, for what the SDK hides (collection_name echo, topks, raw scores). */
async function rawSearch(req: {
  collection?: string;
  field: keyof Row;
  anns: string;
  data: Any[];
  params: Record<string, string | number>;
  dsl?: string;
  output?: string[];
  /** More SearchRequest fields, sent as given. */
  extra?: Record<string, unknown>;
}): Promise<Any> {
  const proto = (client as unknown as { milvusProto: Any }).milvusProto;
  const Group = proto.lookupType('milvus.proto.common.PlaceholderGroup');
  const group = Group.encode(
    Group.create({ placeholders: [{ tag: '$0', type: PLACEHOLDER[req.field], values: req.data.map((q) => blob(req.field, q)) }] }),
  ).finish();
  return raw(client, 'Search', {
    collection_name: req.collection ?? COLL,
    dsl: req.dsl ?? '',
    dsl_type: 1,
    placeholder_group: group,
    output_fields: req.output ?? [],
    search_params: Object.entries({ anns_field: req.anns, ...req.params }).map(([key, value]) => ({ key, value: String(value) })),
    nq: req.data.length,
    ...req.extra,
  });
}

// ---- setup --------------------------------------------------------------------------------------

before(async () => {
  server = await startServer();
  client = server.client();
  const fields = [
    { name: 'id', data_type: DataType.Int64, is_primary_key: true },
    { name: 'tag', data_type: DataType.VarChar, max_length: 8 },
    { name: 'n', data_type: DataType.Int32 },
    { name: 'v_l2', data_type: DataType.FloatVector, dim: FDIM },
    { name: 'v_ip', data_type: DataType.FloatVector, dim: FDIM },
    { name: 'v_cos', data_type: DataType.FloatVector, dim: FDIM },
    { name: 'b_ham', data_type: DataType.BinaryVector, dim: BDIM },
    { name: 'b_jac', data_type: DataType.BinaryVector, dim: BDIM },
    { name: 'sp', data_type: DataType.SparseFloatVector },
    { name: 'h16', data_type: DataType.Float16Vector, dim: HDIM },
    { name: 'hb16', data_type: DataType.BFloat16Vector, dim: HDIM },
    { name: 'i8', data_type: DataType.Int8Vector, dim: HDIM },
  ];
  ok(await client.createCollection({ collection_name: COLL, fields: fields as never, enable_dynamic_field: true }), 'create');
  ok(await client.createPartition({ collection_name: COLL, partition_name: 'p1' }), 'partition');
  const metrics: Record<string, string> = {
    v_l2: 'L2',
    v_ip: 'IP',
    v_cos: 'COSINE',
    b_ham: 'HAMMING',
    b_jac: 'JACCARD',
    sp: 'IP',
    h16: 'L2',
    hb16: 'L2',
    i8: 'L2',
  };
  for (const [field, metric] of Object.entries(metrics)) {
    ok(await client.createIndex({ collection_name: COLL, field_name: field, index_type: 'AUTOINDEX', metric_type: metric }), `index ${field}`);
  }
  const toInsert = (r: Row) => ({
    id: r.id,
    tag: r.tag,
    n: r.n,
    color: r.color,
    v_l2: r.fv,
    v_ip: r.fv,
    v_cos: r.fv,
    b_ham: r.bv,
    b_jac: r.bv,
    sp: r.sp,
    h16: r.h16,
    hb16: r.hb16,
    i8: r.i8,
  });
  for (const partition of ['p1', '_default']) {
    const rows = ROWS.filter((r) => r.partition === partition);
    for (let i = 0; i < rows.length; i += 250) {
      const res = await client.insert({ collection_name: COLL, partition_name: partition, data: rows.slice(i, i + 250).map(toInsert) as never });
      ok(res, `insert ${partition}`);
    }
  }
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
  ok(await client.createAlias({ collection_name: COLL, alias: 's_alias' }), 'alias');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

// ---- the metric matrix ----------------------------------------------------------------------------

const MATRIX: Case[] = [
  { field: 'fv', metric: 'L2' },
  { field: 'fv', metric: 'IP' },
  { field: 'fv', metric: 'COSINE' },
  { field: 'bv', metric: 'HAMMING' },
  { field: 'bv', metric: 'JACCARD' },
  { field: 'sp', metric: 'IP' },
  { field: 'h16', metric: 'L2' },
  { field: 'hb16', metric: 'L2' },
  { field: 'i8', metric: 'L2' },
];

for (const [k, base] of MATRIX.entries()) {
  const name = `${annsField(base)} (${String(base.field)}, ${base.metric})`;

  test(`${name}: nq=3, topk 10, no filter, equals the brute force`, async () => {
    const qs = queries(base.field, 3, 1000 + k);
    const res = await sdkSearch(base, qs, { topk: 10 });
    groups(res, 3).forEach((hits, qi) => checkHits(hits, base, qs[qi], 10, 0, `query ${qi}`));
  });

  test(`${name}: nq=2, filter, topk 7, offset 5, output fields with a dynamic key`, async () => {
    const c: Case = { ...base, pred: (r) => r.tag !== 'green' && r.n % 5 !== 0 && r.color === 'odd' };
    const qs = queries(base.field, 2, 2000 + k);
    const res = await sdkSearch(c, qs, {
      topk: 7,
      offset: 5,
      filter: 'tag != "green" and n % 5 != 0 and color == "odd"',
      output: ['n', 'tag', 'color'],
    });
    groups(res, 2).forEach((hits, qi) => {
      checkHits(hits, c, qs[qi], 7, 5, `query ${qi}`);
      for (const h of hits) {
        const row = ROWS[Number(h.id) - 1]!;
        assert.deepEqual({ n: h.n, tag: h.tag, color: h.color }, { n: row.n, tag: row.tag, color: row.color }, `output fields of ${h.id}`);
      }
    });
  });

  test(`${name}: nq=1 with topk 1 and with a topk above the row count`, async () => {
    const [q] = queries(base.field, 1, 3000 + k);
    checkHits(groups(await sdkSearch(base, [q], { topk: 1 }), 1)[0]!, base, q, 1, 0, 'topk 1');
    const c: Case = { ...base, pred: (r) => r.n < 40 };
    checkHits(groups(await sdkSearch(c, [q], { topk: 100, filter: 'n < 40' }), 1)[0]!, c, q, 100, 0, 'topk 100 over 40 rows');
  });

  test(`${name}: range search keeps exactly the scores between radius and range_filter`, async () => {
    const qs = queries(base.field, 2, 4000 + k);
    const scores = brute(base, qs[0]).map((e) => e.s);
    // bounds from the brute force's distribution: the 5th to 30th best scores of query 0
    // (integer distances tie: the outer bound is the first score from the 30th on that differs)
    const inner = scores[5]!;
    const outer = scores.slice(30).find((s) => s !== inner)!;
    const asc = ascending(base.metric);
    // distances: range_filter <= d < radius; similarities: radius < s <= range_filter
    const c: Case = { ...base, radius: outer, rangeFilter: inner };
    assert.ok(asc ? outer > inner : outer < inner, 'the bounds are in the right order for the metric');
    const res = await sdkSearch(c, qs, { topk: 100 });
    groups(res, 2).forEach((hits, qi) => {
      checkHits(hits, c, qs[qi], 100, 0, `query ${qi}`);
      for (const h of hits) {
        assert.ok(
          asc ? h.score < outer + 1e-6 && h.score >= inner - 1e-6 : h.score > outer - 1e-6 && h.score <= inner + 1e-6,
          `score ${h.score} in range`,
        );
      }
    });
    assert.ok(groups(res, 2)[0]!.length > 0, 'query 0 has hits in its range');
    // radius alone: everything better than it
    const only: Case = { ...base, radius: outer };
    checkHits(groups(await sdkSearch(only, [qs[0]], { topk: 100 }), 1)[0]!, only, qs[0], 100, 0, 'radius only');
  });
}

// ---- the rest of the contract ---------------------------------------------------------------------

test('partition_names restrict the search to those partitions', async () => {
  const qs = queries('fv', 2, 5000);
  for (const partitions of [['p1'], ['_default'], ['p1', '_default']]) {
    const c: Case = { field: 'fv', metric: 'L2', partitions };
    groups(await sdkSearch(c, qs, { topk: 12 }), 2).forEach((hits, qi) => checkHits(hits, c, qs[qi], 12, 0, `${partitions} query ${qi}`));
  }
  const c: Case = { field: 'fv', metric: 'L2', partitions: ['p1'], pred: (r) => r.tag === 'red' };
  groups(await sdkSearch(c, [qs[0]], { topk: 12, filter: 'tag == "red"' }), 1).forEach((hits) => checkHits(hits, c, qs[0], 12, 0, 'p1 and red'));
  const missing = await sdkSearch({ field: 'fv', metric: 'L2', partitions: ['nope'] }, [qs[0]], { topk: 3 });
  assert.equal(missing.status.code, 200, JSON.stringify(missing.status));
  assert.match(missing.status.reason, /nope/);
});

test('round_decimal rounds the scores the server sends', async () => {
  const q = queries('fv', 1, 6000);
  const res = await rawSearch({ field: 'fv', anns: 'v_ip', data: q, params: { topk: 10, metric_type: 'IP', round_decimal: 2 } });
  ok(res, 'raw search');
  const scores: number[] = res.results.scores;
  assert.equal(scores.length, 10);
  const truth = brute({ field: 'fv', metric: 'IP' }, q[0]);
  scores.forEach((s, i) => {
    // the wire carries float32: compare with the float32 of the rounded value
    assert.equal(s, Math.fround(Number(truth[i]!.s.toFixed(2))), `score ${i}: ${s} vs ${truth[i]!.s}`);
  });
  // through the SDK too
  const sdk = groups(await sdkSearch({ field: 'fv', metric: 'IP' }, q, { topk: 10, params: { round_decimal: 3 } }), 1)[0]!;
  // (the SDK then cuts, not rounds, the float32 it received to 3 decimals: up to 0.001 more off)
  sdk.forEach((h, i) => assert.ok(Math.abs(h.score - truth[i]!.s) <= 0.0015 + 1e-6, `sdk score ${i}: ${h.score} vs ${truth[i]!.s}`));
});

test("round_decimal outside -1 and [0, 6], or not an integer, is refused with Milvus's text", async () => {
  const q = queries('fv', 1, 6100);
  for (const raw of ['7', '-5', '100', 'abc', '']) {
    const res = await rawSearch({ field: 'fv', anns: 'v_ip', data: q, params: { topk: 10, metric_type: 'IP', round_decimal: raw } });
    assert.equal(res.status.code, 65535, `${raw}: ${JSON.stringify(res.status)}`);
    assert.equal(res.status.reason, `round_decimal [${raw}] is invalid, should be -1 or an integer in range [0, 6]`);
  }
  // -1 is "as computed": the scores equal a search without the key.
  const plain = await rawSearch({ field: 'fv', anns: 'v_ip', data: q, params: { topk: 10, metric_type: 'IP' } });
  const asComputed = await rawSearch({ field: 'fv', anns: 'v_ip', data: q, params: { topk: 10, metric_type: 'IP', round_decimal: -1 } });
  ok(asComputed, 'round_decimal -1');
  assert.deepEqual(asComputed.results.scores, plain.results.scores);
});

test('output_fields * returns every field, vectors and dynamic keys included', async () => {
  const [q] = queries('fv', 1, 7000);
  const hits = groups(await sdkSearch({ field: 'fv', metric: 'L2' }, [q], { topk: 3, output: ['*'] }), 1)[0]!;
  assert.equal(hits.length, 3);
  for (const h of hits) {
    const row = ROWS[Number(h.id) - 1]!;
    assert.equal(h.n, row.n);
    assert.equal(h.tag, row.tag);
    assert.deepEqual(h.v_l2, row.fv);
    assert.deepEqual(h.b_jac, row.bv);
    assert.deepEqual(h.i8, row.i8);
    assert.deepEqual(h.h16, row.h16);
    assert.deepEqual(h.sp, row.sp);
    assert.deepEqual(h.$meta, { color: row.color });
  }
  // a dynamic key by name, through the raw reply: a `$meta` column holding just that key
  const res = await rawSearch({ field: 'fv', anns: 'v_l2', data: [q], params: { topk: 3, metric_type: 'L2' }, output: ['color'] });
  ok(res, 'raw');
  assert.ok(res.results.output_fields.includes('color'), JSON.stringify(res.results.output_fields));
  const meta = res.results.fields_data.find((f: Any) => f.field_name === '$meta');
  assert.ok(meta, 'a $meta column');
  const metas = meta.scalars.json_data.data.map((b: Buffer) => JSON.parse(b.toString()));
  const ids = res.results.ids.int_id.data.map(Number);
  assert.deepEqual(
    metas,
    ids.map((id: number) => ({ color: ROWS[id - 1]!.color })),
  );
});

test('search through an alias: same hits, and collection_name echoes the alias as sent', async () => {
  const qs = queries('fv', 2, 8000);
  const direct = groups(await sdkSearch({ field: 'fv', metric: 'COSINE' }, qs, { topk: 5 }), 2);
  const viaAlias = groups(await sdkSearch({ field: 'fv', metric: 'COSINE' }, qs, { topk: 5, collection: 's_alias' }), 2);
  assert.deepEqual(viaAlias, direct);
  const res = await rawSearch({ collection: 's_alias', field: 'fv', anns: 'v_cos', data: qs, params: { topk: 5, metric_type: 'COSINE' } });
  ok(res, 'raw via alias');
  assert.equal(res.collection_name, 's_alias');
  assert.deepEqual(res.results.topks.map(Number), [5, 5]);
  assert.equal(Number(res.results.num_queries), 2);
  assert.equal(Number(res.results.top_k), 5);
  const res2 = await rawSearch({ field: 'fv', anns: 'v_cos', data: qs, params: { topk: 5, metric_type: 'COSINE' } });
  assert.equal(res2.collection_name, COLL);
  assert.deepEqual(res2.results.ids, res.results.ids);
});

test('a filter that matches nothing: success, results with topks of zeros', async () => {
  const qs = queries('fv', 3, 9000);
  const res = await rawSearch({ field: 'fv', anns: 'v_l2', data: qs, params: { topk: 5, metric_type: 'L2' }, dsl: 'n < 0', output: ['n'] });
  ok(res, 'raw empty');
  assert.ok(res.results, 'results present');
  assert.deepEqual(res.results.topks.map(Number), [0, 0, 0]);
  assert.equal(Number(res.results.num_queries), 3);
  assert.deepEqual(res.results.scores, []);
  const sdk = await sdkSearch({ field: 'fv', metric: 'L2' }, qs, { topk: 5, filter: 'n < 0' });
  ok(sdk, 'sdk empty');
  assert.deepEqual(sdk.results, []);
});

test('errors: search before load answers 101', async () => {
  ok(
    await client.createCollection({
      collection_name: 's_unloaded',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'v', data_type: DataType.FloatVector, dim: 4 },
      ],
    }),
    'create',
  );
  ok(await client.createIndex({ collection_name: 's_unloaded', field_name: 'v', index_type: 'AUTOINDEX', metric_type: 'L2' }), 'index');
  const res = await client.search({ collection_name: 's_unloaded', data: [[1, 2, 3, 4]], limit: 3 });
  assert.equal(res.status.code, 101, JSON.stringify(res.status));
  assert.equal(res.status.error_code, 'UnexpectedError');
  assert.match(res.status.reason, /collection not loaded/);
  assert.match(res.status.reason, /s_unloaded/);
});

test('errors: wrong query dimension, wrong metric, topk 0 and 16385, unknown anns_field, malformed filter', async () => {
  const [q] = queries('fv', 1, 10000);
  const wrongDim = await client.search({
    collection_name: COLL,
    anns_field: 'v_l2',
    data: [q.slice(0, FDIM - 1)],
    limit: 3,
    metric_type: 'L2',
  } as never);
  assert.equal(wrongDim.status.code, 1100, JSON.stringify(wrongDim.status));
  assert.match(wrongDim.status.reason, /dimension/);
  assert.match(wrongDim.status.reason, /v_l2/);

  const wrongMetric = await client.search({ collection_name: COLL, anns_field: 'v_l2', data: [q], limit: 3, metric_type: 'HAMMING' } as never);
  assert.equal(wrongMetric.status.code, 1100, JSON.stringify(wrongMetric.status));
  assert.match(wrongMetric.status.reason, /metric/i);

  // a metric the field type does not support at all, on a field whose index names no metric the
  // request could contradict: the raw request asks IP of a binary field
  const binIp = await rawSearch({ field: 'bv', anns: 'b_ham', data: [ROWS[0]!.bv], params: { topk: 3, metric_type: 'IP' } });
  assert.equal(binIp.status.code, 1100, JSON.stringify(binIp.status));
  assert.match(binIp.status.reason, /metric/i);

  for (const topk of [0, 16385]) {
    const res = await rawSearch({ field: 'fv', anns: 'v_l2', data: [q], params: { topk, metric_type: 'L2' } });
    // validateLimit's error is a plain Go error in Milvus 2.6: code 65535
    assert.equal(res.status.code, 65535, `topk ${topk}: ${JSON.stringify(res.status)}`);
    assert.equal(res.status.reason, `topk [${topk}] is invalid, it should be in range [1, 16384], but got ${topk}`);
  }
  const max = await rawSearch({ field: 'fv', anns: 'v_l2', data: [q], params: { topk: 16384, metric_type: 'L2' } });
  ok(max, 'topk 16384');
  assert.deepEqual(max.results.topks.map(Number), [N]);

  // the SDK refuses an unknown anns_field client-side: raw
  const unknownField = await rawSearch({ field: 'fv', anns: 'no_such_vec', data: [q], params: { topk: 3, metric_type: 'L2' } });
  assert.equal(unknownField.status.code, 1100, JSON.stringify(unknownField.status));
  assert.match(unknownField.status.reason, /no_such_vec/);

  const expr = 'n >> and tag == "x"';
  const bad = await client.search({ collection_name: COLL, anns_field: 'v_l2', data: [q], limit: 3, metric_type: 'L2', filter: expr } as never);
  assert.equal(bad.status.code, 1100, JSON.stringify(bad.status));
  assert.equal(bad.status.error_code, 'IllegalArgument');
  assert.ok(bad.status.reason.includes(expr), `the reason quotes the expression: ${bad.status.reason}`);
});

test("errors: no query vectors (nq 0) is refused with Milvus's nq text", async () => {
  const empty = await rawSearch({ field: 'fv', anns: 'v_l2', data: [], params: { topk: 3, metric_type: 'L2' } });
  assert.equal(empty.status.code, 65535, JSON.stringify(empty.status));
  assert.equal(empty.status.reason, 'nq [0] is invalid, nq (number of search vector per search request) should be in range [1, 16384], but got 0');
});

test('options Elanus does not run yet are refused with code 10, never answered as if applied', async () => {
  const [q] = queries('fv', 1, 11000);
  const searchParams = [
    { key: 'anns_field', value: 'v_l2' },
    { key: 'topk', value: '3' },
    { key: 'metric_type', value: 'L2' },
  ];
  const byIds = await raw(client, 'Search', {
    collection_name: COLL,
    ids: { int_id: { data: ['1', '2'] } },
    search_params: searchParams,
    dsl_type: 1,
  });
  assert.equal(byIds.status.code, 10, JSON.stringify(byIds.status));
  assert.equal(byIds.status.reason, 'search by primary keys (ids) is not supported by Elanus yet: service unimplemented');

  const decay = {
    functions: [{ name: 'decay', type: 3, input_field_names: ['n'], params: [{ key: 'reranker', value: 'decay' }] }],
    params: [],
  };
  const ranked = await rawSearch({
    field: 'fv',
    anns: 'v_l2',
    data: [q],
    params: { topk: 3, metric_type: 'L2' },
    extra: { function_score: decay },
  });
  assert.equal(ranked.status.code, 10, JSON.stringify(ranked.status));
  assert.equal(ranked.status.reason, 'function_score (function rerankers) is not supported by Elanus yet: service unimplemented');

  // The same search without the function answers normally.
  ok(await rawSearch({ field: 'fv', anns: 'v_l2', data: [q], params: { topk: 3, metric_type: 'L2' } }), 'plain search');
});

test('search results are the same after a restart', async () => {
  const qs = queries('fv', 2, 11000);
  const before = groups(await sdkSearch({ field: 'fv', metric: 'L2' }, qs, { topk: 8, output: ['n', 'color'] }), 2);
  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  client = server.client();
  const afterRestart = groups(await sdkSearch({ field: 'fv', metric: 'L2' }, qs, { topk: 8, output: ['n', 'color'] }), 2);
  assert.deepEqual(afterRestart, before);
  afterRestart.forEach((hits, qi) => checkHits(hits, { field: 'fv', metric: 'L2' }, qs[qi], 8, 0, `query ${qi}`));
});
