// hnswlib-node (N-API bindings of nmslib's hnswlib): HierarchicalNSW in space 'l2' or 'cosine'
// (hnswlib normalises vectors for cosine), initIndex(rows, M, efConstruction), points added one
// call at a time on the calling thread, setEf(ef) before searching. Its calls take plain number
// arrays: each row is converted just before its addPoint (inside the build time); the queries
// are converted before each ef's timed run.
import type { Metric } from '../datasets.js';
import { peerVersion, requirePeer } from '../peers.js';
import type { AnnSubject, BuildParams, BuildResult, VectorSet } from '../subject.js';

interface HierarchicalNSW {
  initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void;
  addPoint(point: number[], label: number): void;
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { neighbors: number[]; distances: number[] };
  getCurrentCount(): number;
}

interface HnswlibModule {
  HierarchicalNSW: new (space: 'l2' | 'cosine' | 'ip', dim: number) => HierarchicalNSW;
}

const SPACE: Record<Metric, 'l2' | 'cosine'> = { L2: 'l2', COSINE: 'cosine' };

export class HnswlibSubject implements AnnSubject {
  readonly name = 'hnswlib-node';
  readonly kind = `HNSW, f32 (hnswlib-node ${peerVersion('hnswlib-node') ?? '?'})`;
  private lib!: HnswlibModule;
  private index: HierarchicalNSW | undefined;
  private arrays = new Map<Float32Array, number[]>();

  async open(): Promise<void> {
    this.lib = requirePeer<HnswlibModule>('hnswlib-node');
  }

  async build(v: VectorSet, metric: Metric, p: BuildParams): Promise<BuildResult> {
    const t0 = performance.now();
    const index = new this.lib.HierarchicalNSW(SPACE[metric], v.dim);
    index.initIndex(v.n, p.M, p.efConstruction);
    for (let i = 0; i < v.n; i++) index.addPoint(Array.from(v.data.subarray(i * v.dim, (i + 1) * v.dim)), i);
    const buildS = (performance.now() - t0) / 1000;
    if (index.getCurrentCount() !== v.n) throw new Error(`hnswlib-node holds ${index.getCurrentCount()} points after adding ${v.n}`);
    this.index = index;
    return { buildS, notes: [] };
  }

  async prepare(ef: number, queries: readonly Float32Array[]): Promise<void> {
    this.index!.setEf(ef);
    if (this.arrays.size === 0) for (const q of queries) this.arrays.set(q, Array.from(q));
  }

  search(query: Float32Array, k: number): number[] {
    const arr = this.arrays.get(query) ?? Array.from(query);
    return this.index!.searchKnn(arr, k).neighbors;
  }

  async close(): Promise<void> {
    this.index = undefined;
    this.arrays.clear();
  }
}
