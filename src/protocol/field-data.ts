// Row data between the wire (`schema.FieldData`, one per column, as grpc-js/proto-loader decode
// it: keepCase, longs as strings, enums as names, bytes as Buffer, oneofs named) and the typed
// columns every layer shares (data/columns.ts).
//
// Decoding keeps what the client sent so the validator (data/validate-rows.ts) can answer with
// Milvus's own checks and texts: the column type follows the data member that was set (int_data
// -> Int32 even for an Int8 field, so out-of-range values are still visible; string_data ->
// VarChar/Text, also for Timestamptz strings, which the validator parses in the collection's
// timezone), vectors keep the dim the client stated, and nullable columns are expanded to one
// slot per row with a placeholder at each null row and a `valid` mask.
//
// Encoding builds reply columns (Query, Search): one value per row, placeholders at null rows
// plus `valid_data`, as pymilvus reads values by row index.
import { DataType, DYNAMIC_FIELD_NAME, MAX_INSERT_PLACEHOLDER_BYTES, dataTypeName, type FieldSchema } from '../catalog/index.js';
import { sparseRowFromBytes, sparseRowToBytes } from './sparse-codec.js';
import { columnLength, vectorElementsPerRow, type Column, type IncomingColumn, type ScalarArrayValue, type SparseRow } from '../data/index.js';
import { rowDataErrors } from '../errors.js';
import { zoneOffsetMinutes } from '../data/index.js';

/** An incoming column with what the wire said about it besides the values. */
export interface DecodedColumn extends IncomingColumn {
  /** The `type` the client put in the FieldData (Milvus ignores it but prints it in some errors). */
  wireType: DataType;
  /** The `field_id` the client sent (0 when unset). */
  fieldId: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

function dataTypeOf(value: unknown): DataType {
  if (typeof value === 'number') return value as DataType;
  if (typeof value === 'string') {
    const n = (DataType as unknown as Record<string, number>)[value];
    if (n !== undefined) return n as DataType;
    if (/^\d+$/.test(value)) return Number(value) as DataType;
  }
  return DataType.None;
}

/** The member of a oneof that is set: the loader's discriminator when present, else the first non-null one. */
function oneof(obj: Obj, discriminator: string, members: readonly string[]): string | undefined {
  const named = obj[discriminator];
  if (typeof named === 'string' && members.includes(named) && obj[named] != null) return named;
  return members.find((m) => obj[m] != null);
}

const SCALAR_MEMBERS = [
  'bool_data',
  'int_data',
  'long_data',
  'float_data',
  'double_data',
  'string_data',
  'bytes_data',
  'array_data',
  'json_data',
  'geometry_data',
  'timestamptz_data',
  'geometry_wkt_data',
  'mol_data',
  'mol_smiles_data',
  'date_data',
  'time_data',
] as const;

const VECTOR_MEMBERS = [
  'float_vector',
  'binary_vector',
  'float16_vector',
  'bfloat16_vector',
  'sparse_float_vector',
  'int8_vector',
  'vector_array',
] as const;

function listOf(container: unknown): unknown[] {
  if (!isObj(container)) return [];
  const data = container['data'];
  if (Array.isArray(data)) return data;
  return data instanceof Float32Array ? Array.from(data) : [];
}

/** A FloatArray's values: the Float32Array it was decoded into (float-array-codec.ts), or a list's copy. */
function floatsOf(container: unknown): Float32Array {
  if (isObj(container) && container['data'] instanceof Float32Array) return container['data'];
  return floats(listOf(container));
}

/** A copy of a bytes value (a Buffer view at any offset, a Uint8Array, a number array or base64 text). */
function bytesOf(field: string, v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v); // copies: decoded Buffers share a pool
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
  if (v == null) return new Uint8Array(0);
  throw rowDataErrors.malformedFieldData(field, 'bytes expected');
}

function toBigInt(field: string, v: unknown): bigint {
  try {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
    if (isObj(v) && 'low' in v && 'high' in v) {
      // a Long object (longs: Long): 64 bits from two 32-bit halves
      const lo = BigInt((v['low'] as number) >>> 0);
      const hi = BigInt((v['high'] as number) | 0);
      return (hi << 32n) | lo;
    }
  } catch {
    /* fall through */
  }
  throw rowDataErrors.malformedFieldData(field, `not an int64: ${String(v)}`);
}

const utf8 = new TextDecoder('utf-8');

/** The data of one array row, with the member it used (so the validator can tell an int row from a float row). */
function arrayRow(field: string, row: unknown): { kind: DataType | null; value: ScalarArrayValue | null } {
  if (!isObj(row)) return { kind: null, value: null };
  const m = oneof(row, 'data', SCALAR_MEMBERS);
  if (!m) return { kind: null, value: null };
  const data = listOf(row[m]);
  switch (m) {
    case 'bool_data':
      return { kind: DataType.Bool, value: data.map(Boolean) };
    case 'int_data':
      return { kind: DataType.Int32, value: data.map(Number) };
    case 'long_data':
      return { kind: DataType.Int64, value: data.map((x) => toBigInt(field, x)) };
    case 'float_data':
      return { kind: DataType.Float, value: data.map((x) => Math.fround(Number(x))) };
    case 'double_data':
      return { kind: DataType.Double, value: data.map(Number) };
    case 'string_data':
      return { kind: DataType.VarChar, value: data.map(String) };
    default:
      throw rowDataErrors.malformedFieldData(field, `array rows of ${m} are not supported`);
  }
}

/** Go's reflect type name of a ScalarField member, as Milvus prints it in "insert data does not match". */
export function scalarMemberGoType(kind: DataType): string {
  switch (kind) {
    case DataType.Bool:
      return '*schemapb.ScalarField_BoolData';
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return '*schemapb.ScalarField_IntData';
    case DataType.Int64:
      return '*schemapb.ScalarField_LongData';
    case DataType.Float:
      return '*schemapb.ScalarField_FloatData';
    case DataType.Double:
      return '*schemapb.ScalarField_DoubleData';
    default:
      return '*schemapb.ScalarField_StringData';
  }
}

/** Decodes a scalars payload into a compact column (valid values only). */
function decodeScalars(field: string, wireType: DataType, scalars: Obj): Column {
  const m = oneof(scalars, 'data', SCALAR_MEMBERS);
  if (!m) throw rowDataErrors.undefinedDataType(dataTypeName(wireType));
  const container = scalars[m];
  switch (m) {
    case 'bool_data':
      return { type: DataType.Bool, data: Uint8Array.from(listOf(container), (b) => (b ? 1 : 0)) };
    case 'int_data': {
      const values = listOf(container).map(Number);
      if (values.some((v) => !Number.isInteger(v) || v < -2147483648 || v > 2147483647)) {
        throw rowDataErrors.malformedFieldData(field, 'int_data holds a value that is not an int32');
      }
      return { type: DataType.Int32, data: Int32Array.from(values) };
    }
    case 'long_data': {
      const values = listOf(container);
      const out = new BigInt64Array(values.length);
      values.forEach((v, i) => (out[i] = BigInt.asIntN(64, toBigInt(field, v))));
      return { type: DataType.Int64, data: out };
    }
    case 'timestamptz_data': {
      const values = listOf(container);
      const out = new BigInt64Array(values.length);
      values.forEach((v, i) => (out[i] = BigInt.asIntN(64, toBigInt(field, v))));
      return { type: DataType.Timestamptz, data: out };
    }
    case 'float_data':
      return { type: DataType.Float, data: floatsOf(container) };
    case 'double_data':
      return { type: DataType.Double, data: Float64Array.from(listOf(container), Number) };
    case 'string_data': {
      const data = listOf(container).map(String);
      if (wireType === DataType.Text) return { type: DataType.Text, data };
      if (wireType === DataType.String) return { type: DataType.String, data };
      return { type: DataType.VarChar, data };
    }
    case 'geometry_wkt_data':
      return { type: DataType.Geometry, data: listOf(container).map(String) };
    case 'json_data':
      return { type: DataType.JSON, data: listOf(container).map((b) => utf8.decode(bytesOf(field, b))) };
    case 'array_data': {
      const arr = container as Obj;
      const rows = listOf(arr).map((r) => arrayRow(field, r));
      const kinds = new Set(rows.filter((r) => r.kind !== null).map((r) => r.kind as DataType));
      if (kinds.size > 1) {
        const [first, second] = [...kinds] as [DataType, DataType];
        throw rowDataErrors.arrayElementMismatch(`${scalarMemberGoType(first)} array`, `${scalarMemberGoType(second)} array`);
      }
      const elementType = kinds.size === 1 ? [...kinds][0]! : dataTypeOf(arr['element_type']);
      return { type: DataType.Array, elementType, data: rows.map((r) => r.value) };
    }
    default:
      throw rowDataErrors.malformedFieldData(field, `${m} is not supported`);
  }
}

/** Decodes a vectors payload into a compact column (valid rows only); lengths are checked later against the schema. */
function decodeVectors(field: string, wireType: DataType, vectors: Obj): Column {
  const m = oneof(vectors, 'data', VECTOR_MEMBERS);
  if (!m) throw rowDataErrors.undefinedDataType(dataTypeName(wireType));
  const dim = Number(vectors['dim'] ?? 0);
  switch (m) {
    case 'float_vector':
      return { type: DataType.FloatVector, dim, data: floatsOf(vectors[m]) };
    case 'binary_vector':
      return { type: DataType.BinaryVector, dim, data: bytesOf(field, vectors[m]) };
    case 'float16_vector':
      return { type: DataType.Float16Vector, dim, data: bytesOf(field, vectors[m]) };
    case 'bfloat16_vector':
      return { type: DataType.BFloat16Vector, dim, data: bytesOf(field, vectors[m]) };
    case 'int8_vector': {
      const bytes = bytesOf(field, vectors[m]);
      return { type: DataType.Int8Vector, dim, data: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    }
    case 'sparse_float_vector': {
      const sparse = vectors[m] as Obj;
      const contents = Array.isArray(sparse['contents']) ? (sparse['contents'] as unknown[]) : [];
      return { type: DataType.SparseFloatVector, data: contents.map((c) => sparseRowOf(bytesOf(field, c))) };
    }
    default:
      throw rowDataErrors.malformedFieldData(field, `${m} is not supported`);
  }
}

function sparseRowOf(bytes: Uint8Array): SparseRow {
  const row = sparseRowFromBytes(bytes);
  if (!row) throw rowDataErrors.sparseLength(bytes.byteLength);
  return row;
}

/** Bytes (or elements) per row of a fixed-width vector column at a given dim. */
const vectorWidth = vectorElementsPerRow;

/** Bytes a row of a fixed-width vector column takes at its stated dim; undefined for other columns. */
function vectorBytesPerRow(c: Column): number | undefined {
  const width = vectorWidth(c);
  return width === undefined ? undefined : width * (c.type === DataType.FloatVector ? 4 : 1);
}

/** Rows a compact column holds (vectors by the dim the client stated). */
function compactRows(field: string, c: Column): number {
  const width = vectorWidth(c);
  if (width === undefined) return columnLength(c);
  if (!(width > 0) || !Number.isInteger(width) || c.data.length % width !== 0) {
    throw rowDataErrors.malformedFieldData(field, `${c.data.length} vector values are not whole rows of dim ${'dim' in c ? c.dim : 0}`);
  }
  return c.data.length / width;
}

/** Spreads a compact column over `valid.length` rows, leaving placeholders (zero, "", null, empty) at null rows. */
export function expandColumn(c: Column, valid: Uint8Array): Column {
  const n = valid.length;
  const at: number[] = []; // compact index -> row
  for (let i = 0; i < n; i++) if (valid[i]) at.push(i);
  const spreadTyped = <T extends { length: number; set(a: ArrayLike<number | bigint>, o?: number): void; subarray(a: number, b: number): T }>(
    src: T,
    dst: T,
    width: number,
  ): T => {
    at.forEach((row, k) => dst.set(src.subarray(k * width, (k + 1) * width) as unknown as ArrayLike<number>, row * width));
    return dst;
  };
  const spread = <T>(src: readonly T[], fill: T): T[] => {
    const out = new Array<T>(n).fill(fill);
    at.forEach((row, k) => (out[row] = src[k] as T));
    return out;
  };
  switch (c.type) {
    case DataType.Bool:
      return { type: c.type, data: spreadTyped(c.data, new Uint8Array(n), 1), valid };
    case DataType.Int8:
      return { type: c.type, data: spreadTyped(c.data, new Int8Array(n), 1), valid };
    case DataType.Int16:
      return { type: c.type, data: spreadTyped(c.data, new Int16Array(n), 1), valid };
    case DataType.Int32:
      return { type: c.type, data: spreadTyped(c.data, new Int32Array(n), 1), valid };
    case DataType.Int64:
    case DataType.Timestamptz: {
      const out = new BigInt64Array(n);
      at.forEach((row, k) => (out[row] = c.data[k]!));
      return { type: c.type, data: out, valid };
    }
    case DataType.Float:
      return { type: c.type, data: spreadTyped(c.data, new Float32Array(n), 1), valid };
    case DataType.Double:
      return { type: c.type, data: spreadTyped(c.data, new Float64Array(n), 1), valid };
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      return { type: c.type, data: spread(c.data, ''), valid };
    case DataType.JSON:
      return { type: c.type, data: spread<string | null>(c.data, null), valid };
    case DataType.Array:
      return { type: c.type, elementType: c.elementType, data: spread<ScalarArrayValue | null>(c.data, null), valid };
    case DataType.FloatVector:
      return { type: c.type, dim: c.dim, data: spreadTyped(c.data, new Float32Array(n * c.dim), c.dim), valid };
    case DataType.BinaryVector:
      return { type: c.type, dim: c.dim, data: spreadTyped(c.data, new Uint8Array((n * c.dim) / 8), c.dim / 8), valid };
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      return { type: c.type, dim: c.dim, data: spreadTyped(c.data, new Uint8Array(n * c.dim * 2), c.dim * 2), valid };
    case DataType.Int8Vector:
      return { type: c.type, dim: c.dim, data: spreadTyped(c.data, new Int8Array(n * c.dim), c.dim), valid };
    case DataType.SparseFloatVector:
      return { type: c.type, data: spread<SparseRow>(c.data, { indices: new Uint32Array(0), values: new Float32Array(0) }), valid };
  }
}

/**
 * A Float32Array of decoded floats. protobufjs gives numbers, so a plain copy loop; from() with a
 * mapping function was the costliest step of a large insert.
 */
function floats(values: readonly unknown[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
  return out;
}

/**
 * The columns of an Insert/Upsert request (`fields_data`), as they arrived. Throws a MilvusError
 * (1100 naming the field, or Milvus's own text) for data that cannot be read into a column.
 */
export function decodeFieldData(fieldsData: unknown[]): IncomingColumn[] {
  return fieldsData.map((raw): DecodedColumn => {
    if (!isObj(raw)) throw rowDataErrors.malformedFieldData('', 'a FieldData must be an object');
    const fieldName = String(raw['field_name'] ?? '');
    const wireType = dataTypeOf(raw['type']);
    const isDynamic = raw['is_dynamic'] === true;
    const fieldId = Number(raw['field_id'] ?? 0) || 0;
    const member = oneof(raw, 'field', ['scalars', 'vectors', 'struct_arrays']);
    let column: Column;
    if (member === 'scalars') column = decodeScalars(fieldName, wireType, raw['scalars'] as Obj);
    else if (member === 'vectors') column = decodeVectors(fieldName, wireType, raw['vectors'] as Obj);
    else if (member === 'struct_arrays') throw rowDataErrors.malformedFieldData(fieldName, 'struct array fields are not supported');
    else throw rowDataErrors.undefinedDataType(dataTypeName(wireType));

    const validData = Array.isArray(raw['valid_data']) ? (raw['valid_data'] as unknown[]) : [];
    if (validData.length > 0) {
      const valid = Uint8Array.from(validData, (v) => (v ? 1 : 0));
      const validCount = valid.reduce((s, v) => s + v, 0);
      const present = compactRows(fieldName, column);
      if (present !== validCount) throw rowDataErrors.fieldLengthWrong(validCount, present);
      // A null vector becomes a row of zeros at the stated dim: one valid_data byte must not
      // stand for more memory than the cap, whatever dim the client states.
      const nullBytes = (valid.length - validCount) * (vectorBytesPerRow(column) ?? 0);
      if (nullBytes > MAX_INSERT_PLACEHOLDER_BYTES)
        throw rowDataErrors.placeholdersTooLarge(valid.length, nullBytes, MAX_INSERT_PLACEHOLDER_BYTES);
      column = expandColumn(column, valid);
    }
    return { fieldName, isDynamic, column, wireType, fieldId };
  });
}

// ---- replies ------------------------------------------------------------------------------------

/** Go's time.Format(RFC3339Nano) truncated to microseconds without trailing zeros, in an IANA zone. */
export function formatTimestamptz(micros: bigint, timezone: string): string {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  const subMicros = Number(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n);
  const offsetMin = zoneOffsetMinutes(ms, timezone);
  const local = new Date(ms + offsetMin * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  let s = `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}T${p(local.getUTCHours())}:${p(
    local.getUTCMinutes(),
  )}:${p(local.getUTCSeconds())}`;
  const frac = p(subMicros, 6).replace(/0+$/, '');
  if (frac !== '') s += `.${frac}`;
  if (offsetMin === 0) return `${s}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${s}${sign}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}

function arrayRowToWire(elementType: DataType, row: ScalarArrayValue | null): Obj {
  if (row === null) row = [];
  switch (elementType) {
    case DataType.Bool:
      return { bool_data: { data: (row as boolean[]).map(Boolean) } };
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return { int_data: { data: (row as number[]).map(Number) } };
    case DataType.Int64:
      return { long_data: { data: (row as (bigint | number)[]).map((v) => String(v)) } };
    case DataType.Float:
      return { float_data: { data: (row as number[]).map(Number) } };
    case DataType.Double:
      return { double_data: { data: (row as number[]).map(Number) } };
    default:
      return { string_data: { data: (row as string[]).map(String) } };
  }
}

/** The `scalars` message of a column (one value per row). */
function scalarsOf(c: Column, timezone: string): Obj {
  switch (c.type) {
    case DataType.Bool:
      return { bool_data: { data: Array.from(c.data, (b) => b !== 0) } };
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return { int_data: { data: Array.from(c.data) } };
    case DataType.Int64:
      return { long_data: { data: Array.from(c.data, (v) => v.toString()) } };
    case DataType.Timestamptz:
      return {
        string_data: { data: Array.from(c.data, (v, i) => (c.valid && !c.valid[i] ? '' : formatTimestamptz(v, timezone))) },
      };
    case DataType.Float:
      return { float_data: { data: c.data } };
    case DataType.Double:
      return { double_data: { data: Array.from(c.data) } };
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
      return { string_data: { data: [...c.data] } };
    case DataType.Geometry:
      return { geometry_wkt_data: { data: [...c.data] } };
    case DataType.JSON:
      return { json_data: { data: c.data.map((t) => (t === null ? Buffer.alloc(0) : Buffer.from(t, 'utf8'))) } };
    case DataType.Array:
      return {
        array_data: {
          element_type: dataTypeName(c.elementType),
          data: c.data.map((row) => arrayRowToWire(c.elementType, row)),
        },
      };
    default:
      throw new Error(`${dataTypeName(c.type)} is not a scalar type`);
  }
}

function sparseRowBytes(row: SparseRow): Buffer {
  return sparseRowToBytes(row.indices, row.values);
}

/** The `vectors` message of a column (one row per row, zeros at null rows). */
function vectorsOf(c: Column): Obj {
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  switch (c.type) {
    case DataType.FloatVector:
      return { dim: String(c.dim), float_vector: { data: c.data } };
    case DataType.BinaryVector:
      return { dim: String(c.dim), binary_vector: bytes(c.data) };
    case DataType.Float16Vector:
      return { dim: String(c.dim), float16_vector: bytes(c.data) };
    case DataType.BFloat16Vector:
      return { dim: String(c.dim), bfloat16_vector: bytes(c.data) };
    case DataType.Int8Vector:
      return { dim: String(c.dim), int8_vector: bytes(c.data) };
    case DataType.SparseFloatVector: {
      let dim = 0;
      for (const row of c.data) if (row.indices.length) dim = Math.max(dim, row.indices[row.indices.length - 1]! + 1);
      return { dim: String(dim), sparse_float_vector: { dim: String(dim), contents: c.data.map(sparseRowBytes) } };
    }
    default:
      throw new Error(`${dataTypeName(c.type)} is not a vector type`);
  }
}

function isVectorColumn(c: Column): boolean {
  return (
    c.type === DataType.FloatVector ||
    c.type === DataType.BinaryVector ||
    c.type === DataType.Float16Vector ||
    c.type === DataType.BFloat16Vector ||
    c.type === DataType.Int8Vector ||
    c.type === DataType.SparseFloatVector
  );
}

function fieldDataOf(name: string, fieldId: number, type: DataType, c: Column, isDynamic: boolean, timezone: string): Obj {
  const out: Obj = { type: dataTypeName(type), field_name: name, field_id: String(fieldId), is_dynamic: isDynamic };
  if (isVectorColumn(c)) out['vectors'] = vectorsOf(c);
  else out['scalars'] = scalarsOf(c, timezone);
  out['valid_data'] = c.valid ? Array.from(c.valid, (v) => v !== 0) : [];
  return out;
}

export interface EncodeOptions {
  /** IANA zone Timestamptz values are shown in (the collection's `timezone` property); UTC by default. */
  timezone?: string;
}

/**
 * Reply columns for Query/Search: one FieldData per column, in the order of `fields`, then any
 * column not in `fields` (such as `count(*)`), then `$meta` from `dynamic` when given. `fields` may
 * include the dynamic field; its field id is used for `$meta` when present.
 */
export function encodeFieldData(fields: FieldSchema[], columns: Map<string, Column>, dynamic?: string[], options: EncodeOptions = {}): object[] {
  const timezone = options.timezone ?? 'UTC';
  const out: Obj[] = [];
  const done = new Set<string>();
  let dynamicFieldId = 0;
  for (const f of fields) {
    if (f.isDynamic || f.name === DYNAMIC_FIELD_NAME) {
      dynamicFieldId = f.fieldID;
      continue;
    }
    const c = columns.get(f.name);
    if (!c) continue;
    out.push(fieldDataOf(f.name, f.fieldID, f.dataType, c, false, timezone));
    done.add(f.name);
  }
  for (const [name, c] of columns) {
    if (done.has(name)) continue;
    if (name === DYNAMIC_FIELD_NAME) continue;
    out.push(fieldDataOf(name, 0, c.type, c, false, timezone));
  }
  const meta =
    dynamic ??
    (columns.get(DYNAMIC_FIELD_NAME)?.type === DataType.JSON
      ? (columns.get(DYNAMIC_FIELD_NAME)!.data as (string | null)[]).map((t) => t ?? '{}')
      : undefined);
  if (meta) {
    out.push(fieldDataOf(DYNAMIC_FIELD_NAME, dynamicFieldId, DataType.JSON, { type: DataType.JSON, data: meta }, true, timezone));
  }
  return out;
}
