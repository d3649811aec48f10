// The `rank_params` of a HybridSearch, read as Milvus 2.6 reads them: the legacy ranker
// (`strategy` rrf | weighted with a JSON `params`: {k} | {weights, norm_score}), `limit`
// (required), `offset`, `round_decimal` and the group-by keys with `rank_group_scorer`.
//
// Sources (milvus-io/milvus, branch 2.6): internal/util/function/rerank/function_score.go
// NewFunctionScoreWithlegacy, rrf_function.go, weighted_function.go; internal/proxy/search_util.go
// parseRankParams. JSON values are checked by their Go types (float64, string, ...), as Go's
// encoding/json decoded them into interface{}, hence the Go type names in the texts.
import { MAX_RESULT_WINDOW, RRF_K_BOUND } from '../catalog/index.js';
import type { GroupScorer, RankParams, Ranker } from '../engine/index.js';
import { groupByErrors, rankErrors } from '../errors.js';
import { groupByParams } from './group-by-params.js';
import { goInt, roundDecimalParam } from './request-params.js';

const f32 = Math.fround;

/** The name Go's %T prints for a value encoding/json decoded into interface{}. */
function goTypeName(v: unknown): string {
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null) return '<nil>';
  return 'map[string]interface {}';
}

/** The legacy ranker of `rank_params` (strategy + params JSON); no strategy means RRF with k = 60. */
export function parseRanker(params: ReadonlyMap<string, string>): Ranker {
  const strategy = params.get('strategy');
  if (strategy === undefined) return { strategy: 'rrf', k: 60 };
  if (strategy !== 'rrf' && strategy !== 'weighted') throw rankErrors.unsupportedStrategy(strategy);
  const raw = params.get('params');
  if (raw === undefined) throw rankErrors.paramsMissing();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw rankErrors.paramsNotJson((e as Error).message);
  }
  const obj = (parsed ?? {}) as Record<string, unknown>;
  if (strategy === 'rrf') {
    let k = 60;
    if ('k' in obj) {
      if (typeof obj.k !== 'number') throw rankErrors.rrfKType();
      k = obj.k;
    }
    if (!(k > 0 && k < RRF_K_BOUND)) throw rankErrors.rrfKRange(RRF_K_BOUND);
    return { strategy: 'rrf', k };
  }
  let normScore = false;
  if ('norm_score' in obj) {
    if (typeof obj.norm_score !== 'boolean') throw rankErrors.normScoreType(String(obj.norm_score), goTypeName(obj.norm_score));
    normScore = obj.norm_score;
  }
  const weights = obj.weights;
  if (weights === undefined) throw rankErrors.weightsMissing();
  if (!Array.isArray(weights) || weights.some((w) => typeof w !== 'number')) throw rankErrors.weightsType(JSON.stringify(weights));
  if (weights.length === 0) throw rankErrors.weightsMissing();
  for (const w of weights as number[]) {
    if (w < 0 || w > 1) throw rankErrors.weightRange();
  }
  return { strategy: 'weighted', weights: (weights as number[]).map(f32), normScore };
}

function integer(params: ReadonlyMap<string, string>, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === undefined) return undefined;
  const n = goInt(raw);
  if (n === undefined) throw rankErrors.integerParam(key, raw);
  return n;
}

const GROUP_SCORERS: readonly GroupScorer[] = ['max', 'sum', 'avg'];

/** `rank_params` of a HybridSearch: ranker, limit, offset, round_decimal, group_by_field. */
export function parseRankParams(params: ReadonlyMap<string, string>): RankParams {
  const ranker = parseRanker(params);
  const limit = integer(params, 'limit');
  if (limit === undefined) throw rankErrors.limitMissing();
  const offset = integer(params, 'offset') ?? 0;
  if (offset < 0) throw rankErrors.offsetNegative(offset);
  if (limit <= 0) throw rankErrors.limitNotPositive(limit);
  if (offset + limit > MAX_RESULT_WINDOW) throw rankErrors.windowTooLarge(offset + limit, MAX_RESULT_WINDOW);
  const roundDecimal = roundDecimalParam(params);
  const out: RankParams = { ranker, limit, offset, roundDecimal };
  const groupBy = groupByParams(params);
  if (groupBy) {
    const scorer = (params.get('rank_group_scorer') ?? 'max') as GroupScorer;
    if (!GROUP_SCORERS.includes(scorer)) throw groupByErrors.scorerUnsupported(scorer);
    out.groupBy = { ...groupBy, scorer };
  }
  return out;
}
