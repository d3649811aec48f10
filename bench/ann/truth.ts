// Exact top-k by a plain brute force, every distance accumulated in float64 (JavaScript numbers),
// the yardstick of every recall figure; cached in bench/ann/.cache under a key of data set,
// metric, sizes and a digest of the vectors, so a rerun on the same data skips it.
//
// Distances: L2 is the squared Euclidean distance; COSINE is 1 - cos(q, x) (a zero vector has
// cosine 0 with everything). Ties keep the lower row id first.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metric } from './datasets.js';
import { CACHE_DIR } from './paths.js';

export const TOPK = 10;

export interface Truth {
  k: number;
  nq: number;
  /** nq x k row ids, nearest first. */
  ids: Int32Array;
  /** Their exact distances. */
  dists: Float64Array;
}

export interface TruthKey {
  dataset: string;
  metric: Metric;
  n: number;
  nq: number;
  dim: number;
  digest: string;
}

export function truthCachePath(key: TruthKey, k = TOPK): string {
  return join(CACHE_DIR, `truth-${key.dataset}-${key.metric}-n${key.n}-q${key.nq}-d${key.dim}-k${k}-${key.digest}.json`);
}

export function readCachedTruth(key: TruthKey, k = TOPK): Truth | undefined {
  const path = truthCachePath(key, k);
  if (!existsSync(path)) return undefined;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { k: number; nq: number; ids: number[]; dists: number[] };
    if (j.k !== k || j.nq !== key.nq || j.ids.length !== k * key.nq || j.dists.length !== k * key.nq) return undefined;
    return { k, nq: j.nq, ids: Int32Array.from(j.ids), dists: Float64Array.from(j.dists) };
  } catch {
    return undefined;
  }
}

export function writeCachedTruth(key: TruthKey, t: Truth): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = truthCachePath(key, t.k);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...key, k: t.k, nq: t.nq, ids: Array.from(t.ids), dists: Array.from(t.dists) }));
  renameSync(tmp, path);
}

/** Float64 norms of the rows of `data`. */
export function norms(data: Float32Array, n: number, dim: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const base = r * dim;
    for (let j = 0; j < dim; j++) s += data[base + j]! * data[base + j]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** The exact distance from query `q` to row `row`, in float64. */
export function exactDistance(metric: Metric, data: Float32Array, dim: number, row: number, q: Float32Array, rowNorm?: number): number {
  const base = row * dim;
  if (metric === 'L2') {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const d = q[j]! - data[base + j]!;
      s += d * d;
    }
    return s;
  }
  let dot = 0;
  let qq = 0;
  let xx = 0;
  for (let j = 0; j < dim; j++) {
    dot += q[j]! * data[base + j]!;
    qq += q[j]! * q[j]!;
    if (rowNorm === undefined) xx += data[base + j]! * data[base + j]!;
  }
  const denom = Math.sqrt(qq) * (rowNorm ?? Math.sqrt(xx));
  return denom === 0 ? 1 : 1 - dot / denom;
}

/** Exact top-k of queries [from, to) over all n rows. */
export function bruteForce(
  data: Float32Array,
  n: number,
  dim: number,
  queries: Float32Array,
  metric: Metric,
  k: number,
  from: number,
  to: number,
): Truth {
  const nq = to - from;
  const ids = new Int32Array(nq * k).fill(-1);
  const dists = new Float64Array(nq * k).fill(Infinity);
  const rowNorms = metric === 'COSINE' ? norms(data, n, dim) : undefined;
  const bestIds = new Int32Array(k);
  const best = new Float64Array(k);
  for (let qi = from; qi < to; qi++) {
    const q = queries.subarray(qi * dim, (qi + 1) * dim);
    let qn = 0;
    for (let j = 0; j < dim; j++) qn += q[j]! * q[j]!;
    qn = Math.sqrt(qn);
    bestIds.fill(-1);
    best.fill(Infinity);
    for (let r = 0; r < n; r++) {
      const base = r * dim;
      let d: number;
      // Four float64 partial sums (then the remainder), added at the end: the same arithmetic in
      // a different order, and about twice as fast as one accumulator in V8.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      if (metric === 'L2') {
        for (; j + 3 < dim; j += 4) {
          const x0 = q[j]! - data[base + j]!;
          const x1 = q[j + 1]! - data[base + j + 1]!;
          const x2 = q[j + 2]! - data[base + j + 2]!;
          const x3 = q[j + 3]! - data[base + j + 3]!;
          s0 += x0 * x0;
          s1 += x1 * x1;
          s2 += x2 * x2;
          s3 += x3 * x3;
        }
        for (; j < dim; j++) {
          const x = q[j]! - data[base + j]!;
          s0 += x * x;
        }
        d = s0 + s1 + s2 + s3;
      } else {
        for (; j + 3 < dim; j += 4) {
          s0 += q[j]! * data[base + j]!;
          s1 += q[j + 1]! * data[base + j + 1]!;
          s2 += q[j + 2]! * data[base + j + 2]!;
          s3 += q[j + 3]! * data[base + j + 3]!;
        }
        for (; j < dim; j++) s0 += q[j]! * data[base + j]!;
        const denom = qn * rowNorms![r]!;
        d = denom === 0 ? 1 : 1 - (s0 + s1 + s2 + s3) / denom;
      }
      if (d >= best[k - 1]!) continue;
      let i = k - 1;
      while (i > 0 && best[i - 1]! > d) {
        best[i] = best[i - 1]!;
        bestIds[i] = bestIds[i - 1]!;
        i--;
      }
      best[i] = d;
      bestIds[i] = r;
    }
    ids.set(bestIds, (qi - from) * k);
    dists.set(best, (qi - from) * k);
  }
  return { k, nq, ids, dists };
}

/**
 * Recall@k of one query's answer: the share of the k true neighbours found, where a returned
 * row also counts when its exact distance equals the k-th true distance (a tie: several rows are
 * equally the k-th nearest) within a relative 1e-5 (+1e-6 absolute), which float32 rounding in
 * the subjects can move by that much. Each returned row counts once; only the first k count.
 */
export function queryRecall(truth: Truth, qi: number, returned: readonly number[], distanceOf: (row: number) => number): number {
  const k = truth.k;
  const trueIds = new Set<number>();
  for (let i = 0; i < k; i++) trueIds.add(truth.ids[qi * k + i]!);
  const kth = truth.dists[qi * k + k - 1]!;
  const limit = kth + Math.abs(kth) * 1e-5 + 1e-6;
  const seen = new Set<number>();
  let hits = 0;
  for (const id of returned.slice(0, k)) {
    if (seen.has(id) || !Number.isInteger(id) || id < 0) continue;
    seen.add(id);
    if (trueIds.has(id) || distanceOf(id) <= limit) hits++;
  }
  return Math.min(hits, k) / k;
}
