// The binary form of a collection's log records: an insert batch (columns of rows) or a delete
// (primary keys). Layout (docs/storage.md, "Log records"):
//
//   u8  kind            1 = insert, 2 = delete
//   u8  version         1
//   u16 reserved        0
//   u32 headerBytes     length of the JSON header that follows
//   ... header          UTF-8 JSON (InsertHeader or DeleteHeader)
//   ... pad to 8 bytes
//   ... bodies          each column body at header.columns[i].offset (relative to the body start),
//                       8-byte aligned, little-endian
import { DataType, isVectorType } from '../catalog/index.js';
import type { Column, ScalarArrayValue, SparseRow } from '../data/index.js';

export const LOG_INSERT = 1;
export const LOG_DELETE = 2;
const VERSION = 1;

export interface InsertRecord {
  kind: typeof LOG_INSERT;
  ts: string;
  partitionId: number;
  numRows: number;
  columns: Map<string, Column>;
  dynamic?: string[];
  /**
   * A sealed segment (written by compaction: its rows and row order never change while the
   * record exists) rather than a growing batch (a client's insert). Absent means false.
   */
  sealed?: boolean;
}

export interface DeleteRecord {
  kind: typeof LOG_DELETE;
  ts: string;
  /** Int64 keys as bigint, VarChar keys as string. */
  pks: (bigint | string)[];
}

export type LogRecord = InsertRecord | DeleteRecord;

interface ColumnHeader {
  name: string;
  type: DataType;
  dim?: number;
  elementType?: DataType;
  offset: number;
  bytes: number;
  /** Offset of the validity mask (one byte per row), when the column has one. */
  validOffset?: number;
}

interface InsertHeader {
  ts: string;
  partitionId: number;
  numRows: number;
  columns: ColumnHeader[];
  dynamicOffset?: number;
  dynamicBytes?: number;
  /** true for a sealed segment; absent (never false) for a growing batch. */
  sealed?: boolean;
}

interface DeleteHeader {
  ts: string;
  /** "int64": keys as decimal strings; "varchar": keys as strings. */
  keyType: 'int64' | 'varchar';
  pks: string[];
}

const align8 = (n: number) => (n + 7) & ~7;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** JSON that keeps bigints (Int64 array elements) as {"$big": "123"}. */
function jsonWithBigints(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
}
function parseWithBigints(text: string): unknown {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && typeof v.$big === 'string' ? BigInt(v.$big) : v));
}

/** The bytes of one column's values (not its mask). */
function columnBody(c: Column): Uint8Array {
  switch (c.type) {
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
    case DataType.JSON:
      return utf8.encode(JSON.stringify(c.data));
    case DataType.Array:
      return utf8.encode(jsonWithBigints(c.data));
    case DataType.SparseFloatVector:
      return encodeSparse(c.data);
    default:
      return new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  }
}

function encodeSparse(rows: SparseRow[]): Uint8Array {
  let total = 4 * rows.length;
  for (const r of rows) total += 8 * r.indices.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of rows) {
    view.setUint32(at, r.indices.length, true);
    at += 4;
    for (let i = 0; i < r.indices.length; i++, at += 4) view.setUint32(at, r.indices[i]!, true);
    for (let i = 0; i < r.values.length; i++, at += 4) view.setFloat32(at, r.values[i]!, true);
  }
  return out;
}

function decodeSparse(bytes: Uint8Array, numRows: number): SparseRow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: SparseRow[] = [];
  let at = 0;
  for (let r = 0; r < numRows; r++) {
    const n = view.getUint32(at, true);
    at += 4;
    const indices = new Uint32Array(n);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) indices[i] = view.getUint32(at, true);
    for (let i = 0; i < n; i++, at += 4) values[i] = view.getFloat32(at, true);
    rows.push({ indices, values });
  }
  return rows;
}

function frame(kind: number, header: object, bodies: { offset: number; bytes: Uint8Array }[], bodyBytes: number): Uint8Array {
  const headerBytes = utf8.encode(JSON.stringify(header));
  const bodyStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(bodyStart + bodyBytes);
  const view = new DataView(out.buffer);
  view.setUint8(0, kind);
  view.setUint8(1, VERSION);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (const b of bodies) out.set(b.bytes, bodyStart + b.offset);
  return out;
}

export function encodeInsert(record: Omit<InsertRecord, 'kind'>): Uint8Array {
  const bodies: { offset: number; bytes: Uint8Array }[] = [];
  let at = 0;
  const place = (bytes: Uint8Array) => {
    const offset = at;
    bodies.push({ offset, bytes });
    at = align8(at + bytes.length);
    return offset;
  };
  const columns: ColumnHeader[] = [];
  for (const [name, c] of record.columns) {
    const body = columnBody(c);
    const h: ColumnHeader = { name, type: c.type, offset: place(body), bytes: body.length };
    if ('dim' in c) h.dim = c.dim;
    if (c.type === DataType.Array) h.elementType = c.elementType;
    if (c.valid) h.validOffset = place(c.valid);
    columns.push(h);
  }
  const header: InsertHeader = { ts: record.ts, partitionId: record.partitionId, numRows: record.numRows, columns };
  if (record.sealed) header.sealed = true;
  if (record.dynamic) {
    const bytes = utf8.encode(JSON.stringify(record.dynamic));
    header.dynamicOffset = place(bytes);
    header.dynamicBytes = bytes.length;
  }
  return frame(LOG_INSERT, header, bodies, at);
}

export function encodeDelete(record: Omit<DeleteRecord, 'kind'>): Uint8Array {
  const keyType = record.pks.length > 0 && typeof record.pks[0] === 'string' ? 'varchar' : 'int64';
  const header: DeleteHeader = { ts: record.ts, keyType, pks: record.pks.map(String) };
  return frame(LOG_DELETE, header, [], 0);
}

function decodeColumn(bytes: Uint8Array, start: number, h: ColumnHeader, numRows: number): Column {
  const at = start + h.offset;
  const text = () => fromUtf8.decode(bytes.subarray(at, at + h.bytes));
  // Vector columns are views into the record's private copy (bodies are 8-byte aligned), so the
  // bulk of a record is never copied twice. Scalar columns get buffers of their own: a view would
  // keep the whole record alive after a segment index takes the vectors over (segment-indexes.ts
  // swaps the column to the index's rows), doubling a segment's memory for a few kilobytes saved.
  const vectors = isVectorType(h.type);
  const view = <T>(make: new (buffer: ArrayBuffer, offset: number, length: number) => T, width: number): T =>
    vectors
      ? new make(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, h.bytes / width)
      : new make(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + h.bytes) as ArrayBuffer, 0, h.bytes / width);
  let c: Column;
  switch (h.type) {
    case DataType.Bool:
      c = { type: h.type, data: view(Uint8Array, 1) };
      break;
    case DataType.Int8:
      c = { type: h.type, data: view(Int8Array, 1) };
      break;
    case DataType.Int16:
      c = { type: h.type, data: view(Int16Array, 2) };
      break;
    case DataType.Int32:
      c = { type: h.type, data: view(Int32Array, 4) };
      break;
    case DataType.Int64:
    case DataType.Timestamptz:
      c = { type: h.type, data: view(BigInt64Array, 8) };
      break;
    case DataType.Float:
      c = { type: h.type, data: view(Float32Array, 4) };
      break;
    case DataType.Double:
      c = { type: h.type, data: view(Float64Array, 8) };
      break;
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      c = { type: h.type, data: JSON.parse(text()) as string[] };
      break;
    case DataType.JSON:
      c = { type: h.type, data: JSON.parse(text()) as (string | null)[] };
      break;
    case DataType.Array:
      c = { type: h.type, elementType: h.elementType ?? DataType.None, data: parseWithBigints(text()) as (ScalarArrayValue | null)[] };
      break;
    case DataType.FloatVector:
      c = { type: h.type, dim: h.dim!, data: view(Float32Array, 4) };
      break;
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      c = { type: h.type, dim: h.dim!, data: view(Uint8Array, 1) };
      break;
    case DataType.Int8Vector:
      c = { type: h.type, dim: h.dim!, data: view(Int8Array, 1) };
      break;
    case DataType.SparseFloatVector:
      c = { type: h.type, data: decodeSparse(bytes.subarray(at, at + h.bytes), numRows) };
      break;
    default:
      throw new Error(`log record holds a column of unknown type ${String(h.type)}`);
  }
  if (h.validOffset !== undefined) c.valid = bytes.slice(start + h.validOffset, start + h.validOffset + numRows);
  return c;
}

/**
 * Decodes a stored record. `stored` must be the caller's to keep (store.ts reads records with
 * range reads, which hand out a fresh buffer per value): vector columns become views into it.
 */
export function decodeLogRecord(stored: Uint8Array): LogRecord {
  // A plain Uint8Array over the same memory (Buffer#slice would share memory where
  // Uint8Array#slice copies), with no second copy of a record that can be a whole segment. Views
  // need 8-byte alignment; a value that is not aligned (a pooled small Buffer) is copied.
  const bytes = stored.byteOffset % 8 === 0 ? new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength) : new Uint8Array(stored);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint8(0);
  const version = view.getUint8(1);
  if (version !== VERSION) throw new Error(`log record version ${version} is not readable by this Elanus`);
  const headerBytes = view.getUint32(4, true);
  const header = JSON.parse(fromUtf8.decode(bytes.subarray(8, 8 + headerBytes)));
  const start = align8(8 + headerBytes);
  if (kind === LOG_DELETE) {
    const h = header as DeleteHeader;
    return { kind: LOG_DELETE, ts: h.ts, pks: h.keyType === 'int64' ? h.pks.map((k) => BigInt(k)) : h.pks };
  }
  if (kind !== LOG_INSERT) throw new Error(`unknown log record kind ${kind}`);
  const h = header as InsertHeader;
  const columns = new Map<string, Column>();
  for (const ch of h.columns) columns.set(ch.name, decodeColumn(bytes, start, ch, h.numRows));
  const dynamic =
    h.dynamicOffset === undefined
      ? undefined
      : (JSON.parse(fromUtf8.decode(bytes.subarray(start + h.dynamicOffset, start + h.dynamicOffset + h.dynamicBytes!))) as string[]);
  return { kind: LOG_INSERT, ts: h.ts, partitionId: h.partitionId, numRows: h.numRows, columns, dynamic, sealed: h.sealed === true };
}
