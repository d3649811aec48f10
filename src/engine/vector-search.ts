// A vector search as the engine runs it, after planning (search-pipeline.ts): the field and
// metric resolved, the query vectors decoded, the filter compiled, the partitions and the index
// chosen. The exact scan (search.ts), the index walk (indexed-search.ts), grouping, iterators and
// hybrid fusion all read this one shape.
import type { FieldSchema, IndexRecord } from '../catalog/index.js';
import type { SparseRow } from '../data/index.js';
import type { ColumnarFilter, Predicate } from '../expr/index.js';
import type { RowRef, StoredBatch } from './collection-data.js';
import type { SegmentIndex } from './segment-indexes.js';

export type Metric = 'L2' | 'IP' | 'COSINE' | 'HAMMING' | 'JACCARD';

/** Smaller is better for distances, larger for similarities. */
export function ascending(metric: Metric): boolean {
  return metric === 'L2' || metric === 'HAMMING' || metric === 'JACCARD';
}

/**
 * One query vector in the form the field's scan reads: float32 rows for dense float-like fields
 * (Float16, BFloat16 and Int8 queries are widened), packed bits for binary fields, sparse rows.
 */
export type QueryVector = Float32Array | Uint8Array | SparseRow;

export interface VectorSearch {
  field: FieldSchema;
  metric: Metric;
  queries: QueryVector[];
  /** How many hits to keep per query: topk + offset. */
  limit: number;
  filter?: Predicate;
  /** The filter's columnar loop, when its shape has one (filter-rows.ts). */
  columnar?: ColumnarFilter;
  partitions?: ReadonlySet<number>;
  /** `ignore_growing`: only sealed segments' rows are candidates. */
  sealedOnly?: boolean;
  /** Range search: keep only scores in (radius, rangeFilter] for similarities, [rangeFilter, radius) for distances. */
  radius?: number;
  rangeFilter?: number;
  /** The index on the field, when it has one: segments with a ready index are searched through it. */
  index?: IndexRecord;
  /** HNSW's search width (`ef`); checked against the limit by the planner. */
  ef?: number;
  /** IVF: how many lists to scan (`nprobe`). */
  nprobe?: number;
}

/** The ready index of a segment for an index record (SegmentIndexes.ready, bound to a collection). */
export type IndexLookup = (batch: StoredBatch, record: IndexRecord) => SegmentIndex | undefined;

/** One query's hits, best first. */
export interface Hits {
  refs: RowRef[];
  scores: number[];
}
