// Child process of the data-plane benchmark (bench/data-plane.ts): opens an Engine on a data dir
// that already holds one collection, not loaded, then measures what loading it costs in time and
// memory. It runs in its own process so that nothing else the benchmark allocated is in the
// figures. Run with --expose-gc; prints one JSON line (MemoryProbeResult) on stdout.
//
//   node --expose-gc dist/bench/memory-probe.js DATA_DIR COLLECTION EXPECTED_ROWS DIM
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Engine, queryVectors } from '../src/engine/index.js';

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** /proc/self/status RssAnon and RssFile (bytes); 0 where /proc is not there. */
  rssAnon: number;
  rssFile: number;
}

export interface MemoryProbeResult {
  openMs: number;
  loadMs: number;
  rows: number;
  before: MemorySample;
  after: MemorySample;
  /** One exact L2 search (nq=1, topk=10) over the loaded collection, after the memory sample. */
  searchMs: number;
  cpuMs: number;
}

function procStatus(key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory-probe needs node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
}

function sample(): MemorySample {
  settle();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rssAnon: procStatus('RssAnon'),
    rssFile: procStatus('RssFile'),
  };
}

async function main(): Promise<void> {
  const [dataDir, name, expected, dimText] = process.argv.slice(2);
  if (!dataDir || !name || !expected || !dimText) throw new Error('usage: memory-probe DATA_DIR COLLECTION EXPECTED_ROWS DIM');
  const dim = Number(dimText);
  const t0 = performance.now();
  const engine = await Engine.open({ dataDir });
  const openMs = performance.now() - t0;
  try {
    if (engine.isLoaded('default', name)) throw new Error(`${name} is already loaded at open: the probe would not see the load`);
    const before = sample();
    const t1 = performance.now();
    await engine.loadCollection('default', name);
    const loadMs = performance.now() - t1;
    const after = sample();
    const rows = engine.rowCount('default', name);
    if (rows !== Number(expected)) throw new Error(`${name} holds ${rows} rows, expected ${expected}`);
    const q = new Float32Array(dim).fill(0.5);
    const t2 = performance.now();
    const out = engine.search('default', name, {
      annsField: 'vec',
      metricType: 'L2',
      vectors: queryVectors([q]),
      topk: 10,
      offset: 0,
      expr: '',
      partitionNames: [],
    });
    const searchMs = performance.now() - t2;
    if (out.hits[0]?.refs.length !== 10) throw new Error('the search after load did not return 10 hits');
    const cpu = process.cpuUsage();
    const result: MemoryProbeResult = { openMs, loadMs, rows, before, after, searchMs, cpuMs: (cpu.user + cpu.system) / 1000 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await engine.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`memory-probe failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
