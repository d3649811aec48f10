// Builds reply columns: the values of one field at a list of rows spread over batches, in the
// order given, as a fresh Column of the field's type (nulls keep a placeholder and a mask).
import { DataType, dataTypeName, typeParam, type FieldSchema } from '../catalog/index.js';
import type { Column, ScalarArrayValue, SparseRow } from '../data/index.js';
import { vectorRowBytes } from '../data/index.js';
import type { RowRef } from './collection-data.js';

type FixedArray = Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

function fixed<T extends FixedArray>(make: (n: number) => T, refs: readonly RowRef[], name: string, width = 1): T {
  const out = make(refs.length * width);
  for (let i = 0; i < refs.length; i++) {
    const { batch, row } = refs[i]!;
    const src = batch.columns.get(name)?.data as T | undefined;
    if (!src) continue; // a field added after this batch was written: placeholder
    if (width === 1) (out as unknown as { [k: number]: unknown })[i] = (src as unknown as { [k: number]: unknown })[row];
    else out.set(src.subarray(row * width, row * width + width) as never, i * width);
  }
  return out;
}

function list<T>(refs: readonly RowRef[], name: string, placeholder: T): T[] {
  return refs.map(({ batch, row }) => {
    const src = batch.columns.get(name)?.data as T[] | undefined;
    const v = src?.[row];
    return v === undefined || v === null ? placeholder : v;
  });
}

function validMask(refs: readonly RowRef[], name: string): Uint8Array {
  const out = new Uint8Array(refs.length);
  for (let i = 0; i < refs.length; i++) {
    const { batch, row } = refs[i]!;
    const c = batch.columns.get(name);
    out[i] = c === undefined ? 0 : c.valid ? c.valid[row]! : 1;
  }
  return out;
}

/** The column of `field` at `refs`. */
export function gatherColumn(field: FieldSchema, refs: readonly RowRef[]): Column {
  const name = field.name;
  const dim = Number(typeParam(field, 'dim') ?? 0);
  let c: Column;
  switch (field.dataType) {
    case DataType.Bool:
      c = { type: field.dataType, data: fixed((n) => new Uint8Array(n), refs, name) };
      break;
    case DataType.Int8:
      c = { type: field.dataType, data: fixed((n) => new Int8Array(n), refs, name) };
      break;
    case DataType.Int16:
      c = { type: field.dataType, data: fixed((n) => new Int16Array(n), refs, name) };
      break;
    case DataType.Int32:
      c = { type: field.dataType, data: fixed((n) => new Int32Array(n), refs, name) };
      break;
    case DataType.Int64:
    case DataType.Timestamptz:
      c = { type: field.dataType, data: fixed((n) => new BigInt64Array(n), refs, name) };
      break;
    case DataType.Float:
      c = { type: field.dataType, data: fixed((n) => new Float32Array(n), refs, name) };
      break;
    case DataType.Double:
      c = { type: field.dataType, data: fixed((n) => new Float64Array(n), refs, name) };
      break;
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      c = { type: field.dataType, data: list<string>(refs, name, '') };
      break;
    case DataType.JSON:
      c = { type: field.dataType, data: list<string | null>(refs, name, null) };
      break;
    case DataType.Array:
      c = { type: field.dataType, elementType: field.elementType, data: list<ScalarArrayValue | null>(refs, name, null) };
      break;
    case DataType.FloatVector:
      c = { type: field.dataType, dim, data: fixed((n) => new Float32Array(n), refs, name, dim) };
      break;
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      c = { type: field.dataType, dim, data: fixed((n) => new Uint8Array(n), refs, name, vectorRowBytes(field.dataType, dim)) };
      break;
    case DataType.Int8Vector:
      c = { type: field.dataType, dim, data: fixed((n) => new Int8Array(n), refs, name, dim) };
      break;
    case DataType.SparseFloatVector:
      c = {
        type: field.dataType,
        data: list<SparseRow>(refs, name, { indices: new Uint32Array(0), values: new Float32Array(0) }),
      };
      break;
    default:
      throw new Error(`cannot read a column of type ${dataTypeName(field.dataType)}`);
  }
  if (field.nullable) c.valid = validMask(refs, name);
  return c;
}

/** The `$meta` texts at `refs` ("{}" where a row has none). */
export function gatherDynamic(refs: readonly RowRef[]): string[] {
  return refs.map(({ batch, row }) => batch.dynamic?.[row] ?? '{}');
}
