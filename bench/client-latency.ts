// Client latency (issue 5, "Measure"): exact search (FLAT, L2, nq=1, topk=10) over 100k x 128
// through Elanus's MilvusClient embedded (the engine in this process) vs. the same MilvusClient
// remote (gRPC to an `elanus serve` on this machine) vs. the official Node SDK to that server.
// Goal: the remote path adds no more than ~1 ms at p50 over the embedded one. A near-empty call
// (has_collection) on each path is the transport floor, to tell transport cost from search cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MilvusClient as SdkClient } from '@zilliz/milvus2-sdk-node';
import { MilvusClient } from '../src/client/index.js';
import type { BenchContext, BenchReport, Benchmark } from './benchmark.js';
import { ClusteredVectors } from './dataset.js';
import { markdownTable, textTable, type Table } from './report.js';
import { startBenchServer } from './server.js';
import { fmtMs, percentile } from './stats.js';

const DIM = 128;
const ROWS = 100_000;
const INSERT_BATCH = 10_000;
const TOPK = 10;
/** Distinct query vectors; each is run once per round by every path. */
const QUERIES = 100;
const ROUNDS = 3;
const SEARCH_WARMUP = 30;
const FLOOR_CALLS = 1000;
const FLOOR_WARMUP = 200;
const GOAL_MS = 1;
const COLLECTION = 'client_bench';
const CLUSTERS = 64;
// The data-plane benchmark's data set: same seeds, same vectors.
const dataStream = () => new ClusteredVectors({ dim: DIM, clusters: CLUSTERS, centreSeed: 4, pointSeed: 1 });
const queryStream = () => new ClusteredVectors({ dim: DIM, clusters: CLUSTERS, centreSeed: 4, pointSeed: 2 });

type Path = 'MilvusClient embedded' | 'MilvusClient remote' | 'official SDK remote';
const PATHS: readonly Path[] = ['MilvusClient embedded', 'MilvusClient remote', 'official SDK remote'];

interface StatusLike {
  error_code?: unknown;
  code?: unknown;
}

/** The official SDK resolves failed calls with their status; Elanus's client throws. */
function checkSdk(reply: unknown, what: string): void {
  const r = reply as { status?: StatusLike } & StatusLike;
  const s = r?.status && typeof r.status === 'object' ? r.status : r;
  if (!s || s.error_code !== 'Success' || (s.code !== undefined && s.code !== 0)) throw new Error(`${what} failed: ${JSON.stringify(s)}`);
}

/** Creates the collection through an Elanus MilvusClient (either mode), inserts the rows, FLAT L2, loads. */
async function populate(client: MilvusClient, data: Float32Array): Promise<number> {
  await client.createCollection({
    collection_name: COLLECTION,
    fields: [
      { name: 'id', data_type: 'Int64', is_primary_key: true, autoID: false },
      { name: 'vec', data_type: 'FloatVector', dim: DIM },
    ],
  });
  const t0 = performance.now();
  for (let at = 0; at < ROWS; at += INSERT_BATCH) {
    const rows = new Array<{ id: number; vec: number[] }>(INSERT_BATCH);
    for (let i = 0; i < INSERT_BATCH; i++) rows[i] = { id: at + i, vec: Array.from(data.subarray((at + i) * DIM, (at + i + 1) * DIM)) };
    const reply = await client.insert({ collection_name: COLLECTION, data: rows });
    if (Number(reply.insert_cnt) !== INSERT_BATCH) throw new Error(`insert: insert_cnt ${String(reply.insert_cnt)} for ${INSERT_BATCH} rows`);
  }
  const insertMs = performance.now() - t0;
  await client.createIndex({ collection_name: COLLECTION, field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
  await client.loadCollection({ collection_name: COLLECTION });
  const stats = await client.getCollectionStatistics({ collection_name: COLLECTION });
  if (Number(stats.data.row_count) !== ROWS) throw new Error(`row_count ${stats.data.row_count}, expected ${ROWS}`);
  return insertMs;
}

interface Figure {
  path: Path;
  search: number[];
  floor: number[];
  /** Round 0's answers (ids), per query. */
  answers: string[][];
}

interface Results {
  figures: Figure[];
  insertMs: { embedded: number; remote: number };
  mismatches: number;
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const t0 = performance.now();
  const data = dataStream().next(ROWS);
  const queries = queryStream().next(QUERIES);
  const queryArrays = Array.from({ length: QUERIES }, (_, i) => Array.from(queries.subarray(i * DIM, (i + 1) * DIM)));
  ctx.log(`client: generated ${ROWS} x ${DIM} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const embeddedDir = mkdtempSync(join(tmpdir(), 'elanus-bench-client-embedded-'));
  const server = await startBenchServer('elanus-bench-client-');
  let embedded: MilvusClient | undefined;
  let remote: MilvusClient | undefined;
  let sdk: SdkClient | undefined;
  try {
    embedded = new MilvusClient({ uri: embeddedDir });
    remote = new MilvusClient({ uri: `http://${server.address}` });
    sdk = new SdkClient({ address: server.address, timeout: 60000 });
    await sdk.connectPromise;
    if ((await embedded.mode()) !== 'embedded' || (await remote.mode()) !== 'remote') throw new Error('client modes are not embedded / remote');

    ctx.log('client: populating the embedded collection');
    const embeddedInsertMs = await populate(embedded, data);
    ctx.log(`client: populating the server's collection (through MilvusClient remote), server on ${server.address}`);
    const remoteInsertMs = await populate(remote, data);

    const e = embedded;
    const r = remote;
    const s = sdk;
    const search = async (path: Path, i: number): Promise<string[]> => {
      const q = queryArrays[i]!;
      switch (path) {
        case 'MilvusClient embedded':
        case 'MilvusClient remote': {
          const c = path === 'MilvusClient embedded' ? e : r;
          const reply = await c.search({
            collection_name: COLLECTION,
            data: q,
            limit: TOPK,
            metric_type: 'L2',
            anns_field: 'vec',
            output_fields: [],
          });
          return (reply.results as { id: unknown }[]).map((h) => String(h.id));
        }
        case 'official SDK remote': {
          const reply = await s.search({
            collection_name: COLLECTION,
            data: [q],
            limit: TOPK,
            metric_type: 'L2',
            anns_field: 'vec',
            output_fields: [],
          });
          checkSdk(reply, `SDK search #${i}`);
          const hits = (Array.isArray(reply.results[0]) ? reply.results[0] : reply.results) as { id: string | number }[];
          return hits.map((h) => String(h.id));
        }
      }
    };
    const floor = async (path: Path): Promise<void> => {
      switch (path) {
        case 'MilvusClient embedded':
        case 'MilvusClient remote': {
          const c = path === 'MilvusClient embedded' ? e : r;
          if (!(await c.hasCollection({ collection_name: COLLECTION })).value) throw new Error(`${path}: has_collection false`);
          return;
        }
        case 'official SDK remote': {
          const reply = await s.hasCollection({ collection_name: COLLECTION });
          checkSdk(reply, 'SDK has_collection');
          if (reply.value !== true) throw new Error('SDK has_collection false');
        }
      }
    };

    ctx.log('client: warm-up');
    for (const path of PATHS) {
      for (let i = 0; i < FLOOR_WARMUP; i++) await floor(path);
      for (let i = 0; i < SEARCH_WARMUP; i++) await search(path, i % QUERIES);
    }

    const figures: Figure[] = PATHS.map((path) => ({ path, search: [], floor: [], answers: [] }));
    // Floor: call by call, every path in turn (order rotated), so outside load falls on all alike.
    for (let i = 0; i < FLOOR_CALLS; i++) {
      for (let k = 0; k < figures.length; k++) {
        const f = figures[(i + k) % figures.length]!;
        const st = performance.now();
        await floor(f.path);
        f.floor.push(performance.now() - st);
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      ctx.log(`client: search round ${round + 1} of ${ROUNDS}`);
      for (let i = 0; i < QUERIES; i++) {
        for (let k = 0; k < figures.length; k++) {
          const f = figures[(i + k + round) % figures.length]!;
          const st = performance.now();
          const ids = await search(f.path, i);
          f.search.push(performance.now() - st);
          if (ids.length !== TOPK) throw new Error(`${f.path}: ${ids.length} hits for query ${i}, expected ${TOPK}`);
          if (round === 0) f.answers.push(ids);
        }
      }
    }
    // Same data, exact search: every path must give the same answers.
    let mismatches = 0;
    for (let i = 0; i < QUERIES; i++) {
      const ref = figures[0]!.answers[i]!.join(',');
      for (const f of figures.slice(1)) if (f.answers[i]!.join(',') !== ref) mismatches++;
    }
    if (mismatches > QUERIES / 10) throw new Error(`${mismatches} answers differ between the paths on identical data`);

    return report({ figures, insertMs: { embedded: embeddedInsertMs, remote: remoteInsertMs }, mismatches });
  } finally {
    await embedded?.close().catch(() => undefined);
    await remote?.close().catch(() => undefined);
    await sdk?.closeConnection().catch(() => undefined);
    await server.stop().catch((err: unknown) => ctx.log(`client: server stop: ${String(err)}`));
    ctx.noteChildCpuMs(server.cpuMsAtStop());
    rmSync(embeddedDir, { recursive: true, force: true });
  }
}

function stats(xs: readonly number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0] ?? Number.NaN,
  };
}

function report(r: Results): BenchReport {
  const fig = (p: Path) => r.figures.find((f) => f.path === p)!;
  const base = { search: stats(fig('MilvusClient embedded').search), floor: stats(fig('MilvusClient embedded').floor) };
  const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${fmtMs(ms)}`;
  const rows: string[][] = [];
  for (const kind of ['search', 'floor'] as const) {
    for (const f of r.figures) {
      const st = stats(f[kind]);
      rows.push([
        kind === 'search' ? `search nq=1 topk=${TOPK}` : 'has_collection (floor)',
        f.path,
        String(st.n),
        fmtMs(st.p50),
        fmtMs(st.p99),
        fmtMs(st.mean),
        fmtMs(st.min),
        f.path === 'MilvusClient embedded' ? '' : signed(st.p50 - base[kind].p50),
      ]);
    }
  }
  const table: Table = {
    columns: ['call', 'path', 'calls', 'p50 ms', 'p99 ms', 'mean ms', 'min ms', 'p50 − embedded'],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows,
  };
  const rem = stats(fig('MilvusClient remote').search);
  const sdk = stats(fig('official SDK remote').search);
  const remFloor = stats(fig('MilvusClient remote').floor);
  const diff = rem.p50 - base.search.p50;
  const met = diff <= GOAL_MS;
  const rate = (ms: number) => Math.round((ROWS * 1000) / ms).toLocaleString('en-US');
  const lines = [
    `Goal (remote adds <= ~${GOAL_MS} ms at p50): ${met ? 'met' : 'MISSED'}: search p50 embedded ${fmtMs(base.search.p50)} ms, ` +
      `MilvusClient remote ${fmtMs(rem.p50)} ms (${signed(diff)} ms), official SDK remote ${fmtMs(sdk.p50)} ms (${signed(sdk.p50 - base.search.p50)} ms); ` +
      `p99 ${fmtMs(base.search.p99)} / ${fmtMs(rem.p99)} / ${fmtMs(sdk.p99)} ms.`,
    `Transport floor (has_collection): embedded ${fmtMs(base.floor.p50)} ms, remote ${fmtMs(remFloor.p50)} ms at p50 ` +
      `(${signed(remFloor.p50 - base.floor.p50)} ms): that is what the loopback gRPC round trip itself costs; the rest of a ` +
      `difference in search latency is the search running in the server process instead of this one.`,
    `Answers: the three paths returned ${r.mismatches === 0 ? 'identical top-10 ids for every query' : `different top-10 ids for ${r.mismatches} query/path pairs`} (same data, exact search).`,
    `Populating through MilvusClient (10k-row batches): embedded ${rate(r.insertMs.embedded)} rows/s, remote ${rate(r.insertMs.remote)} rows/s.`,
  ];
  const how = [
    `- ${ROWS.toLocaleString('en-US')} × ${DIM} FloatVector rows (Int64 primary key \`id\`), the data-plane benchmark's fixed-seed clustered set ` +
      `(bench/dataset.ts, ${CLUSTERS} clusters), FLAT index, L2, loaded; ${QUERIES} query vectors from the same clusters (another seed).`,
    "- **MilvusClient embedded**: Elanus's `MilvusClient({ uri: <temp dir> })`, the engine in the benchmark process. " +
      '**MilvusClient remote**: the same class with `uri: http://127.0.0.1:<port>` to a real `elanus serve` (separate process, ' +
      'its own temp dir, same data inserted through the remote client). **official SDK remote**: `@zilliz/milvus2-sdk-node` to that server.',
    `- Each path gets ${FLOOR_WARMUP} has_collection and ${SEARCH_WARMUP} search calls of warm-up, not counted. Then ${FLOOR_CALLS} has_collection calls ` +
      `and ${ROUNDS} rounds of the ${QUERIES} queries (${QUERIES * ROUNDS} searches per path), one call in flight, the paths taking turns call by call ` +
      '(order rotated) so outside load falls on all of them alike.',
    '- Latency is what the caller sees: from the client call to its resolved promise (request building, transport, search, reply decoding). ' +
      "Percentiles are nearest-rank. The embedded client and the server share the machine's cores with the benchmark process.",
    '- Every search must return 10 hits; the top-10 ids of the three paths are compared query by query.',
  ];
  return {
    title: 'Client: search latency embedded vs. remote',
    text: `${textTable(table)}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
    markdown:
      `Issue 5: search latency through the TypeScript client embedded vs. remote (p50, p99, nq=1, 100k x 128): ` +
      `the remote path should add no more than ~${GOAL_MS} ms at p50.\n\n` +
      `${lines.map((l, i) => (i < 2 ? `- **${l}**` : `- ${l}`)).join('\n')}\n\n${markdownTable(table)}\n\nHow it was measured:\n\n${how.join('\n')}\n`,
  };
}

export const clientLatency: Benchmark = {
  name: 'client',
  summary: 'search latency nq=1 over 100k x 128: MilvusClient embedded vs. remote vs. the official SDK',
  run,
};
