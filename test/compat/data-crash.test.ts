// Crash recovery of the data plane. A loaded collection (Int64 pk `id`, FloatVector `vec` dim 8,
// Int64 `version`, VarChar `tag`) receives a seeded random stream of inserts (new and existing
// keys), upserts and deletes (`id in [...]`), each batch's rows carrying the batch number in
// `version` and `tag`, while the server is SIGKILLed at a random moment. After the restart on the
// same data dir every row is read back and compared with the model of acknowledged writes: the
// only freedom is the one call in flight at the kill, which must be wholly applied or not at all.
// count(*) and the statistics' row_count must equal the model, and the collection must come back
// loaded. Rounds continue from the recovered state. A second test runs four clients writing
// disjoint key ranges concurrently, so that several writes are in flight (and share group
// commits) when the kill lands.
//
// Replay a failure with ELANUS_DATA_CRASH_SEED=<seed printed in the failure message>.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { MilvusClient, ResStatus } from '@zilliz/milvus2-sdk-node';
import type { RunningServer } from '../harness/server.js';
import { describeStatus, isOk, prng, seedFrom, serverPool, tail } from './catalog-helpers.js';
import {
  type Model,
  type ReadRow,
  type WriteOp,
  applyInPlace,
  chooseKeys,
  countStar,
  createLoadedCollection,
  loadState,
  matchRange,
  rawClient,
  readAll,
  sendWrite,
  showOp,
  statisticsRowCount,
  warmSchemaCache,
} from './data-helpers.js';

const SEED_VAR = 'ELANUS_DATA_CRASH_SEED';
const COLLECTION = 'crash_rows';
const CALL_TIMEOUT_MS = 5000;
const STREAM_LIMIT_MS = 15000;

/** "running", or how the server exited: a failure before the kill may be the server dying by itself. */
function serverState(server: RunningServer): string {
  const { exitCode, signalCode } = server.child;
  return exitCode === null && signalCode === null
    ? 'server running'
    : `server exited by itself: code ${String(exitCode)}, signal ${String(signalCode)}`;
}

/**
 * Opens clients (retries off, handshake done) and closes every one of them when the test ends.
 * A client serves one server: the stream of a round, then the checks after the next restart and
 * the stream of the next round (an SDK handshake costs about as much as a server start).
 */
function clientOpener(t: TestContext): (server: RunningServer) => Promise<MilvusClient> {
  const opened: MilvusClient[] = [];
  t.after(async () => {
    await Promise.all(opened.map((c) => c.closeConnection().catch(() => undefined)));
  });
  return async (server) => {
    const client = await rawClient(server.address, CALL_TIMEOUT_MS);
    opened.push(client);
    return client;
  };
}

/** Wraps a failure with the seed, the round, the recent history and the server's log. */
function explain(e: unknown, seed: number, round: number, history: string[], server: RunningServer | undefined): Error {
  const msg = e instanceof Error ? e.message : String(e);
  const err = new Error(
    `data crash test failed with seed ${seed} (replay: ${SEED_VAR}=${seed}) in round ${round}:\n${msg}\n` +
      `--- history (last 80 lines) ---\n${history.slice(-80).join('\n')}\n` +
      `--- server log ---\n${server ? tail(server.output(), 2000) : '(no server)'}`,
  );
  if (e instanceof Error) err.stack = `${err.message}\n${e.stack ?? ''}`;
  return err;
}

/**
 * Streams `next()` operations through `client`, one at a time, until the kill. Returns the
 * acknowledged count and the operation the kill interrupted, whose outcome is unknown (it may
 * not even have been sent). A failure before the kill fails the test.
 */
async function stream(
  client: MilvusClient,
  server: RunningServer,
  killed: () => boolean,
  next: () => WriteOp,
  onAck: (op: WriteOp) => void,
  label: string,
): Promise<{ acked: number; inFlight: WriteOp | undefined }> {
  let acked = 0;
  const deadline = Date.now() + STREAM_LIMIT_MS;
  for (;;) {
    assert.ok(Date.now() < deadline, `${label}: the stream did not end within ${STREAM_LIMIT_MS} ms (kill sent: ${killed()})`);
    const op = next();
    let status: ResStatus;
    try {
      status = await sendWrite(client, COLLECTION, op, CALL_TIMEOUT_MS);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      if (!killed()) throw new Error(`${label}: ${showOp(op)} failed before the kill (${serverState(server)}): ${String(e)}`, { cause: e });
      return { acked, inFlight: op };
    }
    if (!isOk(status)) {
      if (!killed()) throw new Error(`${label}: ${showOp(op)} answered ${describeStatus(status)} before the kill (${serverState(server)})`);
      return { acked, inFlight: op }; // a transport error reported as a status: still unknown
    }
    onAck(op);
    acked++;
  }
}

/** After a restart: loaded, and the row counts agree with the rows read. */
async function checkCounts(reader: MilvusClient, label: string, expected: number): Promise<void> {
  assert.equal(await countStar(reader, COLLECTION), expected, `${label}: count(*) differs from the acknowledged model`);
  assert.equal(await statisticsRowCount(reader, COLLECTION), expected, `${label}: get_collection_statistics row_count differs from the model`);
}

const ROUNDS = 8;
const KEYSPACE = 3000;

/** A random write against the model: inserts of new and existing keys, upserts, deletes. */
function generate(rand: () => number, model: Model, batch: number): WriteOp {
  const live = [...model.keys()];
  const size = 1 + Math.floor(rand() * 200);
  const r = rand();
  if (r < 0.5) return { kind: 'insert', batch, keys: chooseKeys(rand, live, 0, KEYSPACE, size, rand() * 0.6) };
  if (r < 0.75) return { kind: 'upsert', batch, keys: chooseKeys(rand, live, 0, KEYSPACE, size, 0.7) };
  return { kind: 'delete', batch, keys: chooseKeys(rand, live, 0, KEYSPACE, size, 0.85) };
}

test('every acknowledged insert, upsert and delete survives SIGKILL at a random moment; none is half applied (8 rounds)', async (t) => {
  const seed = seedFrom(SEED_VAR);
  const rand = prng(seed);
  const pool = serverPool(t, 'elanus-data-crash-');
  const history: string[] = [];
  let server: RunningServer | undefined;
  let round = 0;
  let totalAcked = 0;
  let unknown = 0;
  let inFlightApplied = 0;
  try {
    const open = clientOpener(t);
    server = await pool.start();
    let client = await open(server);
    const { indexNeeded } = await createLoadedCollection(client, COLLECTION);
    await warmSchemaCache(client, COLLECTION);
    history.push(`collection created and loaded (${indexNeeded ? 'load needed an index: FLAT created' : 'no index needed'})`);
    let model: Model = new Map();
    let batch = 0;

    for (round = 1; round <= ROUNDS; round++) {
      const running: RunningServer = server;
      const delay = 20 + Math.floor(rand() * 381);
      history.push(`round ${round}: kill after ${delay} ms; ${model.size} live rows`);
      let killed = false;
      const killer = setTimeout(() => {
        killed = true;
        running.child.kill('SIGKILL');
      }, delay);
      let result: { acked: number; inFlight: WriteOp | undefined };
      try {
        result = await stream(
          client,
          running,
          () => killed,
          () => generate(rand, model, ++batch),
          (op) => {
            applyInPlace(model, op);
            history.push(`  ack ${showOp(op)}`);
          },
          `round ${round}`,
        );
      } finally {
        clearTimeout(killer);
        if (!killed) {
          killed = true; // a stream failed: stop the others
          running.child.kill('SIGKILL');
        }
      }
      const { acked, inFlight } = result;
      totalAcked += acked;
      if (inFlight) unknown++;
      history.push(`  in flight at the kill: ${inFlight ? showOp(inFlight) : 'none'}; acknowledged this round: ${acked}`);
      await client.closeConnection().catch(() => undefined);
      await running.kill();

      server = await pool.start();
      client = await open(server);
      assert.equal(await loadState(client, COLLECTION), 'LoadStateLoaded', `round ${round}: the collection was loaded before the kill`);
      const actual: Map<number, ReadRow> = await readAll(client, COLLECTION, 0, KEYSPACE);
      const before = model;
      model = matchRange(`round ${round}`, model, inFlight, actual);
      if (inFlight && model !== before) inFlightApplied++;
      if (inFlight) history.push(`  recovered: in-flight #${inFlight.batch} ${model === before ? 'not applied' : 'applied'}`);
      await checkCounts(client, `round ${round}`, model.size);
      await warmSchemaCache(client, COLLECTION);
    }
    assert.ok(totalAcked > 0, 'no write was acknowledged in any round: the stream never ran');
    t.diagnostic(
      `seed ${seed}: ${totalAcked} acknowledged writes, ${unknown} in flight at a kill (${inFlightApplied} of them recovered as applied), ${model.size} live rows at the end`,
    );
  } catch (e) {
    throw explain(e, seed, round, history, server);
  }
});

const CLIENTS = 4;
const CONCURRENT_ROUNDS = 5;
const RANGE = 10000;

test('four concurrent writers on disjoint key ranges: every acked batch complete, every unacked one all or nothing (5 rounds)', async (t) => {
  const seed = seedFrom(SEED_VAR);
  const rand = prng(seed ^ 0x5bd1e995);
  const pool = serverPool(t, 'elanus-data-crash4-');
  const history: string[] = [];
  let server: RunningServer | undefined;
  let round = 0;
  let totalAcked = 0;
  try {
    const open = clientOpener(t);
    server = await pool.start();
    const first: RunningServer = server;
    let clients = await Promise.all(Array.from({ length: CLIENTS }, () => open(first)));
    await createLoadedCollection(clients[0]!, COLLECTION);
    await Promise.all(clients.map((c) => warmSchemaCache(c, COLLECTION)));
    const models: Model[] = Array.from({ length: CLIENTS }, () => new Map());
    const nextBatch = Array.from({ length: CLIENTS }, () => 0);

    for (round = 1; round <= CONCURRENT_ROUNDS; round++) {
      const running: RunningServer = server;
      const delay = 20 + Math.floor(rand() * 381);
      history.push(`round ${round}: kill after ${delay} ms; live rows per client ${models.map((m) => m.size).join('/')}`);
      let killed = false;
      const killer = setTimeout(() => {
        killed = true;
        running.child.kill('SIGKILL');
      }, delay);
      let results: { acked: number; inFlight: WriteOp | undefined }[];
      try {
        results = await Promise.all(
          clients.map((client, c) => {
            // each client its own generator: the interleaving varies, each client's stream does not
            const crand = prng((seed + round * 0x9e3779b9 + c * 7919) >>> 0);
            const lo = c * RANGE;
            const model = models[c]!;
            return stream(
              client,
              running,
              () => killed,
              () => {
                const batch = CLIENTS * ++nextBatch[c]! + c; // unique over clients and rounds
                const size = 1 + Math.floor(crand() * 200);
                const keys = chooseKeys(crand, [...model.keys()], lo, lo + RANGE, size, crand() < 0.2 ? 0.5 : 0);
                return { kind: 'insert', batch, keys };
              },
              (op) => {
                applyInPlace(model, op);
                history.push(`  client ${c} ack ${showOp(op)}`);
              },
              `round ${round} client ${c}`,
            );
          }),
        );
      } finally {
        clearTimeout(killer);
        if (!killed) {
          killed = true; // a stream failed: stop the others
          running.child.kill('SIGKILL');
        }
      }
      results.forEach((r, c) => {
        totalAcked += r.acked;
        history.push(`  client ${c}: ${r.acked} acknowledged, in flight: ${r.inFlight ? showOp(r.inFlight) : 'none'}`);
      });
      await Promise.all(clients.map((client) => client.closeConnection().catch(() => undefined)));
      await running.kill();

      server = await pool.start();
      const restarted: RunningServer = server;
      clients = await Promise.all(Array.from({ length: CLIENTS }, () => open(restarted)));
      const reader = clients[0]!;
      assert.equal(await loadState(reader, COLLECTION), 'LoadStateLoaded', `round ${round}: the collection was loaded before the kill`);
      const actual = await readAll(reader, COLLECTION, 0, CLIENTS * RANGE);
      for (let c = 0; c < CLIENTS; c++) {
        const lo = c * RANGE;
        const mine = new Map([...actual].filter(([k]) => k >= lo && k < lo + RANGE));
        models[c] = matchRange(`round ${round} client ${c} (keys ${lo}..${lo + RANGE - 1})`, models[c]!, results[c]!.inFlight, mine);
      }
      await checkCounts(
        reader,
        `round ${round}`,
        models.reduce((n, m) => n + m.size, 0),
      );
      await Promise.all(clients.map((c) => warmSchemaCache(c, COLLECTION)));
    }
    assert.ok(totalAcked > 0, 'no write was acknowledged in any round: the streams never ran');
    t.diagnostic(`seed ${seed}: ${totalAcked} acknowledged batches over ${CONCURRENT_ROUNDS} rounds`);
  } catch (e) {
    throw explain(e, seed, round, history, server);
  }
});
