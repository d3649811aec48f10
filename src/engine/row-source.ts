// Filters read rows through a RowSource: one per batch, giving each field's value at a row in
// the form the expression module expects (Int64 as bigint, null for a null value, JSON parsed).
import { DataType, DYNAMIC_FIELD_NAME } from '../catalog/index.js';
import type { Column } from '../data/index.js';
import type { RowSource } from '../expr/index.js';
import type { StoredBatch } from './collection-data.js';

/** The value of one row of a column, as filters and row-wise readers see it. */
export function cellValue(c: Column, row: number): unknown {
  if (c.valid && c.valid[row] === 0) return null;
  switch (c.type) {
    case DataType.Bool:
      return c.data[row] === 1;
    case DataType.JSON: {
      const text = c.data[row];
      return text === null || text === undefined ? null : JSON.parse(text);
    }
    case DataType.FloatVector:
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
    case DataType.Int8Vector:
    case DataType.SparseFloatVector:
      return undefined; // filters never read vectors
    default:
      return c.data[row];
  }
}

export class BatchRowSource implements RowSource {
  /** Parsed `$meta` objects, filled as rows are read. */
  private readonly meta: unknown[] = [];
  /** Parsed JSON cells per field, filled as rows are read. */
  private readonly json = new Map<string, unknown[]>();

  constructor(private readonly batch: StoredBatch) {}

  value(field: string, row: number): unknown {
    if (field === DYNAMIC_FIELD_NAME) {
      const texts = this.batch.dynamic;
      if (!texts) return undefined;
      let v = this.meta[row];
      if (v === undefined) v = this.meta[row] = JSON.parse(texts[row] ?? '{}');
      return v;
    }
    const c = this.batch.columns.get(field);
    if (!c) return undefined;
    if (c.type !== DataType.JSON) return cellValue(c, row);
    let cache = this.json.get(field);
    if (!cache) this.json.set(field, (cache = []));
    if (row in cache) return cache[row];
    return (cache[row] = cellValue(c, row));
  }
}
