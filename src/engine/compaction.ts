// Compaction: rewrites a collection's log as sealed segments of live rows only. Inserts arrive as
// many small batches and deletes leave dead rows behind; both make loading and searching slower
// and the store bigger. A compaction gathers each partition's live rows, in log order, into
// records of at most SEGMENT_ROWS rows, and replaces the whole log with them in one transaction.
import type { CollectionRecord } from '../catalog/index.js';
import type { Column } from '../data/columns.js';
import type { CollectionData, RowRef } from './collection-data.js';
import { gatherColumn, gatherDynamic } from './gather.js';

/** Rows per sealed segment. */
export const SEGMENT_ROWS = 65536;
/** Compact when the log holds this many records... */
const MAX_LOG_RECORDS = 256;
/** ...or when dead rows reach this share of all rows (and at least MIN_DEAD_ROWS). */
const DEAD_ROW_SHARE = 0.25;
const MIN_DEAD_ROWS = 1024;

export interface SealedSegment {
  ts: string;
  partitionId: number;
  numRows: number;
  columns: Map<string, Column>;
  dynamic?: string[];
}

export function needsCompaction(data: CollectionData): boolean {
  const dead = data.deadRows;
  return data.logRecords > MAX_LOG_RECORDS || (dead >= MIN_DEAD_ROWS && dead >= DEAD_ROW_SHARE * (dead + data.rowCount));
}

/** The live rows of `data` as sealed segments, partition by partition, in log order. */
export function sealSegments(collection: CollectionRecord, data: CollectionData): SealedSegment[] {
  const segments: SealedSegment[] = [];
  for (const partition of collection.partitions) {
    const refs: RowRef[] = [];
    let ts = 0n;
    const flush = () => {
      if (refs.length === 0) return;
      const columns = new Map<string, Column>();
      for (const field of collection.schema.fields) columns.set(field.name, gatherColumn(field, refs));
      segments.push({
        ts: ts.toString(),
        partitionId: partition.id,
        numRows: refs.length,
        columns,
        dynamic: collection.schema.enableDynamicField ? gatherDynamic(refs) : undefined,
      });
      refs.length = 0;
      ts = 0n;
    };
    for (const batch of data.batches) {
      if (batch.partitionId !== partition.id || batch.liveRows === 0) continue;
      for (let row = 0; row < batch.numRows; row++) {
        if (batch.deleted[row]) continue;
        refs.push({ batch, row });
        if (batch.ts > ts) ts = batch.ts;
        if (refs.length === SEGMENT_ROWS) flush();
      }
    }
    flush();
  }
  return segments;
}
