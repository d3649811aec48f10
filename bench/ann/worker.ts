// A child process of the ANN benchmark (bench/ann.ts). It does one job and writes its result, as
// JSON, to RESULT_FILE; progress goes to stderr.
//
//   node --expose-gc dist/bench/ann/worker.js '<job JSON>' RESULT_FILE
//
// `truth`: the exact top-k of one data set and metric, written to the ground-truth cache.
// `measure`: one subject on one data set and metric, in this process alone, so that its memory
// is all its own: read the vectors, take a memory baseline, build, sample again, then run the
// queries for each search setting, one at a time, and return the ids each query got.
import { readFloats, type DatasetFiles } from './datasets.js';
import { sampleMemory } from './memory.js';
import { writeFileSync } from 'node:fs';
import { SERVER_IDLE_MS, type Job, type MeasureJob, type MeasureResult, type TruthJob, type TruthResult, type Cell } from './jobs.js';
import type { AnnSubject, SubjectId } from './subject.js';
import { ElanusSubject } from './subjects/elanus.js';
import { ElanusEngineSubject } from './subjects/elanus-engine.js';
import { HnswlibSubject } from './subjects/hnswlib.js';
import { LanceSubject } from './subjects/lancedb.js';
import { UsearchExactSubject, UsearchSubject } from './subjects/usearch.js';
import { bruteForce, writeCachedTruth } from './truth.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function makeSubject(id: SubjectId, job: MeasureJob): AnnSubject {
  switch (id) {
    case 'usearch':
      return new UsearchSubject();
    case 'usearch-exact':
      return new UsearchExactSubject();
    case 'hnswlib-node':
      return new HnswlibSubject();
    case 'lancedb':
      return new LanceSubject();
    case 'elanus-engine':
      return new ElanusEngineSubject(job.indexTimeoutS);
    case 'elanus-embedded':
      return new ElanusSubject({ mode: 'embedded', index: 'HNSW', indexTimeoutS: job.indexTimeoutS, log });
    case 'elanus-grpc':
      return new ElanusSubject({ mode: 'grpc', index: 'HNSW', indexTimeoutS: job.indexTimeoutS, log });
    case 'elanus-embedded-flat':
      return new ElanusSubject({ mode: 'embedded', index: 'FLAT', indexTimeoutS: job.indexTimeoutS, log });
  }
}

/** Each query in an ArrayBuffer of its own (some bindings ignore a view's offset). */
function splitQueries(files: DatasetFiles, count: number): Float32Array[] {
  const all = readFloats(files.queriesPath, files.nq * files.dim);
  return Array.from({ length: count }, (_, i) => all.slice(i * files.dim, (i + 1) * files.dim));
}

async function measure(job: MeasureJob): Promise<MeasureResult> {
  const { files } = job;
  const dataBefore = sampleMemory();
  const data = readFloats(files.basePath, files.n * files.dim);
  const queries = splitQueries(files, Math.min(files.nq, job.maxQueries));
  const dataAfter = sampleMemory();
  const subject = makeSubject(job.subject, job);
  const result: MeasureResult = {
    kind: subject.kind,
    dataBefore,
    dataAfter,
    memoryOf: job.subject === 'elanus-grpc' ? 'server' : 'worker',
    cells: [],
    cpuMs: 0,
  };
  try {
    await subject.open();
    const pid = subject.memoryPid?.() ?? process.pid;
    result.before = sampleMemory(pid);
    log(`ann: ${job.subject} ${files.name} ${job.metric}: building over ${files.n} rows`);
    result.build = await subject.build({ data, n: files.n, dim: files.dim }, job.metric, job.params);
    result.after = sampleMemory(pid);
    if (result.memoryOf === 'server') {
      await new Promise((resolve) => setTimeout(resolve, SERVER_IDLE_MS));
      result.afterIdle = sampleMemory(pid);
    }
    result.kind = subject.kind;
    log(`ann: ${job.subject} ${files.name} ${job.metric}: built in ${result.build.buildS.toFixed(1)} s`);
    for (const ef of job.efs) {
      const cell: Cell = { ef, latencies: [], ids: [] };
      result.cells.push(cell);
      try {
        await subject.prepare?.(ef, queries);
        for (let i = 0; i < Math.min(job.warmup, queries.length); i++) await subject.search(queries[i]!, job.k, ef);
        const started = performance.now();
        for (let i = 0; i < queries.length; i++) {
          const t = performance.now();
          const got = await subject.search(queries[i]!, job.k, ef);
          cell.latencies.push(performance.now() - t);
          cell.ids.push(got);
          if (i + 1 >= job.minQueries && performance.now() - started > job.budgetS * 1000) break;
        }
      } catch (e) {
        cell.error = (e as Error)?.message ?? String(e);
        log(`ann: ${job.subject} ${files.name} ${job.metric} ef ${ef}: ${cell.error}`);
      }
    }
  } catch (e) {
    result.error = (e as Error)?.message ?? String(e);
    log(`ann: ${job.subject} ${files.name} ${job.metric}: ${(e as Error)?.stack ?? String(e)}`);
  } finally {
    await subject.close().catch((e: unknown) => log(`ann: ${job.subject}: close: ${String(e)}`));
  }
  result.cpuMs = cpuMs() + (subject.helperCpuMs?.() ?? 0);
  return result;
}

function truth(job: TruthJob): TruthResult {
  const t0 = performance.now();
  const { files } = job;
  const data = readFloats(files.basePath, files.n * files.dim);
  const queries = readFloats(files.queriesPath, files.nq * files.dim);
  const t = bruteForce(data, files.n, files.dim, queries, job.metric, job.k, 0, files.nq);
  writeCachedTruth(job.key, t);
  return { cpuMs: cpuMs(), seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const [jobText, resultPath] = process.argv.slice(2);
  if (!jobText || !resultPath) throw new Error('usage: worker.js JOB_JSON RESULT_FILE');
  const job = JSON.parse(jobText) as Job;
  const result = job.kind === 'truth' ? truth(job) : await measure(job);
  writeFileSync(resultPath, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`ann worker failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
