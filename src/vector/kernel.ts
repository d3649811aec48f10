// The host side of the WebAssembly vector kernel (wasm/vector-kernel.ts): lays out one memory
// per index, fills it with the rows, runs the kernel's build and search, and turns the memory's
// lasting part into bytes and back (docs/index-format.md). Everything else in src/vector talks to
// the kernel through this file only.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kernel's metric numbers (its header slot H_METRIC). */
export const KERNEL_METRIC = { L2: 0, IP: 1, COSINE: 2 } as const;
export type KernelMetric = keyof typeof KERNEL_METRIC;

/** Whether the index holds an HNSW graph or only the rows (FLAT: exact scans). */
export type KernelKind = 'hnsw' | 'flat';

const PAGE = 65536;
/** Where the layout starts: below it, the kernel's header (at HEADER) and nothing else. */
const BASE = PAGE;
const HEADER = 1024;
/** Results one call can return (Milvus caps topk + offset at 16384). */
export const MAX_RESULTS = 16384;
/** The largest ef a search may ask for (Milvus's HNSW range tops out at 32768). */
export const MAX_EF = 32768;
/** The tallest level a node may draw: 2^-16 odds even with M = 2, never reached in practice. */
const MAX_LEVEL = 16;

// Header slots (keep in step with wasm/vector-kernel.ts).
const H = {
  nodes: 0,
  dim: 1,
  metric: 2,
  M: 3,
  M0: 4,
  entry: 5,
  maxLevel: 6,
  vectors: 7,
  levels: 8,
  upperOffsets: 9,
  layer0: 10,
  upper: 11,
  visited: 12,
  skip: 13,
  candidates: 14,
  results: 15,
  scratch: 16,
  query: 17,
  out: 18,
  outCapacity: 19,
  resultCapacity: 20,
  inverseNorms: 21,
  /** Host-only slots: not read by the kernel, kept with the index. */
  kind: 22,
  efConstruction: 23,
  persistentEnd: 24,
} as const;
const HEADER_SLOTS = 25;

interface KernelExports {
  attach(): void;
  build(from: number, to: number, efConstruction: number): void;
  search(k: number, ef: number, useSkip: number): number;
  exact(k: number, useSkip: number, rows: number, count: number): number;
}

let compiled: WebAssembly.Module | undefined;

function kernelModule(): WebAssembly.Module {
  if (!compiled) {
    const here = dirname(fileURLToPath(import.meta.url));
    compiled = new WebAssembly.Module(readFileSync(join(here, 'wasm', 'vector-kernel.wasm')));
  }
  return compiled;
}

export interface KernelOptions {
  kind: KernelKind;
  metric: KernelMetric;
  dim: number;
  /** HNSW: links per node on the upper layers (layer 0 gets 2M). */
  M?: number;
  efConstruction?: number;
  /** Seeds the level draw, so a rebuild of the same rows gives the same graph. */
  seed?: number;
}

export interface KernelHits {
  /** Row numbers within the index, best first. */
  rows: Uint32Array;
  /** Kernel distances (smaller is better; see toScore). */
  distances: Float32Array;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** HNSW's level draw: floor(-ln(U) / ln(M)), from a small seeded generator (mulberry32). */
function drawLevels(n: number, M: number, seed: number): Uint8Array {
  const levels = new Uint8Array(n);
  const scale = 1 / Math.log(Math.max(M, 2));
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
    levels[i] = Math.min(MAX_LEVEL, Math.floor(-Math.log(u) * scale));
  }
  return levels;
}

/** Where each region of an index lives in its memory, and how big the memory is. */
interface Layout {
  slots: Uint32Array;
  pages: number;
}

function layout(options: Required<KernelOptions>, n: number, levels: Uint8Array | undefined): Layout {
  const { dim } = options;
  const M = options.kind === 'hnsw' ? options.M : 0;
  const M0 = 2 * M;
  const slots = new Uint32Array(HEADER_SLOTS);
  let at = BASE;
  const take = (bytes: number, alignment = 16) => {
    const start = at;
    at = align(at + bytes, alignment);
    return start;
  };
  slots[H.nodes] = n;
  slots[H.dim] = dim;
  slots[H.metric] = KERNEL_METRIC[options.metric];
  slots[H.M] = M;
  slots[H.M0] = M0;
  slots[H.entry] = 0;
  slots[H.maxLevel] = 0xffffffff; // -1: empty graph
  slots[H.kind] = options.kind === 'hnsw' ? 1 : 0;
  slots[H.efConstruction] = options.efConstruction;
  slots[H.vectors] = take(n * dim * 4);
  slots[H.inverseNorms] = take(options.metric === 'COSINE' ? n * 4 : 0);
  let upperLinks = 0;
  if (levels) for (let i = 0; i < n; i++) upperLinks += levels[i]!;
  slots[H.levels] = take(levels ? n : 0);
  slots[H.upperOffsets] = take(levels ? n * 4 : 0);
  slots[H.layer0] = take(levels ? n * (M0 + 1) * 4 : 0);
  slots[H.upper] = take(upperLinks * (M + 1) * 4);
  slots[H.persistentEnd] = at;
  // Working memory, rebuilt on every load.
  const resultCapacity = Math.max(MAX_EF, MAX_RESULTS, options.efConstruction) + 2;
  slots[H.resultCapacity] = resultCapacity;
  slots[H.visited] = take(n * 2);
  slots[H.skip] = take(n);
  slots[H.candidates] = take((n + 1) * 8);
  slots[H.results] = take(resultCapacity * 8);
  slots[H.scratch] = take((options.efConstruction + 1 + 2 * (M0 + 2) + 2) * 8);
  slots[H.query] = take(dim * 4);
  slots[H.outCapacity] = MAX_RESULTS;
  slots[H.out] = take(MAX_RESULTS * 8);
  if (at > 4 * 1024 ** 3 - PAGE) throw new RangeError(`an index of ${n} rows of dim ${dim} does not fit in 4 GiB`);
  return { slots, pages: Math.ceil(at / PAGE) };
}

/**
 * One index's memory and kernel instance. Not thread-safe by design: the engine's thread runs
 * one call at a time, and a build runs in a worker over its own copy (build-worker.ts).
 */
export class KernelIndex {
  private readonly kernel: KernelExports;
  private readonly slots: Uint32Array;
  readonly rows: number;
  readonly dim: number;
  readonly metric: KernelMetric;
  readonly kind: KernelKind;
  readonly M: number;
  readonly efConstruction: number;

  private constructor(private readonly memory: WebAssembly.Memory) {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
    this.kernel = instance.exports as unknown as KernelExports;
    this.slots = new Uint32Array(memory.buffer, HEADER, HEADER_SLOTS);
    this.kernel.attach();
    this.rows = this.slots[H.nodes]!;
    this.dim = this.slots[H.dim]!;
    this.metric = (Object.keys(KERNEL_METRIC) as KernelMetric[])[this.slots[H.metric]!]!;
    this.kind = this.slots[H.kind] === 1 ? 'hnsw' : 'flat';
    this.M = this.slots[H.M]!;
    this.efConstruction = this.slots[H.efConstruction]!;
  }

  /**
   * Builds an index over `vectors` (n * dim floats, row-major) in this thread: a FLAT index
   * copies the rows; HNSW inserts them one by one (the expensive part; run it in a worker).
   */
  static build(vectors: Float32Array, options: KernelOptions): KernelIndex {
    const full: Required<KernelOptions> = { M: 16, efConstruction: 200, seed: 42, ...options };
    const n = vectors.length / full.dim;
    if (!Number.isInteger(n)) throw new RangeError(`${vectors.length} floats are not whole rows of dim ${full.dim}`);
    const levels = full.kind === 'hnsw' ? drawLevels(n, full.M, full.seed) : undefined;
    const { slots, pages } = layout(full, n, levels);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    new Uint32Array(memory.buffer, HEADER, HEADER_SLOTS).set(slots);
    new Float32Array(memory.buffer, slots[H.vectors]!, n * full.dim).set(vectors);
    if (full.metric === 'COSINE') {
      const inv = new Float32Array(memory.buffer, slots[H.inverseNorms]!, n);
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let i = r * full.dim, end = i + full.dim; i < end; i++) s += vectors[i]! * vectors[i]!;
        inv[r] = s > 0 ? 1 / Math.sqrt(s) : 0;
      }
    }
    if (levels) {
      new Uint8Array(memory.buffer, slots[H.levels]!, n).set(levels);
      const offsets = new Uint32Array(memory.buffer, slots[H.upperOffsets]!, n);
      let offset = 0;
      for (let i = 0; i < n; i++) {
        offsets[i] = offset;
        offset += levels[i]! * (full.M + 1) * 4;
      }
    }
    const index = new KernelIndex(memory);
    if (levels) index.kernel.build(0, n, full.efConstruction);
    return index;
  }

  /** The lasting part of the index: header slots, then the memory from BASE to the end of the graph. */
  lastingBytes(): { header: Uint32Array; body: Uint8Array } {
    return {
      header: new Uint32Array(this.slots),
      body: new Uint8Array(this.memory.buffer, BASE, this.slots[H.persistentEnd]! - BASE),
    };
  }

  /** Rebuilds an index from lastingBytes (already checked by the caller's checksum). */
  static restore(header: Uint32Array, body: Uint8Array): KernelIndex {
    if (header.length !== HEADER_SLOTS) throw new RangeError(`index header has ${header.length} slots, expected ${HEADER_SLOTS}`);
    const kind: KernelKind = header[H.kind] === 1 ? 'hnsw' : 'flat';
    const metric = (Object.keys(KERNEL_METRIC) as KernelMetric[])[header[H.metric]!];
    if (!metric) throw new RangeError(`index metric ${header[H.metric]} is unknown`);
    const options: Required<KernelOptions> = {
      kind,
      metric,
      dim: header[H.dim]!,
      M: header[H.M]!,
      efConstruction: header[H.efConstruction]!,
      seed: 0,
    };
    const n = header[H.nodes]!;
    const levels = kind === 'hnsw' ? body.subarray(header[H.levels]! - BASE, header[H.levels]! - BASE + n) : undefined;
    const { slots, pages } = layout(options, n, levels);
    for (const slot of [H.vectors, H.levels, H.upperOffsets, H.layer0, H.upper, H.persistentEnd] as const) {
      if (slots[slot] !== header[slot]) throw new RangeError('index layout does not match its header');
    }
    if (body.length !== slots[H.persistentEnd]! - BASE)
      throw new RangeError(`index body has ${body.length} bytes, expected ${slots[H.persistentEnd]! - BASE}`);
    slots[H.entry] = header[H.entry]!;
    slots[H.maxLevel] = header[H.maxLevel]!;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    new Uint32Array(memory.buffer, HEADER, HEADER_SLOTS).set(slots);
    new Uint8Array(memory.buffer, BASE, body.length).set(body);
    return new KernelIndex(memory);
  }

  /** The rows as stored (a view into the index's memory; valid as long as the index). */
  vectors(): Float32Array {
    return new Float32Array(this.memory.buffer, this.slots[H.vectors]!, this.rows * this.dim);
  }

  /** The skip map: one byte per row, 1 = never return this row. The caller fills it before a search with useSkip. */
  skipMap(): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.slots[H.skip]!, this.rows);
  }

  private setQuery(query: Float32Array): void {
    if (query.length !== this.dim) throw new RangeError(`query has ${query.length} dimensions, the index ${this.dim}`);
    const q = new Float32Array(this.memory.buffer, this.slots[H.query]!, this.dim);
    if (this.metric !== 'COSINE') {
      q.set(query);
      return;
    }
    let s = 0;
    for (let i = 0; i < query.length; i++) s += query[i]! * query[i]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let i = 0; i < query.length; i++) q[i] = query[i]! * inv;
  }

  private hits(count: number): KernelHits {
    const out = this.slots[H.out]!;
    const capacity = this.slots[H.outCapacity]!;
    return {
      rows: new Uint32Array(this.memory.buffer, out, count).slice(),
      distances: new Float32Array(this.memory.buffer, out + capacity * 4, count).slice(),
    };
  }

  /** Approximate k nearest rows (HNSW only). */
  search(query: Float32Array, k: number, ef: number, useSkip: boolean): KernelHits {
    if (this.kind !== 'hnsw') throw new Error('search needs an HNSW index; use exact');
    this.setQuery(query);
    return this.hits(this.kernel.search(Math.min(k, MAX_RESULTS), Math.min(ef, MAX_EF), useSkip ? 1 : 0));
  }

  /** Exact k nearest among all rows, or among `rows` only; with useSkip, minus the skip map's rows. */
  exact(query: Float32Array, k: number, useSkip: boolean, rows?: Uint32Array): KernelHits {
    this.setQuery(query);
    if (!rows) return this.hits(this.kernel.exact(Math.min(k, MAX_RESULTS), useSkip ? 1 : 0, 0, 0));
    // The row list goes into the candidate heap's space, which an exact scan does not use.
    const at = this.slots[H.candidates]!;
    if (rows.length > this.rows + 1) throw new RangeError('more rows listed than the index holds');
    new Uint32Array(this.memory.buffer, at, rows.length).set(rows);
    return this.hits(this.kernel.exact(Math.min(k, MAX_RESULTS), useSkip ? 1 : 0, at, rows.length));
  }

  /** Bytes of memory the index holds. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

/** A kernel distance as the score Milvus reports: L2 squared distance, IP and COSINE similarity. */
export function toScore(metric: KernelMetric, distance: number): number {
  return metric === 'L2' ? distance : -distance;
}
