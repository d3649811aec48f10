// Search and HybridSearch requests as Milvus sends them, turned into the engine's typed requests
// (src/engine/search-request.ts): key/value `search_params` with integers in strings and a JSON
// `params`, the PlaceholderGroup of query vectors, and the grouping and iterator keys. A Search
// and each sub-request of a HybridSearch are read by the same code.
//
// Keys and texts from Milvus 2.6 (internal/proxy/task_search.go, search_util.go parseSearchInfo /
// parseGroupByInfo / parseSearchIteratorV2Info): `topk`, `offset`, `anns_field`, `metric_type`,
// `params` (JSON: `ef`, `nprobe`, `radius`, `range_filter`, which may also come as top-level keys),
// `group_by_field`, `group_size` (default 1), `strict_group_size` (Go ParseBool, bad = false);
// `iterator` ("True"/"true"), `search_iter_v2`, `search_iter_batch_size`, `search_iter_id`,
// `search_iter_last_bound`.
import { MAX_RESULT_WINDOW, parseGoBool } from '../catalog/index.js';
import type { HybridSearchRequest, IteratorRequest, SearchRequest, VectorSearchRequest } from '../engine/index.js';
import { groupByErrors, searchErrors, searchIteratorErrors } from '../errors.js';
import { groupByParams } from './group-by-params.js';
import { ignoreGrowingParam } from './ignore-growing.js';
import type { milvus } from './messages.js';
import { placeholderVectors } from './placeholder-vectors.js';
import { parseRankParams } from './rank-params.js';
import { integerParam, keyValues, roundDecimalParam } from './request-params.js';
import { decodeTemplates } from './templates.js';
import { refuseUnservedHybridOptions, refuseUnservedSearchOptions } from './unserved-options.js';

/** The Search's `topk` when the request names none. */
const DEFAULT_TOPK = 10;

/**
 * One vector search of a request (a Search, or a sub-request of HybridSearch): the engine's
 * request, and the parsed `search_params` for what the caller reads beside it.
 */
function vectorSearch(req: milvus.SearchRequest, defaultTopk: number): { params: Map<string, string>; search: VectorSearchRequest } {
  refuseUnservedSearchOptions(req);
  const params = keyValues(req.search_params);
  let extra: Record<string, unknown> = {};
  const rawParams = params.get('params');
  if (rawParams) {
    try {
      extra = JSON.parse(rawParams) as Record<string, unknown>;
    } catch {
      throw searchErrors.paramsNotJson(rawParams);
    }
  }
  const vectors = placeholderVectors(req.placeholder_group);
  const numberParam = (key: string) => {
    const v = extra[key] ?? params.get(key);
    return v === undefined || v === '' ? undefined : Number(v);
  };
  return {
    params,
    search: {
      annsField: params.get('anns_field') ?? '',
      metricType: params.get('metric_type') ?? '',
      vectors,
      topk: integerParam(params, 'topk', defaultTopk),
      expr: req.dsl,
      templates: decodeTemplates(req.expr_template_values),
      radius: numberParam('radius'),
      rangeFilter: numberParam('range_filter'),
      ef: numberParam('ef'),
      nprobe: numberParam('nprobe'),
    },
  };
}

/** Whether a request is an iterator's (`iterator` True/true, as the SDKs send it). */
export function isIterator(params: ReadonlyMap<string, string>): boolean {
  const raw = params.get('iterator');
  return raw === 'True' || raw === 'true';
}

/** parseSearchIteratorV2Info: the iterator page a Search asks for, if it is a v2 iterator's. */
function iteratorParams(params: ReadonlyMap<string, string>, offset: number): IteratorRequest | undefined {
  if (!(parseGoBool(params.get('search_iter_v2') ?? '') ?? false)) return undefined;
  if (!isIterator(params)) throw searchIteratorErrors.v2WithoutIterator();
  if (offset > 0) throw searchIteratorErrors.offsetNotAllowed();
  const token = params.get('search_iter_id') || undefined;
  const batchRaw = params.get('search_iter_batch_size') ?? '';
  if (batchRaw === '') throw searchIteratorErrors.batchSizeMissing();
  const batchSize = Number(batchRaw);
  if (!Number.isInteger(batchSize)) throw searchIteratorErrors.batchSizeSyntax(batchRaw);
  if (batchSize < 1 || batchSize > MAX_RESULT_WINDOW) throw searchIteratorErrors.batchSizeRange(batchSize, MAX_RESULT_WINDOW);
  const boundRaw = params.get('search_iter_last_bound') ?? '';
  let lastBound: number | undefined;
  if (boundRaw !== '') {
    lastBound = Number(boundRaw);
    if (Number.isNaN(lastBound)) throw searchIteratorErrors.lastBoundSyntax(boundRaw);
    lastBound = Math.fround(lastBound);
  }
  return { token, lastBound, batchSize };
}

/** A Search as the engine takes it, and what its reply needs: `search_params` and `round_decimal`. */
export interface ParsedSearch {
  search: SearchRequest;
  params: Map<string, string>;
  /** -1: scores as computed; else the decimals the reply rounds them to. */
  roundDecimal: number;
}

/** A Search request as the engine takes it, and its `search_params` (the reply reads a few). */
export function parseSearchRequest(req: milvus.SearchRequest): ParsedSearch {
  const { params, search } = vectorSearch(req, integerParam(keyValues(req.search_params), 'limit', DEFAULT_TOPK));
  const offset = integerParam(params, 'offset', 0);
  const roundDecimal = roundDecimalParam(params);
  const base = { ...search, offset, partitionNames: req.partition_names, ignoreGrowing: ignoreGrowingParam(params) };
  const groupBy = groupByParams(params);
  if (groupBy && isIterator(params)) throw groupByErrors.withIterator();
  const iterator = iteratorParams(params, offset);
  // An iterator v2 page is `search_iter_batch_size` hits.
  if (iterator) return { params, roundDecimal, search: { ...base, topk: iterator.batchSize, iterator } };
  return { params, roundDecimal, search: { ...base, groupBy } };
}

/**
 * A HybridSearch as the engine takes it. As in Milvus 2.6, the top-level partition_names apply to
 * every sub-search, a sub-request's own offset is ignored, and one without a topk contributes
 * limit + offset hits (internal/proxy/search_util.go parseSearchInfo).
 */
export function parseHybridSearchRequest(req: milvus.HybridSearchRequest): HybridSearchRequest {
  refuseUnservedHybridOptions(req);
  const rankParams = keyValues(req.rank_params);
  // As Milvus's searchTask: the top-level flag first, else each sub-request's own.
  const ignoreAll = ignoreGrowingParam(rankParams);
  const rank = parseRankParams(rankParams);
  const requests = req.requests.map((sub) => {
    const { params, search } = vectorSearch(sub, rank.limit + rank.offset);
    return { ...search, ignoreGrowing: ignoreAll || ignoreGrowingParam(params) };
  });
  return { requests, partitionNames: req.partition_names, rank };
}
