// A batch of rows as the engine receives it for insert or upsert: one column per field, after
// validation against the collection's schema. Transports decode the wire into columns; the
// validator (data/validate-rows.ts) checks them and fills defaults; the engine then adds primary
// keys (autoID), the timestamp and the partition, and commits.
import type { Column, JsonText } from './columns.js';

export interface RowBatch {
  numRows: number;
  /** One column per schema field, keyed by field name (the primary key absent when autoID). */
  columns: Map<string, Column>;
  /** The dynamic `$meta` column: one JSON object text per row ("{}" for none); only with a dynamic field. */
  dynamic?: JsonText[];
}

/** A column as it arrived, before validation: its name, the type the client said, the values. */
export interface IncomingColumn {
  fieldName: string;
  /** True for the `$meta` column of dynamic keys. */
  isDynamic: boolean;
  column: Column;
}
