// LanceDB embedded (Rust through N-API), for context: a table in a temporary directory written
// from one Arrow table (id int32, vector fixed-size-list<float32>), then an IVF_HNSW_SQ index
// (Index.hnswSq: one IVF partition, so a single HNSW graph over 8-bit scalar-quantised vectors;
// m = M, efConstruction) with the metric's distance type; searched with .ef(ef), no refine step.
// Its CPU pools are held to one thread where LanceDB allows it (LANCE_CPU_THREADS,
// RAYON_NUM_THREADS and TOKIO_WORKER_THREADS = 1, set by the harness for this worker); its I/O
// threads are its own. Searches are async calls, as its API is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metric } from '../datasets.js';
import { peerVersion, requirePeer } from '../peers.js';
import type { AnnSubject, BuildParams, BuildResult, VectorSet } from '../subject.js';

interface LanceQuery {
  distanceType(t: 'l2' | 'cosine'): LanceQuery;
  limit(n: number): LanceQuery;
  ef(n: number): LanceQuery;
  select(columns: string[]): LanceQuery;
  toArray(): Promise<Record<string, unknown>[]>;
}

interface LanceTable {
  countRows(): Promise<number>;
  createIndex(column: string, options: { config: unknown; replace?: boolean }): Promise<void>;
  indexStats(name: string): Promise<{ numIndexedRows: number; numUnindexedRows: number; indexType: string } | undefined>;
  listIndices(): Promise<{ name: string; indexType: string }[]>;
  vectorSearch(vector: Float32Array): LanceQuery;
  close(): void;
}

interface LanceConnection {
  createTable(name: string, data: unknown): Promise<LanceTable>;
  close(): void;
}

interface LanceModule {
  connect(uri: string): Promise<LanceConnection>;
  Index: { hnswSq(options: { distanceType: 'l2' | 'cosine'; m: number; efConstruction: number; numPartitions: number }): unknown };
}

interface ArrowModule {
  makeData(props: Record<string, unknown>): unknown;
  makeVector(data: unknown): unknown;
  Float32: new () => unknown;
  Field: new (name: string, type: unknown, nullable: boolean) => unknown;
  FixedSizeList: new (size: number, child: unknown) => unknown;
  Table: new (columns: Record<string, unknown>) => unknown;
}

const DISTANCE: Record<Metric, 'l2' | 'cosine'> = { L2: 'l2', COSINE: 'cosine' };

/** Environment for the worker that runs LanceDB: its thread pools held to one thread. */
export const LANCE_SINGLE_THREAD_ENV: Record<string, string> = { LANCE_CPU_THREADS: '1', RAYON_NUM_THREADS: '1', TOKIO_WORKER_THREADS: '1' };

export class LanceSubject implements AnnSubject {
  readonly name = 'lancedb';
  kind = `IVF_HNSW_SQ (LanceDB ${peerVersion('@lancedb/lancedb') ?? '?'})`;
  private lance!: LanceModule;
  private arrow!: ArrowModule;
  private dir: string | undefined;
  private db: LanceConnection | undefined;
  private table: LanceTable | undefined;
  private distance: 'l2' | 'cosine' = 'l2';

  async open(): Promise<void> {
    this.lance = requirePeer<LanceModule>('@lancedb/lancedb');
    this.arrow = requirePeer<ArrowModule>('apache-arrow');
    this.dir = mkdtempSync(join(tmpdir(), 'elanus-ann-lancedb-'));
    this.db = await this.lance.connect(this.dir);
  }

  private arrowTable(v: VectorSet): unknown {
    const a = this.arrow;
    const child = a.makeData({ type: new a.Float32(), length: v.n * v.dim, nullCount: 0, data: v.data });
    const listType = new a.FixedSizeList(v.dim, new a.Field('item', new a.Float32(), true));
    const vector = a.makeVector(a.makeData({ type: listType, length: v.n, nullCount: 0, child }));
    const id = a.makeVector(Int32Array.from({ length: v.n }, (_, i) => i));
    return new a.Table({ id, vector });
  }

  async build(v: VectorSet, metric: Metric, p: BuildParams): Promise<BuildResult> {
    this.distance = DISTANCE[metric];
    const t0 = performance.now();
    const table = await this.db!.createTable('ann', this.arrowTable(v));
    const rows = await table.countRows();
    const insertS = (performance.now() - t0) / 1000;
    if (rows !== v.n) throw new Error(`LanceDB table holds ${rows} rows after writing ${v.n}`);
    const t1 = performance.now();
    await table.createIndex('vector', {
      config: this.lance.Index.hnswSq({ distanceType: this.distance, m: p.M, efConstruction: p.efConstruction, numPartitions: 1 }),
      replace: true,
    });
    const buildS = (performance.now() - t1) / 1000;
    this.table = table;
    const notes: string[] = [];
    const [index] = await table.listIndices();
    const stats = index ? await table.indexStats(index.name) : undefined;
    if (stats) {
      this.kind = `${stats.indexType} (LanceDB ${peerVersion('@lancedb/lancedb') ?? '?'})`;
      if (stats.numIndexedRows !== v.n) notes.push(`its index covers ${stats.numIndexedRows} of ${v.n} rows`);
    } else {
      notes.push('LanceDB reported no index after createIndex');
    }
    return { insertS, buildS, notes };
  }

  async search(query: Float32Array, k: number, ef: number): Promise<number[]> {
    const rows = await this.table!.vectorSearch(query).distanceType(this.distance).limit(k).ef(ef).select(['id', '_distance']).toArray();
    return rows.map((r) => Number(r.id));
  }

  async close(): Promise<void> {
    this.table?.close();
    this.db?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
