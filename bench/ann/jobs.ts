// What bench/ann.ts and its worker processes (worker.ts) pass each other: a job as the worker's
// first argument (JSON); the result as JSON in the file named by its second argument (a file,
// not stdout: a process that exits right after writing a large result to a pipe can cut it short).
import type { DatasetFiles, Metric } from './datasets.js';
import type { MemorySample } from './memory.js';
import type { BuildParams, BuildResult, SubjectId } from './subject.js';
import type { TruthKey } from './truth.js';

export interface TruthJob {
  kind: 'truth';
  files: DatasetFiles;
  metric: Metric;
  key: TruthKey;
  k: number;
}

export interface MeasureJob {
  kind: 'measure';
  subject: SubjectId;
  files: DatasetFiles;
  metric: Metric;
  params: BuildParams;
  /** Search settings: ef values (0 for an exact subject, which has none). */
  efs: number[];
  k: number;
  /** Queries per setting: up to maxQueries, stopping early once minQueries ran and budgetS passed. */
  maxQueries: number;
  minQueries: number;
  budgetS: number;
  /** Untimed queries before each setting's timed run. */
  warmup: number;
  indexTimeoutS: number;
}

export type Job = TruthJob | MeasureJob;

export interface Cell {
  ef: number;
  /** Per query, ms; queries 0..latencies.length-1 in order. */
  latencies: number[];
  ids: number[][];
  /** Why this setting stopped early or failed, if it did. */
  error?: string;
}

export interface MeasureResult {
  kind: string;
  build?: BuildResult;
  /** This process before and after reading the vectors: what the data itself takes. */
  dataBefore: MemorySample;
  dataAfter: MemorySample;
  /** The process holding the subject (this one, or the server) before and after the build. */
  before?: MemorySample;
  after?: MemorySample;
  /**
   * The server only: a sample after SERVER_IDLE_MS of idling once the build is done. Another
   * process cannot be made to collect its garbage; V8 collects it when the server goes idle.
   */
  afterIdle?: MemorySample;
  memoryOf: 'worker' | 'server';
  cells: Cell[];
  /** CPU (ms) of this process and of any process it started. */
  cpuMs: number;
  error?: string;
}

export interface TruthResult {
  cpuMs: number;
  seconds: number;
}

/** How long the server idles after the build before its memory is sampled again. */
export const SERVER_IDLE_MS = 20_000;
