// The plain-value shapes of writes, deletes and queries, as transports hand them to the engine
// (searches: search-request.ts).
import type { CollectionRecord } from '../catalog/index.js';
import type { IncomingColumn } from '../data/index.js';
import type { TemplateValues } from '../expr/index.js';
import type { RowRef } from './collection-data.js';

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
  /** `ignore_growing`: read sealed segments only, skipping rows not yet sealed. */
  ignoreGrowing?: boolean;
}

export interface QueryResult {
  /** The collection the request pinned (its schema shapes the reply). */
  collection: CollectionRecord;
  rows: RowRef[];
  count?: number;
}
