// Rows ({field: value}) to Milvus's FieldData columns and back, as the official Node SDK converts
// them (dist/milvus/utils/Data.js, Bytes.js), for every DataType the engine stores.
//
// Values, in and out:
// - Bool: boolean. Int8/Int16/Int32: number. Float/Double: number. VarChar/String/Text: string.
// - Int64: on write a number, a decimal string or a bigint (use a string or a bigint beyond 2^53:
//   a number there has already lost digits). On read (the client's `int64` option):
//   'auto' (default) gives a number when it is a safe integer (|v| <= 2^53-1) and the exact
//   decimal string otherwise; 'string' always the decimal string (what the official SDK returns);
//   'bigint' always a bigint. Primary keys and search hit ids follow the same rule.
// - JSON: any JSON value. Array: a JS array of the element type's values.
// - FloatVector: number[] or Float32Array. BinaryVector: bytes as number[] (one 0-255 value per 8
//   dimensions) or a Uint8Array/Buffer; read back as number[] of bytes.
// - Float16Vector / BFloat16Vector: number[] (converted: float16 rounds to nearest, bfloat16 keeps
//   the upper 16 bits as the SDK does) or the raw little-endian bytes; read back as number[].
// - Int8Vector: number[] or Int8Array; read back as number[].
// - SparseFloatVector: {index: value} (read back this way, zero values dropped as the SDK does),
//   {indices, values}, [{index, value}] or a dense number[] with holes.
// - A nullable field: null or undefined is a null (sent as valid_data); read back as null.
// - Dynamic keys (any key not in the schema) are packed into the `$meta` JSON column on write.
import { decodeHalfFloats, encodeHalfFloats, type HalfFloatFormat } from '../data/index.js';
import { sparseRowFromBytes, sparseRowToBytes } from '../protocol/index.js';

export type Row = Record<string, unknown>;

export type Int64Mode = 'auto' | 'string' | 'bigint';

export interface FieldView {
  name: string;
  dataType: string;
  elementType: string;
  isPrimaryKey: boolean;
  autoID: boolean;
  isDynamic: boolean;
  isFunctionOutput: boolean;
  nullable: boolean;
  hasDefault: boolean;
  dim: number;
}

export interface SchemaView {
  fields: FieldView[];
  dynamic: boolean;
}

export const DYNAMIC_FIELD = '$meta';

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

function halfBytes(v: unknown, format: HalfFloatFormat): Buffer {
  if (isBytes(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const bytes = encodeHalfFloats(Array.from(v as ArrayLike<number>, Number), format);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------- sparse

/** [index, value] pairs of any of the SDK's sparse forms, sorted by index. */
export function sparsePairs(v: unknown): [number, number][] {
  let pairs: [number, number][];
  if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'object' && v[0] !== null) {
      pairs = (v as { index: number; value: number }[]).map((p) => [Number(p.index), Number(p.value)]);
    } else {
      pairs = [];
      v.forEach((x, i) => {
        if (x !== undefined && x !== null) pairs.push([i, Number(x)]);
      });
    }
  } else if (v && typeof v === 'object' && 'indices' in v && 'values' in v) {
    const { indices, values } = v as { indices: ArrayLike<number>; values: ArrayLike<number> };
    pairs = Array.from(indices, (i, k) => [Number(i), Number(values[k])]);
  } else if (v && typeof v === 'object') {
    pairs = Object.entries(v as Record<string, number>).map(([k, x]) => [Number(k), Number(x)]);
  } else {
    throw new TypeError(`not a sparse vector: ${String(v)}`);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

export function sparseBytes(v: unknown): Buffer {
  const pairs = sparsePairs(v);
  return sparseRowToBytes(
    pairs.map(([i]) => i),
    pairs.map(([, x]) => x),
  );
}

function sparseDim(rows: unknown[]): number {
  let dim = 0;
  for (const r of rows) for (const [i] of sparsePairs(r)) dim = Math.max(dim, i + 1);
  return dim;
}

function sparseRow(bytes: Uint8Array): Record<string, number> {
  // Trailing bytes that are not a whole pair are ignored, as before.
  const row = sparseRowFromBytes(bytes.subarray(0, bytes.byteLength - (bytes.byteLength % 8)))!;
  const out: Record<string, number> = {};
  row.indices.forEach((index, k) => {
    if (row.values[k]) out[String(index)] = row.values[k]!;
  });
  return out;
}

// ---------------------------------------------------------------- vectors as bytes

/** One query or row vector as the bytes Milvus carries for `type` (placeholder values, vector columns). */
export function vectorBytes(type: string, v: unknown): Buffer {
  switch (type) {
    case 'FloatVector': {
      const a = v instanceof Float32Array ? v : new Float32Array(Array.from(v as ArrayLike<number>, Number));
      return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    }
    case 'BinaryVector':
      return isBytes(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(Array.from(v as ArrayLike<number>));
    case 'Int8Vector': {
      if (v instanceof Int8Array || isBytes(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      const a = Int8Array.from(Array.from(v as ArrayLike<number>, Number));
      return Buffer.from(a.buffer);
    }
    case 'Float16Vector':
      return halfBytes(v, 'float16');
    case 'BFloat16Vector':
      return halfBytes(v, 'bfloat16');
    case 'SparseFloatVector':
      return sparseBytes(v);
    default:
      throw new TypeError(`${type} is not a vector type`);
  }
}

// ---------------------------------------------------------------- rows -> columns

function int64Wire(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  return String(v);
}

/** A ScalarField holding `values` (valid values only) of a scalar type. */
export function scalarField(type: string, values: unknown[], elementType = 'None'): Record<string, unknown> {
  switch (type) {
    case 'Bool':
      return { bool_data: { data: values.map(Boolean) } };
    case 'Int8':
    case 'Int16':
    case 'Int32':
      return { int_data: { data: values.map(Number) } };
    case 'Int64':
      return { long_data: { data: values.map(int64Wire) } };
    case 'Float':
      return { float_data: { data: values.map(Number) } };
    case 'Double':
      return { double_data: { data: values.map(Number) } };
    case 'JSON':
      return { json_data: { data: values.map((v) => (isBytes(v) ? Buffer.from(v) : Buffer.from(JSON.stringify(v)))) } };
    case 'Array':
      return {
        array_data: {
          element_type: elementType,
          data: values.map((v) => scalarField(elementType, Array.from((v ?? []) as ArrayLike<unknown>))),
        },
      };
    case 'Timestamptz':
      return { string_data: { data: values.map((v) => (v instanceof Date ? v.toISOString() : String(v))) } };
    case 'Geometry':
      return { geometry_wkt_data: { data: values.map((v) => String(v)) } };
    default:
      return { string_data: { data: values.map((v) => String(v)) } };
  }
}

function vectorField(type: string, dim: number, values: unknown[]): Record<string, unknown> {
  switch (type) {
    case 'FloatVector':
      return { dim: String(dim), float_vector: { data: concatFloats(values as ArrayLike<number>[]) } };
    case 'SparseFloatVector': {
      const d = sparseDim(values);
      return { dim: String(d), sparse_float_vector: { dim: String(d), contents: values.map(sparseBytes) } };
    }
    default: {
      const member = {
        BinaryVector: 'binary_vector',
        Float16Vector: 'float16_vector',
        BFloat16Vector: 'bfloat16_vector',
        Int8Vector: 'int8_vector',
      }[type];
      if (!member) throw new TypeError(`${type} is not a vector type`);
      return { dim: String(dim), [member]: Buffer.concat(values.map((v) => vectorBytes(type, v))) };
    }
  }
}

function isVectorType(type: string): boolean {
  return type.endsWith('Vector');
}

function column(field: FieldView, rows: Row[]): Record<string, unknown> {
  const present = rows.map((r) => r[field.name] !== undefined && r[field.name] !== null);
  const values = rows.filter((_, i) => present[i]).map((r) => r[field.name]);
  const base: Record<string, unknown> = { type: field.dataType, field_name: field.name };
  if (field.nullable || field.hasDefault || present.some((p) => !p)) base.valid_data = present;
  if (isVectorType(field.dataType)) return { ...base, vectors: vectorField(field.dataType, field.dim, values) };
  return { ...base, scalars: scalarField(field.dataType, values, field.elementType) };
}

/** Columns for an insert or upsert: schema fields in order, then the dynamic keys as `$meta`. */
export function rowsToFieldData(schema: SchemaView, rows: Row[], upsert: boolean): Record<string, unknown>[] {
  const columns: Record<string, unknown>[] = [];
  const known = new Set<string>([DYNAMIC_FIELD]);
  for (const f of schema.fields) {
    known.add(f.name);
    if (f.isDynamic || f.isFunctionOutput) continue;
    const allMissing = rows.every((r) => r[f.name] === undefined);
    if (allMissing && f.isPrimaryKey && f.autoID && !upsert) continue;
    if (allMissing && (f.nullable || f.hasDefault)) continue; // the server fills nulls / defaults
    columns.push(column(f, rows));
  }
  if (schema.dynamic) {
    const meta = rows.map((r) => {
      const packed: Row = { ...((r[DYNAMIC_FIELD] as Row | undefined) ?? {}) };
      for (const [k, v] of Object.entries(r)) if (!known.has(k) && v !== undefined) packed[k] = v;
      return packed;
    });
    columns.push({ type: 'JSON', field_name: DYNAMIC_FIELD, is_dynamic: true, scalars: scalarField('JSON', meta) });
  }
  return columns;
}

// ---------------------------------------------------------------- columns -> rows

export interface WireFieldData {
  field_name: string;
  type: string;
  is_dynamic?: boolean;
  valid_data?: boolean[];
  scalars?: Record<string, unknown> & { data?: string };
  vectors?: Record<string, unknown> & { dim: string; data?: string };
}

export function int64Out(v: unknown, mode: Int64Mode): unknown {
  const s = String(v);
  if (mode === 'string') return s;
  if (mode === 'bigint') return BigInt(s);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

function scalarValues(sf: Record<string, unknown> | undefined, type: string, mode: Int64Mode): unknown[] {
  const member = sf?.data as string | undefined;
  if (!sf || !member) return [];
  const holder = sf[member] as { data?: unknown[]; element_type?: string } | undefined;
  const list = (holder?.data ?? []) as unknown[];
  switch (member) {
    case 'json_data':
      return list.map((b) => {
        const text = Buffer.from(b as Uint8Array).toString('utf8');
        return text.length ? JSON.parse(text) : null;
      });
    case 'long_data':
      return type === 'Timestamptz' ? list.map(String) : list.map((v) => int64Out(v, mode));
    case 'array_data': {
      const elementType = holder?.element_type ?? 'None';
      return list.map((inner) => scalarValues(inner as Record<string, unknown>, elementType, mode));
    }
    case 'bytes_data':
      return list.map((b) => Buffer.from(b as Uint8Array));
    case 'float_data':
      // Decoded as a Float32Array (protocol/float-array-codec.ts); rows read plain numbers.
      return Array.from(list as ArrayLike<number>);
    default:
      return list;
  }
}

function chunk<T>(flat: ArrayLike<T>, width: number): T[][] {
  const out: T[][] = [];
  if (width <= 0) return out;
  for (let i = 0; i < flat.length; i += width) out.push(Array.from({ length: Math.min(width, flat.length - i) }, (_, k) => flat[i + k]!));
  return out;
}

function vectorValues(vf: Record<string, unknown>): unknown[] {
  const dim = Number(vf.dim);
  const member = vf.data as string | undefined;
  const bytes = (m: string) => {
    const b = vf[m] as Uint8Array | undefined;
    return b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.alloc(0);
  };
  switch (member) {
    case 'float_vector':
      return chunk((vf.float_vector as { data: number[] }).data ?? [], dim);
    case 'binary_vector':
      return chunk(bytes(member), dim / 8);
    case 'int8_vector':
      return chunk(new Int8Array(bytes(member)), dim);
    case 'float16_vector':
      return chunk(decodeHalfFloats(bytes(member), 'float16'), dim);
    case 'bfloat16_vector':
      return chunk(decodeHalfFloats(bytes(member), 'bfloat16'), dim);
    case 'sparse_float_vector':
      return ((vf.sparse_float_vector as { contents?: Uint8Array[] })?.contents ?? []).map(sparseRow);
    default:
      return [];
  }
}

/** The values of one reply column, one per row, null where valid_data says so. */
export function columnValues(fd: WireFieldData, mode: Int64Mode = 'auto'): unknown[] {
  const physical = fd.vectors ? vectorValues(fd.vectors) : scalarValues(fd.scalars, fd.type, mode);
  const valid = fd.valid_data;
  if (!valid || valid.length === 0 || valid.every(Boolean)) return physical;
  const dense = physical.length === valid.length;
  let k = 0;
  return valid.map((ok, i) => (ok ? physical[dense ? i : k++] : (dense || k++, null)));
}

/** Column values by field name (the SDK's buildFieldDataMap). */
export function columnMap(fieldsData: WireFieldData[], mode: Int64Mode = 'auto'): Map<string, unknown[]> {
  const map = new Map<string, unknown[]>();
  for (const fd of fieldsData ?? []) map.set(fd.field_name, columnValues(fd, mode));
  return map;
}

/**
 * Rows of a reply, the SDK's way: one entry per name of `outputFields` (the reply's own list,
 * else the column names); a name that is no column is read from the `$meta` column (a dynamic key).
 * The `$meta` column itself appears only when `keepMeta` (`*` or `$meta` asked).
 */
export function fieldDataToRows(fieldsData: WireFieldData[], outputFields: string[] = [], mode: Int64Mode = 'auto', keepMeta = true): Row[] {
  const map = columnMap(fieldsData, mode);
  const n = Math.max(0, ...[...map.values()].map((v) => v.length));
  const names = [...map.keys()].filter((k) => k !== DYNAMIC_FIELD || keepMeta);
  for (const name of outputFields) if (!names.includes(name) && name !== '*' && name !== DYNAMIC_FIELD) names.push(name);
  const meta = map.get(DYNAMIC_FIELD);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (const name of names) {
      const col = map.get(name);
      if (col) row[name] = col[i];
      else if (meta) {
        const m = meta[i] as Row | null;
        if (m && name in m) row[name] = m[name];
      }
    }
    rows.push(row);
  }
  return rows;
}

/** The vectors one after another in one Float32Array (each keeps its own length: the server checks dims). */
function concatFloats(vectors: readonly ArrayLike<number>[]): Float32Array {
  let total = 0;
  for (const v of vectors) total += v.length;
  const out = new Float32Array(total);
  let at = 0;
  for (const v of vectors) {
    for (let i = 0; i < v.length; i++) out[at + i] = Number(v[i]);
    at += v.length;
  }
  return out;
}
