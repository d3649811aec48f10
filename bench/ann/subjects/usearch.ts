// usearch (Unum's single-file HNSW, C++ through N-API): an Index with metric 'l2sq' or 'cos',
// f32 storage, connectivity M and expansion_add efConstruction, built and searched on one thread
// (threads = 1 on add and search). Its JavaScript binding fixes expansion_search when the Index is
// constructed, so for each ef the built index is saved once to a temporary file and loaded into a
// new Index constructed with that expansion_search (outside the timing).
//
// usearch exactSearch: the library's brute-force kernel, one query per call, one thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metric } from '../datasets.js';
import { peerVersion, requirePeer } from '../peers.js';
import type { AnnSubject, BuildParams, BuildResult, VectorSet } from '../subject.js';

interface UsearchMatches {
  keys: BigUint64Array;
}

interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(vector: Float32Array, k: number, threads: number): UsearchMatches;
  size(): number;
  save(path: string): void;
  load(path: string): void;
}

interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: string;
    quantization: string;
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => UsearchIndex;
  exactSearch(dataset: Float32Array, queries: Float32Array, dimensions: number, count: number, metric: string, threads: number): UsearchMatches;
}

const METRIC: Record<Metric, string> = { L2: 'l2sq', COSINE: 'cos' };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const keysOf = (m: UsearchMatches): number[] => Array.from(m.keys, Number);

export class UsearchSubject implements AnnSubject {
  readonly name = 'usearch';
  readonly kind = `HNSW, f32 (usearch ${peerVersion('usearch') ?? '?'})`;
  private lib!: UsearchModule;
  private index: UsearchIndex | undefined;
  private config!: ConstructorParameters<UsearchModule['Index']>[0];
  private dir: string | undefined;
  private saved: string | undefined;

  async open(): Promise<void> {
    this.lib = requirePeer<UsearchModule>('usearch');
  }

  async build(v: VectorSet, metric: Metric, p: BuildParams): Promise<BuildResult> {
    this.config = {
      dimensions: v.dim,
      metric: METRIC[metric],
      quantization: 'f32',
      connectivity: p.M,
      expansion_add: p.efConstruction,
      expansion_search: 64,
      multi: false,
    };
    const keys = new BigUint64Array(v.n);
    for (let i = 0; i < v.n; i++) keys[i] = BigInt(i);
    const t0 = performance.now();
    const index = new this.lib.Index(this.config);
    index.add(keys, v.data, 1);
    const buildS = (performance.now() - t0) / 1000;
    if (index.size() !== v.n) throw new Error(`usearch holds ${index.size()} vectors after adding ${v.n}`);
    this.index = index;
    return { buildS, notes: [] };
  }

  async prepare(ef: number): Promise<void> {
    if (!this.saved) {
      this.dir = mkdtempSync(join(tmpdir(), 'elanus-ann-usearch-'));
      this.saved = join(this.dir, 'index.usearch');
      this.index!.save(this.saved);
    }
    this.index = undefined;
    gc();
    const index = new this.lib.Index({ ...this.config, expansion_search: ef });
    index.load(this.saved);
    this.index = index;
  }

  search(query: Float32Array, k: number): number[] {
    return keysOf(this.index!.search(query, k, 1));
  }

  async close(): Promise<void> {
    this.index = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export class UsearchExactSubject implements AnnSubject {
  readonly name = 'usearch-exact';
  readonly kind = `exactSearch, f32 (usearch ${peerVersion('usearch') ?? '?'})`;
  private lib!: UsearchModule;
  private vectors!: VectorSet;
  private metric!: string;

  async open(): Promise<void> {
    this.lib = requirePeer<UsearchModule>('usearch');
  }

  async build(v: VectorSet, metric: Metric): Promise<BuildResult> {
    // The binding reads the dataset from the start of its ArrayBuffer, ignoring a view's offset.
    if (v.data.byteOffset !== 0 || v.data.buffer.byteLength !== v.data.byteLength)
      throw new Error('usearch exactSearch needs the data in an ArrayBuffer of its own');
    this.vectors = v;
    this.metric = METRIC[metric];
    return { buildS: 0, notes: [] };
  }

  search(query: Float32Array, k: number): number[] {
    // Likewise for the query: worker.ts gives each query an ArrayBuffer of its own.
    return keysOf(this.lib.exactSearch(this.vectors.data, query, this.vectors.dim, k, this.metric, 1));
  }

  async close(): Promise<void> {}
}
