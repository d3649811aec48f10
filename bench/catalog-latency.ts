// Catalog latency: create_alias, alter_alias and drop_alias (each durable at ack), describe_collection
// through an alias vs. through the real name, describe_alias and list_aliases, all through the
// official Node SDK over gRPC against a real `elanus serve`, with a bare GetVersion / CheckHealth
// round trip as the protocol floor and a raw write + fdatasync as the disk floor.
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataType, MilvusClient, type FieldType } from '@zilliz/milvus2-sdk-node';
import type { BenchContext, BenchReport, Benchmark } from './benchmark.js';
import { markdownTable, textTable, type Table } from './report.js';
import { startBenchServer } from './server.js';
import { fmtMs, fmtRate, summarize, type Summary } from './stats.js';

/**
 * Calls per figure and round. Every figure is measured in ROUNDS rounds that interleave all the
 * operations, so a burst of outside load hits them all alike instead of one figure; the rounds are
 * pooled. Sized so that the whole benchmark stays well under two minutes.
 */
const ROUNDS = 4;
const PER_ROUND = {
  floor: 500,
  fsync: 125,
  write: 250,
  read: 500,
};
const WARMUP = 200;
const CONCURRENT_CALLERS = 8;
const DIM = 8;
const COLL_A = 'bench_a';
const COLL_B = 'bench_b';
const ALIAS = 'bench_alias';

const FIELDS: FieldType[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
  { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
];

// ---- status checks: a benchmark of failing calls is worthless, so any failure aborts the run ----

interface StatusLike {
  error_code?: unknown;
  code?: unknown;
  reason?: unknown;
}

/** The status of a reply: reply.status, or the reply itself for methods that answer a bare Status. */
function statusOf(reply: unknown): StatusLike | undefined {
  if (!reply || typeof reply !== 'object') return undefined;
  const r = reply as { status?: unknown };
  if (r.status && typeof r.status === 'object') return r.status as StatusLike;
  return 'error_code' in r ? (r as StatusLike) : undefined;
}

function check(reply: unknown, what: string): void {
  const s = statusOf(reply);
  if (!s || s.error_code !== 'Success' || (s.code !== undefined && s.code !== 0)) {
    throw new Error(`${what} failed: ${s ? JSON.stringify(s) : `reply without a status: ${JSON.stringify(reply)}`}`);
  }
}

// ---- measurement loops ----

type Call = (i: number) => Promise<unknown>;

/** One measured run: per-call latencies (ms) and the wall-clock time of the whole run. */
interface Run {
  latencies: number[];
  wallMs: number;
}

/** One call in flight: `n` calls of `call(i)`, each reply checked after its latency is taken. */
async function sequential(n: number, what: string, call: Call): Promise<Run> {
  const latencies = new Array<number>(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const reply = await call(i);
    latencies[i] = performance.now() - s;
    check(reply, `${what} #${i}`);
  }
  return { latencies, wallMs: performance.now() - t0 };
}

/**
 * `callers` loops, each with its own client, sharing `n` calls: `call(worker, k, i)` where k counts
 * the worker's own calls and i the global index. Each caller has one call in flight.
 */
async function concurrent(
  callers: number,
  n: number,
  what: string,
  call: (worker: number, k: number, i: number) => Promise<unknown>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, w) => {
      for (let k = 0; next < n; k++) {
        const i = next++;
        const s = performance.now();
        const reply = await call(w, k, i);
        latencies.push(performance.now() - s);
        check(reply, `${what} #${i} (caller ${w})`);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

/** The disk floor: a 4 KiB write then fdatasync, `n` times, in the server's data directory. */
function fdatasyncFloor(dir: string, n: number): Run {
  const path = join(dir, 'bench-fsync-probe');
  const fd = openSync(path, 'w');
  const page = Buffer.alloc(4096, 7);
  const latencies = new Array<number>(n);
  const t0 = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      writeSync(fd, page, 0, page.length, (i % 16) * 4096);
      fdatasyncSync(fd);
      latencies[i] = performance.now() - s;
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return { latencies, wallMs: performance.now() - t0 };
}

// ---- the benchmark ----

type Kind = 'floor' | 'read' | 'write';

interface Row {
  op: string;
  kind: Kind;
  summary: Summary;
}

/** Runs of each (operation, callers) pooled over the rounds, in first-measured order. */
class Figures {
  private readonly figures = new Map<string, { op: string; kind: Kind; callers: number; latencies: number[]; wallMs: number }>();

  add(op: string, kind: Kind, callers: number, run: Run): void {
    const key = `${op}\u0000${callers}`;
    let f = this.figures.get(key);
    if (!f) {
      f = { op, kind, callers, latencies: [], wallMs: 0 };
      this.figures.set(key, f);
    }
    f.latencies.push(...run.latencies);
    f.wallMs += run.wallMs;
  }

  rows(): Row[] {
    return [...this.figures.values()].map((f) => ({ op: f.op, kind: f.kind, summary: summarize(f.latencies, f.wallMs, f.callers) }));
  }
}

async function createCollection(client: MilvusClient, name: string): Promise<void> {
  let reply: unknown;
  try {
    reply = await client.createCollection({ collection_name: name, fields: FIELDS });
  } catch (e) {
    // The SDK throws the status itself when a `fields` create_collection fails.
    reply = e;
  }
  if (reply instanceof Error) throw reply;
  check(reply, `create_collection ${name}`);
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const server = await startBenchServer();
  const clients: MilvusClient[] = [];
  const newClient = () => {
    const c = new MilvusClient({ address: server.address, timeout: 30000 });
    clients.push(c);
    return c;
  };
  const figures = new Figures();
  try {
    ctx.log(`catalog: server on ${server.address}, data in ${server.dataDir}`);
    const client = newClient();
    const callers = Array.from({ length: CONCURRENT_CALLERS }, () => newClient());
    await Promise.all(clients.map((c) => c.connectPromise));

    await createCollection(client, COLL_A);
    await createCollection(client, COLL_B);
    const idA = String(((await client.describeCollection({ collection_name: COLL_A })) as { collectionID: string }).collectionID);
    check(await client.createAlias({ collection_name: COLL_A, alias: ALIAS }), 'create_alias bench_alias');

    // Warm-up: every call path on every connection, enough of each to settle the JITs. Not counted.
    ctx.log('catalog: warm-up');
    await sequential(WARMUP, 'warm-up GetVersion', () => client.getVersion());
    await sequential(WARMUP, 'warm-up CheckHealth', () => client.checkHealth());
    await sequential(WARMUP, 'warm-up create_alias', (i) => client.createAlias({ collection_name: COLL_A, alias: `warm_${i}` }));
    await sequential(WARMUP, 'warm-up alter_alias', (i) =>
      client.alterAlias({ collection_name: i % 2 === 0 ? COLL_B : COLL_A, alias: `warm_${i}` }),
    );
    await sequential(WARMUP, 'warm-up drop_alias', (i) => client.dropAlias({ alias: `warm_${i}` }));
    await sequential(WARMUP, 'warm-up describe_collection', (i) => client.describeCollection({ collection_name: i % 2 === 0 ? COLL_A : ALIAS }));
    await sequential(WARMUP, 'warm-up describe_alias', () => client.describeAlias({ alias: ALIAS, collection_name: COLL_A }));
    await sequential(WARMUP, 'warm-up list_aliases', () => client.listAliases({ collection_name: COLL_A }));
    await concurrent(CONCURRENT_CALLERS, WARMUP, 'warm-up GetVersion x8', (c) => callers[c]!.getVersion());
    await concurrent(CONCURRENT_CALLERS, WARMUP, 'warm-up create_alias x8', (c, _k, i) =>
      callers[c]!.createAlias({ collection_name: COLL_B, alias: `warm8_${i}` }),
    );
    await concurrent(CONCURRENT_CALLERS, WARMUP, 'warm-up alter_alias x8', (c, _k, i) =>
      callers[c]!.alterAlias({ collection_name: COLL_A, alias: `warm8_${i}` }),
    );
    await concurrent(CONCURRENT_CALLERS, WARMUP, 'warm-up drop_alias x8', (c, _k, i) => callers[c]!.dropAlias({ alias: `warm8_${i}` }));

    const n = PER_ROUND;
    const x8 = CONCURRENT_CALLERS;
    for (let r = 0; r < ROUNDS; r++) {
      ctx.log(`catalog: round ${r + 1} of ${ROUNDS}`);

      // Floors: the protocol (a call the server answers without work) and the disk.
      figures.add('GetVersion (gRPC floor)', 'floor', 1, await sequential(n.floor, 'GetVersion', () => client.getVersion()));
      figures.add('CheckHealth (gRPC floor)', 'floor', 1, await sequential(n.floor, 'CheckHealth', () => client.checkHealth()));
      figures.add('4 KiB write + fdatasync (disk floor)', 'floor', 1, fdatasyncFloor(server.dataDir, n.fsync));

      // create_alias: distinct new aliases; drop_alias then deletes them.
      figures.add(
        'create_alias',
        'write',
        1,
        await sequential(n.write, 'create_alias', (i) => client.createAlias({ collection_name: COLL_A, alias: `seq${r}_${i}` })),
      );
      figures.add('drop_alias', 'write', 1, await sequential(n.write, 'drop_alias', (i) => client.dropAlias({ alias: `seq${r}_${i}` })));
      figures.add(
        'create_alias',
        'write',
        x8,
        await concurrent(x8, n.write, 'create_alias', (c, _k, i) => callers[c]!.createAlias({ collection_name: COLL_A, alias: `con${r}_${i}` })),
      );
      figures.add(
        'drop_alias',
        'write',
        x8,
        await concurrent(x8, n.write, 'drop_alias', (c, _k, i) => callers[c]!.dropAlias({ alias: `con${r}_${i}` })),
      );

      // alter_alias: one alias flipped between the two collections; every call is a real change
      // (an alter to the collection the alias already names commits nothing).
      check(await client.createAlias({ collection_name: COLL_A, alias: 'flip' }), 'create_alias flip');
      figures.add(
        'alter_alias',
        'write',
        1,
        await sequential(n.write, 'alter_alias', (i) => client.alterAlias({ collection_name: i % 2 === 0 ? COLL_B : COLL_A, alias: 'flip' })),
      );
      const flipped = await client.describeAlias({ alias: 'flip', collection_name: COLL_A });
      check(flipped, 'describe_alias flip');
      const expected = n.write % 2 === 0 ? COLL_A : COLL_B;
      if (flipped.collection !== expected) {
        throw new Error(`after ${n.write} alter_alias calls, flip points at ${flipped.collection}, not ${expected}`);
      }
      check(await client.dropAlias({ alias: 'flip' }), 'drop_alias flip');

      // With 8 callers, each flips its own alias, so again every call is a real change.
      for (let c = 0; c < x8; c++) {
        check(await client.createAlias({ collection_name: COLL_A, alias: `flip_${c}` }), `create_alias flip_${c}`);
      }
      figures.add(
        'alter_alias',
        'write',
        x8,
        await concurrent(x8, n.write, 'alter_alias', (c, k) =>
          callers[c]!.alterAlias({ collection_name: k % 2 === 0 ? COLL_B : COLL_A, alias: `flip_${c}` }),
        ),
      );
      for (let c = 0; c < x8; c++) check(await client.dropAlias({ alias: `flip_${c}` }), `drop_alias flip_${c}`);

      // Reads. The catalog is back to two collections and one alias (bench_alias -> bench_a), so
      // both describe_collection paths return the same reply; calls alternate name / alias.
      const byName: number[] = [];
      const byAlias: number[] = [];
      for (let i = 0; i < 2 * n.read; i++) {
        const viaAlias = i % 2 === 1;
        const s = performance.now();
        const reply = await client.describeCollection({ collection_name: viaAlias ? ALIAS : COLL_A });
        (viaAlias ? byAlias : byName).push(performance.now() - s);
        check(reply, `describe_collection ${viaAlias ? 'by alias' : 'by name'} #${i}`);
        if (String(reply.collectionID) !== idA) {
          throw new Error(`describe_collection ${viaAlias ? ALIAS : COLL_A} answered collection ${reply.collectionID}, not ${idA}`);
        }
      }
      const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      figures.add('describe_collection by name', 'read', 1, { latencies: byName, wallMs: total(byName) });
      figures.add('describe_collection by alias', 'read', 1, { latencies: byAlias, wallMs: total(byAlias) });
      figures.add(
        'describe_alias',
        'read',
        1,
        await sequential(n.read, 'describe_alias', () => client.describeAlias({ alias: ALIAS, collection_name: COLL_A })),
      );
      figures.add('list_aliases', 'read', 1, await sequential(n.read, 'list_aliases', () => client.listAliases({ collection_name: COLL_A })));

      // The catalog ends each round as it started: nothing leaked from the runs.
      const left = await client.listAliases({ collection_name: COLL_A });
      check(left, 'list_aliases');
      const leftB = await client.listAliases({ collection_name: COLL_B });
      check(leftB, 'list_aliases');
      if (JSON.stringify([left.aliases, leftB.aliases]) !== JSON.stringify([[ALIAS], []])) {
        throw new Error(`expected only ${ALIAS} (on ${COLL_A}) after round ${r + 1}, found ${JSON.stringify([left.aliases, leftB.aliases])}`);
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.closeConnection().catch(() => undefined)));
    await server.stop();
    ctx.noteChildCpuMs(server.cpuMsAtStop());
  }
  return report(figures.rows());
}

// ---- the report ----

function find(rows: Row[], op: string, callers = 1): Summary {
  const r = rows.find((x) => x.op === op && x.summary.callers === callers);
  if (!r) throw new Error(`no figure for ${op} with ${callers} caller(s)`);
  return r.summary;
}

function report(rows: Row[]): BenchReport {
  const table: Table = {
    columns: ['operation', 'callers', 'calls', 'p50 ms', 'p99 ms', 'mean ms', 'ops/s', 'durable at ack'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows: rows.map(({ op, kind, summary: s }) => [
      op,
      String(s.callers),
      String(s.n),
      fmtMs(s.p50),
      fmtMs(s.p99),
      fmtMs(s.mean),
      fmtRate(s.opsPerSec),
      kind === 'write' ? 'yes (fsync)' : kind === 'floor' ? '' : 'n/a (read)',
    ]),
  };

  const byName = find(rows, 'describe_collection by name');
  const byAlias = find(rows, 'describe_collection by alias');
  const version = find(rows, 'GetVersion (gRPC floor)');
  const disk = find(rows, '4 KiB write + fdatasync (disk floor)');
  const create1 = find(rows, 'create_alias');
  const create8 = find(rows, 'create_alias', CONCURRENT_CALLERS);
  const alter1 = find(rows, 'alter_alias');
  const alter8 = find(rows, 'alter_alias', CONCURRENT_CALLERS);
  const drop1 = find(rows, 'drop_alias');
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

  const ratioLine =
    `describe_collection through an alias / through the real name: ${ratio(byAlias.p50, byName.p50)} at p50, ` +
    `${ratio(byAlias.p99, byName.p99)} at p99, ${ratio(byAlias.mean, byName.mean)} on the mean ` +
    `(${fmtMs(byAlias.p50 - byName.p50)} ms difference at p50).`;
  const protocolLine =
    `Protocol floor: a bare GetVersion round trip through the SDK takes ${fmtMs(version.p50)} ms at p50, so ` +
    `${Math.round((version.p50 / byName.p50) * 100)}% of describe_collection's p50 and ` +
    `${Math.round((version.p50 / create1.p50) * 100)}% of create_alias's is the round trip itself.`;
  const writeLine =
    `Durable writes: create_alias p50 ${fmtMs(create1.p50)} ms, alter_alias ${fmtMs(alter1.p50)} ms, drop_alias ` +
    `${fmtMs(drop1.p50)} ms, against ${fmtMs(version.p50)} ms for the bare round trip. Net of the round trip a ` +
    `create_alias costs ${fmtMs(create1.p50 - version.p50)} ms at p50; a raw 4 KiB write + fdatasync on the same ` +
    `filesystem takes ${fmtMs(disk.p50)} ms at p50, ${Math.round((disk.p50 / (create1.p50 - version.p50)) * 100)}% of that.`;
  const concurrencyLine =
    `${CONCURRENT_CALLERS} concurrent callers: create_alias ${fmtRate(create8.opsPerSec)} ops/s vs ${fmtRate(create1.opsPerSec)} with one ` +
    `(${x(create8.opsPerSec, create1.opsPerSec)}), alter_alias ${fmtRate(alter8.opsPerSec)} vs ${fmtRate(alter1.opsPerSec)} ` +
    `(${x(alter8.opsPerSec, alter1.opsPerSec)}), as changes that queue together share one transaction and one fsync ` +
    `(group commit); each caller then waits ${fmtMs(create8.p50)} / ${fmtMs(alter8.p50)} ms at p50.`;

  const text = [textTable(table), '', ratioLine, protocolLine, writeLine, concurrencyLine].join('\n');

  const markdown = `Issue: latency of create_alias and alter_alias through gRPC (p50, p99, durable), and of
describe_collection through an alias vs. through the real name.

${markdownTable(table)}

- **${ratioLine}**
- ${protocolLine}
- ${writeLine}
- ${concurrencyLine}

How it was measured:

- A real \`elanus serve\` (separate process, fresh temporary data directory, 127.0.0.1, port 0),
  driven through the official Node SDK (\`@zilliz/milvus2-sdk-node\` \`MilvusClient\`) over gRPC.
  Latency is what the caller sees: from the SDK call to its resolved promise, so it includes the
  SDK's own request building and reply decoding as well as the network round trip and the server.
- Two collections, \`${COLL_A}\` and \`${COLL_B}\`, each with an Int64 primary key \`id\` and a
  FloatVector \`vec\` of dim ${DIM} (explicit fields, no index).
- Warm-up first: ${WARMUP} calls of every operation on the main client, and of GetVersion and the
  alias writes through the ${CONCURRENT_CALLERS} concurrent clients, not counted.
- ${ROUNDS} rounds, each measuring every row in turn (floors, create/drop with 1 then
  ${CONCURRENT_CALLERS} callers, alter with 1 then ${CONCURRENT_CALLERS}, reads); the table pools the
  rounds, so outside load that comes and goes spreads over all rows rather than spoiling one.
  Per round: ${PER_ROUND.floor} floor calls, ${PER_ROUND.write} calls per write row,
  ${PER_ROUND.read} per read row, ${PER_ROUND.fsync} disk syncs.
- **callers = 1**: one call in flight; ops/s = calls / wall-clock time of the runs (≈ 1000 / mean).
  **callers = ${CONCURRENT_CALLERS}**: ${CONCURRENT_CALLERS} loops, each with its own \`MilvusClient\` and
  one call in flight, sharing the round's ${PER_ROUND.write} calls; ops/s is the aggregate throughput,
  the latencies are per call. (grpc-js multiplexes the clients over one HTTP/2 connection to the
  server, as it would in any one process using several clients.)
- create_alias creates distinct new aliases, then drop_alias drops them (a real delete each time).
  alter_alias with one caller flips one alias between the two collections; with
  ${CONCURRENT_CALLERS} callers each caller flips its own alias. Either way every call is a real
  change (an alter_alias to the collection the alias already names commits nothing and would
  flatter the figure). After each round the alias is checked to point where the last flip put it,
  and the catalog to be back to its one alias.
- describe_collection by name and by alias alternate call by call on the same collection, while the
  catalog holds two collections and one alias, so both paths return the same reply; every reply's
  collectionID is checked to be the collection's.
- Every reply's status is checked (\`error_code\` \`Success\`, code 0); any failure aborts the run.
- **Every write is durable at ack**: the server writes each change in an LMDB transaction (changes
  that queue up together share one: group commit) and replies only after that transaction is
  flushed to disk (fdatasync), so an acknowledged create/alter/drop survives kill -9 and power
  loss. Write latencies include that flush. The disk floor row is a 4 KiB
  \`write\` + \`fdatasync\` in the data directory, timed in the benchmark process, to show what one
  sync costs on this machine's disk.
- GetVersion and CheckHealth do nothing on the server: they are the floor of any call (SDK +
  gRPC + loopback).
- Percentiles are nearest-rank over all calls of the row. p99 is sensitive to scheduling (the
  benchmark client and the server share the machine's cores); p50 is the steadier figure.`;

  return { title: 'Catalog latency: aliases and describe_collection', text, markdown };
}

export const catalogLatency: Benchmark = {
  name: 'catalog',
  summary: 'create/alter/drop alias (durable), describe_collection by alias vs. by name, describe/list aliases, gRPC floor',
  run,
};
