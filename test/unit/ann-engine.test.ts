// Approximate search through the engine: a collection's sealed segments get their indexes built
// in the worker, searches go through them, and the answers stay right (recall@10 against an
// exact search computed here) with filters of every selectivity, after deletes, across a
// restart (the index comes from its file, no rebuild), after the file is corrupted or deleted
// (rebuilt, the same answers), and while inserts go on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DataType, defineField } from '../../src/catalog/index.js';
import { Engine, queryVectors } from '../../src/engine/index.js';
import { MilvusError } from '../../src/errors.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';
import { createEngineCollection } from '../harness/engine-collection.js';

const DIM = 16;
const ROWS = 6000;
const BATCH = 2000;

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

/** Clustered vectors: 30 gaussian blobs, seeded. */
function vectors(rows: number, seed: number): Float32Array {
  const uniform = generator(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const centres = Array.from({ length: 30 }, () => Array.from({ length: DIM }, () => gauss() * 3));
  const out = new Float32Array(rows * DIM);
  for (let r = 0; r < rows; r++) {
    const c = centres[Math.floor(uniform() * centres.length)]!;
    for (let i = 0; i < DIM; i++) out[r * DIM + i] = c[i]! + gauss();
  }
  return out;
}

const data = vectors(ROWS, 11);
const queries = vectors(40, 12);
const query = (q: number) => queries.slice(q * DIM, (q + 1) * DIM);
/** tag = id % 1000: a filter `tag < t` keeps t/1000 of the rows. */
const tagOf = (id: number) => id % 1000;

type Metric = 'L2' | 'IP' | 'COSINE';

function exactTop(metric: Metric, q: Float32Array, k: number, keep: (id: number) => boolean): number[] {
  const scored: { id: number; s: number }[] = [];
  let qq = 0;
  for (let i = 0; i < DIM; i++) qq += q[i]! * q[i]!;
  for (let id = 0; id < ROWS; id++) {
    if (!keep(id)) continue;
    let dot = 0,
      l2 = 0,
      rr = 0;
    for (let i = 0; i < DIM; i++) {
      const a = q[i]!,
        b = data[id * DIM + i]!;
      dot += a * b;
      l2 += (a - b) ** 2;
      rr += b * b;
    }
    scored.push({ id, s: metric === 'L2' ? l2 : metric === 'IP' ? dot : dot / Math.sqrt(qq * rr) });
  }
  scored.sort((a, b) => (metric === 'L2' ? a.s - b.s : b.s - a.s));
  return scored.slice(0, k).map((x) => x.id);
}

/** An engine on a fresh data dir, closed and removed when the test ends. */
async function openEngine(t: TestContext, prefix: string): Promise<{ engine: Engine; dir: string }> {
  const dir = makeDataDir(prefix);
  const engine = await Engine.open({ dataDir: dir });
  t.after(async () => {
    await engine.close();
    removeDataDir(dir);
  });
  return { engine, dir };
}

async function createCollection(engine: Engine, name: string, indexType: string, metric: Metric, params: Record<string, string>): Promise<void> {
  await createEngineCollection(
    engine,
    name,
    [
      defineField('id', DataType.Int64, { isPrimaryKey: true }),
      defineField('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: String(DIM) }] }),
      defineField('tag', DataType.Int64),
    ],
    { consistencyLevel: 'Strong' },
  );
  await engine.createIndex('default', {
    collectionName: name,
    fieldName: 'vec',
    indexName: '',
    extraParams: [
      { key: 'index_type', value: indexType },
      { key: 'metric_type', value: metric },
      { key: 'params', value: JSON.stringify(params) },
    ],
  });
  await engine.loadCollection('default', name);
}

async function insertRows(engine: Engine, name: string, first: number, count: number, rows: Float32Array = data): Promise<void> {
  await engine.insert('default', name, {
    numRows: count,
    mode: 'insert',
    partitionName: '',
    columns: [
      {
        fieldName: 'id',
        isDynamic: false,
        column: { type: DataType.Int64, data: BigInt64Array.from({ length: count }, (_, i) => BigInt(first + i)) },
      },
      {
        fieldName: 'vec',
        isDynamic: false,
        column: { type: DataType.FloatVector, dim: DIM, data: rows.slice(first * DIM, (first + count) * DIM) },
      },
      {
        fieldName: 'tag',
        isDynamic: false,
        column: { type: DataType.Int64, data: BigInt64Array.from({ length: count }, (_, i) => BigInt(tagOf(first + i))) },
      },
    ],
  });
}

async function waitIndexed(engine: Engine, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [state] = engine.describeIndex('default', name, '');
    if (state!.state === 'Failed') throw new Error(`index failed: ${state!.failReason}`);
    if (state!.state === 'Finished' && state!.pendingRows === 0) return;
    if (Date.now() > deadline) throw new Error(`index of ${name} still ${state!.state} after 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function searchIds(
  engine: Engine,
  name: string,
  q: Float32Array,
  opts: { expr?: string; ef?: number; nprobe?: number; limit?: number; metric: Metric },
): number[] {
  const outcome = engine.search('default', name, {
    annsField: 'vec',
    metricType: opts.metric,
    vectors: queryVectors([q]),
    topk: opts.limit ?? 10,
    offset: 0,
    expr: opts.expr ?? '',
    partitionNames: [],
    ef: opts.ef,
    nprobe: opts.nprobe,
  });
  return outcome.hits[0]!.refs.map((r) => Number(r.batch.pks[r.row] as bigint));
}

function meanRecall(
  engine: Engine,
  name: string,
  metric: Metric,
  opts: { expr?: string; keep?: (id: number) => boolean; ef?: number; nprobe?: number },
): number {
  let total = 0;
  for (let q = 0; q < 40; q++) {
    const got = searchIds(engine, name, query(q), { expr: opts.expr, ef: opts.ef ?? 128, nprobe: opts.nprobe, metric });
    const want = exactTop(metric, query(q), 10, opts.keep ?? (() => true));
    if (opts.keep) for (const id of got) assert.ok(opts.keep(id), `hit ${id} does not pass ${opts.expr}`);
    const wanted = new Set(want);
    total += want.length === 0 ? (got.length === 0 ? 1 : 0) : got.filter((id) => wanted.has(id)).length / want.length;
  }
  return total / 40;
}

async function filled(
  engine: Engine,
  name: string,
  indexType: string,
  metric: Metric,
  params: Record<string, string> = { M: '16', efConstruction: '100' },
) {
  await createCollection(engine, name, indexType, metric, params);
  for (let first = 0; first < ROWS; first += BATCH) await insertRows(engine, name, first, BATCH);
  await engine.flush('default', [name]);
  await waitIndexed(engine, name);
}

const unitData = (() => {
  // IP on rows of one length, as embeddings are (HNSW's IP recall on rows of mixed norms is poor
  // by nature; the kernel test says more).
  for (let r = 0; r < ROWS; r++) {
    let s = 0;
    for (let i = 0; i < DIM; i++) s += data[r * DIM + i]! ** 2;
    for (let i = 0; i < DIM; i++) data[r * DIM + i]! /= Math.sqrt(s);
  }
  return data;
})();

for (const [indexType, metric] of [
  ['HNSW', 'L2'],
  ['HNSW', 'IP'],
  ['HNSW', 'COSINE'],
  ['AUTOINDEX', 'COSINE'],
  ['FLAT', 'L2'],
  ['IVF_FLAT', 'IP'],
] as const) {
  test(`${indexType} ${metric}: searches go through the built index, recall@10 >= 0.95, filters at 90/10/1/0.1%`, async (t) => {
    const { engine } = await openEngine(t, 'ann-');
    assert.equal(unitData, data);
    await filled(
      engine,
      'c',
      indexType,
      metric,
      indexType === 'IVF_FLAT' ? { nlist: '64' } : indexType === 'HNSW' ? { M: '16', efConstruction: '100' } : {},
    );
    const segments = engine.segmentIndexes('default', 'c');
    assert.equal(segments.length, 1, 'one sealed segment of all rows');
    assert.equal(segments[0]!.rows, ROWS);
    assert.equal(segments[0]!.state, 'ready');
    const unfiltered = meanRecall(engine, 'c', metric, {});
    assert.ok(unfiltered >= 0.95, `recall ${unfiltered}`);
    for (const share of [900, 100, 10, 1]) {
      const r = meanRecall(engine, 'c', metric, { expr: `tag < ${share}`, keep: (id) => tagOf(id) < share });
      assert.ok(r >= 0.95, `filter keeping ${share / 10}%: recall ${r}`);
    }
    assert.ok(engine.segmentIndexes('default', 'c')[0]!.searches >= 200, 'the searches went through the index');
  });
}

test("HNSW: ef below the limit is refused with knowhere's text; ef at the limit is fine", async (t) => {
  const { engine } = await openEngine(t, 'ann-ef-');
  await filled(engine, 'c', 'HNSW', 'L2');
  assert.throws(
    () => searchIds(engine, 'c', query(0), { ef: 5, metric: 'L2' }),
    (e: unknown) => e instanceof MilvusError && e.code === 1100 && e.message === 'ef(5) should be larger than k(10)',
  );
  assert.equal(searchIds(engine, 'c', query(0), { ef: 10, metric: 'L2' }).length, 10);
});

test('IVF_FLAT: nprobe = nlist scans every list (exact), nprobe = 1 reads one list; nprobe out of range is refused', async (t) => {
  const { engine } = await openEngine(t, 'ann-ivf-');
  await filled(engine, 'c', 'IVF_FLAT', 'L2', { nlist: '64' });
  assert.equal(meanRecall(engine, 'c', 'L2', { nprobe: 64 }), 1);
  const one = meanRecall(engine, 'c', 'L2', { nprobe: 1 });
  assert.ok(one < 1, `nprobe 1 found everything (${one}): the lists are not being probed`);
  assert.ok(one > 0.3, `nprobe 1 recall ${one}: the nearest list should hold most neighbours`);
  assert.throws(
    () => searchIds(engine, 'c', query(0), { nprobe: 0, metric: 'L2' }),
    (e: unknown) => e instanceof MilvusError && e.code === 1100 && /nprobe/.test(e.message),
  );
});

test('a collection that is not loaded gets its index files built after the flush; the load reads them', async (t) => {
  const { engine, dir } = await openEngine(t, 'ann-unloaded-');
  await createCollection(engine, 'c', 'HNSW', 'L2', { M: '16', efConstruction: '100' });
  await engine.releaseCollection('default', 'c');
  for (let first = 0; first < ROWS; first += BATCH) await insertRows(engine, 'c', first, BATCH);
  await engine.flush('default', ['c']);
  const [early] = engine.describeIndex('default', 'c', '');
  assert.equal(early!.totalRows, ROWS);
  assert.equal(early!.indexedRows + early!.pendingRows, ROWS, 'every sealed row is indexed or pending');
  await waitIndexed(engine, 'c');
  const files = readdirSync(join(dir, 'indexes'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.idx'));
  assert.equal(files.length, 1, 'the index file was built while the collection was not loaded');
  await engine.loadCollection('default', 'c');
  const [segment] = engine.segmentIndexes('default', 'c');
  assert.equal(segment!.state, 'ready', 'the load read the file: no build');
  assert.equal(engine.indexBuilds, 1, 'one build in all');
  assert.ok(meanRecall(engine, 'c', 'L2', {}) >= 0.95);
});

test('a load while the flush build of an unloaded collection runs waits for that build instead of starting a second', async (t) => {
  const { engine } = await openEngine(t, 'ann-load-during-build-');
  await createCollection(engine, 'c', 'HNSW', 'L2', { M: '16', efConstruction: '100' });
  await engine.releaseCollection('default', 'c');
  for (let first = 0; first < ROWS; first += BATCH) await insertRows(engine, 'c', first, BATCH);
  await engine.flush('default', ['c']);
  assert.equal(engine.indexBuilds, 1, 'the flush started the segment build');
  await engine.loadCollection('default', 'c');
  const [pending] = engine.segmentIndexes('default', 'c');
  assert.equal(pending!.state, 'building', 'the load found the build still running');
  await waitIndexed(engine, 'c');
  assert.equal(engine.segmentIndexes('default', 'c')[0]!.state, 'ready');
  assert.equal(engine.indexBuilds, 1, 'the loaded segment took the index of the running build: no second build');
  assert.ok(meanRecall(engine, 'c', 'L2', {}) >= 0.95);
});

test('deletes are never returned, recall holds, and inserts are found at once while the index stays', async (t) => {
  const { engine } = await openEngine(t, 'ann-del-');
  await filled(engine, 'c', 'HNSW', 'L2');
  const segment = engine.segmentIndexes('default', 'c')[0]!.segment;
  // 10% of the rows: few enough that the segment is kept as it is, with its tombstones.
  await engine.delete('default', 'c', { expr: 'tag % 10 == 0', partitionName: '' });
  const live = (id: number) => tagOf(id) % 10 !== 0;
  assert.ok(meanRecall(engine, 'c', 'L2', { keep: live }) >= 0.95);
  for (let q = 0; q < 40; q++)
    for (const id of searchIds(engine, 'c', query(q), { metric: 'L2' })) assert.ok(live(id), `deleted row ${id} returned`);
  // A new row equal to a query is the best hit at once (growing rows are searched exactly).
  const extra = new Float32Array(ROWS * DIM + DIM);
  extra.set(query(3), ROWS * DIM);
  await insertRows(engine, 'c', ROWS, 1, extra);
  assert.equal(searchIds(engine, 'c', query(3), { metric: 'L2' })[0], ROWS);
  assert.equal(engine.segmentIndexes('default', 'c').find((s) => s.segment === segment)?.state, 'ready', 'the sealed segment kept its index');
});

test('while inserts and flushes go on, every search sees every acknowledged row (recall@10 >= 0.95)', async (t) => {
  const { engine } = await openEngine(t, 'ann-live-');
  await createCollection(engine, 'c', 'HNSW', 'L2', { M: '16', efConstruction: '100' });
  const step = 500;
  let inserted = 0;
  let worst = 1;
  let buildsSeen = 0;
  while (inserted < ROWS) {
    await insertRows(engine, 'c', inserted, step);
    inserted += step;
    // Seal every 1,500 rows: new segments get their indexes built while the searches go on.
    // Every other seal waits for its build (later searches mix a ready index with growing rows);
    // the others search while the build runs.
    if (inserted % 1500 === 0) {
      await engine.flush('default', ['c']);
      if (inserted % 3000 === 1500) await waitIndexed(engine, 'c');
    }
    buildsSeen = Math.max(buildsSeen, engine.segmentIndexes('default', 'c').filter((s) => s.state === 'ready').length);
    let total = 0;
    for (let q = 0; q < 10; q++) {
      const got = searchIds(engine, 'c', query(q), { metric: 'L2', ef: 128 });
      const want = new Set(exactTop('L2', query(q), 10, (id) => id < inserted));
      for (const id of got) assert.ok(id < inserted, `row ${id} was not inserted yet`);
      total += got.filter((id) => want.has(id)).length / want.size;
    }
    worst = Math.min(worst, total / 10);
  }
  assert.ok(worst >= 0.95, `worst recall during the inserts: ${worst}`);
  await waitIndexed(engine, 'c');
  assert.ok(engine.segmentIndexes('default', 'c').every((s) => s.state === 'ready'));
  assert.ok(buildsSeen >= 1, 'some searches ran with built indexes beside growing rows');
});

test('restart: the index comes from its file; a corrupted or missing file is rebuilt with the same answers', async (t) => {
  const dir = makeDataDir('ann-restart-');
  t.after(() => removeDataDir(dir));
  let engine = await Engine.open({ dataDir: dir });
  await filled(engine, 'c', 'HNSW', 'COSINE');
  const before = Array.from({ length: 20 }, (_, q) => searchIds(engine, 'c', query(q), { metric: 'COSINE', ef: 32 }));
  const filteredBefore = searchIds(engine, 'c', query(0), { metric: 'COSINE', expr: 'tag < 300', ef: 32 });
  await engine.close();

  const indexDir = join(dir, 'indexes');
  const files = readdirSync(indexDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.idx'));
  assert.equal(files.length, 1, `one index file: ${files.join(', ')}`);
  const file = join(indexDir, files[0]!);

  const reopen = async () => {
    engine = await Engine.open({ dataDir: dir });
    return engine.segmentIndexes('default', 'c')[0]!;
  };
  const same = async (label: string) => {
    await waitIndexed(engine, 'c');
    for (let q = 0; q < 20; q++)
      assert.deepEqual(searchIds(engine, 'c', query(q), { metric: 'COSINE', ef: 32 }), before[q], `${label}: query ${q}`);
    assert.deepEqual(searchIds(engine, 'c', query(0), { metric: 'COSINE', expr: 'tag < 300', ef: 32 }), filteredBefore);
    await engine.close();
  };

  // The leftover of a build that a crash cut short: removed when the collection is next loaded.
  const leftover = `${file}.tmp-999999999`;
  writeFileSync(leftover, 'half an index');
  assert.equal((await reopen()).state, 'ready', 'loaded from its file, no build');
  assert.ok(!readdirSync(join(indexDir, files[0]!, '..')).some((f) => f.includes('.tmp-')), 'the leftover is gone');
  await same('reopened');

  const bytes = readFileSync(file);
  bytes[bytes.length >> 1]! ^= 0xff;
  writeFileSync(file, bytes);
  assert.equal((await reopen()).state, 'building', 'a corrupted file is rebuilt');
  await same('rebuilt after corruption');

  rmSync(file);
  assert.equal((await reopen()).state, 'building', 'a missing file is rebuilt');
  await same('rebuilt after deletion');
});

test('compaction keeps a clean sealed segment and its index; dropping the collection removes the files', async (t) => {
  const { engine, dir } = await openEngine(t, 'ann-compact-');
  await filled(engine, 'c', 'HNSW', 'L2');
  const [first] = engine.segmentIndexes('default', 'c');
  // Upsert 10% of the rows: the segment stays clean enough to keep (at most 20% dead).
  await insertRows(engine, 'c', 0, 600, vectors(600, 77));
  await engine.compact('default', 'c');
  await waitIndexed(engine, 'c');
  const after = engine.segmentIndexes('default', 'c');
  assert.deepEqual(
    after.map((s) => [s.segment, s.state]),
    [[first!.segment, 'ready']],
    'the same segment, its index kept',
  );
  assert.equal(engine.rowCount('default', 'c'), ROWS);
  await engine.dropCollection('default', 'c');
  assert.deepEqual(readdirSync(join(dir, 'indexes')), []);
});
