// Rank fusion of a HybridSearch: the sub-searches' hits fused into one ranking by RRF or a
// weighted sum, as Milvus 2.6 does it (the rank_params are parsed by src/protocol/rank-params.ts).
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
//   floor(s * 10^d + 0.5) / 10^d. newGroupingIDScores for group_by_field (pageFusedGroups).
// - internal/proxy/search_util.go parseRankParams / parseSearchInfo: `limit` is required in
//   rank_params, `offset` and `round_decimal` optional; a sub-request's own offset is ignored and
//   its topk (else limit + offset) is how many hits it contributes.
// All arithmetic is float32, as in Milvus (Math.fround at each step), so ties break the same way.
import { rankErrors } from '../errors.js';
import type { PrimaryKey, RowRef } from './collection-data.js';
import { groupValue, type GroupBySpec, type GroupValue, type GroupedHits } from './group-by.js';
import { comparePk, pkOf } from './ordered-hits.js';
import type { GroupScorer, Ranker } from './search-request.js';
import { ascending, type Hits, type Metric } from './vector-search.js';

const f32 = Math.fround;
const PI32 = f32(Math.PI);

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
    throw rankErrors.weightsCount(subs.length, ranker.weights.length);
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
