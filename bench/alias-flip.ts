// Alias flips under load (issue 6, "Measure" and item 3's longer run): request latency p50/p99
// through an alias at a steady offered load, with the alias still and with an alter_alias every
// 10 ms, against a real `elanus serve` (Elanus's MilvusClient, remote) and embedded (the engine in
// this process). Every reply is checked as in test/compat/alias-flip.test.ts: all rows from one
// collection (rows are tagged with their collection's name), and none stale (a request that
// started after a flip returned and ended before the next one was invoked must see that flip's
// target). Errors and stale replies must be 0; the run fails otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MilvusClient } from '../src/client/index.js';
import type { BenchContext, BenchReport, Benchmark } from './benchmark.js';
import { markdownTable, textTable, type Table } from './report.js';
import { startBenchServer } from './server.js';
import { fmtMs, fmtRate, percentile } from './stats.js';

type Mode = 'remote' | 'embedded';
type Side = 'blue' | 'green';
const MODES: readonly Mode[] = ['remote', 'embedded'];

const DIM = 8;
const ROWS = 10_000;
const TOPK = 10;
const QUERY_ROWS = 50;
/** Offered load: requests per second (half searches, half queries), whatever the replies do. */
const RATE = 200;
const CLIENTS = 4;
const FLIP_EVERY_MS = 10;
/** Each mode runs still / flipping / still / flipping segments of this length. */
const SEGMENT_MS = 8_000;
const SEGMENTS = 4;
const WARMUP_MS = 2_000;
const ALIAS = 'live';

interface Request {
  kind: 'search' | 'query';
  flipping: boolean;
  start: number;
  end: number;
  sides: Set<string>;
  rows: number;
  error?: string;
}

interface Flip {
  invoked: number;
  returned: number;
  target: Side;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function vectors(n: number, seed: number): number[][] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => Array.from({ length: DIM }, () => rnd() * 2 - 1));
}

async function setUp(client: MilvusClient): Promise<number> {
  const data = vectors(ROWS, 7);
  for (const side of ['blue', 'green'] as const) {
    await client.createCollection({
      collection_name: side,
      fields: [
        { name: 'id', data_type: 'Int64', is_primary_key: true, autoID: false },
        { name: 'vec', data_type: 'FloatVector', dim: DIM },
        { name: 'side', data_type: 'VarChar', max_length: 8 },
      ],
    });
    for (let at = 0; at < ROWS; at += 5000) {
      const rows = data.slice(at, at + 5000).map((vec, i) => ({ id: at + i, vec, side }));
      await client.insert({ collection_name: side, data: rows });
    }
    await client.createIndex({ collection_name: side, field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
    await client.loadCollection({ collection_name: side });
    const stats = await client.getCollectionStatistics({ collection_name: side });
    if (Number(stats.data.row_count) !== ROWS) throw new Error(`${side}: row_count ${stats.data.row_count}, expected ${ROWS}`);
  }
  await client.createAlias({ collection_name: 'blue', alias: ALIAS });
  return performance.now();
}

interface ModeResult {
  mode: Mode;
  requests: Request[];
  /** The flips of the measured segments (the warm-up's are checked against but not reported). */
  flips: Flip[];
  checked: number;
  errors: string[];
  bad: string[];
  stale: string[];
  wallMs: { still: number; flipping: number };
  /** Requests that could not be sent on time (the dispatcher fell behind by > 1 request). */
  maxLagMs: number;
}

/** One mode: warm-up, then SEGMENTS alternating still / flipping segments at RATE requests/s. */
async function runMode(mode: Mode, ctx: BenchContext): Promise<ModeResult> {
  let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  let dir: string | undefined;
  const clients: MilvusClient[] = [];
  try {
    let uri: string;
    if (mode === 'remote') {
      server = await startBenchServer('elanus-bench-alias-flip-');
      uri = `http://${server.address}`;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'elanus-bench-alias-flip-'));
      uri = dir;
    }
    for (let i = 0; i <= CLIENTS; i++) clients.push(new MilvusClient({ uri, timeout: 60000 }));
    for (const c of clients) await c.connect();
    const admin = clients[CLIENTS]!;
    ctx.log(`alias-flip (${mode}): populating blue and green, ${ROWS} rows each`);
    const created = await setUp(admin);
    const flips: Flip[] = [{ invoked: Number.NEGATIVE_INFINITY, returned: created, target: 'blue' }];
    const queries = vectors(256, 99);

    const requests: Request[] = [];
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let maxLagMs = 0;
    const send = (flipping: boolean, record: boolean) => {
      const i = sent++;
      const client = clients[i % CLIENTS]!;
      const kind = i % 2 === 0 ? 'search' : 'query';
      const start = performance.now();
      const p = (async () => {
        let rows: Record<string, unknown>[] = [];
        let error: string | undefined;
        try {
          if (kind === 'search') {
            rows = (
              await client.search({
                collection_name: ALIAS,
                data: queries[i % queries.length]!,
                limit: TOPK,
                metric_type: 'L2',
                output_fields: ['side'],
              })
            ).results as Record<string, unknown>[];
          } else {
            rows = (await client.query({ collection_name: ALIAS, filter: `id < ${QUERY_ROWS}`, output_fields: ['side'] })).data;
          }
        } catch (e) {
          error = String((e as Error)?.message ?? e);
        }
        const end = performance.now();
        if (record) requests.push({ kind, flipping, start, end, rows: rows.length, sides: new Set(rows.map((r) => String(r.side))), error });
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };

    /** Offers RATE requests/s for `ms`, flipping every FLIP_EVERY_MS if asked. */
    const segment = async (ms: number, flipping: boolean, record: boolean) => {
      const t0 = performance.now();
      let issued = 0;
      let flipper: Promise<void> = Promise.resolve();
      if (flipping) {
        flipper = (async () => {
          for (let k = 1; ; k++) {
            const due = t0 + k * FLIP_EVERY_MS;
            if (due >= t0 + ms) break;
            const wait = due - performance.now();
            if (wait > 0) await sleep(wait);
            const target: Side = flips[flips.length - 1]!.target === 'blue' ? 'green' : 'blue';
            const invoked = performance.now();
            await admin.alterAlias({ collection_name: target, alias: ALIAS });
            flips.push({ invoked, returned: performance.now(), target });
          }
        })();
      }
      for (;;) {
        const now = performance.now();
        if (now - t0 >= ms) break;
        const due = Math.floor(((now - t0) * RATE) / 1000) + 1;
        if (due - issued > 1) maxLagMs = Math.max(maxLagMs, ((due - issued - 1) * 1000) / RATE);
        while (issued < due) {
          send(flipping, record);
          issued++;
        }
        await sleep(1);
      }
      await flipper;
      await Promise.all([...inFlight]);
      return performance.now() - t0;
    };

    ctx.log(`alias-flip (${mode}): warm-up ${WARMUP_MS} ms`);
    await segment(WARMUP_MS, true, false);
    maxLagMs = 0;
    const measuredFrom = flips.length;
    const wallMs = { still: 0, flipping: 0 };
    for (let s = 0; s < SEGMENTS; s++) {
      const flipping = s % 2 === 1;
      ctx.log(`alias-flip (${mode}): segment ${s + 1} of ${SEGMENTS}, ${flipping ? `flip every ${FLIP_EVERY_MS} ms` : 'alias still'}`);
      wallMs[flipping ? 'flipping' : 'still'] += await segment(SEGMENT_MS, flipping, true);
    }
    const described = await admin.describeAlias({ alias: ALIAS });
    if (described.collection !== flips[flips.length - 1]!.target)
      throw new Error(`${mode}: alias on ${described.collection}, last flip put it on ${flips[flips.length - 1]!.target}`);

    // The checks of test/compat/alias-flip.test.ts.
    const errors: string[] = [];
    const bad: string[] = [];
    const stale: string[] = [];
    let checked = 0;
    for (const r of requests) {
      if (r.error !== undefined) {
        errors.push(`${r.kind}: ${r.error}`);
        continue;
      }
      const want = r.kind === 'search' ? TOPK : QUERY_ROWS;
      if (r.sides.size !== 1 || r.rows !== want) bad.push(`${r.kind}: ${r.rows} rows, sides {${[...r.sides].join(',')}}`);
      let lo = 0;
      let hi = flips.length - 1;
      if (r.start < flips[0]!.returned) continue;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (flips[mid]!.returned <= r.start) lo = mid;
        else hi = mid - 1;
      }
      const next = flips[lo + 1];
      if (next && r.end > next.invoked) continue;
      checked++;
      if (r.sides.size !== 1 || !r.sides.has(flips[lo]!.target))
        stale.push(
          `${r.kind} saw {${[...r.sides].join(',')}} ${(r.start - flips[lo]!.returned).toFixed(3)} ms after flip to ${flips[lo]!.target} returned`,
        );
    }
    return { mode, requests, flips: flips.slice(measuredFrom), checked, errors, bad, stale, wallMs, maxLagMs };
  } finally {
    for (const c of clients) await c.close().catch(() => undefined);
    if (server) {
      await server.stop().catch((err: unknown) => ctx.log(`alias-flip: server stop: ${String(err)}`));
      ctx.noteChildCpuMs(server.cpuMsAtStop());
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const results: ModeResult[] = [];
  for (const mode of MODES) results.push(await runMode(mode, ctx));
  const rep = report(results);
  const failed = results.filter((r) => r.errors.length || r.bad.length || r.stale.length);
  if (failed.length) {
    const detail = failed.map((r) => `${r.mode}: ${[...r.errors, ...r.bad, ...r.stale].slice(0, 5).join('; ')}`).join('\n');
    throw new Error(`alias-flip: errors or stale/mixed replies\n${rep.text}\n${detail}`);
  }
  return rep;
}

function report(results: ModeResult[]): BenchReport {
  const rows: string[][] = [];
  const p99s: Record<string, { still: number; flipping: number }> = {};
  for (const r of results) {
    p99s[r.mode] = { still: 0, flipping: 0 };
    for (const flipping of [false, true]) {
      const rs = r.requests.filter((q) => q.flipping === flipping && q.error === undefined);
      const lat = (kind?: Request['kind']) => sorted(rs.filter((q) => !kind || q.kind === kind).map((q) => q.end - q.start));
      const all = lat();
      const wall = flipping ? r.wallMs.flipping : r.wallMs.still;
      p99s[r.mode]![flipping ? 'flipping' : 'still'] = percentile(all, 99);
      rows.push([
        r.mode,
        flipping ? `every ${FLIP_EVERY_MS} ms` : 'none',
        String(rs.length),
        fmtRate((rs.length * 1000) / wall),
        fmtMs(percentile(lat('search'), 50)),
        fmtMs(percentile(lat('search'), 99)),
        fmtMs(percentile(lat('query'), 50)),
        fmtMs(percentile(lat('query'), 99)),
        fmtMs(percentile(all, 50)),
        fmtMs(percentile(all, 99)),
        String(r.requests.filter((q) => q.flipping === flipping && q.error !== undefined).length),
      ]);
    }
  }
  const table: Table = {
    columns: [
      'mode',
      'alias flips',
      'requests',
      'req/s',
      'search p50 ms',
      'search p99 ms',
      'query p50 ms',
      'query p99 ms',
      'all p50 ms',
      'all p99 ms',
      'errors',
    ],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows,
  };
  const flipTable: Table = {
    columns: ['mode', 'alter_alias calls', 'p50 ms', 'p99 ms', 'max ms', 'requests checked', 'stale', 'mixed or short', 'errors'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: results.map((r) => {
      const f = sorted(r.flips.map((x) => x.returned - x.invoked));
      return [
        r.mode,
        String(f.length),
        fmtMs(percentile(f, 50)),
        fmtMs(percentile(f, 99)),
        fmtMs(f[f.length - 1] ?? Number.NaN),
        String(r.checked),
        String(r.stale.length),
        String(r.bad.length),
        String(r.errors.length),
      ];
    }),
  };
  const totalFlips = results.reduce((a, r) => a + r.flips.length, 0);
  const totalChecked = results.reduce((a, r) => a + r.checked, 0);
  const totalStale = results.reduce((a, r) => a + r.stale.length + r.bad.length, 0);
  const totalErrors = results.reduce((a, r) => a + r.errors.length, 0);
  const lines = [
    `p99 through the alias, still vs. flipping every ${FLIP_EVERY_MS} ms: ` +
      results
        .map(
          (r) =>
            `${r.mode} ${fmtMs(p99s[r.mode]!.still)} vs ${fmtMs(p99s[r.mode]!.flipping)} ms (${(p99s[r.mode]!.flipping / p99s[r.mode]!.still).toFixed(2)}×)`,
        )
        .join(', ') +
      '.',
    `Errors ${totalErrors}, stale replies ${totalStale} (must be 0): ${totalFlips.toLocaleString('en-US')} flips, ${totalChecked.toLocaleString('en-US')} requests that fell wholly between two flips (or in a still segment) checked against the alias's target.`,
    `alter_alias (durable at ack) under this load: ` +
      results
        .map((r) => {
          const f = sorted(r.flips.map((x) => x.returned - x.invoked));
          return `${r.mode} p50 ${fmtMs(percentile(f, 50))} ms, p99 ${fmtMs(percentile(f, 99))} ms`;
        })
        .join('; ') +
      '.',
    `Dispatcher lag (how late the latest request was sent against the steady schedule): ${results.map((r) => `${r.mode} ${fmtMs(r.maxLagMs)} ms`).join(', ')}.`,
  ];
  const how = [
    `- Two collections, \`blue\` and \`green\`, each ${ROWS.toLocaleString('en-US')} rows with the same ids and vectors: Int64 primary key \`id\`, ` +
      `FloatVector \`vec\` (dim ${DIM}, fixed-seed uniform values), VarChar \`side\` = the collection's name on every row; FLAT index, L2, loaded. Alias \`${ALIAS}\` starts on blue.`,
    `- **remote**: Elanus's \`MilvusClient\` with \`uri: http://127.0.0.1:<port>\` to a real \`elanus serve\` (separate process, temporary data directory); ` +
      `**embedded**: the same class with \`uri\` = a temporary directory, the engine in the benchmark process. ${CLIENTS} clients send the requests (round robin) and one more flips the alias.`,
    `- Steady offered load (open loop): ${RATE} requests/s, sent on schedule whether or not earlier ones have answered, alternating a search through \`${ALIAS}\` ` +
      `(nq=1, topk ${TOPK}, output_fields ['side']) and a query (\`id < ${QUERY_ROWS}\`, output_fields ['side']).`,
    `- Per mode: ${WARMUP_MS / 1000} s of warm-up (flipping, not counted), then ${SEGMENTS} segments of ${SEGMENT_MS / 1000} s alternating alias still / ` +
      `an alter_alias (to the other collection) scheduled every ${FLIP_EVERY_MS} ms, one at a time (a flip that takes longer delays the next one). Latency is from the client call to its resolved promise; ` +
      'percentiles are nearest-rank over all requests of the row.',
    '- Checks on every reply: all rows have one `side`, the full row count (10 hits, 50 rows); a request that started after a flip returned and ended before ' +
      "the next one was invoked (all times `performance.now()` in this process) must show that flip's target. Any error or stale reply fails the run. " +
      'test/compat/alias-flip.test.ts runs the same checks, bounded, in `npm test`.',
  ];
  return {
    title: 'Aliases: request latency while the alias flips',
    text: `${textTable(table)}\n\n${textTable(flipTable)}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
    markdown:
      `Issue 6: request latency p50/p99 through an alias at a steady load, with the alias still and with an alter_alias every ${FLIP_EVERY_MS} ms; ` +
      'the goal is no visible change in p99, zero errors and zero stale replies.\n\n' +
      `${lines.map((l, i) => (i < 2 ? `- **${l}**` : `- ${l}`)).join('\n')}\n\n${markdownTable(table)}\n\n${markdownTable(flipTable)}\n\nHow it was measured:\n\n${how.join('\n')}\n`,
  };
}

export const aliasFlip: Benchmark = {
  name: 'alias-flip',
  summary: `search/query latency through an alias, still vs. an alter_alias every ${FLIP_EVERY_MS} ms; stale replies (remote and embedded)`,
  run,
};
