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
import { MAX_HYBRID_SUB_SEARCHES, MAX_NQ, MAX_RESULT_WINDOW, parseGoBool } from '../catalog/index.js';
import type { GroupByRequest, HybridSearchRequest, IteratorRequest, RankParams, SearchRequest, VectorSearchRequest } from '../engine/index.js';
import { groupByErrors, hybridSearchErrors, searchErrors, searchIteratorErrors } from '../errors.js';
import { groupByParams } from './group-by-params.js';
import type { milvus } from './messages.js';
import { placeholderVectors } from './placeholder-vectors.js';
import { parseRankParams } from './rank-params.js';
import { goInt, goParseInt, ignoreGrowingParam, keyValues, roundDecimalParam } from './request-params.js';
import { searchParamsJson } from './search-params-json.js';
import { decodeTemplates } from './templates.js';
import { refuseUnservedHybridOptions, refuseUnservedSearchOptions } from './unserved-options.js';

/** validateNQLimit, as checkNq applies it before any parameter is read. */
function checkNq(nq: number): void {
  if (nq < 1 || nq > MAX_NQ) throw searchErrors.nqOutOfRange(nq, MAX_NQ);
}

/** What parseSearchInfo reads from `search_params` besides the JSON `params`. */
interface SearchInfo {
  /** Hits per query the segments return: topk + offset (a hybrid sub-search: its own topk). */
  topk: number;
  offset: number;
  roundDecimal: number;
  groupBy?: GroupByRequest;
  iterator?: IteratorRequest;
}

/**
 * parseSearchInfo (internal/proxy/search_util.go), in its order: topk (required, unless a hybrid
 * sub-search inherits limit + offset), the iterator flag (an iterator's out-of-range topk becomes
 * the limit instead of an error), offset (not for a sub-search), offset + topk, round_decimal, the
 * group-by keys (a sub-search takes the rank params'), grouping against iterators and range
 * search, then the iterator v2 keys.
 */
function parseSearchInfo(params: ReadonlyMap<string, string>, rank: RankParams | undefined): SearchInfo {
  const inherited = rank ? rank.limit + rank.offset : 0;
  const topkRaw = params.get('topk');
  let topk: number;
  if (topkRaw === undefined) {
    if (inherited <= 0) throw searchErrors.topkRequired();
    topk = inherited;
  } else {
    const parsed = goInt(topkRaw);
    if (parsed === undefined && inherited <= 0) throw searchErrors.topkUnparsable(topkRaw);
    topk = parsed ?? inherited;
  }
  const iterator = isIterator(params);
  if (topk < 1 || topk > MAX_RESULT_WINDOW) {
    if (!iterator) throw searchErrors.topkInvalid(topk, MAX_RESULT_WINDOW);
    topk = MAX_RESULT_WINDOW;
  }
  let offset = 0;
  const offsetRaw = rank ? undefined : params.get('offset');
  if (offsetRaw !== undefined) {
    const parsed = goInt(offsetRaw);
    if (parsed === undefined) throw searchErrors.offsetUnparsable(offsetRaw);
    offset = parsed;
    if (offset !== 0 && (offset < 1 || offset > MAX_RESULT_WINDOW)) throw searchErrors.offsetInvalid(offset, MAX_RESULT_WINDOW);
  }
  if (topk + offset > MAX_RESULT_WINDOW) throw searchErrors.windowInvalid(topk + offset, MAX_RESULT_WINDOW);
  const roundDecimal = roundDecimalParam(params);
  const groupBy = rank ? rank.groupBy : groupByParams(params);
  if (groupBy && iterator) throw groupByErrors.withIterator();
  // Milvus looks for the word in the raw JSON text, wherever it stands.
  if (groupBy && (params.get('params') ?? '').includes('radius')) throw groupByErrors.withRangeSearch();
  const v2 = iteratorParams(params, iterator, offset);
  // An iterator v2 page is `search_iter_batch_size` hits.
  return { topk: v2 ? v2.batchSize : topk + offset, offset, roundDecimal, groupBy, iterator: v2 };
}

/**
 * One vector search of a request (a Search, or a sub-request of HybridSearch): the engine's
 * request, and the parsed `search_params` for what the caller reads beside it. The query vectors
 * are read first (Milvus counts them before anything else), then ignore_growing, parseSearchInfo
 * and the JSON `params`.
 */
function vectorSearch(
  req: milvus.SearchRequest,
  rank: RankParams | undefined,
): { params: Map<string, string>; info: SearchInfo; ignoreGrowing: boolean; search: VectorSearchRequest } {
  const params = keyValues(req.search_params);
  const vectors = placeholderVectors(req.placeholder_group);
  if (!rank) checkNq(vectors.count);
  const ignoreGrowing = ignoreGrowingParam(params);
  const info = parseSearchInfo(params, rank);
  const json = searchParamsJson(params.get('params'));
  return {
    params,
    info,
    ignoreGrowing,
    search: {
      annsField: params.get('anns_field') ?? '',
      metricType: params.get('metric_type') ?? '',
      vectors,
      topk: info.topk,
      expr: req.dsl,
      templates: decodeTemplates(req.expr_template_values),
      radius: json.radius,
      rangeFilter: json.rangeFilter,
      ef: json.ef,
      nprobe: json.nprobe,
    },
  };
}

/** Whether a request is an iterator's (`iterator` True/true, as the SDKs send it). */
export function isIterator(params: ReadonlyMap<string, string>): boolean {
  const raw = params.get('iterator');
  return raw === 'True' || raw === 'true';
}

/** parseSearchIteratorV2Info: the iterator page a Search asks for, if it is a v2 iterator's. */
function iteratorParams(params: ReadonlyMap<string, string>, iterator: boolean, offset: number): IteratorRequest | undefined {
  if (!(parseGoBool(params.get('search_iter_v2') ?? '') ?? false)) return undefined;
  if (!iterator) throw searchIteratorErrors.v2WithoutIterator();
  if (offset > 0) throw searchIteratorErrors.offsetNotAllowed();
  const token = params.get('search_iter_id') || undefined;
  const batchRaw = params.get('search_iter_batch_size') ?? '';
  if (batchRaw === '') throw searchIteratorErrors.batchSizeMissing();
  const parsed = goParseInt(batchRaw);
  if ('error' in parsed) throw searchIteratorErrors.batchSizeSyntax(batchRaw, parsed.error);
  const batchSize = Number(parsed.value);
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
  refuseUnservedSearchOptions(req);
  const { params, info, ignoreGrowing, search } = vectorSearch(req, undefined);
  // The engine keeps topk + offset hits and drops the first `offset`.
  const base = {
    ...search,
    topk: info.iterator ? info.topk : info.topk - info.offset,
    offset: info.offset,
    partitionNames: req.partition_names,
    ignoreGrowing,
  };
  if (info.iterator) return { params, roundDecimal: info.roundDecimal, search: { ...base, iterator: info.iterator } };
  return { params, roundDecimal: info.roundDecimal, search: { ...base, groupBy: info.groupBy } };
}

/** checkNq of a HybridSearch: how many sub-searches, and one nq for all (a sub-search of 0 vectors takes the others'). */
function checkHybridNq(subs: readonly milvus.SearchRequest[]): void {
  if (subs.length > MAX_HYBRID_SUB_SEARCHES) throw hybridSearchErrors.tooManySubSearches(MAX_HYBRID_SUB_SEARCHES);
  let nq = 0;
  for (const sub of subs) {
    const subNq = placeholderVectors(sub.placeholder_group).count;
    if (nq === 0) nq = subNq;
    else if (subNq !== nq) throw hybridSearchErrors.nqMismatch(nq, subNq);
  }
  checkNq(nq);
}

/**
 * A HybridSearch as the engine takes it. As in Milvus 2.6, the top-level partition_names apply to
 * every sub-search, a sub-request's own offset is ignored, and one without a topk contributes
 * limit + offset hits (internal/proxy/search_util.go parseSearchInfo).
 */
export function parseHybridSearchRequest(req: milvus.HybridSearchRequest): HybridSearchRequest {
  refuseUnservedHybridOptions(req);
  for (const sub of req.requests) refuseUnservedSearchOptions(sub);
  checkHybridNq(req.requests);
  const top = keyValues(req.rank_params);
  // As Milvus's searchTask: the top-level flag first, else each sub-request's own.
  const ignoreAll = ignoreGrowingParam(top);
  const rank = parseRankParams(top);
  const requests = req.requests.map((sub) => {
    const { ignoreGrowing, search } = vectorSearch(sub, rank);
    return { ...search, ignoreGrowing: ignoreAll || ignoreGrowing };
  });
  return { requests, partitionNames: req.partition_names, rank };
}
