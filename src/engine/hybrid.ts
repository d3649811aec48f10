// Hybrid search: several vector searches over one collection, fused into one ranking by RRF or
// a weighted sum, as Milvus 2.6 does it.
//
// Sources (milvus-io/milvus, branch 2.6):
// - internal/util/function/rerank/function_score.go, NewFunctionScoreWithlegacy: `rank_params`
//   {strategy: rrf | weighted, params: JSON}; no strategy means RRF with k = 60.
// - rrf_function.go: score(id) = sum over the sub-searches that found id of 1 / (k + rank), rank
//   counted from 1 in that sub-search's reduced result; k in (0, 16384). Always descending.
// - weighted_function.go + util.go (getNormalizeFunc, classifyMetricsOrder): score(id) = sum of
//   weight_i * norm_i(score_i), weights in [0, 1], one per sub-search. With `norm_score` true:
//   COSINE (1 + s) / 2, IP 0.5 + atan(s) / pi, BM25 2 atan(s) / pi, distances (L2, ...)
//   1 - 2 atan(s) / pi; the result is descending. Without it scores are used raw, except that when
//   the sub-searches mix larger-is-better and smaller-is-better metrics the distances get
//   1 - 2 atan(s) / pi; the order is descending unless every metric is a distance.
// - util.go newIDScores: ties by the smaller primary key; offset then limit; round_decimal as
//   floor(s * 10^d + 0.5) / 10^d. newGroupingIDScores for group_by_field (see fuseGroups).
// - internal/proxy/search_util.go parseRankParams / parseSearchInfo: `limit` is required in
//   rank_params, `offset` and `round_decimal` optional; a sub-request's own offset is ignored and
//   its topk (else limit + offset) is how many hits it contributes.
// All arithmetic is float32, as in Milvus (Math.fround at each step), so ties break the same way.
import { planIndexedSearch } from './indexed-search.js';
import type { CollectionRecord } from '../catalog/index.js';
import { compileColumnar, compileFilter } from '../expr/index.js';
import { Code, MilvusError, invalidParameter } from '../errors.js';
import type { PrimaryKey, RowRef } from './collection-data.js';
import type { SearchRequest } from './data-requests.js';
import { groupValue, type GroupBySpec, type GroupValue, type GroupedHits } from './group-by.js';
import { comparePk, pkOf } from './ordered-hits.js';
import { parseForPlan, partitionSet } from './plan.js';
import { MAX_TOPK, decodeQueries, searchField, searchMetric } from './query-vectors.js';
import { ascending, type Hits, type Metric, type VectorSearch } from './search.js';

const f32 = Math.fround;
const PI32 = f32(Math.PI);

export type Ranker = { strategy: 'rrf'; k: number } | { strategy: 'weighted'; weights: number[]; normScore: boolean };

export type GroupScorer = 'max' | 'sum' | 'avg';

/** The fusion parameters of a HybridSearch, from its `rank_params`. */
export interface RankParams {
  ranker: Ranker;
  limit: number;
  offset: number;
  /** -1: scores as computed. */
  roundDecimal: number;
  groupBy?: { field: string; groupSize: number; strictGroupSize: boolean; scorer: GroupScorer };
}

/** A plain Go error (fmt.Errorf) surfaces with code 65535 and its text. */
function plain(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message);
}

const MAX_RESULT_WINDOW = 16384;
const MAX_SUB_REQUESTS = 1024;

function goTypeName(v: unknown): string {
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null) return '<nil>';
  return 'map[string]interface {}';
}

/** The legacy ranker of `rank_params` (strategy + params JSON), checked as Milvus 2.6 does. */
export function parseRanker(params: ReadonlyMap<string, string>): Ranker {
  const strategy = params.get('strategy');
  if (strategy === undefined) return { strategy: 'rrf', k: 60 };
  if (strategy !== 'rrf' && strategy !== 'weighted') throw plain(`unsupported rank type ${strategy}`);
  const raw = params.get('params');
  if (raw === undefined) throw plain('params not found in rank_params');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw plain(`parse rerank params failed, err: ${(e as Error).message}`);
  }
  const obj = (parsed ?? {}) as Record<string, unknown>;
  if (strategy === 'rrf') {
    let k = 60;
    if ('k' in obj) {
      if (typeof obj.k !== 'number') throw plain('the type of rank param k should be float');
      k = obj.k;
    }
    if (!(k > 0 && k < 16384)) throw plain('the rank params k should be in range (0, 16384)');
    return { strategy: 'rrf', k };
  }
  let normScore = false;
  if ('norm_score' in obj) {
    if (typeof obj.norm_score !== 'boolean') {
      throw plain(`weighted rerank err, norm_score should been bool type, but [norm_score:${String(obj.norm_score)}]'s type is ${goTypeName(obj.norm_score)}`);
    }
    normScore = obj.norm_score;
  }
  const weights = obj.weights;
  if (weights === undefined) throw plain('weights not found');
  if (!Array.isArray(weights) || weights.some((w) => typeof w !== 'number')) {
    throw plain(`parse weights param failed, weight should be []float, bug got: ${JSON.stringify(weights)}`);
  }
  if (weights.length === 0) throw plain('weights not found');
  for (const w of weights as number[]) {
    if (w < 0 || w > 1) throw plain('rank param weight should be in range [0, 1]');
  }
  return { strategy: 'weighted', weights: (weights as number[]).map(f32), normScore };
}

function integer(params: ReadonlyMap<string, string>, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n)) throw plain(`${key} [${raw}] is invalid`);
  return n;
}

/** `rank_params` of a HybridSearch: ranker, limit, offset, round_decimal, group_by_field. */
export function parseRankParams(params: ReadonlyMap<string, string>): RankParams {
  const ranker = parseRanker(params);
  const limit = integer(params, 'limit');
  if (limit === undefined) throw plain('limit not found in rank_params');
  const offset = integer(params, 'offset') ?? 0;
  if (offset < 0) throw plain(`invalid max query result window, offset [${offset}] is invalid, should be gte than 0`);
  if (limit <= 0) throw plain(`invalid max query result window, limit [${limit}] is invalid, should be greater than 0`);
  if (offset + limit > MAX_RESULT_WINDOW) {
    throw plain(`invalid max query result window, (offset+limit) should be in range [1, ${MAX_RESULT_WINDOW}], but got ${offset + limit}`);
  }
  const roundRaw = params.get('round_decimal') ?? '-1';
  const roundDecimal = Number(roundRaw);
  if (!Number.isInteger(roundDecimal) || (roundDecimal !== -1 && (roundDecimal < 0 || roundDecimal > 6))) {
    throw plain(`round_decimal [${roundRaw}] is invalid, should be -1 or an integer in range [0, 6]`);
  }
  const out: RankParams = { ranker, limit, offset, roundDecimal };
  const groupField = params.get('group_by_field');
  if (groupField) {
    const sizeRaw = params.get('group_size');
    let groupSize = 1;
    if (sizeRaw !== undefined) {
      groupSize = Number(sizeRaw);
      if (sizeRaw.trim() === '' || !Number.isInteger(groupSize)) throw invalidParameter(`failed to parse input group size:${sizeRaw}`);
    }
    const strict = /^(1|t|true)$/i.test(params.get('strict_group_size') ?? '');
    const scorer = (params.get('rank_group_scorer') ?? 'max') as GroupScorer;
    if (!['max', 'sum', 'avg'].includes(scorer)) throw invalidParameter(`input group scorer type: ${scorer} is not supported!`);
    out.groupBy = { field: groupField, groupSize, strictGroupSize: strict, scorer };
  }
  return out;
}

/** A sub-request made ready to run: what the exact search needs, and its own topk. */
export interface SubSearch {
  search: VectorSearch;
  topk: number;
  nq: number;
}

/** Resolves one sub-request against the pinned collection, as Search resolves a request. */
export function planSubSearch(collection: CollectionRecord, req: SearchRequest, partitionNames: readonly string[]): SubSearch {
  if (!Number.isInteger(req.topk) || req.topk < 1 || req.topk > MAX_TOPK) {
    throw invalidParameter(`topk [${req.topk}] is invalid, it should be in range [1, ${MAX_TOPK}]`);
  }
  const field = searchField(collection.schema, req.annsField);
  const index = (collection.indexes ?? []).find((i) => i.fieldId === field.fieldID);
  const indexMetric = index?.params.find((p) => p.key === 'metric_type')?.value;
  const metric = searchMetric(field, req.metricType, indexMetric);
  const queries = decodeQueries(field, req.blobs);
  const expr = parseForPlan(req.expr, collection, req.templates, 'search');
  return {
    topk: req.topk,
    nq: queries.length,
    search: {
      field,
      metric,
      queries,
      limit: req.topk,
      filter: req.expr.trim() === '' ? undefined : compileFilter(expr),
      columnar: req.expr.trim() === '' ? undefined : compileColumnar(expr),
      partitions: partitionSet(collection, partitionNames),
      radius: req.radius,
      rangeFilter: req.rangeFilter,
      ...planIndexedSearch(collection, field, req, req.topk),
    },
  };
}

/** Milvus's checks on the set of sub-requests: how many, and one nq for all. */
export function checkSubSearches(subs: readonly SubSearch[]): number {
  if (subs.length === 0) throw invalidParameter('hybrid search needs at least one sub search request');
  if (subs.length > MAX_SUB_REQUESTS) throw plain(`maximum of ann search requests is ${MAX_SUB_REQUESTS}`);
  const nq = subs[0]!.nq;
  for (const s of subs) {
    if (s.nq !== nq) {
      throw new MilvusError(Code.ParameterInvalid, `sub search request nq should be the same: invalid parameter[expected=${nq}][actual=${s.nq}]`);
    }
  }
  return nq;
}

function largerIsBetter(metric: Metric | 'BM25'): boolean {
  return !ascending(metric as Metric) || metric === 'BM25';
}

/** getNormalizeFunc(normScore, metric, toGreater), float32 as in Go. */
function normalizer(normScore: boolean, metric: Metric, toGreater: boolean): (s: number) => number {
  const atan = (s: number) => f32(Math.atan(s));
  const distance = (s: number) => f32(1 - f32(f32(2 * atan(s)) / PI32));
  if (!normScore) {
    if (!toGreater || largerIsBetter(metric)) return (s) => s;
    return distance;
  }
  switch (metric as string) {
    case 'COSINE':
      return (s) => f32(f32(1 + s) * 0.5);
    case 'IP':
      return (s) => f32(0.5 + f32(atan(s) / PI32));
    case 'BM25':
      return (s) => f32(f32(2 * atan(s)) / PI32);
    default:
      return distance;
  }
}

/** The fused scores of one query: each id's score and the row it came from (first seen). */
export interface Fused {
  scores: Map<PrimaryKey, number>;
  refs: Map<PrimaryKey, RowRef>;
  descending: boolean;
}

/** One query's sub-search results (each in reduce order, float32 scores) fused by `ranker`. */
export function fuse(ranker: Ranker, subs: readonly Hits[], metrics: readonly Metric[]): Fused {
  const scores = new Map<PrimaryKey, number>();
  const refs = new Map<PrimaryKey, RowRef>();
  const add = (ref: RowRef, score: number) => {
    const pk = pkOf(ref);
    const prev = scores.get(pk);
    if (prev === undefined) {
      refs.set(pk, ref);
      scores.set(pk, score);
    } else {
      scores.set(pk, f32(prev + score));
    }
  };
  if (ranker.strategy === 'rrf') {
    const k = f32(ranker.k);
    subs.forEach((hits) => hits.refs.forEach((ref, idx) => add(ref, f32(1 / f32(k + (idx + 1))))));
    return { scores, refs, descending: true };
  }
  if (subs.length !== ranker.weights.length) {
    throw new MilvusError(
      Code.ParameterInvalid,
      `the length of weights param mismatch with ann search requests: invalid parameter[expected=${subs.length}][actual=${ranker.weights.length}]`,
    );
  }
  const larger = metrics.filter((m) => largerIsBetter(m)).length;
  const mixed = larger > 0 && larger < metrics.length;
  const descending = mixed || larger === metrics.length;
  subs.forEach((hits, i) => {
    const norm = normalizer(ranker.normScore, metrics[i]!, mixed);
    const w = ranker.weights[i]!;
    hits.refs.forEach((ref, j) => add(ref, f32(w * norm(hits.scores[j]!))));
  });
  return { scores, refs, descending: ranker.normScore || descending };
}

function rounder(roundDecimal: number): (s: number) => number {
  if (roundDecimal === -1) return (s) => s;
  const m = 10 ** roundDecimal;
  return (s) => f32(Math.floor(s * m + 0.5) / m);
}

/** newIDScores: ids by fused score (ties: smaller id), `offset` skipped, at most `limit`. */
export function pageFused(fused: Fused, limit: number, offset: number, roundDecimal: number): Hits {
  const ids = [...fused.scores.keys()];
  const s = fused.scores;
  ids.sort((a, b) => {
    const d = fused.descending ? s.get(b)! - s.get(a)! : s.get(a)! - s.get(b)!;
    return d !== 0 ? d : comparePk(a, b);
  });
  const page = ids.slice(offset, offset + limit);
  const round = rounder(roundDecimal);
  return { refs: page.map((id) => fused.refs.get(id)!), scores: page.map((id) => round(s.get(id)!)) };
}

/**
 * newGroupingIDScores: ids by fused score, descending (ties: smaller id), bucketed by group value
 * with at most `groupSize` per group; groups ordered by their score (max, sum or avg of the kept
 * hits; the max starts at 0 as in Milvus), then by size (larger first), then by smaller first id;
 * `offset` groups skipped, `limit` groups kept, and with strict_group_size a group with fewer than
 * `groupSize` hits is dropped.
 */
export function pageFusedGroups(
  fused: Fused,
  spec: GroupBySpec,
  scorer: GroupScorer,
  limit: number,
  offset: number,
  roundDecimal: number,
): GroupedHits {
  const s = fused.scores;
  const ids = [...s.keys()].sort((a, b) => {
    const d = s.get(b)! - s.get(a)!;
    return d !== 0 ? d : comparePk(a, b);
  });
  interface Group {
    ids: PrimaryKey[];
    value: GroupValue;
    max: number;
    sum: number;
    final: number;
  }
  const buckets = new Map<GroupValue, Group>();
  for (const id of ids) {
    const value = groupValue(fused.refs.get(id)!, spec.field);
    let g = buckets.get(value);
    if (!g) {
      g = { ids: [], value, max: 0, sum: 0, final: 0 };
      buckets.set(value, g);
    }
    if (g.ids.length >= spec.groupSize) continue;
    const score = s.get(id)!;
    g.ids.push(id);
    if (score > g.max) g.max = score;
    g.sum = f32(g.sum + score);
  }
  const groups = [...buckets.values()];
  for (const g of groups) g.final = scorer === 'max' ? g.max : scorer === 'sum' ? g.sum : f32(g.sum / g.ids.length);
  groups.sort((a, b) => {
    if (a.final !== b.final) return b.final - a.final;
    if (a.ids.length !== b.ids.length) return b.ids.length - a.ids.length;
    return comparePk(a.ids[0]!, b.ids[0]!);
  });
  const round = rounder(roundDecimal);
  const out: GroupedHits = { refs: [], scores: [], values: [] };
  for (const g of groups.slice(offset, offset + limit)) {
    if (spec.strictGroupSize && g.ids.length < spec.groupSize) continue;
    for (const id of g.ids) {
      out.refs.push(fused.refs.get(id)!);
      out.scores.push(round(s.get(id)!));
      out.values.push(g.value);
    }
  }
  return out;
}
