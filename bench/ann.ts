// Approximate nearest neighbour search (`npm run bench -- ann`): HNSW build time, memory, and
// QPS against recall@10 at ef 16..256 for usearch, hnswlib-node, LanceDB (for context) and Elanus
// (embedded and through `elanus serve`), on a clustered synthetic set (100k x 128) and on
// Fashion-MNIST (60k x 784), each with L2 and COSINE; plus exact search, one query per call,
// Elanus FLAT against usearch's exactSearch. Every subject runs alone in its own child process
// (bench/ann/worker.ts), one query at a time, on one thread where the subject allows it.
//
// The peer libraries are their own npm package in bench/ann (installed on first use, see
// bench/ann/peers.ts). Environment:
//   ELANUS_ANN_SCALE=0.1            base rows and queries x 0.1 (at least 100 queries) for a quick run
//   ELANUS_ANN_DATASETS=clustered   only these data sets (comma-separated: clustered, fashion-mnist)
//   ELANUS_ANN_SUBJECTS=usearch,... only these subjects (see SUBJECT_LABELS in bench/ann/subject.ts)
//   ELANUS_ANN_INDEX_TIMEOUT_S=300  how long Elanus may take to report every row indexed
//   ELANUS_ANN_FASHION_DIR=DIR      Fashion-MNIST's IDX files from DIR instead of Debian's package
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext, BenchReport } from './benchmark.js';
import {
  annScale,
  clusteredDataset,
  DATASET_NAMES,
  fashionDataset,
  METRICS,
  writeDatasetFiles,
  type Dataset,
  type DatasetFiles,
  type DatasetName,
  type Metric,
} from './ann/datasets.js';
import { SERVER_IDLE_MS, type Job, type MeasureJob, type MeasureResult, type TruthResult } from './ann/jobs.js';
import { ALLOCATOR_ENV, growth } from './ann/memory.js';
import { WORKER_PATH } from './ann/paths.js';
import { ensurePeers, peerVersion, type PeerPackage } from './ann/peers.js';
import { ANN_SUBJECTS, EXACT_SUBJECTS, SUBJECT_LABELS, type BuildParams, type SubjectId } from './ann/subject.js';
import { INSERT_BATCH } from './ann/subjects/elanus.js';
import { LANCE_SINGLE_THREAD_ENV } from './ann/subjects/lancedb.js';
import { exactDistance, norms, queryRecall, readCachedTruth, TOPK, type Truth, type TruthKey } from './ann/truth.js';
import { markdownTable, textTable, type Table } from './report.js';
import { fmtMs, fmtRate, percentile } from './stats.js';

const PARAMS: BuildParams = { M: 16, efConstruction: 200 };
const EFS = [16, 32, 64, 128, 256];
const RECALL_TARGET = 0.99;
/** Per ef setting: every query, unless the setting has run MIN_QUERIES and BUDGET_S seconds. */
const ANN_MIN_QUERIES = 100;
const ANN_BUDGET_S = 5;
const ANN_WARMUP = 10;
/** Exact search: a fixed number of queries, one per call. */
const EXACT_QUERIES = 200;
const EXACT_WARMUP = 5;
const DEFAULT_INDEX_TIMEOUT_S = 300;
/** A worker that runs longer than this past its index timeout is stopped. */
const WORKER_SLACK_S = 20 * 60;

const MiB = 1024 * 1024;

/** The peers each subject needs. */
const NEEDS: Record<SubjectId, PeerPackage[]> = {
  usearch: ['usearch'],
  'usearch-exact': ['usearch'],
  'hnswlib-node': ['hnswlib-node'],
  lancedb: ['@lancedb/lancedb', 'apache-arrow'],
  'elanus-engine': [],
  'elanus-embedded': [],
  'elanus-grpc': [],
  'elanus-embedded-flat': [],
};

function listEnv<T extends string>(name: string, known: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...known];
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = wanted.filter((w) => !known.includes(w as T));
  if (bad.length) throw new Error(`${name}: unknown ${bad.join(', ')}; known: ${known.join(', ')}`);
  return known.filter((k) => wanted.includes(k));
}

// ---- worker processes ----

interface WorkerOutcome<T> {
  result?: T;
  error?: string;
  cpuMs?: number;
}

let workerRuns = 0;

function runWorker<T extends { cpuMs: number }>(
  job: Job,
  dir: string,
  env: Record<string, string>,
  timeoutS: number,
  log: (line: string) => void,
): Promise<WorkerOutcome<T>> {
  const resultPath = join(dir, `result-${++workerRuns}.json`);
  return new Promise((resolve) => {
    // Its own process group, so that a stuck worker goes down with the server it may have started.
    const child = spawn(process.execPath, ['--expose-gc', WORKER_PATH, JSON.stringify(job), resultPath], {
      env: { ...process.env, ...ALLOCATOR_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let errTail = '';
    let partial = '';
    let timedOut = false;
    // Anything a library prints on stdout is progress too.
    child.stdout.on('data', (c: Buffer) => log(c.toString().trimEnd()));
    child.stderr.on('data', (c: Buffer) => {
      const text = partial + c.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        log(line);
        errTail = `${errTail}${line}\n`.slice(-2000);
      }
    });
    const timer = setTimeout(() => {
      timedOut = true;
      log(`ann: worker ran past ${timeoutS} s; stopping it`);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `could not start the worker: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial) log(partial);
      if (code === 0 && existsSync(resultPath)) {
        try {
          const result = JSON.parse(readFileSync(resultPath, 'utf8')) as T;
          resolve({ result, cpuMs: result.cpuMs });
        } catch (e) {
          resolve({ error: `unreadable worker result: ${String(e)}` });
        }
        rmSync(resultPath, { force: true });
        return;
      }
      const why = timedOut ? `stopped after ${timeoutS} s` : `worker exited with ${signal ?? code}`;
      const last = errTail.trim().split('\n').slice(-3).join(' | ');
      resolve({ error: last ? `${why}: ${last}` : why });
    });
  });
}

async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  });
  await Promise.all(lanes);
  return out;
}

// ---- figures ----

interface CellFigure {
  ef: number;
  queries: number;
  qps: number;
  p50: number;
  p99: number;
  recall: number;
  error?: string;
}

interface SubjectFigure {
  subject: SubjectId;
  dataset: DatasetName;
  metric: Metric;
  kind: string;
  insertS?: number;
  buildS?: number;
  notes: string[];
  /** Bytes: the vectors in the worker (raw size), and the subject's growth over its build. */
  rawBytes: number;
  anonGrowth?: number;
  /** The server's private memory growth after it idled (SERVER_IDLE_MS). */
  anonIdleGrowth?: number;
  rssGrowth?: number;
  memoryOf: 'worker' | 'server';
  cells: CellFigure[];
  error?: string;
}

interface DatasetFigure {
  name: DatasetName;
  description?: string;
  n?: number;
  nq?: number;
  dim?: number;
  unavailable?: string;
  /** Growth of a worker's private memory from reading the vectors (the first worker's). */
  vectorsMeasured?: number;
  truthSeconds: Partial<Record<Metric, number | 'cached'>>;
}

function cellFigures(r: MeasureResult, ds: Dataset, metric: Metric, truth: Truth, rowNorms: Float64Array | undefined): CellFigure[] {
  return r.cells.map((c) => {
    const sorted = [...c.latencies].sort((a, b) => a - b);
    const total = c.latencies.reduce((a, b) => a + b, 0);
    let recallSum = 0;
    c.ids.forEach((ids, qi) => {
      const q = ds.queries.subarray(qi * ds.dim, (qi + 1) * ds.dim);
      recallSum += queryRecall(truth, qi, ids, (row) => (row < ds.n ? exactDistance(metric, ds.base, ds.dim, row, q, rowNorms?.[row]) : Infinity));
    });
    return {
      ef: c.ef,
      queries: c.latencies.length,
      qps: total > 0 ? (c.latencies.length * 1000) / total : Number.NaN,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      recall: c.ids.length ? recallSum / c.ids.length : Number.NaN,
      error: c.error,
    };
  });
}

/** The highest QPS among the settings whose recall reaches the target (no interpolation). */
function atTarget(f: SubjectFigure | undefined): CellFigure | undefined {
  if (!f) return undefined;
  let best: CellFigure | undefined;
  for (const c of f.cells) if (c.queries > 0 && c.recall >= RECALL_TARGET && (!best || c.qps > best.qps)) best = c;
  return best;
}

// ---- the benchmark ----

async function run(ctx: BenchContext): Promise<BenchReport> {
  const scale = annScale();
  const datasetNames = listEnv('ELANUS_ANN_DATASETS', DATASET_NAMES);
  const subjects = listEnv('ELANUS_ANN_SUBJECTS', [...ANN_SUBJECTS, ...EXACT_SUBJECTS] as SubjectId[]);
  const indexTimeoutS = Number(process.env.ELANUS_ANN_INDEX_TIMEOUT_S || DEFAULT_INDEX_TIMEOUT_S);
  if (!(indexTimeoutS > 0)) throw new Error('ELANUS_ANN_INDEX_TIMEOUT_S must be a positive number of seconds');
  ctx.log(`ann: scale ${scale}; data sets ${datasetNames.join(', ')}; subjects ${subjects.join(', ')}`);

  const peers = subjects.some((s) => NEEDS[s].length) ? ensurePeers(ctx.log) : new Map<PeerPackage, string | undefined>();
  const unavailable = (s: SubjectId): string | undefined => {
    const broken = NEEDS[s].filter((p) => peers.get(p) !== undefined);
    return broken.length ? `peer unavailable: ${broken.map((p) => `${p} (${peers.get(p)})`).join('; ')}` : undefined;
  };

  const figures: SubjectFigure[] = [];
  const datasets: DatasetFigure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'elanus-ann-data-'));
  try {
    for (const name of datasetNames) {
      const dsFigure: DatasetFigure = { name, truthSeconds: {} };
      datasets.push(dsFigure);
      let ds: Dataset;
      try {
        const t0 = performance.now();
        ds = name === 'clustered' ? clusteredDataset(scale) : fashionDataset(scale, ctx.log);
        ctx.log(`ann: ${name}: ${ds.n} x ${ds.dim} + ${ds.nq} queries ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } catch (e) {
        dsFigure.unavailable = (e as Error)?.message ?? String(e);
        ctx.log(`ann: ${name} unavailable: ${dsFigure.unavailable}`);
        continue;
      }
      Object.assign(dsFigure, { description: ds.description, n: ds.n, nq: ds.nq, dim: ds.dim });
      const files = writeDatasetFiles(ds, dir);
      const truths = await groundTruth(ctx, ds, files, dir, dsFigure);

      for (const metric of METRICS) {
        const truth = truths.get(metric);
        if (!truth) continue;
        const rowNorms = metric === 'COSINE' ? norms(ds.base, ds.n, ds.dim) : undefined;
        for (const subject of subjects) {
          const exact = EXACT_SUBJECTS.includes(subject);
          const figure: SubjectFigure = {
            subject,
            dataset: name,
            metric,
            kind: '',
            notes: [],
            rawBytes: ds.n * ds.dim * 4,
            memoryOf: subject === 'elanus-grpc' ? 'server' : 'worker',
            cells: [],
          };
          figures.push(figure);
          const missing = unavailable(subject);
          if (missing) {
            figure.error = missing;
            continue;
          }
          const job: MeasureJob = {
            kind: 'measure',
            subject,
            files,
            metric,
            params: PARAMS,
            efs: exact ? [0] : EFS,
            k: TOPK,
            maxQueries: exact ? EXACT_QUERIES : ds.nq,
            minQueries: exact ? EXACT_QUERIES : ANN_MIN_QUERIES,
            budgetS: exact ? 1e9 : ANN_BUDGET_S,
            warmup: exact ? EXACT_WARMUP : ANN_WARMUP,
            indexTimeoutS,
          };
          ctx.log(`ann: ${name} ${metric} ${SUBJECT_LABELS[subject]}`);
          const t0 = performance.now();
          const outcome = await runWorker<MeasureResult>(
            job,
            dir,
            subject === 'lancedb' ? LANCE_SINGLE_THREAD_ENV : {},
            indexTimeoutS + WORKER_SLACK_S,
            ctx.log,
          );
          ctx.noteChildCpuMs(outcome.cpuMs);
          ctx.log(`ann: ${name} ${metric} ${SUBJECT_LABELS[subject]} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          const r = outcome.result;
          if (!r) {
            figure.error = outcome.error ?? 'no result';
            continue;
          }
          figure.kind = r.kind;
          figure.error = r.error;
          figure.insertS = r.build?.insertS;
          figure.buildS = r.build?.buildS;
          figure.notes = r.build?.notes ?? [];
          dsFigure.vectorsMeasured ??= growth(r.dataBefore, r.dataAfter).rssAnon;
          if (r.before && r.after) {
            const g = growth(r.before, r.after);
            figure.anonGrowth = g.rssAnon;
            figure.rssGrowth = g.rss;
            if (r.afterIdle) figure.anonIdleGrowth = growth(r.before, r.afterIdle).rssAnon;
          }
          figure.cells = cellFigures(r, ds, metric, truth, rowNorms);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report(figures, datasets, scale, subjects, indexTimeoutS);
}

/** Exact top-k for both metrics: from the cache, else computed by two workers side by side. */
async function groundTruth(ctx: BenchContext, ds: Dataset, files: DatasetFiles, dir: string, figure: DatasetFigure): Promise<Map<Metric, Truth>> {
  const keyOf = (metric: Metric): TruthKey => ({ dataset: ds.name, metric, n: ds.n, nq: ds.nq, dim: ds.dim, digest: ds.digest });
  const out = new Map<Metric, Truth>();
  const todo: Metric[] = [];
  for (const metric of METRICS) {
    const cached = readCachedTruth(keyOf(metric));
    if (cached) {
      out.set(metric, cached);
      figure.truthSeconds[metric] = 'cached';
    } else {
      todo.push(metric);
    }
  }
  if (todo.length) ctx.log(`ann: ${ds.name}: computing exact top-${TOPK} (${todo.join(', ')}) by brute force`);
  await pool(
    todo.map((metric) => async () => {
      const outcome = await runWorker<TruthResult>({ kind: 'truth', files, metric, key: keyOf(metric), k: TOPK }, dir, {}, 60 * 60, ctx.log);
      ctx.noteChildCpuMs(outcome.cpuMs);
      const t = readCachedTruth(keyOf(metric));
      if (!t) {
        ctx.log(`ann: ${ds.name} ${metric}: no ground truth: ${outcome.error ?? 'the worker wrote none'}; skipping this metric`);
        return;
      }
      out.set(metric, t);
      figure.truthSeconds[metric] = outcome.result?.seconds;
      ctx.log(`ann: ${ds.name} ${metric}: ground truth in ${outcome.result?.seconds.toFixed(1)} s`);
    }),
    2,
  );
  return out;
}

// ---- the report ----

const mib = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / MiB).toFixed(1));
const secs = (s: number | undefined) => (s === undefined ? '—' : s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(b > 0) ? '—' : `${(a / b).toFixed(3)}×`);
const label = (s: SubjectId) => SUBJECT_LABELS[s];

function report(figures: SubjectFigure[], datasets: DatasetFigure[], scale: number, subjects: SubjectId[], indexTimeoutS: number): BenchReport {
  const combos: { dataset: DatasetName; metric: Metric }[] = [];
  for (const d of datasets)
    for (const metric of METRICS) if (figures.some((f) => f.dataset === d.name && f.metric === metric)) combos.push({ dataset: d.name, metric });
  const fig = (dataset: DatasetName, metric: Metric, s: SubjectId) =>
    figures.find((f) => f.dataset === dataset && f.metric === metric && f.subject === s);
  const annSubjects = subjects.filter((s) => ANN_SUBJECTS.includes(s));
  const exactSubjects = subjects.filter((s) => EXACT_SUBJECTS.includes(s));
  const problems: string[] = [];
  for (const f of figures) {
    if (f.error) problems.push(`${f.dataset} ${f.metric} ${label(f.subject)}: ${f.error}`);
    for (const c of f.cells) if (c.error) problems.push(`${f.dataset} ${f.metric} ${label(f.subject)} ef ${c.ef}: ${c.error}`);
  }

  // Headline: QPS at recall >= target.
  const headline: Table = {
    columns: [
      'data set',
      'metric',
      ...annSubjects.map(label),
      'Elanus engine ÷ best peer',
      'Elanus embedded ÷ best peer',
      'Elanus gRPC ÷ best peer',
    ],
    align: ['l', 'l', ...annSubjects.map(() => 'r' as const), 'r', 'r', 'r'],
    rows: combos.map(({ dataset, metric }) => {
      const at = (s: SubjectId) => atTarget(fig(dataset, metric, s));
      const cell = (s: SubjectId) => {
        const f = fig(dataset, metric, s);
        if (!f || f.error) return f?.error ? 'failed' : '—';
        const c = at(s);
        if (c) return `${fmtRate(c.qps)} (ef ${c.ef})`;
        const bestRecall = Math.max(...f.cells.filter((x) => x.queries > 0).map((x) => x.recall));
        return Number.isFinite(bestRecall) ? `not reached (max ${bestRecall.toFixed(3)})` : '—';
      };
      const peerQps = ['usearch', 'hnswlib-node'].map((s) => at(s as SubjectId)?.qps).filter((q): q is number => q !== undefined);
      const bestPeer = peerQps.length ? Math.max(...peerQps) : undefined;
      return [
        dataset,
        metric,
        ...annSubjects.map(cell),
        ratio(at('elanus-engine')?.qps, bestPeer),
        ratio(at('elanus-embedded')?.qps, bestPeer),
        ratio(at('elanus-grpc')?.qps, bestPeer),
      ];
    }),
  };

  // QPS / recall at each ef.
  const curve: Table = {
    columns: ['data set', 'metric', 'subject', ...EFS.map((ef) => `ef ${ef}: QPS / recall`)],
    align: ['l', 'l', 'l', ...EFS.map(() => 'r' as const)],
    rows: combos.flatMap(({ dataset, metric }) =>
      annSubjects.map((s) => {
        const f = fig(dataset, metric, s);
        return [
          dataset,
          metric,
          label(s),
          ...EFS.map((ef) => {
            const c = f?.cells.find((x) => x.ef === ef);
            if (!c || c.queries === 0) return f?.error || c?.error ? 'failed' : '—';
            const nq = datasets.find((d) => d.name === dataset)?.nq;
            return `${fmtRate(c.qps)} / ${c.recall.toFixed(3)}${nq !== undefined && c.queries < nq ? ` (${c.queries} q)` : ''}`;
          }),
        ];
      }),
    ),
  };

  // Build and memory.
  const build: Table = {
    columns: [
      'data set',
      'metric',
      'subject',
      'index',
      'insert s',
      'build s',
      'raw vectors MiB',
      'private memory growth MiB',
      '× raw',
      'RSS growth MiB',
    ],
    align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: combos.flatMap(({ dataset, metric }) =>
      [...annSubjects, ...exactSubjects.filter((s) => s === 'elanus-embedded-flat')].map((s) => {
        const f = fig(dataset, metric, s);
        if (!f) return [dataset, metric, label(s), '—', '—', '—', '—', '—', '—', '—'];
        const anon = f.anonGrowth;
        return [
          dataset,
          metric,
          `${label(s)}${f.memoryOf === 'server' ? ' (server process)' : ''}`,
          f.error && !f.kind ? 'failed' : f.kind,
          secs(f.insertS),
          secs(f.buildS),
          mib(f.rawBytes),
          f.anonIdleGrowth === undefined ? mib(anon) : `${mib(anon)} (${mib(f.anonIdleGrowth)} idle)`,
          anon === undefined
            ? '—'
            : `${(anon / f.rawBytes).toFixed(2)}${f.anonIdleGrowth === undefined ? '' : ` (${(f.anonIdleGrowth / f.rawBytes).toFixed(2)})`}`,
          mib(f.rssGrowth),
        ];
      }),
    ),
  };

  // Exact search.
  const exactQps = (dataset: DatasetName, metric: Metric, s: SubjectId) => fig(dataset, metric, s)?.cells[0];
  const exact: Table = {
    columns: ['data set', 'metric', ...exactSubjects.flatMap((s) => [`${label(s)} QPS`, 'p50 ms', 'recall']), 'Elanus ÷ usearch'],
    align: ['l', 'l', ...exactSubjects.flatMap(() => ['r', 'r', 'r'] as const), 'r'],
    rows: combos.map(({ dataset, metric }) => [
      dataset,
      metric,
      ...exactSubjects.flatMap((s) => {
        const c = exactQps(dataset, metric, s);
        if (!c || c.queries === 0) return [fig(dataset, metric, s)?.error ? 'failed' : '—', '—', '—'];
        return [`${fmtRate(c.qps)} (${c.queries} q)`, fmtMs(c.p50), c.recall.toFixed(3)];
      }),
      ratio(exactQps(dataset, metric, 'elanus-embedded-flat')?.qps, exactQps(dataset, metric, 'usearch-exact')?.qps),
    ]),
  };

  const dataLines = datasets.map((d) => {
    if (d.unavailable) return `- **${d.name}**: unavailable: ${d.unavailable}`;
    const t = METRICS.map((m) => {
      const s = d.truthSeconds[m];
      return `${m} ${s === 'cached' ? 'from the cache' : s === undefined ? 'missing' : `${s.toFixed(1)} s`}`;
    }).join(', ');
    const raw = d.n !== undefined && d.dim !== undefined ? d.n * d.dim * 4 : undefined;
    const read =
      d.vectorsMeasured === undefined
        ? ''
        : ` Reading the vectors into a worker grew its private memory by ${mib(d.vectorsMeasured)} MiB (raw size ${mib(raw)} MiB).`;
    return `- **${d.name}**: ${d.description}.${read} Ground truth: ${t}.`;
  });
  const noteLines = figures.filter((f) => f.notes.length).map((f) => `- ${f.dataset} ${f.metric} ${label(f.subject)}: ${f.notes.join('; ')}`);
  const versions = `usearch ${peerVersion('usearch') ?? '?'}, hnswlib-node ${peerVersion('hnswlib-node') ?? '?'}, @lancedb/lancedb ${peerVersion('@lancedb/lancedb') ?? '?'}`;

  const scaleNote = scale === 1 ? '' : ` **Scaled run: ELANUS_ANN_SCALE=${scale}.**`;
  const method = `How it was measured (bench/ann.ts, bench/ann/):${scaleNote}

- **Data sets**:
${dataLines.map((l) => `  ${l}`).join('\n')}
- **Ground truth**: exact top-${TOPK} of every query by a plain brute force accumulating in float64
  (squared L2; COSINE as 1 − cos), cached in bench/ann/.cache keyed by data set, metric, sizes and a
  digest of the vectors. **recall@${TOPK}** = |returned ∩ true top-${TOPK}| / ${TOPK}, averaged over the
  queries run, where a returned row whose exact distance equals the ${TOPK}th true distance (within a
  relative 1e-5, i.e. a tie or float32 rounding) also counts.
- **Subjects** (peers: ${versions}), every one with M = ${PARAMS.M}, efConstruction = ${PARAMS.efConstruction}:
  usearch \`Index\` (f32, connectivity M, expansion_add efConstruction; \`add\` and \`search\` with
  threads = 1; its binding fixes expansion_search at construction, so for each ef the built index is
  saved once and loaded into an Index made with that ef, outside the timing); hnswlib-node
  \`HierarchicalNSW\` (\`initIndex(n, M, efConstruction)\`, one \`addPoint\` per row with the row
  converted to a number array inside the build time, \`setEf\`, \`searchKnn\`); LanceDB embedded, for
  context (a table in a temp dir written from one Arrow table, then \`Index.hnswSq\` with one partition:
  IVF_HNSW_SQ, i.e. HNSW over 8-bit scalar-quantised vectors, searched with \`.ef(ef)\` and no refine;
  its CPU pools set to one thread by LANCE_CPU_THREADS / RAYON_NUM_THREADS / TOKIO_WORKER_THREADS = 1,
  its I/O threads its own); **Elanus engine**: the engine's API called in the worker, no client (the
  same steps as below; the issue's "engine path"); Elanus through its own \`MilvusClient\`, **embedded** (\`uri\` a temp data
  dir, the engine in the worker) and **gRPC** (\`uri\` http://127.0.0.1:PORT of an \`elanus serve\`
  child on a temp dir): collection (Int64 \`id\`, FloatVector \`vec\`), rows inserted ${INSERT_BATCH.toLocaleString('en-US')} per
  call (**insert s**), then createIndex HNSW {M, efConstruction} with the metric, flush, load, and
  describeIndex polled every 200 ms until indexed_rows equals the row count (**build s** is from
  createIndex to then; at most ${indexTimeoutS} s, then noted), searches with limit ${TOPK} and params {ef}.
  Row i has id i everywhere.
- **Build s** for usearch / hnswlib-node is the time of adding every row; for LanceDB createIndex
  (its table write is insert s).
- **Searches**: one query per call, one in flight, k = ${TOPK}, queries in a fixed order; per ef,
  ${ANN_WARMUP} untimed warm-up queries, then every query unless the setting has already run
  ${ANN_MIN_QUERIES} and ${ANN_BUDGET_S} s (then "(N q)" gives how many ran; recall is over those). QPS =
  queries / total time of their calls; each API gets the query in the form it takes, prepared before
  the timing (a Float32Array; a number array for hnswlib-node).
- **QPS at recall ≥ ${RECALL_TARGET}**: the highest QPS among the ef settings whose recall@${TOPK} is at
  least ${RECALL_TARGET} (measured points only, no interpolation); "best peer" is the faster of usearch
  and hnswlib-node there.
- **Exact search**: ${EXACT_QUERIES} queries (after ${EXACT_WARMUP} warm-up), one per call: usearch
  \`exactSearch(data, query, dim, ${TOPK}, metric, 1 thread)\` over the same Float32Array, and Elanus
  embedded on a collection with a FLAT index.
- **Memory**: each subject runs in its own \`node --expose-gc\` process. The worker reads the vectors
  first (**raw vectors** = rows × dim × 4 bytes; they stay in the worker throughout), then takes a
  baseline after forced GCs, with the subject open but empty (its library loaded; for Elanus the client
  connected and the engine or server running), builds it, and samples again. **Private memory
  growth** is the growth of RssAnon (/proc/PID/status: heap, malloc, typed arrays; what the subject
  holds beyond the worker's own copy of the vectors) and **RSS growth** adds file-backed pages
  (mapped files the subject touched: Elanus' LMDB store, LanceDB's files). For Elanus gRPC both are the
  server process's, where no GC can be forced: right after the build its heap still holds the
  decoded insert requests, so it is sampled again after ${SERVER_IDLE_MS / 1000} s of idling ("idle" in
  parentheses): lower only when V8's memory reducer ran a collection meanwhile, which it does not
  always do that soon. Freed memory that the allocator keeps counts as held.
  Every subject's process (and Elanus' server) runs with \`MALLOC_TRIM_THRESHOLD_=1048576\`, the
  glibc setting docs/operations.md recommends for Elanus: without it glibc's dynamic trim threshold
  keeps up to 64 MiB of freed heap (Elanus engine path at 100k × 128: 161 MiB growth by default,
  61 MiB with it; the peers allocate their indexes in large blocks that glibc maps and unmaps
  directly, so the setting leaves them as they were).
- **Running it**: \`npm run bench -- ann\`. The peers are their own package in bench/ann, installed
  there on first use (\`npm ci\`, else \`npm install --no-save\` from its lock; hnswlib-node's addon
  built by node-gyp). ELANUS_ANN_SCALE=0.1 shrinks rows and queries for a quick run (at least 100
  queries); ELANUS_ANN_DATASETS and ELANUS_ANN_SUBJECTS pick a subset; ELANUS_ANN_INDEX_TIMEOUT_S
  bounds the wait for Elanus' index; Fashion-MNIST comes from Debian's dataset-fashion-mnist
  (installed with apt-get when missing) or ELANUS_ANN_FASHION_DIR.`;

  const problemText = problems.length ? `\n\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}` : '';
  const notesText = noteLines.length ? `\n\nNotes:\n${noteLines.join('\n')}` : '';

  const heading = (s: string) => `${s}\n`;
  const text =
    [
      heading(`QPS at recall@${TOPK} >= ${RECALL_TARGET} (nq=1, one thread; the ef that gives it)`),
      textTable(headline),
      '',
      heading(`QPS / recall@${TOPK} by ef (M=${PARAMS.M}, efConstruction=${PARAMS.efConstruction})`),
      textTable(curve),
      '',
      heading('Build time and memory'),
      textTable(build),
      '',
      heading(`Exact search, one query per call (k=${TOPK})`),
      textTable(exact),
    ].join('\n') +
    problemText +
    notesText;

  const markdown = `**QPS at recall@${TOPK} ≥ ${RECALL_TARGET}** (nq = 1, one thread; the ef that gives it):

${markdownTable(headline)}

**QPS / recall@${TOPK} by ef** (M = ${PARAMS.M}, efConstruction = ${PARAMS.efConstruction}):

${markdownTable(curve)}

**Build time and memory**:

${markdownTable(build)}

**Exact search**, one query per call (k = ${TOPK}):

${markdownTable(exact)}
${problemText}${notesText}

${method}
`;
  return { title: 'Approximate nearest neighbour search: Elanus vs usearch, hnswlib-node, LanceDB', text: `${text}\n\n${method}`, markdown };
}

export const ann: Benchmark = {
  name: 'ann',
  summary: 'HNSW build s, memory, QPS vs recall@10 (ef 16..256) vs usearch/hnswlib-node/LanceDB; exact search vs usearch',
  run,
};
