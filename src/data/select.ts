// A column cut down to some of its rows, in the order given: how a batch is split by partition.
import { DataType } from '../catalog/index.js';
import { vectorRowBytes, type Column } from './columns.js';

type Fixed = Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

function pick<T extends Fixed>(data: T, rows: readonly number[], width: number): T {
  const out = new (data.constructor as new (n: number) => T)(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, r * width + width) as never, i * width));
  return out;
}

export function selectRows(c: Column, rows: readonly number[]): Column {
  let out: Column;
  switch (c.type) {
    case DataType.FloatVector:
    case DataType.Int8Vector:
      out = { ...c, data: pick(c.data, rows, c.dim) } as Column;
      break;
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      out = { ...c, data: pick(c.data, rows, vectorRowBytes(c.type, c.dim)) };
      break;
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
    case DataType.JSON:
    case DataType.Array:
    case DataType.SparseFloatVector:
      out = { ...c, data: rows.map((r) => (c.data as unknown[])[r]) } as Column;
      break;
    default:
      out = { ...c, data: pick(c.data as Fixed, rows, 1) } as Column;
  }
  if (c.valid) out.valid = Uint8Array.from(rows, (r) => c.valid![r]!);
  return out;
}
