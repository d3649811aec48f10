// The in-memory form of row data: one typed column per field, the shape every layer shares
// (the wire codec builds them, the store encodes them, segments keep them, filters read them).
// Fixed-width values live in typed arrays; a nullable column has a validity mask with one byte
// per row (1 = a value, 0 = null), and its value slot at a null row holds a placeholder.
import { DataType } from '../catalog/index.js';

/** A sparse vector row: indices ascending, one value each. */
export interface SparseRow {
  indices: Uint32Array;
  values: Float32Array;
}

/** A JSON value as stored: its UTF-8 text, parsed lazily by readers that need it. */
export type JsonText = string;

export type ScalarArrayValue = boolean[] | number[] | bigint[] | string[];

export type ColumnValues =
  | { type: DataType.Bool; data: Uint8Array }
  | { type: DataType.Int8; data: Int8Array }
  | { type: DataType.Int16; data: Int16Array }
  | { type: DataType.Int32; data: Int32Array }
  | { type: DataType.Int64 | DataType.Timestamptz; data: BigInt64Array }
  | { type: DataType.Float; data: Float32Array }
  | { type: DataType.Double; data: Float64Array }
  | { type: DataType.VarChar | DataType.String | DataType.Text | DataType.Geometry; data: string[] }
  | { type: DataType.JSON; data: (JsonText | null)[] }
  | { type: DataType.Array; elementType: DataType; data: (ScalarArrayValue | null)[] }
  | { type: DataType.FloatVector; dim: number; data: Float32Array }
  | { type: DataType.BinaryVector; dim: number; data: Uint8Array }
  | { type: DataType.Float16Vector | DataType.BFloat16Vector; dim: number; data: Uint8Array }
  | { type: DataType.Int8Vector; dim: number; data: Int8Array }
  | { type: DataType.SparseFloatVector; data: SparseRow[] };

export type Column = ColumnValues & {
  /** One byte per row for nullable fields (1 = value present); absent when every row has one. */
  valid?: Uint8Array;
};

/** Bytes per row of a fixed-width vector column. */
export function vectorRowBytes(type: DataType, dim: number): number {
  switch (type) {
    case DataType.FloatVector:
      return dim * 4;
    case DataType.BinaryVector:
      return dim / 8;
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      return dim * 2;
    case DataType.Int8Vector:
      return dim;
    default:
      throw new Error(`${DataType[type]} is not a fixed-width vector type`);
  }
}

/** Elements of `data` per row of a fixed-width vector column; undefined for other columns. */
export function vectorElementsPerRow(c: Column): number | undefined {
  switch (c.type) {
    case DataType.FloatVector:
    case DataType.Int8Vector:
      return c.dim;
    case DataType.BinaryVector:
      return c.dim / 8;
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      return c.dim * 2;
    default:
      return undefined;
  }
}

/** Number of rows a column holds. */
export function columnLength(c: Column): number {
  const width = vectorElementsPerRow(c);
  return width === undefined ? c.data.length : c.data.length / width;
}
