// Milvus's byte form of one sparse vector row, shared by FieldData columns
// (SparseFloatArray.contents) and search placeholders: (uint32 LE index, float32 LE value) pairs
// back to back. Ordering and value checks belong to the row validator, not to the codec.
import type { SparseRow } from '../data/index.js';

const PAIR_BYTES = 8;

/** The row the bytes hold; undefined when they are not whole (index, value) pairs. */
export function sparseRowFromBytes(bytes: Uint8Array): SparseRow | undefined {
  if (bytes.byteLength % PAIR_BYTES !== 0) return undefined;
  const n = bytes.byteLength / PAIR_BYTES;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const indices = new Uint32Array(n);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    indices[i] = view.getUint32(i * PAIR_BYTES, true);
    values[i] = view.getFloat32(i * PAIR_BYTES + 4, true);
  }
  return { indices, values };
}

/** The bytes of a row given as parallel index and value lists. */
export function sparseRowToBytes(indices: ArrayLike<number>, values: ArrayLike<number>): Buffer {
  const buf = Buffer.alloc(indices.length * PAIR_BYTES);
  for (let i = 0; i < indices.length; i++) {
    buf.writeUInt32LE(indices[i]!, i * PAIR_BYTES);
    buf.writeFloatLE(values[i]!, i * PAIR_BYTES + 4);
  }
  return buf;
}
