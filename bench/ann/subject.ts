// One interface in front of every system the ANN benchmark measures. A worker process
// (worker.ts) holds one subject: it opens it, builds it over the base vectors (row i has id i),
// then, for each search setting, prepares it and runs the queries one at a time.
import type { Metric } from './datasets.js';

export interface BuildParams {
  /** HNSW graph degree (M / connectivity). */
  M: number;
  efConstruction: number;
}

export interface VectorSet {
  /** Row-major float32, row i = id i. */
  data: Float32Array;
  n: number;
  dim: number;
}

export interface BuildResult {
  /** Seconds spent writing the rows, where the subject separates that from building the index. */
  insertS?: number;
  /** Seconds from the start of index building until the index covers every row. */
  buildS: number;
  /** Anything the reader should know (an index that never covered every row, the index kind...). */
  notes: string[];
}

export interface AnnSubject {
  /** Row label in the report. */
  readonly name: string;
  /** What is built, as the report states it (e.g. "HNSW, f32"). */
  readonly kind: string;
  /** Work done before the memory baseline (start a server, open a client, load an addon). */
  open(): Promise<void>;
  /** The process whose memory holds the subject (default: the worker itself). */
  memoryPid?(): number | undefined;
  build(vectors: VectorSet, metric: Metric, params: BuildParams): Promise<BuildResult>;
  /** Called before the queries of one search setting, outside the timing (ef; 0 for exact). */
  prepare?(ef: number, queries: readonly Float32Array[]): Promise<void>;
  /** The ids of the k nearest rows to `query`, nearest first. */
  search(query: Float32Array, k: number, ef: number): number[] | Promise<number[]>;
  /** CPU time (ms) of processes the subject started (a server), read before they stop. */
  helperCpuMs?(): number | undefined;
  close(): Promise<void>;
}

export type SubjectId =
  'usearch' | 'hnswlib-node' | 'lancedb' | 'elanus-engine' | 'elanus-embedded' | 'elanus-grpc' | 'usearch-exact' | 'elanus-embedded-flat';

/** The HNSW (or other ANN) subjects, measured at every ef. */
export const ANN_SUBJECTS: readonly SubjectId[] = ['usearch', 'hnswlib-node', 'lancedb', 'elanus-engine', 'elanus-embedded', 'elanus-grpc'];
/** The exact-search subjects, one query per call. */
export const EXACT_SUBJECTS: readonly SubjectId[] = ['usearch-exact', 'elanus-embedded-flat'];

export const SUBJECT_LABELS: Record<SubjectId, string> = {
  usearch: 'usearch',
  'hnswlib-node': 'hnswlib-node',
  lancedb: 'LanceDB',
  'elanus-engine': 'Elanus engine',
  'elanus-embedded': 'Elanus embedded',
  'elanus-grpc': 'Elanus gRPC',
  'usearch-exact': 'usearch exactSearch',
  'elanus-embedded-flat': 'Elanus embedded FLAT',
};
