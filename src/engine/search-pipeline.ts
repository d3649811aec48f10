// The one way a search runs. Every variant (a plain Search, a range search, a grouped search, a
// search iterator page, each sub-search of a HybridSearch) is planned by `planVectorSearch`, in
// one order of checks, into the VectorSearch the scans read; then run here: exact and indexed
// scans (search.ts), grouping (group-by.ts), iterator pages (search-iterator.ts) and rank fusion
// (rank-fusion.ts). A new search option means a field in search-request.ts, its parser in
// src/protocol/search-request.ts and a line in the planner.
import { MAX_HYBRID_SUB_SEARCHES, MAX_NQ, MAX_RESULT_WINDOW, DataType, type CollectionRecord } from '../catalog/index.js';
import { compileColumnar, compileFilter } from '../expr/index.js';
import { groupByErrors, hybridSearchErrors, searchErrors } from '../errors.js';
import type { CollectionData } from './collection-data.js';
import { groupBySpec, searchGrouped, type GroupBySpec } from './group-by.js';
import { planIndexedSearch } from './indexed-search.js';
import { reduceOrder } from './ordered-hits.js';
import { parseForPlan } from './plan.js';
import { fuse, pageFused, pageFusedGroups } from './rank-fusion.js';
import { searchVectors } from './search.js';
import { fieldIndex, indexMetric, searchField, searchMetric } from './search-field.js';
import { searchIteratorPage } from './search-iterator.js';
import type {
  GroupByRequest,
  HybridSearchOutcome,
  HybridSearchRequest,
  SearchOutcome,
  SearchRequest,
  VectorSearchRequest,
} from './search-request.js';
import { ascending, type IndexLookup, type Metric, type VectorSearch } from './vector-search.js';

/** A collection pinned for one read, and access to what a search of it needs. */
export interface PinnedCollection {
  collection: CollectionRecord;
  /** Its loaded rows; 101 (collection not loaded) naming it as the request did. */
  loadedRows(): CollectionData;
  /** The partitions a read scans: the named ones (each must exist and be loaded), else every loaded one. */
  readablePartitions(names: readonly string[]): ReadonlySet<number> | undefined;
  /** The segment indexes' lookup, brought in step with the rows first. */
  indexLookup(): IndexLookup;
}

interface PlannedSearch {
  data: CollectionData;
  search: VectorSearch;
}

/**
 * Resolves one vector search against the pinned collection, keeping `limit` hits per query, in
 * this order of checks: nq, topk, field, metric, query vectors, loaded, filter, partitions, index
 * parameters (ef, nprobe). The first failing check decides the error.
 */
function planVectorSearch(pinned: PinnedCollection, req: VectorSearchRequest, limit: number, partitionNames: readonly string[]): PlannedSearch {
  const { collection } = pinned;
  const nq = req.vectors.count;
  if (nq < 1 || nq > MAX_NQ) throw searchErrors.nqOutOfRange(nq, MAX_NQ);
  if (!Number.isInteger(req.topk) || req.topk < 1 || req.topk > MAX_RESULT_WINDOW) throw searchErrors.topkInvalid(req.topk, MAX_RESULT_WINDOW);
  const field = searchField(collection.schema, req.annsField);
  const index = fieldIndex(collection, field);
  const metric = searchMetric(field, req.metricType, indexMetric(index));
  const queries = req.vectors.decode(field);
  const data = pinned.loadedRows();
  const expr = parseForPlan(req.expr, collection, req.templates, 'search');
  const filtered = req.expr.trim() !== '';
  const search: VectorSearch = {
    field,
    metric,
    queries,
    limit,
    filter: filtered ? compileFilter(expr) : undefined,
    columnar: filtered ? compileColumnar(expr) : undefined,
    partitions: pinned.readablePartitions(partitionNames),
    sealedOnly: req.ignoreGrowing === true,
    radius: req.radius,
    rangeFilter: checkRange(metric, req.radius, req.rangeFilter),
    ...planIndexedSearch(index, field, req, limit),
  };
  return { data, search };
}

/**
 * CheckRangeSearchParam (segcore): a range_filter, when given with a radius, must lie on the near
 * side of it: above it for similarities (IP, COSINE, BM25), below it for distances.
 */
function checkRange(metric: Metric, radius: number | undefined, rangeFilter: number | undefined): number | undefined {
  if (radius === undefined || rangeFilter === undefined) return rangeFilter;
  const similarity = !ascending(metric);
  if (similarity ? !(rangeFilter > radius) : !(rangeFilter < radius)) {
    throw searchErrors.rangeFilterOrder(metric, rangeFilter, radius, similarity);
  }
  return rangeFilter;
}

/** The group-by of a planned search, with the checks that depend on the search itself. */
function planGroupBy(collection: CollectionRecord, search: VectorSearch, groupBy: GroupByRequest): GroupBySpec {
  if (search.radius !== undefined) throw groupByErrors.withRangeSearch();
  if (search.field.dataType === DataType.BinaryVector) throw groupByErrors.binaryVector();
  return groupBySpec(collection.schema, groupBy.field, groupBy.groupSize, groupBy.strictGroupSize);
}

/** Search: the best topk hits per query after `offset`, grouped or as an iterator page when asked. */
export function runSearch(pinned: PinnedCollection, req: SearchRequest): SearchOutcome {
  const { collection } = pinned;
  const { data, search } = planVectorSearch(pinned, req, req.topk + req.offset, req.partitionNames);
  const base = { collection, field: search.field, metric: search.metric };
  if (req.iterator) {
    const page = searchIteratorPage(data, collection.id, search, req.iterator);
    return { ...base, hits: page.hits, iterator: { token: page.token, lastBound: page.lastBound } };
  }
  if (req.groupBy) {
    const spec = planGroupBy(collection, search, req.groupBy);
    return { ...base, hits: searchGrouped(data, search, spec, req.topk, req.offset), groupBy: spec.field };
  }
  const hits = searchVectors(data, search, pinned.indexLookup());
  return { ...base, hits: hits.map((h) => ({ refs: h.refs.slice(req.offset), scores: h.scores.slice(req.offset) })) };
}

/** Milvus's checks on the set of sub-searches: how many, and one nq for all; returns that nq. */
function checkSubSearches(subs: readonly PlannedSearch[]): number {
  if (subs.length === 0) throw hybridSearchErrors.noSubSearches();
  if (subs.length > MAX_HYBRID_SUB_SEARCHES) throw hybridSearchErrors.tooManySubSearches(MAX_HYBRID_SUB_SEARCHES);
  const nq = subs[0]!.search.queries.length;
  for (const s of subs) {
    if (s.search.queries.length !== nq) throw hybridSearchErrors.nqMismatch(nq, s.search.queries.length);
  }
  return nq;
}

/** HybridSearch: each sub-search (its own topk hits) on the same pinned rows, fused by the ranker. */
export function runHybridSearch(pinned: PinnedCollection, req: HybridSearchRequest): HybridSearchOutcome {
  const { collection } = pinned;
  const subs = req.requests.map((r) => planVectorSearch(pinned, r, r.topk, req.partitionNames));
  const nq = checkSubSearches(subs);
  const data = subs[0]!.data;
  const lookup = pinned.indexLookup();
  const { rank } = req;
  const groupBy = rank.groupBy;
  const specs = groupBy ? subs.map((s) => planGroupBy(collection, s.search, groupBy)) : undefined;
  const results = subs.map((s, i) =>
    specs
      ? searchGrouped(data, s.search, specs[i]!, s.search.limit, 0)
      : searchVectors(data, s.search, lookup).map((h) => reduceOrder(h, ascending(s.search.metric))),
  );
  const metrics = subs.map((s) => s.search.metric);
  const hits = Array.from({ length: nq }, (_, q) => {
    const fused = fuse(
      rank.ranker,
      results.map((r) => r[q]!),
      metrics,
    );
    return specs
      ? pageFusedGroups(fused, specs[0]!, groupBy!.scorer, rank.limit, rank.offset, rank.roundDecimal)
      : pageFused(fused, rank.limit, rank.offset, rank.roundDecimal);
  });
  return { collection, hits, groupBy: specs?.[0]!.field };
}
