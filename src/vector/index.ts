// The vector kernel: the WebAssembly HNSW/FLAT index (kernel.ts), IVF_FLAT's lists, the sparse
// inverted index, index files on disk and the worker thread that builds them. It knows nothing
// of collections or segments: the engine hands it rows and asks it for row numbers.
export {
  KERNEL_METRIC,
  MAX_EF,
  MAX_RESULTS,
  KernelIndex,
  toScore,
  type KernelHits,
  type KernelKind,
  type KernelMetric,
  type KernelOptions,
} from './kernel.js';
export { IvfLists } from './ivf.js';
export { SparseInvertedIndex, type SparseHits, type SparseVector } from './sparse-inverted.js';
export {
  INDEX_FILE_VERSION,
  crc32,
  indexFileIdentity,
  readIndexFile,
  writeIndexFile,
  type IndexFileProblem,
  type IndexIdentity,
  type StoredIndex,
} from './index-file.js';
export { IndexBuilder } from './index-builder.js';
