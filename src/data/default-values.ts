// Nullable fields and default values on insert, as Milvus 2.6's proxy fills them: a missing
// nullable/defaulted field becomes a column of nulls (typeutil.GenEmptyFieldData with ValidData of
// falses), then validateUtil.fillWithValue (internal/proxy/validate_util.go: fillWithNullValue,
// fillWithDefaultValue) checks each column's valid_data and writes the field's default at its
// null rows. The checks' order and texts are Milvus's (errors.ts, rowDataErrors).
import { DataType, dataTypeName, type DefaultValue, type FieldSchema } from '../catalog/index.js';
import { rowDataErrors as E } from '../errors.js';
import { vectorRowBytes, type Column, type ScalarArrayValue, type SparseRow } from './columns.js';
import { parseTimestamptz } from './timestamptz.js';
import { kindOf, schemaKind, VECTOR_KINDS } from './wire-kinds.js';

/** A column of `rows` placeholders of the field's type, every row null (Milvus's GenEmptyFieldData + ValidData of falses). */
export function emptyColumn(f: FieldSchema, rows: number, dim: number): Column {
  const valid = new Uint8Array(rows);
  switch (f.dataType) {
    case DataType.Bool:
      return { type: DataType.Bool, data: new Uint8Array(rows), valid };
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return { type: DataType.Int32, data: new Int32Array(rows), valid };
    case DataType.Int64:
      return { type: DataType.Int64, data: new BigInt64Array(rows), valid };
    case DataType.Timestamptz:
      return { type: DataType.Timestamptz, data: new BigInt64Array(rows), valid };
    case DataType.Float:
      return { type: DataType.Float, data: new Float32Array(rows), valid };
    case DataType.Double:
      return { type: DataType.Double, data: new Float64Array(rows), valid };
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      return { type: f.dataType, data: new Array<string>(rows).fill(''), valid };
    case DataType.JSON:
      return { type: DataType.JSON, data: new Array<string | null>(rows).fill(null), valid };
    case DataType.Array:
      return { type: DataType.Array, elementType: f.elementType, data: new Array<ScalarArrayValue | null>(rows).fill(null), valid };
    case DataType.FloatVector:
      return { type: DataType.FloatVector, dim, data: new Float32Array(rows * dim), valid };
    case DataType.BinaryVector:
      return { type: DataType.BinaryVector, dim, data: new Uint8Array((rows * dim) / 8), valid };
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      return { type: f.dataType, dim, data: new Uint8Array(rows * dim * 2), valid };
    case DataType.Int8Vector:
      return { type: DataType.Int8Vector, dim, data: new Int8Array(rows * dim), valid };
    case DataType.SparseFloatVector:
      return {
        type: DataType.SparseFloatVector,
        data: Array.from({ length: rows }, (): SparseRow => ({ indices: new Uint32Array(0), values: new Float32Array(0) })),
        valid,
      };
    default:
      throw E.undefinedDataType(dataTypeName(f.dataType));
  }
}

/**
 * validateUtil.fillWithValue for one column: checks its valid_data length against the field, gives
 * a nullable or defaulted field the all-valid mask when the client sent none, and for a defaulted
 * field writes the default at the null rows, which then count as values.
 */
export function fillWithValue(c: Column, f: FieldSchema, numRows: number, timezone: string): void {
  // The all-valid mask Milvus makes here is num_rows long, and num_rows is only what the request
  // says: it is allocated once the column is known to hold that many values (a vector column's
  // rows are counted by checkAligned, so there no mask is made: no mask means every row valid).
  const synthesized = !c.valid && (f.nullable || f.defaultValue !== undefined);
  const validLength = c.valid ? c.valid.length : synthesized ? numRows : 0;
  const scalar = !VECTOR_KINDS.has(kindOf(c));
  if (f.defaultValue === undefined) {
    const expected = f.nullable ? numRows : 0;
    if (validLength !== expected) throw E.validDataLength(f.name, expected, validLength);
    if (f.nullable && scalar && synthesized) {
      if (c.data.length !== numRows) throw E.fieldLengthWrong(numRows, c.data.length);
      c.valid = allValid(numRows);
    }
    return;
  }
  if (!scalar) throw E.vectorDefault();
  if (c.type === DataType.Array) throw E.arrayDefault();
  if (validLength !== numRows) throw E.validDataLength(f.name, numRows, validLength);
  if (synthesized && c.data.length !== numRows) throw E.fieldLengthWrong(numRows, c.data.length);
  c.valid ??= allValid(numRows);
  if (kindOf(c) === schemaKind(f.dataType)) fillDefault(c, f.defaultValue, timezone);
  if (f.nullable) c.valid = allValid(numRows);
  else delete c.valid;
}

function allValid(rows: number): Uint8Array {
  return new Uint8Array(rows).fill(1);
}

/** Bytes a column of `rows` placeholders of the field takes (emptyColumn's arrays, a mask byte a row included). */
export function emptyColumnBytes(f: FieldSchema, rows: number, dim: number): number {
  return rows * (1 + placeholderBytes(f, dim));
}

/** Bytes one placeholder value of the field takes in a column: a vector's full width, a slot otherwise. */
function placeholderBytes(f: FieldSchema, dim: number): number {
  switch (f.dataType) {
    case DataType.FloatVector:
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
    case DataType.Int8Vector:
      return vectorRowBytes(f.dataType, dim);
    case DataType.SparseFloatVector:
      return SPARSE_ROW_BYTES;
    default:
      return SLOT_BYTES;
  }
}

/** A number, bigint or reference slot. */
const SLOT_BYTES = 8;
/** An empty sparse row: its object and two empty typed arrays. */
const SPARSE_ROW_BYTES = 200;

/** Writes the field's default value at every null row of a column (when the column is of the field's kind). */
function fillDefault(c: Column, d: DefaultValue, timezone: string): void {
  const valid = c.valid!;
  const at = (set: (row: number) => void) => {
    for (let i = 0; i < valid.length; i++) if (!valid[i]) set(i);
  };
  switch (c.type) {
    case DataType.Bool:
      at((i) => (c.data[i] = d.value === true ? 1 : 0));
      return;
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Float:
    case DataType.Double:
      at((i) => (c.data[i] = Number(d.value)));
      return;
    case DataType.Int64:
      at((i) => (c.data[i] = BigInt(d.kind === 'long' ? d.value : 0)));
      return;
    case DataType.Timestamptz: {
      let v = d.kind === 'timestamptz' || d.kind === 'long' ? BigInt(d.value) : 0n;
      if (v === 0n && d.kind === 'string' && d.value !== '') v = parseTimestamptz(d.value, 'UTC') ?? 0n;
      if (v === 0n && d.kind === 'timestamptz' && !/^-?\d+$/.test(d.value)) v = parseTimestamptz(d.value, timezone) ?? 0n;
      at((i) => (c.data[i] = v));
      return;
    }
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      at((i) => (c.data[i] = d.kind === 'string' ? d.value : ''));
      return;
    case DataType.JSON: {
      const text = d.kind === 'bytes' ? Buffer.from(d.value, 'base64').toString('utf8') : d.kind === 'string' ? d.value : 'null';
      at((i) => (c.data[i] = text));
      return;
    }
    default:
      return;
  }
}
