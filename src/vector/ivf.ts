// IVF_FLAT's inverted lists: k-means centroids over a segment's rows, and each row filed under
// its nearest centroid. A search ranks the centroids, then scans the rows of the `nprobe`
// nearest lists exactly (the kernel's SIMD scan over a row list), so it reads about
// nprobe/nlist of the segment. The rows themselves stay in the segment's FLAT kernel index.
//
// Stored as the extra section of the segment's index file (docs/index-format.md):
//   u32 nlist, u32 dim, f32 centroids[nlist * dim], u32 offsets[nlist + 1], u32 rows[n]
// (list i holds rows[offsets[i] .. offsets[i+1])).
import { KernelIndex, type KernelMetric } from './kernel.js';

/** Lloyd iterations: the assignment barely moves after this many on real data. */
const ITERATIONS = 10;
/** Rows k-means trains on, per list (faiss's rule of thumb is 39 to 256). */
const TRAINING_ROWS_PER_LIST = 64;

function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export class IvfLists {
  private constructor(
    readonly nlist: number,
    readonly dim: number,
    private readonly centroids: KernelIndex,
    private readonly offsets: Uint32Array,
    private readonly members: Uint32Array,
  ) {}

  /**
   * Trains `nlist` centroids on a sample of `vectors` (n * dim floats) and files every row.
   * L2 clusters by Euclidean distance; IP and COSINE by the metric itself, with COSINE's
   * centroids kept at unit length (spherical k-means).
   */
  static train(vectors: Float32Array, dim: number, nlistAsked: number, metric: KernelMetric, seed: number): IvfLists {
    const n = vectors.length / dim;
    const nlist = Math.max(1, Math.min(nlistAsked, n));
    const random = generator(seed);
    const sampleSize = Math.min(n, nlist * TRAINING_ROWS_PER_LIST);
    // A partial Fisher-Yates shuffle picks the training rows; the first nlist seed the centroids.
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const sample = new Float32Array(sampleSize * dim);
    for (let i = 0; i < sampleSize; i++) sample.set(vectors.subarray(order[i]! * dim, (order[i]! + 1) * dim), i * dim);
    let centres = sample.slice(0, nlist * dim);
    const sums = new Float64Array(nlist * dim);
    const counts = new Uint32Array(nlist);
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const index = KernelIndex.build(centres, { kind: 'flat', metric, dim });
      sums.fill(0);
      counts.fill(0);
      for (let i = 0; i < sampleSize; i++) {
        const row = sample.subarray(i * dim, (i + 1) * dim);
        const c = index.exact(row, 1, false).rows[0]!;
        counts[c]!++;
        for (let d = 0; d < dim; d++) sums[c * dim + d]! += row[d]!;
      }
      const next = new Float32Array(nlist * dim);
      for (let c = 0; c < nlist; c++) {
        if (counts[c] === 0) {
          // An empty list takes a random training row, so no centroid is wasted.
          next.set(sample.subarray(Math.floor(random() * sampleSize) * dim).subarray(0, dim), c * dim);
          continue;
        }
        let norm = 0;
        for (let d = 0; d < dim; d++) {
          const v = sums[c * dim + d]! / counts[c]!;
          next[c * dim + d] = v;
          norm += v * v;
        }
        if (metric === 'COSINE' && norm > 0) for (let d = 0; d < dim; d++) next[c * dim + d]! /= Math.sqrt(norm);
      }
      centres = next;
    }
    const centroids = KernelIndex.build(centres, { kind: 'flat', metric, dim });
    const assigned = new Uint32Array(n);
    const sizes = new Uint32Array(nlist);
    for (let r = 0; r < n; r++) {
      const c = centroids.exact(vectors.subarray(r * dim, (r + 1) * dim), 1, false).rows[0]!;
      assigned[r] = c;
      sizes[c]!++;
    }
    const offsets = new Uint32Array(nlist + 1);
    for (let c = 0; c < nlist; c++) offsets[c + 1] = offsets[c]! + sizes[c]!;
    const fill = offsets.slice(0, nlist);
    const members = new Uint32Array(n);
    for (let r = 0; r < n; r++) members[fill[assigned[r]!]!++] = r;
    return new IvfLists(nlist, dim, centroids, offsets, members);
  }

  /** The rows of the `nprobe` lists nearest to the query. */
  probe(query: Float32Array, nprobe: number): Uint32Array {
    const lists = this.centroids.exact(query, Math.max(1, Math.min(nprobe, this.nlist)), false).rows;
    let total = 0;
    for (const c of lists) total += this.offsets[c + 1]! - this.offsets[c]!;
    const rows = new Uint32Array(total);
    let at = 0;
    for (const c of lists) {
      rows.set(this.members.subarray(this.offsets[c]!, this.offsets[c + 1]!), at);
      at += this.offsets[c + 1]! - this.offsets[c]!;
    }
    return rows;
  }

  toBytes(): Uint8Array {
    const centres = this.centroids.vectors();
    const out = new Uint8Array(8 + centres.byteLength + this.offsets.byteLength + this.members.byteLength);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.nlist, true);
    view.setUint32(4, this.dim, true);
    let at = 8;
    for (const part of [centres, this.offsets, this.members]) {
      out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
      at += part.byteLength;
    }
    return out;
  }

  static fromBytes(bytes: Uint8Array, metric: KernelMetric, rows: number): IvfLists {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const nlist = view.getUint32(0, true);
    const dim = view.getUint32(4, true);
    const expected = 8 + nlist * dim * 4 + (nlist + 1) * 4 + rows * 4;
    if (bytes.byteLength !== expected) throw new RangeError(`IVF lists have ${bytes.byteLength} bytes, expected ${expected}`);
    // Copy into aligned arrays: the section may start at any offset of the file.
    const copy = bytes.slice(8);
    const centres = new Float32Array(copy.buffer, 0, nlist * dim);
    const offsets = new Uint32Array(copy.buffer, nlist * dim * 4, nlist + 1);
    const members = new Uint32Array(copy.buffer, nlist * dim * 4 + (nlist + 1) * 4, rows);
    if (offsets[0] !== 0 || offsets[nlist] !== rows) throw new RangeError('IVF list offsets do not cover the rows');
    return new IvfLists(nlist, dim, KernelIndex.build(centres, { kind: 'flat', metric, dim }), offsets, members);
  }

  get memoryBytes(): number {
    return this.centroids.memoryBytes + this.offsets.byteLength + this.members.byteLength;
  }
}
