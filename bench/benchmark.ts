// What a benchmark module provides to bench/run.ts.
import type { Machine } from './report.js';

export interface BenchContext {
  /** The command line that started this run, as a reader would retype it. */
  command: string;
  machine: Machine;
  /** ISO date-time the run started. */
  startedAt: string;
  /** Progress lines (stderr), so stdout stays the report. */
  log(line: string): void;
  /** Reports CPU time (ms) used by child processes the benchmark started (e.g. the server), so
   * that run.ts can tell how much CPU other work on the machine took during the run. */
  noteChildCpuMs(ms: number | undefined): void;
}

export interface BenchReport {
  /** Section heading in docs/benchmarks.md. */
  title: string;
  /** The readable report for stdout (tables and notes). */
  text: string;
  /** Markdown for docs/benchmarks.md, after the heading and the machine/date/command line. */
  markdown: string;
}

export interface Benchmark {
  /** Short id: the CLI filter and the docs marker name (bench:NAME:start). */
  name: string;
  /** One line for `--list`. */
  summary: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}
