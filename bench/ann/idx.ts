// A reader for the IDX files MNIST and Fashion-MNIST ship in: a big-endian header (two zero bytes,
// a type code, the number of dimensions), one big-endian uint32 per dimension, then the values in
// row-major order. Only unsigned bytes (type 0x08), the type of the image and label files, are
// read. Gzipped files (the usual distribution) are recognised by their magic bytes.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  /** Sizes of the dimensions, outermost first: [images, rows, columns] for an image file. */
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

export function parseIdx(bytes: Uint8Array, what = 'IDX data'): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes.length < 4) throw new Error(`${what}: too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) throw new Error(`${what}: not an IDX file (magic ${view.getUint32(0).toString(16)})`);
  const type = bytes[2]!;
  const rank = bytes[3]!;
  if (type !== UBYTE) throw new Error(`${what}: IDX value type 0x${type.toString(16)} is not unsigned bytes`);
  if (rank === 0) throw new Error(`${what}: IDX file with no dimensions`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error(`${what}: IDX header cut short`);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i);
    dims.push(d);
    count *= d;
  }
  if (bytes.length - header < count) {
    throw new Error(`${what}: ${bytes.length - header} bytes of values for dimensions ${dims.join('x')} (${count} wanted)`);
  }
  return { dims, data: bytes.subarray(header, header + count) };
}

export function readIdx(path: string): IdxArray {
  return parseIdx(readFileSync(path), path);
}
