// Float16, BFloat16 and Int8 vectors are searched as float32: each batch's column is widened
// once and cached beside the batch.
import { DataType } from '../catalog/index.js';
import { decodeHalfFloats, type Column, type HalfFloatFormat } from '../data/index.js';
import type { StoredBatch } from './collection-data.js';

const widened = new WeakMap<StoredBatch, Map<string, Float32Array>>();

function halfFormat(type: DataType.Float16Vector | DataType.BFloat16Vector): HalfFloatFormat {
  return type === DataType.Float16Vector ? 'float16' : 'bfloat16';
}

/** The column's vectors as one Float32Array, rows back to back. */
export function floatRows(batch: StoredBatch, name: string, column: Column): Float32Array {
  if (column.type === DataType.FloatVector) return column.data;
  let cache = widened.get(batch);
  const hit = cache?.get(name);
  if (hit) return hit;
  let out: Float32Array;
  if (column.type === DataType.Int8Vector) {
    out = Float32Array.from(column.data);
  } else if (column.type === DataType.Float16Vector || column.type === DataType.BFloat16Vector) {
    out = decodeHalfFloats(column.data, halfFormat(column.type));
  } else {
    throw new Error(`${DataType[column.type]} is not a dense float-like vector`);
  }
  if (!cache) widened.set(batch, (cache = new Map()));
  cache.set(name, out);
  return out;
}

/** A query vector of a Float16/BFloat16/Int8 field, widened the same way. */
export function widenQuery(type: DataType, bytes: Uint8Array): Float32Array {
  if (type === DataType.Int8Vector) return Float32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return decodeHalfFloats(bytes, halfFormat(type as DataType.Float16Vector | DataType.BFloat16Vector));
}
