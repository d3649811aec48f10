// Float16, BFloat16 and Int8 vectors are searched as float32: each batch's column is widened
// once and cached beside the batch.
import { DataType } from '../catalog/schema.js';
import type { Column } from '../data/columns.js';
import type { StoredBatch } from './collection-data.js';

const widened = new WeakMap<StoredBatch, Map<string, Float32Array>>();

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const scratch = new DataView(new ArrayBuffer(4));
function bfloat(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
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
    const view = new DataView(column.data.buffer, column.data.byteOffset, column.data.byteLength);
    out = new Float32Array(column.data.byteLength / 2);
    const decode = column.type === DataType.Float16Vector ? half : bfloat;
    for (let i = 0; i < out.length; i++) out[i] = decode(view.getUint16(i * 2, true));
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
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  const decode = type === DataType.Float16Vector ? half : bfloat;
  for (let i = 0; i < out.length; i++) out[i] = decode(view.getUint16(i * 2, true));
  return out;
}
