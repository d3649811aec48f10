// The ANN benchmark's data sets, each a base set plus queries drawn from the same distribution
// but not in it:
//   clustered      100,000 x 128 float32 around 100 Gaussian centres (fixed seeds), 1,000 queries
//   fashion-mnist  the 60,000 Fashion-MNIST training images, 784 pixels each as float32 0..255
//                  (raw pixel values, not scaled), queries = the first 1,000 test images
// ELANUS_ANN_SCALE (0 < s <= 1) shrinks both: base rows x s, queries x s (at least 100).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusteredVectors } from '../dataset.js';
import { readIdx } from './idx.js';

export type Metric = 'L2' | 'COSINE';
export const METRICS: readonly Metric[] = ['L2', 'COSINE'];

export type DatasetName = 'clustered' | 'fashion-mnist';
export const DATASET_NAMES: readonly DatasetName[] = ['clustered', 'fashion-mnist'];

export interface Dataset {
  name: DatasetName;
  dim: number;
  /** Base rows; row i has id i in every subject. */
  n: number;
  base: Float32Array;
  nq: number;
  queries: Float32Array;
  /** One line for the report. */
  description: string;
  /** Hex digest of dim, base and queries: keys the ground-truth cache. */
  digest: string;
}

export const CLUSTERED = {
  rows: 100_000,
  queries: 1_000,
  dim: 128,
  clusters: 100,
  spread: 0.35,
  centreSeed: 2024,
  baseSeed: 1,
  querySeed: 2,
} as const;
export const FASHION = { rows: 60_000, queries: 1_000, dim: 784 } as const;
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_PACKAGE = 'dataset-fashion-mnist';

/** ELANUS_ANN_SCALE, default 1. */
export function annScale(): number {
  const raw = process.env.ELANUS_ANN_SCALE;
  if (raw === undefined || raw === '') return 1;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 1) throw new Error(`ELANUS_ANN_SCALE must be a number in (0, 1], not ${JSON.stringify(raw)}`);
  return s;
}

export const scaledRows = (rows: number, scale: number) => Math.max(100, Math.round(rows * scale));
export const scaledQueries = (queries: number, scale: number) => Math.min(queries, Math.max(100, Math.round(queries * scale)));

function digest(dim: number, base: Float32Array, queries: Float32Array): string {
  const h = createHash('sha256');
  h.update(`dim=${dim};`);
  h.update(new Uint8Array(base.buffer, base.byteOffset, base.byteLength));
  h.update(new Uint8Array(queries.buffer, queries.byteOffset, queries.byteLength));
  return h.digest('hex').slice(0, 16);
}

export function clusteredDataset(scale: number): Dataset {
  const { dim, clusters, spread, centreSeed } = CLUSTERED;
  const n = scaledRows(CLUSTERED.rows, scale);
  const nq = scaledQueries(CLUSTERED.queries, scale);
  // Same centres, different point streams: the queries follow the base set's distribution
  // without being points of it.
  const base = new ClusteredVectors({ dim, clusters, spread, centreSeed, pointSeed: CLUSTERED.baseSeed }).next(n);
  const queries = new ClusteredVectors({ dim, clusters, spread, centreSeed, pointSeed: CLUSTERED.querySeed }).next(nq);
  return {
    name: 'clustered',
    dim,
    n,
    base,
    nq,
    queries,
    description:
      `${n.toLocaleString('en-US')} x ${dim} float32 drawn around ${clusters} Gaussian centres (N(0,1) coordinates, ` +
      `spread ${spread} per coordinate, fixed seeds), ${nq.toLocaleString('en-US')} queries from the same distribution`,
    digest: digest(dim, base, queries),
  };
}

/** The IDX file in `dir` whose name starts with `stem` (gzipped or not). */
function idxFile(dir: string, stem: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir)
    .filter((f) => f === stem || f === `${stem}.gz`)
    .sort();
  return found.length ? join(dir, found[0]!) : undefined;
}

function runApt(args: string[], log: (line: string) => void): boolean {
  log(`ann: running \`apt-get ${args.join(' ')}\``);
  const r = spawnSync('apt-get', args, {
    stdio: ['ignore', 2, 2],
    timeout: 10 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) log(`ann: apt-get could not run: ${r.error.message}`);
  else if (r.status !== 0) log(`ann: apt-get ${args[0]} exited with ${r.status}`);
  return !r.error && r.status === 0;
}

/**
 * The directory holding Fashion-MNIST's IDX files: ELANUS_ANN_FASHION_DIR, else Debian's
 * package's directory, installing the package with apt-get when it is not there (apt-get update
 * first when the install fails). Throws, saying why, when the files cannot be had.
 */
export function fashionDir(log: (line: string) => void): string {
  const dir = process.env.ELANUS_ANN_FASHION_DIR || FASHION_DIR;
  const complete = () => idxFile(dir, 'train-images-idx3-ubyte') && idxFile(dir, 't10k-images-idx3-ubyte');
  if (complete()) return dir;
  if (process.env.ELANUS_ANN_FASHION_DIR)
    throw new Error(`ELANUS_ANN_FASHION_DIR=${dir} holds no train-images-idx3-ubyte(.gz) and t10k-images-idx3-ubyte(.gz)`);
  log(`ann: ${dir} is missing; installing Debian's ${FASHION_PACKAGE}`);
  if (!runApt(['install', '-y', '--no-install-recommends', FASHION_PACKAGE], log)) {
    runApt(['update'], log);
    runApt(['install', '-y', '--no-install-recommends', FASHION_PACKAGE], log);
  }
  if (!complete()) throw new Error(`Fashion-MNIST unavailable: ${dir} still lacks its IDX files after trying to install ${FASHION_PACKAGE}`);
  return dir;
}

function imagesAsFloats(path: string, count: number, dim: number): Float32Array {
  const idx = readIdx(path);
  if (idx.dims.length !== 3 || idx.dims[1]! * idx.dims[2]! !== dim) throw new Error(`${path}: dimensions ${idx.dims.join('x')}, not N x 28 x 28`);
  if (idx.dims[0]! < count) throw new Error(`${path}: ${idx.dims[0]} images, ${count} wanted`);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = idx.data[i]!;
  return out;
}

export function fashionDataset(scale: number, log: (line: string) => void): Dataset {
  const dir = fashionDir(log);
  const { dim } = FASHION;
  const n = scaledRows(FASHION.rows, scale);
  const nq = scaledQueries(FASHION.queries, scale);
  const base = imagesAsFloats(idxFile(dir, 'train-images-idx3-ubyte')!, n, dim);
  const queries = imagesAsFloats(idxFile(dir, 't10k-images-idx3-ubyte')!, nq, dim);
  return {
    name: 'fashion-mnist',
    dim,
    n,
    base,
    nq,
    queries,
    description:
      `Fashion-MNIST: the first ${n.toLocaleString('en-US')} training images as ${dim} float32 pixel values 0..255 (unscaled), ` +
      `queries the first ${nq.toLocaleString('en-US')} test images`,
    digest: digest(dim, base, queries),
  };
}

// ---- the form the worker processes read them in ----

export interface DatasetFiles {
  name: DatasetName;
  dim: number;
  n: number;
  nq: number;
  /** Raw little-endian float32, row-major. */
  basePath: string;
  queriesPath: string;
}

function writeFloats(path: string, a: Float32Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function writeDatasetFiles(ds: Dataset, dir: string): DatasetFiles {
  const basePath = join(dir, `${ds.name}.base.f32`);
  const queriesPath = join(dir, `${ds.name}.queries.f32`);
  writeFloats(basePath, ds.base);
  writeFloats(queriesPath, ds.queries);
  return { name: ds.name, dim: ds.dim, n: ds.n, nq: ds.nq, basePath, queriesPath };
}

/** Reads a file written by writeDatasetFiles into a Float32Array of its own (offset 0). */
export function readFloats(path: string, count: number): Float32Array {
  const bytes = readFileSync(path);
  if (bytes.byteLength !== count * 4) throw new Error(`${path}: ${bytes.byteLength} bytes, ${count * 4} expected`);
  const out = new Float32Array(count);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
