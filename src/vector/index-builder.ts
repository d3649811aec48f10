// Runs index builds in one worker thread, one at a time, in the order asked. One worker because
// the machine Elanus targets has few cores and searches must keep one; a build never runs on the
// thread that answers requests. The worker starts with the first build of a batch and stops when
// the queue is empty: a finished build's memory (the index it wrote) goes with it at once instead
// of waiting for the worker's garbage collector, and an idle builder holds nothing.
import { Worker } from 'node:worker_threads';
import type { BuildJob, BuildOutcome } from './build-worker.js';
import type { KernelOptions } from './kernel.js';

interface Pending {
  resolve: (millis: number) => void;
  reject: (error: Error) => void;
}

export class IndexBuilder {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  private requested = 0;

  /**
   * Builds an index of `vectors` and writes it to `path`; resolves with the build's milliseconds.
   * `vectors` is transferred to the worker: pass an array that owns its whole buffer.
   */
  build(vectors: Float32Array, options: KernelOptions, path: string, identity: string, ivf?: { nlist: number }): Promise<number> {
    if (this.closed) return Promise.reject(new Error('index builder is closed'));
    const id = this.nextId++;
    this.requested++;
    const job: BuildJob = { id, vectors, options, path, identity, ivf };
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The rows move to the worker (the caller passes a copy it does not keep).
      this.start().postMessage(job, [vectors.buffer as ArrayBuffer]);
      this.worker!.ref();
    });
  }

  /** Builds asked for since the builder was made (a rebuild or a duplicate shows here). */
  get builds(): number {
    return this.requested;
  }

  /** Builds queued or running. */
  get queued(): number {
    return this.pending.size;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./build-worker.js', import.meta.url));
    worker.on('message', (outcome: BuildOutcome) => {
      const p = this.pending.get(outcome.id);
      if (!p) return;
      this.pending.delete(outcome.id);
      if (this.pending.size === 0) this.stopIdle(worker);
      if (outcome.ok) p.resolve(outcome.millis);
      else p.reject(new Error(outcome.error));
    });
    const fail = (error: Error) => {
      // The worker died (out of memory, a bug): every build it held fails; the next starts anew.
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`index build worker exited with code ${code}`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Ends an idle worker; the next build starts a new one. */
  private stopIdle(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
  }

  /** Stops the worker; builds still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error('index builder closed'));
    this.pending.clear();
    if (worker) await worker.terminate();
  }
}
