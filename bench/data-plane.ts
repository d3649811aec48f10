// Data plane (issue 4, "Measure"): insert throughput (durable, batches of 1k and 10k rows of
// dim 128) in-process and through gRPC; exact search QPS at 100k x 128 (nq=1, topk=10, L2 and
// COSINE) in-process and through gRPC beside plain Float32Array brute-force loops over the same
// data and queries, with recall@10 against the loop; memory held after loading 1M x 128 from disk
// (in a child process) against the raw 512 MiB, and the time that load takes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DataType as SdkDataType, MilvusClient, type FieldType } from '@zilliz/milvus2-sdk-node';
import { DataType, defineField, type CollectionSchema } from '../src/catalog/index.js';
import type { IncomingColumn } from '../src/data/index.js';
import { Engine, queryVectors } from '../src/engine/index.js';
import type { BenchContext, BenchReport, Benchmark } from './benchmark.js';
import { ClusteredVectors } from './dataset.js';
import type { MemoryProbeResult, MemorySample } from './memory-probe.js';
import { markdownTable, textTable, type Table } from './report.js';
import { startBenchServer } from './server.js';
import { fmtMs, fmtRate, percentile } from './stats.js';

const DIM = 128;
const DB = 'default';
/** Rows of the search collection (inserted in 10k batches: they are also the 10k insert figure). */
const SEARCH_ROWS = 100_000;
/** Rows of the memory test's collection. */
const MEMORY_ROWS = 1_000_000;
const MEMORY_BATCH = 10_000;
const TOPK = 10;
/** Distinct query vectors; every one is run once per round by every search path. */
const QUERIES = 100;
const SEARCH_ROUNDS = 3;
const SEARCH_WARMUP = 15;
/** Insert runs: ROUNDS rounds, each inserting PER_ROUND batches of each size through each path. */
const INSERT_ROUNDS = 5;
const INSERT_SIZES = [
  { batch: 1_000, perRound: 20 },
  { batch: 10_000, perRound: 2 },
] as const;
const INSERT_WARMUP_ROWS = 30_000;
/** Bytes of one row as inserted: the float32 vector and the int64 primary key. */
const ROW_BYTES = DIM * 4 + 8;
const MiB = 1024 * 1024;
const RAW_MEMORY_BYTES = MEMORY_ROWS * DIM * 4;

const CLUSTERS = 64;
const dataStream = () => new ClusteredVectors({ dim: DIM, clusters: CLUSTERS, centreSeed: 4, pointSeed: 1 });
const queryStream = () => new ClusteredVectors({ dim: DIM, clusters: CLUSTERS, centreSeed: 4, pointSeed: 2 });

type Metric = 'L2' | 'COSINE';
const METRICS: readonly Metric[] = ['L2', 'COSINE'];

const here = dirname(fileURLToPath(import.meta.url));
const PROBE_PATH = join(here, 'memory-probe.js');

// ---- schemas ----

const field = defineField;

function engineSchema(name: string): CollectionSchema {
  return {
    name,
    description: '',
    autoID: false,
    fields: [
      field('id', DataType.Int64, { isPrimaryKey: true }),
      field('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: String(DIM) }] }),
    ],
    enableDynamicField: false,
    properties: [],
    functions: [],
  };
}

const SDK_FIELDS: FieldType[] = [
  { name: 'id', data_type: SdkDataType.Int64, is_primary_key: true, autoID: false },
  { name: 'vec', data_type: SdkDataType.FloatVector, dim: DIM },
];

// ---- the two paths to a collection: the Engine in this process, the SDK to `elanus serve` ----

interface Target {
  /** Creates and loads a collection (with a FLAT index of `metric` first if this build wants one to load). */
  create(name: string, metric?: Metric): Promise<void>;
  /** Inserts rows [first, first + n) of `vectors` (ids = first + i); resolves when durable. Timed. */
  insert(name: string, first: number, vectors: Float32Array): Promise<void>;
  /** Work done before the timer starts for insert (the SDK wants rows of plain arrays). */
  prepare(first: number, vectors: Float32Array): unknown;
  insertPrepared(name: string, prepared: unknown): Promise<void>;
  drop(name: string): Promise<void>;
  count(name: string): Promise<number>;
}

/** Loads a collection; if this build refuses to load one without a vector index, creates a FLAT
 * index first. Returns whether it had to. */
async function stubbornLoad(what: string, load: () => Promise<void>, index: () => Promise<void>): Promise<boolean> {
  try {
    await load();
    return false;
  } catch (e) {
    const message = String((e as { message?: string; reason?: string })?.message ?? (e as { reason?: string })?.reason ?? e);
    if (!/index/i.test(message)) throw new Error(`load ${what}: ${message}`, { cause: e });
  }
  await index();
  await load();
  return true;
}

class EngineTarget implements Target {
  indexNeeded = false;
  constructor(readonly engine: Engine) {}

  async create(name: string, metric: Metric = 'L2'): Promise<void> {
    await this.engine.createCollection(DB, {
      collectionName: name,
      schema: engineSchema(name),
      shardsNum: 1,
      consistencyLevel: 'Strong',
      properties: [],
      numPartitions: 0,
    });
    const needed = await stubbornLoad(
      name,
      () => this.engine.loadCollection(DB, name),
      () =>
        this.engine.createIndex(DB, {
          collectionName: name,
          fieldName: 'vec',
          indexName: '',
          extraParams: [
            { key: 'index_type', value: 'FLAT' },
            { key: 'metric_type', value: metric },
          ],
        }),
    );
    this.indexNeeded ||= needed;
    if (!this.engine.isLoaded(DB, name)) throw new Error(`${name} is not loaded after loadCollection`);
  }

  prepare(first: number, vectors: Float32Array): IncomingColumn[] {
    const n = vectors.length / DIM;
    const ids = new BigInt64Array(n);
    for (let i = 0; i < n; i++) ids[i] = BigInt(first + i);
    return [
      { fieldName: 'id', isDynamic: false, column: { type: DataType.Int64, data: ids } },
      // A private copy: the engine keeps the caller's array as the in-memory rows.
      { fieldName: 'vec', isDynamic: false, column: { type: DataType.FloatVector, dim: DIM, data: vectors.slice() } },
    ];
  }

  async insertPrepared(name: string, prepared: unknown): Promise<void> {
    const columns = prepared as IncomingColumn[];
    const numRows = (columns[0]!.column.data as BigInt64Array).length;
    const r = await this.engine.insert(DB, name, { columns, numRows, mode: 'insert', partitionName: '' });
    if (r.ids.length !== numRows) throw new Error(`insert into ${name}: ${r.ids.length} ids for ${numRows} rows`);
  }

  insert(name: string, first: number, vectors: Float32Array): Promise<void> {
    return this.insertPrepared(name, this.prepare(first, vectors));
  }

  drop(name: string): Promise<void> {
    return this.engine.dropCollection(DB, name);
  }

  async count(name: string): Promise<number> {
    return this.engine.rowCount(DB, name);
  }
}

interface StatusLike {
  error_code?: unknown;
  code?: unknown;
  reason?: unknown;
}

function check(reply: unknown, what: string): void {
  const r = reply as { status?: StatusLike } & StatusLike;
  const s = r?.status && typeof r.status === 'object' ? r.status : r;
  if (!s || s.error_code !== 'Success' || (s.code !== undefined && s.code !== 0)) {
    throw new Error(`${what} failed: ${JSON.stringify(s)}`);
  }
}

class GrpcTarget implements Target {
  indexNeeded = false;
  constructor(readonly client: MilvusClient) {}

  async create(name: string, metric: Metric = 'L2'): Promise<void> {
    let reply: unknown;
    try {
      reply = await this.client.createCollection({ collection_name: name, fields: SDK_FIELDS });
    } catch (e) {
      reply = e; // the SDK throws the status of a failed `fields` create_collection
    }
    check(reply, `create_collection ${name}`);
    const needed = await stubbornLoad(
      name,
      async () => check(await this.client.loadCollection({ collection_name: name }), `load_collection ${name}`),
      async () =>
        check(
          await this.client.createIndex({ collection_name: name, field_name: 'vec', index_type: 'FLAT', metric_type: metric }),
          `create_index ${name}`,
        ),
    );
    this.indexNeeded ||= needed;
  }

  prepare(first: number, vectors: Float32Array): { id: number; vec: number[] }[] {
    const n = vectors.length / DIM;
    const rows = new Array<{ id: number; vec: number[] }>(n);
    for (let i = 0; i < n; i++) rows[i] = { id: first + i, vec: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)) };
    return rows;
  }

  async insertPrepared(name: string, prepared: unknown): Promise<void> {
    const rows = prepared as { id: number; vec: number[] }[];
    const reply = await this.client.insert({ collection_name: name, data: rows });
    check(reply, `insert into ${name}`);
    if (Number(reply.insert_cnt) !== rows.length) throw new Error(`insert into ${name}: insert_cnt ${reply.insert_cnt} for ${rows.length} rows`);
  }

  insert(name: string, first: number, vectors: Float32Array): Promise<void> {
    return this.insertPrepared(name, this.prepare(first, vectors));
  }

  async drop(name: string): Promise<void> {
    check(await this.client.dropCollection({ collection_name: name }), `drop_collection ${name}`);
  }

  async count(name: string): Promise<number> {
    const reply = await this.client.query({ collection_name: name, filter: '', output_fields: ['count(*)'] });
    check(reply, `count(*) of ${name}`);
    return Number((reply.data[0] as Record<string, unknown>)['count(*)']);
  }
}

// ---- insert throughput ----

interface InsertFigure {
  path: string;
  batch: number;
  latencies: number[];
  rows: number;
  wallMs: number;
  note?: string;
}

/** Inserts `batches` batches of `batch` rows from `data` (row `first` on), one call in flight. */
async function timedInserts(
  target: Target,
  name: string,
  data: Float32Array,
  first: number,
  batch: number,
  batches: number,
  figure: InsertFigure,
): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const at = first + b * batch;
    const prepared = target.prepare(at, data.subarray((at % SEARCH_ROWS) * DIM, ((at % SEARCH_ROWS) + batch) * DIM));
    const s = performance.now();
    await target.insertPrepared(name, prepared);
    const ms = performance.now() - s;
    figure.latencies.push(ms);
    figure.wallMs += ms;
    figure.rows += batch;
  }
}

// ---- search: the brute-force baselines and the two engine paths ----

/** Squared L2 / cosine with one accumulator: the plain loop anyone would write. */
function plainLoop(data: Float32Array, n: number, q: Float32Array, metric: Metric, norms: Float32Array, k: number): Int32Array {
  const ids = new Int32Array(k).fill(-1);
  const best = new Float64Array(k).fill(Infinity); // ascending distances: L2, or -cosine
  let qn = 0;
  for (let j = 0; j < DIM; j++) qn += q[j]! * q[j]!;
  qn = Math.sqrt(qn);
  for (let r = 0; r < n; r++) {
    const base = r * DIM;
    let s = 0;
    if (metric === 'L2') {
      for (let j = 0; j < DIM; j++) {
        const d = q[j]! - data[base + j]!;
        s += d * d;
      }
    } else {
      for (let j = 0; j < DIM; j++) s += q[j]! * data[base + j]!;
      s = -s / (qn * norms[r]!);
    }
    if (s >= best[k - 1]!) continue;
    let i = k - 1;
    while (i > 0 && best[i - 1]! > s) {
      best[i] = best[i - 1]!;
      ids[i] = ids[i - 1]!;
      i--;
    }
    best[i] = s;
    ids[i] = r;
  }
  return ids;
}

/** The same with the inner product unrolled over four accumulators, as the engine's kernel is. */
function unrolledLoop(data: Float32Array, n: number, q: Float32Array, metric: Metric, norms: Float32Array, k: number): Int32Array {
  const ids = new Int32Array(k).fill(-1);
  const best = new Float64Array(k).fill(Infinity); // distances: L2, or -cosine
  let qn = 0;
  for (let j = 0; j < DIM; j++) qn += q[j]! * q[j]!;
  qn = Math.sqrt(qn);
  const l2 = metric === 'L2';
  for (let r = 0; r < n; r++) {
    const base = r * DIM;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    if (l2) {
      for (let j = 0; j < DIM; j += 4) {
        const d0 = q[j]! - data[base + j]!;
        const d1 = q[j + 1]! - data[base + j + 1]!;
        const d2 = q[j + 2]! - data[base + j + 2]!;
        const d3 = q[j + 3]! - data[base + j + 3]!;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
    } else {
      for (let j = 0; j < DIM; j += 4) {
        s0 += q[j]! * data[base + j]!;
        s1 += q[j + 1]! * data[base + j + 1]!;
        s2 += q[j + 2]! * data[base + j + 2]!;
        s3 += q[j + 3]! * data[base + j + 3]!;
      }
    }
    const s = l2 ? s0 + s1 + s2 + s3 : -(s0 + s1 + s2 + s3) / (qn * norms[r]!);
    if (s >= best[k - 1]!) continue;
    let i = k - 1;
    while (i > 0 && best[i - 1]! > s) {
      best[i] = best[i - 1]!;
      ids[i] = ids[i - 1]!;
      i--;
    }
    best[i] = s;
    ids[i] = r;
  }
  return ids;
}

type SearchPath = 'plain loop' | 'unrolled loop' | 'in-process' | 'gRPC';
const PATHS: readonly SearchPath[] = ['plain loop', 'unrolled loop', 'in-process', 'gRPC'];

interface SearchFigure {
  path: SearchPath;
  metric: Metric;
  latencies: number[];
  /** Hits of each query in the first round, for recall. */
  answers: number[][];
}

function recallAt(k: number, got: readonly number[][], truth: readonly number[][]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = new Set(truth[i]!.slice(0, k));
    for (const id of got[i]!.slice(0, k)) if (t.has(id)) hit++;
  }
  return hit / (truth.length * k);
}

// ---- memory: a child process loads the 1M collection ----

function runProbe(dataDir: string, name: string): Promise<MemoryProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', PROBE_PATH, dataDir, name, String(MEMORY_ROWS), String(DIM)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`memory-probe exited with ${code}:\n${err}${out}`));
      else {
        try {
          resolve(JSON.parse(out.trim().split('\n').pop()!) as MemoryProbeResult);
        } catch (e) {
          reject(new Error(`memory-probe printed no result: ${String(e)}\n${out}\n${err}`));
        }
      }
    });
  });
}

// ---- the benchmark ----

interface Results {
  inserts: InsertFigure[];
  searches: SearchFigure[];
  probe: MemoryProbeResult;
  memoryInsert: InsertFigure;
  memoryDiskBytes: number;
  indexNeeded: boolean;
  generateMs: number;
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const t0 = performance.now();
  const data = dataStream().next(SEARCH_ROWS);
  const queries = queryStream().next(QUERIES);
  const generateMs = performance.now() - t0;
  ctx.log(`data: generated ${SEARCH_ROWS} + ${QUERIES} clustered vectors of dim ${DIM} in ${(generateMs / 1000).toFixed(1)} s`);

  const engineDir = mkdtempSync(join(tmpdir(), 'elanus-bench-data-'));
  const memoryDir = mkdtempSync(join(tmpdir(), 'elanus-bench-mem-'));
  const server = await startBenchServer('elanus-bench-data-grpc-');
  let engine: Engine | undefined;
  let client: MilvusClient | undefined;
  try {
    engine = await Engine.open({ dataDir: engineDir });
    client = new MilvusClient({ address: server.address, timeout: 120000 });
    await client.connectPromise;
    const local = new EngineTarget(engine);
    const remote = new GrpcTarget(client);
    const targets: [string, Target][] = [
      ['in-process', local],
      ['gRPC', remote],
    ];
    ctx.log(`data: server on ${server.address}; engine data in ${engineDir}`);

    // ---- (1) inserts ----
    for (const [, t] of targets) {
      await t.create('warm');
      await t.create('ins_1k');
      // The 10k-batch figure fills the search collections: one per metric, since a collection's
      // index fixes the metric its searches may use.
      for (const metric of METRICS) await t.create(`search_${metric}`, metric);
    }
    ctx.log('data: insert warm-up');
    for (const [, t] of targets) {
      for (let at = 0; at < INSERT_WARMUP_ROWS; at += 1_000) await t.insert('warm', at, data.subarray(at * DIM, (at + 1_000) * DIM));
      for (let at = 0; at < INSERT_WARMUP_ROWS; at += 10_000) await t.insert('warm', at, data.subarray(at * DIM, (at + 10_000) * DIM));
      await t.drop('warm');
    }
    const inserts: InsertFigure[] = [];
    for (const [path] of targets) for (const s of INSERT_SIZES) inserts.push({ path, batch: s.batch, latencies: [], rows: 0, wallMs: 0 });
    const figureOf = (path: string, batch: number) => inserts.find((f) => f.path === path && f.batch === batch)!;
    for (let r = 0; r < INSERT_ROUNDS; r++) {
      ctx.log(`data: insert round ${r + 1} of ${INSERT_ROUNDS}`);
      for (const [path, t] of targets) {
        for (const s of INSERT_SIZES) {
          const collections = s.batch === 1_000 ? ['ins_1k'] : METRICS.map((m) => `search_${m}`);
          const first = r * s.perRound * s.batch;
          for (const c of collections) await timedInserts(t, c, data, first, s.batch, s.perRound, figureOf(path, s.batch));
        }
      }
    }
    for (const [path, t] of targets) {
      for (const c of [...METRICS.map((m) => `search_${m}`)]) {
        const n = await t.count(c);
        if (n !== SEARCH_ROWS) throw new Error(`${path}: ${c} holds ${n} rows, not ${SEARCH_ROWS}`);
      }
      await t.drop('ins_1k');
    }

    // ---- (2) search ----
    const norms = new Float32Array(SEARCH_ROWS);
    for (let r = 0; r < SEARCH_ROWS; r++) {
      let s = 0;
      for (let j = 0; j < DIM; j++) s += data[r * DIM + j]! ** 2;
      norms[r] = Math.sqrt(s);
    }
    const queryVec = (i: number) => queries.subarray(i * DIM, (i + 1) * DIM);
    const queryArrays = Array.from({ length: QUERIES }, (_, i) => Array.from(queryVec(i)));
    const searchOnce = async (path: SearchPath, metric: Metric, i: number): Promise<number[]> => {
      const q = queryVec(i);
      switch (path) {
        case 'plain loop':
          return Array.from(plainLoop(data, SEARCH_ROWS, q, metric, norms, TOPK));
        case 'unrolled loop':
          return Array.from(unrolledLoop(data, SEARCH_ROWS, q, metric, norms, TOPK));
        case 'in-process': {
          const out = engine!.search(DB, `search_${metric}`, {
            annsField: 'vec',
            metricType: metric,
            vectors: queryVectors([q]),
            topk: TOPK,
            offset: 0,
            expr: '',
            partitionNames: [],
          });
          return out.hits[0]!.refs.map((h) => Number(h.batch.pks[h.row]!));
        }
        case 'gRPC': {
          const reply = await client!.search({
            collection_name: `search_${metric}`,
            data: [queryArrays[i]!],
            limit: TOPK,
            metric_type: metric,
            anns_field: 'vec',
            output_fields: [],
          });
          check(reply, `search ${metric} #${i}`);
          const hits = (Array.isArray(reply.results[0]) ? reply.results[0] : reply.results) as { id: string | number }[];
          return hits.map((h) => Number(h.id));
        }
      }
    };
    ctx.log('data: search warm-up');
    for (const metric of METRICS) {
      for (const path of PATHS) for (let i = 0; i < SEARCH_WARMUP; i++) await searchOnce(path, metric, i % QUERIES);
    }
    const searches: SearchFigure[] = [];
    for (const metric of METRICS) for (const path of PATHS) searches.push({ path, metric, latencies: [], answers: [] });
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      ctx.log(`data: search round ${round + 1} of ${SEARCH_ROUNDS}`);
      // Query by query, every path in turn, so outside load falls on all of them alike.
      for (let i = 0; i < QUERIES; i++) {
        for (const metric of METRICS) {
          for (const f of searches) {
            if (f.metric !== metric) continue;
            const s = performance.now();
            const ids = await searchOnce(f.path, metric, i);
            f.latencies.push(performance.now() - s);
            if (round === 0) f.answers.push(ids);
          }
        }
      }
    }

    // ---- (3) memory: 1M x 128 written here, loaded by a child process ----
    await engine.close();
    engine = undefined;
    rmSync(engineDir, { recursive: true, force: true });
    await client.closeConnection();
    client = undefined;
    await server.stop();
    ctx.noteChildCpuMs(server.cpuMsAtStop());

    ctx.log(`data: writing ${MEMORY_ROWS} rows for the memory test (collection not loaded)`);
    const memEngine = await Engine.open({ dataDir: memoryDir });
    const memoryInsert: InsertFigure = { path: 'in-process, not loaded', batch: MEMORY_BATCH, latencies: [], rows: 0, wallMs: 0 };
    try {
      await memEngine.createCollection(DB, {
        collectionName: 'mem',
        schema: engineSchema('mem'),
        shardsNum: 1,
        consistencyLevel: 'Strong',
        properties: [],
        numPartitions: 0,
      });
      // The child loads it; this build wants a vector index before a load.
      await memEngine.createIndex(DB, {
        collectionName: 'mem',
        fieldName: 'vec',
        indexName: '',
        extraParams: [
          { key: 'index_type', value: 'FLAT' },
          { key: 'metric_type', value: 'L2' },
        ],
      });
      const memTarget = new EngineTarget(memEngine);
      const stream = dataStream();
      for (let at = 0; at < MEMORY_ROWS; at += MEMORY_BATCH) {
        const prepared = memTarget.prepare(at, stream.next(MEMORY_BATCH));
        const s = performance.now();
        await memTarget.insertPrepared('mem', prepared);
        const ms = performance.now() - s;
        memoryInsert.latencies.push(ms);
        memoryInsert.wallMs += ms;
        memoryInsert.rows += MEMORY_BATCH;
      }
    } finally {
      await memEngine.close();
    }
    const memoryDiskBytes = statSync(join(memoryDir, 'elanus.lmdb')).blocks * 512;
    ctx.log('data: loading it in a child process');
    const probe = await runProbe(memoryDir, 'mem');
    ctx.noteChildCpuMs(probe.cpuMs);

    return report({
      inserts,
      searches,
      probe,
      memoryInsert,
      memoryDiskBytes,
      indexNeeded: local.indexNeeded || remote.indexNeeded,
      generateMs,
    });
  } finally {
    if (client) await client.closeConnection().catch(() => undefined);
    if (engine) await engine.close().catch(() => undefined);
    if (server.child.exitCode === null) {
      await server.stop().catch(() => undefined);
      ctx.noteChildCpuMs(server.cpuMsAtStop());
    }
    rmSync(engineDir, { recursive: true, force: true });
    rmSync(memoryDir, { recursive: true, force: true });
  }
}

// ---- the report ----

const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function report(r: Results): BenchReport {
  // Inserts
  const insertRow = (f: InsertFigure) => {
    const sorted = [...f.latencies].sort((a, b) => a - b);
    const rowsPerSec = (f.rows * 1000) / f.wallMs;
    return [
      f.path,
      f.batch.toLocaleString('en-US'),
      String(f.latencies.length),
      f.rows.toLocaleString('en-US'),
      fmtRate(rowsPerSec),
      ((rowsPerSec * ROW_BYTES) / MiB).toFixed(1),
      fmtMs(percentile(sorted, 50)),
      fmtMs(percentile(sorted, 99)),
    ];
  };
  const insertTable: Table = {
    columns: ['path', 'batch rows', 'batches', 'rows', 'rows/s', 'MiB/s', 'p50 ms/batch', 'p99 ms/batch'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: [...r.inserts.map(insertRow), insertRow(r.memoryInsert)],
  };
  const rate = (path: string, batch: number) => {
    const f = r.inserts.find((x) => x.path === path && x.batch === batch)!;
    return (f.rows * 1000) / f.wallMs;
  };

  // Searches
  const fig = (path: SearchPath, metric: Metric) => r.searches.find((f) => f.path === path && f.metric === metric)!;
  const qps = (f: SearchFigure) => (f.latencies.length * 1000) / sum(f.latencies);
  const searchRow = (f: SearchFigure) => {
    const sorted = [...f.latencies].sort((a, b) => a - b);
    const plain = fig('plain loop', f.metric);
    return [
      f.path,
      f.metric,
      String(f.latencies.length),
      fmtRate(qps(f)),
      fmtMs(percentile(sorted, 50)),
      fmtMs(percentile(sorted, 99)),
      `${(qps(f) / qps(plain)).toFixed(2)}×`,
      recallAt(TOPK, f.answers, plain.answers).toFixed(4),
    ];
  };
  const searchTable: Table = {
    columns: ['path', 'metric', 'queries', 'QPS', 'p50 ms', 'p99 ms', 'QPS vs plain loop', `recall@${TOPK} vs plain loop`],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: METRICS.flatMap((m) => PATHS.map((p) => searchRow(fig(p, m)))),
  };

  // Memory
  const p = r.probe;
  const delta = (k: keyof MemorySample) => p.after[k] - p.before[k];
  const held = delta('heapUsed') + delta('arrayBuffers');
  const anon = delta('rssAnon');
  const memTable: Table = {
    columns: ['figure', 'value', `× raw (${mib(RAW_MEMORY_BYTES)} MiB)`],
    align: ['l', 'r', 'r'],
    rows: [
      ['rows loaded (dim 128)', p.rows.toLocaleString('en-US'), ''],
      ['heapUsed growth', `${mib(delta('heapUsed'))} MiB`, (delta('heapUsed') / RAW_MEMORY_BYTES).toFixed(3)],
      ['heapTotal growth (V8 heap reserved)', `${mib(delta('heapTotal'))} MiB`, (delta('heapTotal') / RAW_MEMORY_BYTES).toFixed(3)],
      ['arrayBuffers growth', `${mib(delta('arrayBuffers'))} MiB`, (delta('arrayBuffers') / RAW_MEMORY_BYTES).toFixed(3)],
      ['**heapUsed + arrayBuffers growth**', `${mib(held)} MiB`, (held / RAW_MEMORY_BYTES).toFixed(3)],
      ['RSS growth (all)', `${mib(delta('rss'))} MiB`, (delta('rss') / RAW_MEMORY_BYTES).toFixed(3)],
      ['RssAnon growth (private memory)', `${mib(anon)} MiB`, (anon / RAW_MEMORY_BYTES).toFixed(3)],
      ['RssFile growth (LMDB pages mapped)', `${mib(delta('rssFile'))} MiB`, (delta('rssFile') / RAW_MEMORY_BYTES).toFixed(3)],
      ['store file on disk (1M rows)', `${mib(r.memoryDiskBytes)} MiB`, (r.memoryDiskBytes / RAW_MEMORY_BYTES).toFixed(3)],
      ['Engine.open', `${fmtMs(p.openMs)} ms`, ''],
      ['loadCollection (from disk, warm page cache)', `${fmtMs(p.loadMs)} ms`, ''],
      [
        'load rate',
        `${fmtRate((p.rows * 1000) / p.loadMs)} rows/s, ${(RAW_MEMORY_BYTES / MiB / (p.loadMs / 1000)).toFixed(0)} MiB/s of vectors`,
        '',
      ],
      ['one exact L2 search over the 1M rows (nq=1, topk=10)', `${fmtMs(p.searchMs)} ms`, ''],
    ],
  };

  const l2Ratio = qps(fig('in-process', 'L2')) / qps(fig('plain loop', 'L2'));
  const cosRatio = qps(fig('in-process', 'COSINE')) / qps(fig('plain loop', 'COSINE'));
  const grpcL2 = qps(fig('gRPC', 'L2')) / qps(fig('plain loop', 'L2'));
  const grpcCos = qps(fig('gRPC', 'COSINE')) / qps(fig('plain loop', 'COSINE'));
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const recalls = r.searches
    .filter((f) => f.path === 'in-process' || f.path === 'gRPC')
    .map((f) => recallAt(TOPK, f.answers, fig('plain loop', f.metric).answers));
  const minRecall = Math.min(...recalls);
  const heldRatio = held / RAW_MEMORY_BYTES;
  const anonRatio = anon / RAW_MEMORY_BYTES;

  const lines = [
    `Search goal (in-process QPS >= 0.8× the plain loop): ${verdict(l2Ratio >= 0.8 && cosRatio >= 0.8)}: ` +
      `L2 ${l2Ratio.toFixed(2)}×, COSINE ${cosRatio.toFixed(2)}×; through gRPC L2 ${grpcL2.toFixed(2)}×, COSINE ${grpcCos.toFixed(2)}×.`,
    `Exactness: recall@${TOPK} of Elanus (in-process and gRPC) against the loop's answers is ${minRecall === 1 ? '1.0 for every query' : `at least ${minRecall.toFixed(4)}`}.`,
    `Memory goal (<= 1.3× the raw vectors): ${verdict(heldRatio <= 1.3)} for what live objects hold, ` +
      `${verdict(anonRatio <= 1.3)} for the process's private memory: after loading ${(MEMORY_ROWS / 1e6).toFixed(0)}M × ${DIM} ` +
      `(${mib(RAW_MEMORY_BYTES)} MiB of raw float32 vectors) heapUsed + arrayBuffers grew by ${mib(held)} MiB ` +
      `(${heldRatio.toFixed(2)}×) and RssAnon by ${mib(anon)} MiB (${anonRatio.toFixed(2)}×); the load took ${(p.loadMs / 1000).toFixed(2)} s.`,
    `Insert: in-process ${fmtRate(rate('in-process', 1_000))} rows/s with 1k batches and ${fmtRate(rate('in-process', 10_000))} with 10k; ` +
      `through gRPC ${fmtRate(rate('gRPC', 1_000))} and ${fmtRate(rate('gRPC', 10_000))} ` +
      `(gRPC / in-process: ${(rate('gRPC', 1_000) / rate('in-process', 1_000)).toFixed(2)} and ${(rate('gRPC', 10_000) / rate('in-process', 10_000)).toFixed(2)}).`,
  ];

  const text = [
    'Insert throughput (durable: every insert is committed and fsynced before it returns)',
    textTable(insertTable),
    '',
    `Exact search, ${SEARCH_ROWS.toLocaleString('en-US')} x ${DIM}, nq=1, topk=${TOPK}`,
    textTable(searchTable),
    '',
    `Memory after loading ${MEMORY_ROWS.toLocaleString('en-US')} x ${DIM} (child process)`,
    textTable({ ...memTable, rows: memTable.rows.map((row) => row.map((c) => c.replace(/\*\*/g, ''))) }),
    '',
    ...lines,
  ].join('\n');

  const indexNote = r.indexNeeded
    ? 'LoadCollection requires a vector index in this build, so each collection got a FLAT index first; as an\n' +
      '  index fixes the metric its searches may use, the search data lives in two collections, `search_L2`\n' +
      '  (FLAT, L2) and `search_COSINE` (FLAT, COSINE), with the same rows.'
    : 'LoadCollection needed no index in this build; the search data still lives in two collections,\n' +
      '  `search_L2` and `search_COSINE`, with the same rows.';
  const markdown = `Issue 4: insert throughput (rows/s, dim ${DIM}, batches of 1k and 10k) through gRPC and
in-process; exact search QPS at ${SEARCH_ROWS / 1000}k x ${DIM} vs. a plain Float32Array brute-force loop
measured in the same run (goal >= 0.8× of that loop); memory held per million vectors of dim
${DIM} vs. their raw size (goal <= 1.3×).

- **${lines[0]}**
- **${lines[1]}**
- **${lines[2]}**
- ${lines[3]}

### Insert throughput (durable at ack)

${markdownTable(insertTable)}

### Exact search, ${SEARCH_ROWS.toLocaleString('en-US')} × ${DIM}, nq=1, topk=${TOPK}

${markdownTable(searchTable)}

### Memory held after loading ${MEMORY_ROWS.toLocaleString('en-US')} × ${DIM} from disk

${markdownTable(memTable)}

How it was measured:

- Data: ${SEARCH_ROWS.toLocaleString('en-US')} float32 vectors of dim ${DIM} drawn around ${CLUSTERS} Gaussian
  cluster centres (bench/dataset.ts: mulberry32 + Box-Muller, fixed seeds, so every run inserts and
  searches the same bytes); ${QUERIES} query vectors from the same clusters with another seed. The
  ${MEMORY_ROWS.toLocaleString('en-US')}-row collection continues the same stream. Generating the
  ${SEARCH_ROWS / 1000}k took ${(r.generateMs / 1000).toFixed(1)} s (not counted anywhere).
- Collections: Int64 primary key \`id\` (explicit ids 0..n-1) and FloatVector \`vec\` of dim ${DIM};
  created, then loaded, then inserted into (except the memory test's, see below).
  ${indexNote}
- **in-process** calls \`Engine\` (src/engine/engine.ts) directly in the benchmark process:
  \`insert(db, name, {columns, numRows, mode: 'insert'})\` with an Int64 and a FloatVector
  \`IncomingColumn\`, \`search(db, name, {annsField, metricType, vectors, topk, ...})\`.
  **gRPC** goes through the official Node SDK (\`@zilliz/milvus2-sdk-node\` \`MilvusClient\`,
  \`insert({data: rows})\`, \`search({data: [vector], limit, metric_type})\`) to a real
  \`elanus serve\` in a separate process on 127.0.0.1, so it includes the SDK's row-to-column
  conversion, protobuf, HTTP/2 on loopback and the server's decoding.
- **Inserts are durable at ack**: each insert is one group-commit LMDB transaction (the log record
  with the rows) flushed to disk (fdatasync) before the call returns; one call in flight. The
  per-batch inputs (typed columns for the engine; \`{id, vec: number[]}\` row objects for the SDK)
  are built before the timer starts; the time is from the call to its resolved promise. MiB/s counts
  ${ROW_BYTES} bytes a row (the float32 vector and the int64 key). Warm-up: ${INSERT_WARMUP_ROWS.toLocaleString('en-US')} rows
  in 1k and in 10k batches through each path into a scratch collection, then dropped. Then
  ${INSERT_ROUNDS} rounds, each inserting, through each path in turn, ${INSERT_SIZES[0].perRound} batches of 1k (into \`ins_1k\`)
  and ${INSERT_SIZES[1].perRound} of 10k into each of the two search collections; the table pools the rounds. The 10k
  batches are what fill the ${SEARCH_ROWS / 1000}k search collections (row counts checked afterwards). The last row is the 1M rows of the
  memory test: 10k batches into a collection that is not loaded (no in-memory apply).
- **Search**: ${QUERIES} queries × ${SEARCH_ROUNDS} rounds per row, after ${SEARCH_WARMUP} warm-up queries per row.
  Query by query, every path runs the same query in turn, so outside load falls on all alike.
  QPS = queries / total time of that row's calls (one in flight). \`plain loop\` is the reference:
  one pass over the same Float32Array (the benchmark's copy of the rows) with a one-accumulator
  inner loop (squared L2, or dot / (|q|·|x|) with the rows' norms computed once before the run, as
  the engine caches them on its first COSINE search) and an insertion-sorted top-${TOPK}.
  \`unrolled loop\` is the same with four accumulators, the kernel the engine uses, to separate the
  kernel from the engine's own overhead. The in-process time includes reading the primary keys of the
  hits; the gRPC time includes the SDK's request and reply handling. Recall@${TOPK} compares each
  path's id set with the plain loop's, query by query (float summation order differs between the
  kernels, so a tie at the ${TOPK}th place could in principle differ; exact search must otherwise give 1.0).
- **Memory**: the benchmark writes ${MEMORY_ROWS.toLocaleString('en-US')} rows (${MEMORY_ROWS / MEMORY_BATCH} inserts of ${MEMORY_BATCH.toLocaleString('en-US')}) into a
  collection that is not loaded, closes the engine, then a fresh \`node --expose-gc\` child process
  (bench/memory-probe.ts) opens an Engine on that directory, samples memory after three forced GCs,
  calls \`loadCollection\` (timed: it reads and decodes the whole log from LMDB; the file was just
  written, so the page cache is warm), forces GCs again and samples again. The growth between the
  two samples is what the loaded collection holds. heapUsed + arrayBuffers is what live JS objects
  and typed arrays hold; RssAnon is the private memory the OS gives the process (it also keeps
  malloc'd memory that was freed but not returned); RssFile is pages of the memory-mapped LMDB file
  that the load touched, which the kernel can drop at will, so it is shown but not held against
  the goal. The raw size is ${MEMORY_ROWS.toLocaleString('en-US')} × ${DIM} × 4 bytes = ${mib(RAW_MEMORY_BYTES)} MiB.`;

  return { title: 'Data plane: insert throughput, exact search, memory', text, markdown };
}

export const dataPlane: Benchmark = {
  name: 'data',
  summary:
    'insert rows/s (1k/10k batches, durable) in-process and gRPC; exact search QPS at 100k x 128 vs a brute-force loop; memory of 1M x 128 loaded',
  run,
};
