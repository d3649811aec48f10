// `npm run bench [-- NAME...]`: runs the registered benchmarks (all, or those named), prints each
// report to stdout and rewrites each one's section of docs/benchmarks.md.
//
//   npm run bench                 every benchmark
//   npm run bench -- catalog      only the catalog latency benchmark
//   npm run bench -- --list       the registered names
//   npm run bench -- --no-doc     print only, leave docs/benchmarks.md alone
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchContext } from './benchmark.js';
import { aliasFlip } from './alias-flip.js';
import { annFilter } from './ann-filter.js';
import { aliasSwitch } from './alias-switch.js';
import { ann } from './ann.js';
import { catalogLatency } from './catalog-latency.js';
import { clientLatency } from './client-latency.js';
import { dataPlane } from './data-plane.js';
import { transportFloor } from './transport-floor.js';
import { describeMachine, machine, machineCpuMs, writeSection } from './report.js';

/** Every benchmark, in the order they run. Add new ones here. */
export const BENCHMARKS: readonly Benchmark[] = [catalogLatency, dataPlane, clientLatency, aliasFlip, aliasSwitch, ann, annFilter, transportFloor];

const here = dirname(fileURLToPath(import.meta.url));
/** dist/bench/run.js -> <project>/docs/benchmarks.md */
const DOC_PATH = join(here, '..', '..', 'docs', 'benchmarks.md');

function commandLine(args: readonly string[]): string {
  const tail = args.length ? ` -- ${args.join(' ')}` : '';
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${tail}`;
  return `node dist/bench/run.js${args.length ? ` ${args.join(' ')}` : ''}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const names = args.filter((a) => !a.startsWith('--'));
  for (const f of flags) {
    if (f !== '--list' && f !== '--no-doc') {
      process.stderr.write(`unknown option ${f}; options: --list, --no-doc\n`);
      return 2;
    }
  }
  if (flags.has('--list')) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.name.padEnd(12)} ${b.summary}\n`);
    return 0;
  }
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;

  const m = machine();
  const command = commandLine(args);
  process.stdout.write(`Machine: ${describeMachine(m)}\nCommand: ${command}\n`);
  for (const bench of selected) {
    const startedAt = new Date();
    let childCpuMs = 0;
    let childCpuKnown = true;
    const ctx: BenchContext = {
      command,
      machine: m,
      startedAt: startedAt.toISOString(),
      log: (line) => process.stderr.write(`${line}\n`),
      noteChildCpuMs: (ms) => {
        if (ms === undefined) childCpuKnown = false;
        else childCpuMs += ms;
      },
    };
    const cpuBefore = machineCpuMs();
    const ownBefore = process.cpuUsage();
    const t0 = performance.now();
    const report = await bench.run(ctx);
    const wallMs = performance.now() - t0;
    const seconds = (wallMs / 1000).toFixed(1);
    const cpuAfter = machineCpuMs();
    const own = process.cpuUsage(ownBefore);
    // CPU the rest of the machine used while this benchmark ran: busy time of the whole machine
    // minus this process and the processes the benchmark started, as a share of all cores.
    let background = "other processes' CPU use during the run unknown";
    if (cpuBefore && cpuAfter && childCpuKnown) {
      const otherMs = cpuAfter.busy - cpuBefore.busy - (own.user + own.system) / 1000 - childCpuMs;
      const share = Math.max(0, otherMs) / (cpuAfter.total - cpuBefore.total);
      background = `other processes used ${(share * 100).toFixed(0)}% of the machine's CPU during the run`;
      if (share > 0.1) {
        process.stderr.write(`warning: ${background}; the figures include that interference\n`);
      }
    }
    process.stdout.write(`\n== ${bench.name}: ${report.title} (${seconds} s; ${background}) ==\n\n${report.text}\n`);
    if (!flags.has('--no-doc')) {
      const date = `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      writeSection(
        DOC_PATH,
        bench.name,
        `## ${report.title}\n\n` +
          `Measured ${date} with \`${command}\` (this section: ${seconds} s).\n` +
          `Machine: ${describeMachine(m)}; ${background}.\n\n` +
          report.markdown,
      );
      process.stderr.write(`wrote the ${bench.name} section of ${DOC_PATH}\n`);
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`benchmark failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
