// What a transport hands the engine to search: Search, a search iterator page and HybridSearch as
// plain, already parsed values (the protocol layer reads Milvus's key/value parameters, JSON and
// placeholder bytes; src/protocol/search-request.ts). The engine plans and runs every variant
// through one pipeline (search-pipeline.ts).
import type { CollectionRecord, FieldSchema } from '../catalog/index.js';
import type { TemplateValues } from '../expr/index.js';
import type { Hits, Metric, QueryVector } from './vector-search.js';

/**
 * The query vectors of a request. Milvus reads placeholder bytes in the layout of the field the
 * search resolves to, whatever tag the client put on them (pymilvus tags float16 bytes as binary),
 * so a transport's vectors are decoded only once that field is known.
 */
export interface QueryVectorSource {
  /** How many query vectors the request carries (nq). */
  readonly count: number;
  /** The vectors as `field` reads them; refuses a wrong dimension with Milvus's text. */
  decode(field: FieldSchema): QueryVector[];
}

/** One vector search: a Search, or one sub-search of a HybridSearch. */
export interface VectorSearchRequest {
  /** The vector field to search; may be empty when the collection has one. */
  annsField: string;
  /** May be empty: the index's metric, else the field type's default. */
  metricType: string;
  vectors: QueryVectorSource;
  /** Hits per query (a hybrid sub-search contributes this many to the fusion). */
  topk: number;
  /** The boolean filter; "" for none. */
  expr: string;
  templates?: TemplateValues;
  /** Range search bounds. */
  radius?: number;
  rangeFilter?: number;
  /** HNSW's search width (`ef`). */
  ef?: number;
  /** IVF's lists to scan (`nprobe`). */
  nprobe?: number;
  /** `ignore_growing`: search sealed segments only, skipping rows not yet sealed. */
  ignoreGrowing?: boolean;
}

/** `group_by_field`, `group_size` (default 1), `strict_group_size`. */
export interface GroupByRequest {
  field: string;
  groupSize: number;
  strictGroupSize: boolean;
}

/** Search iterator v2: the page after `lastBound`; the request's `topk` is the batch size. */
export interface IteratorRequest {
  /** `search_iter_id`; absent on the first call. */
  token?: string;
  /** `search_iter_last_bound`, as float32. */
  lastBound?: number;
  batchSize: number;
}

interface SearchBase extends VectorSearchRequest {
  offset: number;
  partitionNames: string[];
}

/** A Search. Milvus refuses grouping an iterator's pages, so a request is one or the other. */
export type SearchRequest = SearchBase & ({ groupBy?: GroupByRequest; iterator?: undefined } | { iterator: IteratorRequest; groupBy?: undefined });

export interface SearchOutcome {
  collection: CollectionRecord;
  field: FieldSchema;
  metric: Metric;
  hits: Hits[];
  /** The group-by field, when the search was grouped (its values travel in the reply). */
  groupBy?: FieldSchema;
  /** The iterator's token and last bound for the next page. */
  iterator?: { token: string; lastBound: number };
}

/** How a HybridSearch fuses its sub-searches (`rank_params` strategy and params). */
export type Ranker = { strategy: 'rrf'; k: number } | { strategy: 'weighted'; weights: number[]; normScore: boolean };

export type GroupScorer = 'max' | 'sum' | 'avg';

/** The fusion parameters of a HybridSearch, from its `rank_params`. */
export interface RankParams {
  ranker: Ranker;
  limit: number;
  offset: number;
  /** -1: scores as computed. */
  roundDecimal: number;
  groupBy?: GroupByRequest & { scorer: GroupScorer };
}

export interface HybridSearchRequest {
  /** The sub-searches: each one's vectors, field, metric, filter and topk. */
  requests: VectorSearchRequest[];
  partitionNames: string[];
  rank: RankParams;
}

export interface HybridSearchOutcome {
  collection: CollectionRecord;
  /** Per query: the fused hits, best first, after offset and limit. */
  hits: Hits[];
  groupBy?: FieldSchema;
}
