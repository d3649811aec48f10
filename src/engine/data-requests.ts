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
}

export interface SearchOutcome {
  collection: CollectionRecord;
  field: FieldSchema;
  metric: Metric;
  hits: Hits[];
}
