// Hybrid search (RRF and Weighted rankers), grouping search and the SDK's search and query
// iterators, end to end through the official Node SDK against a real server. Every answer is
// compared with a brute force computed here: exact sub-searches in float32 with ties broken by
// the smaller primary key (Milvus's reduce order), then Milvus 2.6's rankers and grouping.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient, RRFRanker, WeightedRanker, buildSearchRequest, promisify } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';

const f32 = Math.fround;
const DIM = 8;
const DIM2 = 6;
const N = 400;
const NCAT = 7;
let server: RunningServer;
let client: MilvusClient;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function vectors(n: number, dim: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => r() * 2 - 1));
}

interface Row {
  id: number;
  vec: number[];
  vec2: number[];
  tag: string;
  n: number;
  cat: number;
}

// The last 20 rows repeat row 1's vectors: exact ties, which iterators must still walk once each.
const V1 = vectors(N, DIM, 11);
const V2 = vectors(N, DIM2, 12);
const ROWS: Row[] = V1.map((vec, i) => ({
  id: i + 1,
  vec: i >= N - 20 ? V1[0]! : vec,
  vec2: i >= N - 20 ? V2[0]! : V2[i]!,
  tag: i % 3 === 0 ? 'red' : 'blue',
  n: i,
  cat: (i * 7919) % NCAT,
}));

type Metric = 'L2' | 'IP';

function score(metric: Metric, a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += metric === 'L2' ? (a[i]! - b[i]!) ** 2 : a[i]! * b[i]!;
  return f32(s);
}

interface Hit {
  id: number;
  s: number;
}

/** Every eligible row of one sub-search in reduce order: best float32 score, then smaller id. */
function ranked(field: 'vec' | 'vec2', metric: Metric, q: number[], filter: (r: Row) => boolean = () => true): Hit[] {
  return ROWS.filter(filter)
    .map((r) => ({ id: r.id, s: score(metric, q, r[field]) }))
    .sort((a, b) => (metric === 'L2' ? a.s - b.s : b.s - a.s) || a.id - b.id);
}

function pageScores(scores: Map<number, number>, descending: boolean, offset: number, limit: number): Hit[] {
  return [...scores.entries()]
    .map(([id, s]) => ({ id, s }))
    .sort((a, b) => (descending ? b.s - a.s : a.s - b.s) || a.id - b.id)
    .slice(offset, offset + limit);
}

function rrf(lists: Hit[][], k: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const list of lists) {
    list.forEach((h, i) => {
      const add = f32(1 / f32(k + i + 1));
      const prev = out.get(h.id);
      out.set(h.id, prev === undefined ? add : f32(prev + add));
    });
  }
  return out;
}

/** Milvus 2.6 weighted: mixed metrics turn L2 into 1 - 2 atan(d) / pi; norm_score normalizes all. */
function weighted(lists: Hit[][], metrics: Metric[], weights: number[], norm: boolean): Map<number, number> {
  const mixed = new Set(metrics).size > 1;
  const pi = f32(Math.PI);
  const out = new Map<number, number>();
  lists.forEach((list, i) => {
    const m = metrics[i]!;
    const f = (s: number): number => {
      if (m === 'L2' && (norm || mixed)) return f32(1 - f32(f32(2 * f32(Math.atan(s))) / pi));
      if (m === 'IP' && norm) return f32(0.5 + f32(f32(Math.atan(s)) / pi));
      return s;
    };
    for (const h of list) {
      const add = f32(f32(weights[i]!) * f(h.s));
      const prev = out.get(h.id);
      out.set(h.id, prev === undefined ? add : f32(prev + add));
    }
  });
  return out;
}

function sdkHits(results: unknown): { id: number; score: number; [k: string]: unknown }[] {
  return (results as { id: string; score: number }[]).map((h) => ({ ...h, id: Number(h.id) }));
}

function assertHits(got: { id: number; score: number }[], want: Hit[], label: string): void {
  assert.deepEqual(
    got.map((h) => h.id),
    want.map((h) => h.id),
    label,
  );
  got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i]!.s) <= 1e-6 * Math.max(1, Math.abs(want[i]!.s)), `${label}: score ${i}`));
}

before(async () => {
  server = await startServer();
  client = server.client();
  const res = await client.createCollection({
    collection_name: 'hyb',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
      { name: 'vec2', data_type: DataType.FloatVector, dim: DIM2 },
      { name: 'tag', data_type: DataType.VarChar, max_length: 16 },
      { name: 'n', data_type: DataType.Int32 },
      { name: 'cat', data_type: DataType.Int64 },
    ],
  });
  assert.equal(res.error_code, 'Success', res.reason);
  // Two batches, so rows span more than one insert.
  for (const part of [ROWS.slice(0, 150), ROWS.slice(150)]) {
    const ins = await client.insert({ collection_name: 'hyb', data: part as never });
    assert.equal(ins.status.error_code, 'Success', ins.status.reason);
  }
  for (const [field, metric] of [
    ['vec', 'L2'],
    ['vec2', 'IP'],
  ] as const) {
    const idx = await client.createIndex({ collection_name: 'hyb', field_name: field, index_type: 'FLAT', metric_type: metric });
    assert.equal(idx.error_code, 'Success', idx.reason);
  }
  const load = await client.loadCollection({ collection_name: 'hyb' });
  assert.equal(load.error_code, 'Success', load.reason);
  assert.equal((await client.createAlias({ collection_name: 'hyb', alias: 'hyb_alias' })).error_code, 'Success');
});

after(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

const Q1 = vectors(1, DIM, 101)[0]!;
const Q2 = vectors(1, DIM2, 102)[0]!;

test('hybrid search with RRF equals the brute force: per-request filters and limits, offset, output fields, through an alias', async () => {
  const res = await client.search({
    collection_name: 'hyb_alias',
    data: [
      { data: Q1, anns_field: 'vec', expr: 'tag == "blue"', params: {} },
      { data: Q2, anns_field: 'vec2', expr: 'n >= 100' },
    ],
    rerank: RRFRanker(30),
    limit: 12,
    offset: 3,
    output_fields: ['tag', 'n'],
  });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  // Each sub-request contributes limit + offset hits (the SDK sends the top-level limit as its
  // topk; Milvus ignores a sub-request's offset).
  const a = ranked('vec', 'L2', Q1, (r) => r.tag === 'blue').slice(0, 12);
  const b = ranked('vec2', 'IP', Q2, (r) => r.n >= 100).slice(0, 12);
  const want = pageScores(rrf([a, b], 30), true, 3, 12);
  const got = sdkHits(res.results);
  assertHits(got, want, 'rrf');
  for (const h of got) {
    const row = ROWS[h.id - 1]!;
    assert.equal(h.tag, row.tag);
    assert.equal(h.n, row.n);
  }
});

test('hybrid search with the default RRF (k = 60) and nq > 1', async () => {
  const qs1 = vectors(2, DIM, 201);
  const qs2 = vectors(2, DIM2, 202);
  const res = await client.search({
    collection_name: 'hyb',
    data: [
      { data: qs1, anns_field: 'vec' },
      { data: qs2, anns_field: 'vec2' },
    ],
    limit: 7,
  });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  const groups = res.results as unknown as unknown[];
  assert.equal(groups.length, 2);
  groups.forEach((g, qi) => {
    const a = ranked('vec', 'L2', qs1[qi]!).slice(0, 7);
    const b = ranked('vec2', 'IP', qs2[qi]!).slice(0, 7);
    assertHits(sdkHits(g), pageScores(rrf([a, b], 60), true, 0, 7), `query ${qi}`);
  });
});

test('hybrid search with WeightedRanker over L2 and IP (mixed metrics: L2 through arctan) equals the brute force', async () => {
  const res = await client.search({
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec', expr: 'n < 300' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: WeightedRanker([0.7, 0.3]),
    limit: 10,
    offset: 2,
    output_fields: ['cat'],
  });
  assert.equal(res.status.error_code, 'Success', res.status.reason);
  const a = ranked('vec', 'L2', Q1, (r) => r.n < 300).slice(0, 12);
  const b = ranked('vec2', 'IP', Q2).slice(0, 12);
  const want = pageScores(weighted([a, b], ['L2', 'IP'], [0.7, 0.3], false), true, 2, 10);
  const got = sdkHits(res.results);
  assertHits(got, want, 'weighted');
  for (const h of got) assert.equal(Number(h.cat), ROWS[h.id - 1]!.cat);
});

test('weighted with norm_score, and weighted over L2 alone (ascending distances)', async () => {
  const normed = await client.search({
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: { strategy: 'weighted', params: { weights: [0.4, 1], norm_score: true } },
    limit: 9,
  });
  assert.equal(normed.status.error_code, 'Success', normed.status.reason);
  const a = ranked('vec', 'L2', Q1).slice(0, 9);
  const b = ranked('vec2', 'IP', Q2).slice(0, 9);
  assertHits(sdkHits(normed.results), pageScores(weighted([a, b], ['L2', 'IP'], [0.4, 1], true), true, 0, 9), 'norm_score');

  const q1b = vectors(1, DIM, 303)[0]!;
  const l2only = await client.search({
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: q1b, anns_field: 'vec' },
    ],
    rerank: WeightedRanker([0.5, 0.5]),
    limit: 6,
  });
  assert.equal(l2only.status.error_code, 'Success', l2only.status.reason);
  const c = ranked('vec', 'L2', Q1).slice(0, 6);
  const d = ranked('vec', 'L2', q1b).slice(0, 6);
  assertHits(sdkHits(l2only.results), pageScores(weighted([c, d], ['L2', 'L2'], [0.5, 0.5], false), false, 0, 6), 'l2 only');
});

test('hybrid search errors: weights of the wrong length, weights out of range', async () => {
  const wrongLength = await client.search({
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: WeightedRanker([0.5]),
    limit: 5,
  });
  assert.equal(wrongLength.status.code, 1100);
  assert.equal(
    wrongLength.status.reason,
    'the length of weights param mismatch with ann search requests: invalid parameter[expected=2][actual=1]',
  );
  const outOfRange = await client.search({
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: WeightedRanker([0.5, 2]),
    limit: 5,
  });
  assert.equal(outOfRange.status.reason, 'rank param weight should be in range [0, 1]');
});

/** Milvus's grouping search on one segment: segcore's GroupByMap walk, then the proxy's paging. */
function grouped(
  q: number[],
  limit: number,
  offset: number,
  groupSize: number,
  strict: boolean,
  field: 'vec' | 'vec2' = 'vec',
  metric: Metric = 'L2',
): Hit[] {
  const capacity = limit + offset;
  const counts = new Map<number, number>();
  let full = 0;
  const kept: (Hit & { g: number })[] = [];
  for (const h of ranked(field, metric, q)) {
    const g = ROWS[h.id - 1]!.cat;
    const c = counts.get(g);
    if (!(c === undefined && counts.size >= capacity) && (c ?? 0) < groupSize) {
      counts.set(g, (c ?? 0) + 1);
      if ((c ?? 0) + 1 >= groupSize) full++;
      kept.push({ ...h, g });
    }
    if (counts.size === capacity && (!strict || full === capacity)) break;
  }
  const order: number[] = [];
  for (const h of kept) if (!order.includes(h.g)) order.push(h.g);
  const chosen = order.slice(offset, offset + limit);
  return chosen.flatMap((g) => kept.filter((h) => h.g === g));
}

test('group_by_field with group_size 1 and 3 (strict and not) and an offset equals the brute-force grouping', async () => {
  const cases = [
    { group_size: 1, strict: false, limit: 4, offset: 0 },
    { group_size: 3, strict: false, limit: 4, offset: 0 },
    { group_size: 3, strict: true, limit: 4, offset: 0 },
    { group_size: 2, strict: true, limit: 3, offset: 2 },
  ];
  for (const c of cases) {
    const res = await client.search({
      collection_name: 'hyb_alias',
      data: [Q1],
      anns_field: 'vec',
      limit: c.limit,
      offset: c.offset,
      group_by_field: 'cat',
      group_size: c.group_size,
      strict_group_size: c.strict,
      output_fields: ['cat'],
    });
    assert.equal(res.status.error_code, 'Success', res.status.reason);
    const got = sdkHits(res.results);
    const want = grouped(Q1, c.limit, c.offset, c.group_size, c.strict);
    assertHits(got, want, JSON.stringify(c));
    for (const h of got) {
      assert.equal(Number(h.cat), ROWS[h.id - 1]!.cat);
      assert.equal(Number((h.group_by_field_values as { cat: unknown }).cat), ROWS[h.id - 1]!.cat);
    }
    if (c.strict) {
      const sizes = new Map<number, number>();
      for (const h of got) sizes.set(Number(h.cat), (sizes.get(Number(h.cat)) ?? 0) + 1);
      assert.ok([...sizes.values()].every((s) => s === c.group_size));
      assert.equal(sizes.size, c.limit);
    }
  }
});

test('group_by_field errors: unknown field, range search', async () => {
  const unknown = await client.search({ collection_name: 'hyb', data: [Q1], anns_field: 'vec', limit: 3, group_by_field: 'nope' });
  assert.equal(unknown.status.code, 1700);
  assert.equal(unknown.status.reason, 'groupBy field not found in schema: field not found[field=nope]');
  const range = await client.search({
    collection_name: 'hyb',
    data: [Q1],
    anns_field: 'vec',
    limit: 3,
    group_by_field: 'cat',
    params: { radius: 10 },
  });
  assert.equal(range.status.code, 1100);
});

test("the SDK's searchIterator walks every row exactly once, best first, and ends", async () => {
  // The last case searches for the duplicated vector: 21 rows tie at distance 0 across pages of 8.
  for (const [field, data, metric, batchSize] of [
    ['vec', Q1, 'L2', 37],
    ['vec2', Q2, 'IP', 37],
    ['vec', V1[0]!, 'L2', 8],
  ] as const) {
    const iterator = await client.searchIterator({ collection_name: 'hyb_alias', data, anns_field: field, batchSize, output_fields: ['n'] });
    const seen: { id: number; score: number }[] = [];
    let pages = 0;
    for await (const page of iterator) {
      pages++;
      assert.ok(page.length <= batchSize);
      seen.push(...sdkHits(page));
      assert.ok(pages < 100, 'the iterator must end');
    }
    const ids = seen.map((h) => h.id);
    assert.equal(new Set(ids).size, ids.length, `${field}: no row twice`);
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      ROWS.map((r) => r.id),
      `${field}: every row`,
    );
    for (let i = 1; i < seen.length; i++) {
      assert.ok(metric === 'L2' ? seen[i]!.score >= seen[i - 1]!.score : seen[i]!.score <= seen[i - 1]!.score, `${field}: order at ${i}`);
    }
    // The tied duplicates (rows 381..400) come in primary key order.
    const want = ranked(field, metric, data).map((h) => h.id);
    assert.deepEqual(ids, want);
  }
});

test("the SDK's searchIterator with a filter and a limit stops at the limit", async () => {
  const iterator = await client.searchIterator({
    collection_name: 'hyb',
    data: Q1,
    anns_field: 'vec',
    batchSize: 16,
    limit: 50,
    filter: 'tag == "red"',
  });
  const ids: number[] = [];
  for await (const page of iterator) ids.push(...sdkHits(page).map((h) => h.id));
  assert.deepEqual(
    ids,
    ranked('vec', 'L2', Q1, (r) => r.tag === 'red')
      .slice(0, 50)
      .map((h) => h.id),
  );
});

test("the SDK's queryIterator walks every row exactly once and ends", async () => {
  for (const filter of ['', 'tag == "blue"']) {
    const iterator = await client.queryIterator({ collection_name: 'hyb_alias', filter, batchSize: 45, output_fields: ['n'] });
    const ids: number[] = [];
    let pages = 0;
    for await (const page of iterator) {
      pages++;
      assert.ok(pages < 100, 'the iterator must end');
      for (const row of page as { id: string; n: number }[]) {
        ids.push(Number(row.id));
        assert.equal(row.n, ROWS[Number(row.id) - 1]!.n);
      }
    }
    const want = ROWS.filter((r) => filter === '' || r.tag === 'blue').map((r) => r.id);
    assert.deepEqual(ids, want, `filter ${JSON.stringify(filter)}`);
  }
});

test('hybrid search with a function reranker (function_score) is refused with code 10, not fused by RRF', async () => {
  const info = await client.describeCollection({ collection_name: 'hyb' });
  const params = {
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: RRFRanker(60),
    limit: 3,
  };
  const { request } = buildSearchRequest(params as never, info as never, (client as unknown as { milvusProto: never }).milvusProto);
  const pool = (client as unknown as { channelPool: never }).channelPool;
  const decay = { functions: [{ name: 'decay', type: 3, input_field_names: ['n'], params: [{ key: 'reranker', value: 'decay' }] }], params: [] };
  const res = (await promisify(pool, 'HybridSearch', { ...(request as object), function_score: decay }, 10000)) as {
    status: { code: number; reason: string };
  };
  assert.equal(res.status.code, 10, JSON.stringify(res.status));
  assert.equal(res.status.reason, 'function_score (function rerankers) is not supported by Elanus yet: service unimplemented');
  const plain = (await promisify(pool, 'HybridSearch', request, 10000)) as { status: { code: number; reason: string } };
  assert.equal(plain.status.code, 0, plain.status.reason);
});

test('hybrid search grouped by rank_params group_by_field (as pymilvus sends it) equals the brute force', async () => {
  // The Node SDK does not put group_by_field into rank_params; build its request and add them.
  const info = await client.describeCollection({ collection_name: 'hyb' });
  const params = {
    collection_name: 'hyb',
    data: [
      { data: Q1, anns_field: 'vec' },
      { data: Q2, anns_field: 'vec2' },
    ],
    rerank: RRFRanker(60),
    limit: 3,
    offset: 1,
  };
  const { request } = buildSearchRequest(params as never, info as never, (client as unknown as { milvusProto: never }).milvusProto);
  const rankParams = (request as { rank_params: { key: string; value: unknown }[] }).rank_params;
  rankParams.push({ key: 'group_by_field', value: 'cat' }, { key: 'group_size', value: '2' });
  const pool = (client as unknown as { channelPool: never }).channelPool;
  const res = (await promisify(pool, 'HybridSearch', request, 10000)) as {
    status: { code: number; reason: string };
    results: {
      ids: { int_id: { data: string[] } };
      scores: number[];
      group_by_field_value: { field_name: string; scalars: { long_data: { data: string[] } } };
    };
  };
  assert.equal(res.status.code, 0, res.status.reason);
  // Each sub-search is a grouping search of its topk groups (the SDK sends limit as topk), with
  // the rank params' group_size; RRF ranks its hits in order.
  const a = grouped(Q1, 3, 0, 2, false, 'vec', 'L2');
  const b = grouped(Q2, 3, 0, 2, false, 'vec2', 'IP');
  const fused = rrf([a, b], 60);
  // newGroupingIDScores: ids by score, at most group_size per group, groups by their max score.
  const groups = new Map<number, Hit[]>();
  for (const h of pageScores(fused, true, 0, fused.size)) {
    const g = ROWS[h.id - 1]!.cat;
    const members = groups.get(g) ?? [];
    if (members.length < 2) members.push(h);
    groups.set(g, members);
  }
  const ordered = [...groups.values()].sort((x, y) => y[0]!.s - x[0]!.s || y.length - x.length || x[0]!.id - y[0]!.id);
  const want = ordered.slice(1, 4).flat();
  assert.deepEqual(
    res.results.ids.int_id.data.map(Number),
    want.map((h) => h.id),
  );
  res.results.scores.forEach((s, i) => assert.ok(Math.abs(s - want[i]!.s) < 1e-6));
  assert.equal(res.results.group_by_field_value.field_name, 'cat');
  assert.deepEqual(
    res.results.group_by_field_value.scalars.long_data.data.map(Number),
    want.map((h) => ROWS[h.id - 1]!.cat),
  );
});
