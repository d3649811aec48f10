// The plain-value shapes of data requests, as transports hand them to the engine.
import type { CollectionRecord } from '../catalog/index.js';
import type { FieldSchema } from '../catalog/schema.js';
import type { IncomingColumn } from '../data/index.js';
import type { TemplateValues } from '../expr/index.js';
import type { RowRef } from './collection-data.js';
import type { Hits, Metric } from './search.js';

export interface WriteRequest {
  columns: IncomingColumn[];
  numRows: number;
  mode: 'insert' | 'upsert';
  /** "" for the default partition. */
  partitionName: string;
  /** The schema version (update timestamp) the client built the rows with; "0"/absent: unknown. */
  schemaTimestamp?: string;
}

export interface DeleteRequest {
  expr: string;
  templates?: TemplateValues;
  partitionName: string;
}

export interface QueryRequest {
  expr: string;
  templates?: TemplateValues;
  partitionNames: string[];
  offset: number;
  /** undefined: every matching row. */
  limit?: number;
  /** `count(*)`: only the number of matching rows. */
  countOnly: boolean;
}

export interface QueryResult {
  /** The collection the request pinned (its schema shapes the reply). */
  collection: CollectionRecord;
  rows: RowRef[];
  count?: number;
}

export interface SearchRequest {
  /** The vector field to search; may be empty when the collection has one. */
  annsField: string;
  /** May be empty: the index's metric, else the field type's default. */
  metricType: string;
  /** One blob per query vector, in the field type's wire layout. */
  blobs: Uint8Array[];
  topk: number;
  offset: number;
  expr: string;
  templates?: TemplateValues;
  partitionNames: string[];
  radius?: number;
  rangeFilter?: number;
  /** HNSW's search width, from the search params (`ef`). */
  ef?: number;
  /** IVF's lists to scan, from the search params (`nprobe`). */
  nprobe?: number;
}

export interface SearchOutcome {
  collection: CollectionRecord;
  field: FieldSchema;
  metric: Metric;
  hits: Hits[];
}

// ---- group by, search iterator, hybrid search (group-by.ts, search-iterator.ts, hybrid.ts) ----
// Declared as additions to the interfaces above (declaration merging) to keep them in one place.
import type { RankParams } from './hybrid.js';

export interface SearchRequest {
  /** `group_by_field`, `group_size` (default 1), `strict_group_size`. */
  groupBy?: { field: string; groupSize: number; strictGroupSize: boolean };
  /** Search iterator v2: the page after `lastBound`; `topk` is the batch size. */
  iterator?: { token?: string; lastBound?: number; batchSize: number };
}

export interface SearchOutcome {
  /** The group-by field, when the search was grouped (its values travel in the reply). */
  groupBy?: FieldSchema;
  /** The iterator's token and last bound for the next page. */
  iterator?: { token: string; lastBound: number };
}

export interface HybridSearchRequest {
  /** The sub-searches: each one's vectors, field, metric, filter and topk (its offset is ignored). */
  requests: SearchRequest[];
  partitionNames: string[];
  /** From `rank_params` (hybrid.ts parseRankParams). */
  rank: RankParams;
}

export interface HybridSearchOutcome {
  collection: CollectionRecord;
  /** Per query: the fused hits, best first, after offset and limit. */
  hits: Hits[];
  groupBy?: FieldSchema;
}
