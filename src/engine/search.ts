// Vector search over a collection's batches: every live row that passes the filter and the
// partition set is a candidate for each query, keeping the best topk+offset. A segment with a
// ready index is searched through it (indexed-search.ts); every other batch, and every search
// without an index lookup, is scored exactly here: the ground truth the indexes are measured by.
import { DataType, typeParam } from '../catalog/index.js';
import type { SparseRow } from '../data/index.js';
import type { CollectionData, RowRef, StoredBatch } from './collection-data.js';
import { searchIndexedSegment } from './indexed-search.js';
import { filterMask } from './filter-rows.js';
import { ascending, type Hits, type IndexLookup, type VectorSearch } from './vector-search.js';
import { TopK } from './top-k.js';
import { floatRows } from './vector-decode.js';

/** Rows of a batch the search may return: live, in the partitions, passing the filter. */
function eligibleRows(batch: StoredBatch, req: VectorSearch): Uint8Array | undefined {
  if (batch.liveRows === 0) return undefined;
  if (req.partitions && !req.partitions.has(batch.partitionId)) return undefined;
  const ok = new Uint8Array(batch.numRows);
  if (!req.filter) {
    for (let row = 0; row < batch.numRows; row++) ok[row] = batch.deleted[row] ? 0 : 1;
    return ok;
  }
  return filterMask(batch, { predicate: req.filter, columnar: req.columnar }, ok) > 0 ? ok : undefined;
}

function l2(q: Float32Array, data: Float32Array, base: number, dim: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < dim; i += 4) {
    const d0 = q[i]! - data[base + i]!;
    const d1 = q[i + 1]! - data[base + i + 1]!;
    const d2 = q[i + 2]! - data[base + i + 2]!;
    const d3 = q[i + 3]! - data[base + i + 3]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; i < dim; i++) {
    const d = q[i]! - data[base + i]!;
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

function dot(q: Float32Array, data: Float32Array, base: number, dim: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < dim; i += 4) {
    s0 += q[i]! * data[base + i]!;
    s1 += q[i + 1]! * data[base + i + 1]!;
    s2 += q[i + 2]! * data[base + i + 2]!;
    s3 += q[i + 3]! * data[base + i + 3]!;
  }
  for (; i < dim; i++) s0 += q[i]! * data[base + i]!;
  return s0 + s1 + s2 + s3;
}

/** The Euclidean norm of the row of `v` that starts at `base` (dot(v, v, base) would pair it with row 0). */
function norm(v: Float32Array, base: number, dim: number): number {
  let s = 0;
  for (let i = 0; i < dim; i++) s += v[base + i]! * v[base + i]!;
  return Math.sqrt(s);
}

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let c = 0;
  for (let b = i; b; b >>= 1) c += b & 1;
  return c;
});

function hamming(q: Uint8Array, data: Uint8Array, base: number, width: number): number {
  let d = 0;
  for (let i = 0; i < width; i++) d += POPCOUNT[q[i]! ^ data[base + i]!]!;
  return d;
}

function jaccard(q: Uint8Array, data: Uint8Array, base: number, width: number): number {
  let both = 0,
    either = 0;
  for (let i = 0; i < width; i++) {
    both += POPCOUNT[q[i]! & data[base + i]!]!;
    either += POPCOUNT[q[i]! | data[base + i]!]!;
  }
  return either === 0 ? 0 : 1 - both / either;
}

function sparseDot(q: SparseRow, v: SparseRow): number {
  let s = 0;
  let i = 0,
    j = 0;
  while (i < q.indices.length && j < v.indices.length) {
    const a = q.indices[i]!,
      b = v.indices[j]!;
    if (a === b) s += q.values[i++]! * v.values[j++]!;
    else if (a < b) i++;
    else j++;
  }
  return s;
}

function cosineNorms(batch: StoredBatch, field: string, data: Float32Array, dim: number): Float32Array {
  batch.norms ??= new Map();
  let n = batch.norms.get(field);
  if (!n) {
    n = new Float32Array(batch.numRows);
    for (let r = 0; r < batch.numRows; r++) n[r] = norm(data, r * dim, dim);
    batch.norms.set(field, n);
  }
  return n;
}

/** Exact search over every batch, indexes or not (group-by, iterators, range search, tests). */
export function searchExact(data: CollectionData, req: VectorSearch): Hits[] {
  return searchVectors(data, req);
}

export function searchVectors(data: CollectionData, req: VectorSearch, lookup?: IndexLookup): Hits[] {
  const asc = ascending(req.metric);
  const heaps = req.queries.map(() => new TopK<RowRef>(req.limit, asc));
  const inRange = rangeCheck(req, asc);
  const name = req.field.name;
  const dim = Number(typeParam(req.field, 'dim') ?? 0);
  const queryNorms = req.metric === 'COSINE' ? req.queries.map((q) => norm(q as Float32Array, 0, dim)) : [];

  for (const batch of data.batches) {
    if (req.sealedOnly && !batch.sealed) continue;
    // Range search stays exact: a graph walk has no bound on how many rows fall in the range.
    const slot = lookup && req.index && req.radius === undefined ? lookup(batch, req.index) : undefined;
    if (slot && slot.spec.metric === req.metric) {
      if (batch.liveRows > 0 && (!req.partitions || req.partitions.has(batch.partitionId))) searchIndexedSegment(slot, req, heaps);
      continue;
    }
    const ok = eligibleRows(batch, req);
    if (!ok) continue;
    const column = batch.columns.get(name);
    if (!column) continue;
    if (column.type === DataType.SparseFloatVector) {
      req.queries.forEach((q, qi) => {
        for (let row = 0; row < batch.numRows; row++) {
          if (!ok[row]) continue;
          const s = sparseDot(q as SparseRow, column.data[row]!);
          if (heaps[qi]!.accepts(s) && inRange(s)) heaps[qi]!.push(s, { batch, row });
        }
      });
      continue;
    }
    if (column.type === DataType.BinaryVector) {
      const width = dim / 8;
      const score = req.metric === 'JACCARD' ? jaccard : hamming;
      req.queries.forEach((q, qi) => {
        for (let row = 0; row < batch.numRows; row++) {
          if (!ok[row]) continue;
          const s = score(q as Uint8Array, column.data, row * width, width);
          if (heaps[qi]!.accepts(s) && inRange(s)) heaps[qi]!.push(s, { batch, row });
        }
      });
      continue;
    }
    const vectors = floatRows(batch, name, column);
    const norms = req.metric === 'COSINE' ? cosineNorms(batch, name, vectors, dim) : undefined;
    req.queries.forEach((query, qi) => {
      const q = query as Float32Array;
      const heap = heaps[qi]!;
      // One loop per metric: no per-row branching on the metric, and no object for a row that
      // does not make the top k.
      if (req.metric === 'L2') {
        for (let row = 0; row < batch.numRows; row++) {
          if (!ok[row]) continue;
          const s = l2(q, vectors, row * dim, dim);
          if (heap.accepts(s) && inRange(s)) heap.push(s, { batch, row });
        }
      } else if (req.metric === 'IP') {
        for (let row = 0; row < batch.numRows; row++) {
          if (!ok[row]) continue;
          const s = dot(q, vectors, row * dim, dim);
          if (heap.accepts(s) && inRange(s)) heap.push(s, { batch, row });
        }
      } else {
        const qn = queryNorms[qi]!;
        for (let row = 0; row < batch.numRows; row++) {
          if (!ok[row]) continue;
          const denominator = qn * norms![row]!;
          const s = denominator === 0 ? 0 : dot(q, vectors, row * dim, dim) / denominator;
          if (heap.accepts(s) && inRange(s)) heap.push(s, { batch, row });
        }
      }
    });
  }
  return heaps.map((h) => {
    const { items, scores } = h.sorted();
    return { refs: items, scores };
  });
}

function rangeCheck(req: VectorSearch, asc: boolean): (score: number) => boolean {
  const { radius, rangeFilter } = req;
  if (radius === undefined) return () => true;
  if (asc) {
    const low = rangeFilter ?? -Infinity;
    return (s) => s < radius && s >= low;
  }
  const high = rangeFilter ?? Infinity;
  return (s) => s > radius && s <= high;
}
