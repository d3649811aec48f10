// One index on disk: a small header, the kernel's lasting bytes and a checksum
// (docs/index-format.md). Written to a temporary name, synced, then renamed over the final name,
// so a reader sees the old file, the new file, or none; never half of one. A file that fails any
// check reads as missing, and the caller rebuilds the index.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import { KernelIndex } from './kernel.js';

const MAGIC = 0x58444e45; // "ENDX" little-endian
export const INDEX_FILE_VERSION = 1;
/** magic, version, header slot count, body length (low, high), identity length, extra length. */
const PREAMBLE_WORDS = 7;

/** What an index file was built from: a file whose identity differs is stale. */
export interface IndexIdentity {
  /** The index record's id and parameters, the field, the segment: JSON, compared as text. */
  readonly text: string;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE): zlib's native one where Node has it (20.15+), else a table-driven loop. */
export function crc32(bytes: Uint8Array, seed = 0): number {
  const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(bytes, seed);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let c = ~seed >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** An index as stored: the kernel index and what an index type keeps beside it (IVF's lists). */
export interface StoredIndex {
  index: KernelIndex;
  extra?: Uint8Array;
}

/** Writes the index atomically: temporary file, fsync, rename, fsync of the directory. */
export function writeIndexFile(path: string, identity: IndexIdentity, index: KernelIndex, extra: Uint8Array = new Uint8Array(0)): void {
  const { header, body } = index.lastingBytes();
  const id = Buffer.from(identity.text, 'utf8');
  const preamble = new Uint32Array([
    MAGIC,
    INDEX_FILE_VERSION,
    header.length,
    body.length >>> 0,
    Math.floor(body.length / 2 ** 32),
    id.length,
    extra.length,
  ]);
  const parts = [asBytes(preamble), asBytes(header), id, body, extra];
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    for (const p of parts) writeAll(fd, p);
    writeAll(fd, asBytes(new Uint32Array([crc])));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

export type IndexFileProblem = 'missing' | 'corrupt' | 'stale' | 'newer-format';

/** Reads an index file back; a problem instead when it is missing, damaged, stale or newer. */
export function readIndexFile(path: string, identity: IndexIdentity): StoredIndex | IndexFileProblem {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return 'missing';
  }
  if (bytes.length < PREAMBLE_WORDS * 4 + 4) return 'corrupt';
  // The word views below need 4-byte alignment; a small file's Buffer may sit at any offset of
  // a pooled allocation (a large one has its own, and is used as it is).
  const aligned = bytes.byteOffset % 4 === 0 ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : Uint8Array.from(bytes);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, PREAMBLE_WORDS);
  if (words[0] !== MAGIC) return 'corrupt';
  if (words[1]! > INDEX_FILE_VERSION) return 'newer-format';
  if (words[1] !== INDEX_FILE_VERSION) return 'corrupt';
  const slots = words[2]!;
  const bodyLength = words[3]! + words[4]! * 2 ** 32;
  const idLength = words[5]!;
  const extraLength = words[6]!;
  const headerAt = PREAMBLE_WORDS * 4;
  const idAt = headerAt + slots * 4;
  const bodyAt = idAt + idLength;
  const extraAt = bodyAt + bodyLength;
  const crcAt = extraAt + extraLength;
  if (crcAt + 4 !== aligned.length) return 'corrupt';
  const stored = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength).getUint32(crcAt, true);
  if (crc32(aligned.subarray(0, crcAt)) !== stored) return 'corrupt';
  if (Buffer.from(aligned.subarray(idAt, bodyAt)).toString('utf8') !== identity.text) return 'stale';
  try {
    const index = KernelIndex.restore(new Uint32Array(aligned.buffer, aligned.byteOffset + headerAt, slots), aligned.subarray(bodyAt, extraAt));
    return extraLength > 0 ? { index, extra: aligned.subarray(extraAt, crcAt) } : { index };
  } catch {
    return 'corrupt';
  }
}

/** The identity a file was written with, from its first bytes only (no checksum: that needs the whole file). */
export function indexFileIdentity(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const preamble = Buffer.alloc(PREAMBLE_WORDS * 4);
    if (readSync(fd, preamble, 0, preamble.length, 0) !== preamble.length) return undefined;
    if (preamble.readUInt32LE(0) !== MAGIC || preamble.readUInt32LE(4) !== INDEX_FILE_VERSION) return undefined;
    const idAt = PREAMBLE_WORDS * 4 + preamble.readUInt32LE(8) * 4;
    const id = Buffer.alloc(preamble.readUInt32LE(20));
    if (readSync(fd, id, 0, id.length, idAt) !== id.length) return undefined;
    return id.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
