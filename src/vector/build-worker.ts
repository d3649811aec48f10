// The worker thread that builds indexes off the engine's thread: it receives the rows of one
// segment, builds the kernel index and writes the index file (index-file.ts). The engine then
// reads the file back, through the same checks as a restart, and swaps the index in.
import { parentPort } from 'node:worker_threads';
import { writeIndexFile } from './index-file.js';
import { IvfLists } from './ivf.js';
import { KernelIndex, type KernelOptions } from './kernel.js';

export interface BuildJob {
  id: number;
  vectors: Float32Array;
  options: KernelOptions;
  /** IVF_FLAT: the lists to train beside the FLAT rows. */
  ivf?: { nlist: number };
  path: string;
  identity: string;
}

export type BuildOutcome = { id: number; ok: true; millis: number } | { id: number; ok: false; error: string };

parentPort?.on('message', (job: BuildJob) => {
  const started = performance.now();
  let outcome: BuildOutcome;
  try {
    const index = KernelIndex.build(job.vectors, job.options);
    const lists = job.ivf && IvfLists.train(job.vectors, job.options.dim, job.ivf.nlist, job.options.metric, job.options.seed ?? 1);
    writeIndexFile(job.path, { text: job.identity }, index, lists?.toBytes());
    outcome = { id: job.id, ok: true, millis: performance.now() - started };
  } catch (e) {
    outcome = { id: job.id, ok: false, error: (e as Error)?.message ?? String(e) };
  }
  parentPort!.postMessage(outcome);
});
