// Concurrent alias changes: 6 SDK clients, 4 workers each, fire 360 create/alter/drop alias calls
// over 4 aliases and 3 collections, so they conflict. Every reply must be a clean status with an
// expected code; the server must survive; the final state of each alias must be the outcome of
// some successful call on it that no later (invoked after it returned) successful call with a
// different outcome follows (a necessary condition for a serial order explaining the run), and,
// stronger, a full linearizability check per alias must find one real-time-respecting serial
// order that explains every reply (successes, 1600 and 1602 alike) and the final state;
// list_aliases, describe_collection and describe_alias must agree; a restart keeps it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { MilvusClient, ResStatus } from '@zilliz/milvus2-sdk-node';
import type { RunningServer } from '../harness/server.js';
import { assertOk, codeOf, connect, createCollection, describeStatus, isOk, pick, prng, seedFrom, serverPool, tail } from './catalog-helpers.js';

const CLIENTS = 6;
const WORKERS_PER_CLIENT = 4;
const CALLS_PER_WORKER = 15;
const COLLECTIONS = ['c0', 'c1', 'c2'];
const ALIASES = ['x0', 'x1', 'x2', 'x3'];
const INITIAL: Record<string, string | null> = { x0: 'c0', x1: 'c1', x2: null, x3: null };
const MISSING_COLLECTION = 'missing_coll';

type Kind = 'create' | 'alter' | 'drop';

interface Call {
  client: number;
  kind: Kind;
  alias: string;
  coll: string;
  invokedAt: number;
  respondedAt: number;
  code: number;
  errorCode: string;
  reason: string;
  thrown?: string;
}

const ALLOWED: Record<Kind, number[]> = {
  create: [0, 100, 1601, 1602],
  alter: [0, 100, 1600, 1601],
  drop: [0],
};

const LEGACY: Record<number, string> = {
  0: 'Success',
  100: 'CollectionNotExists',
  1600: 'UnexpectedError',
  1601: 'UnexpectedError',
  1602: 'UnexpectedError',
};

/** The state of the alias after a successful call: its target, or null when absent. */
function outcome(c: Call): string | null {
  return c.kind === 'drop' ? null : c.coll;
}

/** What a call on an alias answers in state `s`, and the state after it (serial semantics, docs/aliases.md). */
function step(s: string | null, c: Call): { code: number; next: string | null } {
  // create and alter check the collection before the alias; drop names no collection at all
  if (c.coll === MISSING_COLLECTION && c.kind !== 'drop') return { code: 100, next: s };
  switch (c.kind) {
    case 'create':
      if (s === c.coll) return { code: 0, next: s };
      if (s === null) return { code: 0, next: c.coll };
      return { code: 1602, next: s };
    case 'alter':
      if (s === null) return { code: 1600, next: s };
      return { code: 0, next: c.coll };
    case 'drop':
      return { code: 0, next: null };
  }
}

/**
 * Wing & Gong's search, memoised: is there an order of the calls that respects real time (a call
 * that returned before another was invoked comes first), gives every call its recorded reply,
 * and ends in `final`? The state space is tiny (absent or one of 3 collections), so the memo on
 * (set of calls placed, state) keeps it fast; a step budget guards against the pathological.
 */
function linearizable(
  history: readonly Call[],
  initial: string | null,
  final: string | null,
  budget = 2_000_000,
): { result: 'ok' | 'violation' | 'inconclusive'; steps: number } {
  const ops = [...history].sort((a, b) => a.invokedAt - b.invokedAt);
  const n = ops.length;
  const placed = new Uint8Array(n);
  const failed = new Set<string>();
  let steps = 0;
  let exhausted = false;
  const key = (s: string | null) => `${s ?? '-'}|${Array.from(placed).join('')}`;
  const search = (s: string | null, count: number): boolean => {
    if (count === n) return s === final;
    if (++steps > budget) {
      exhausted = true;
      return false;
    }
    const k = key(s);
    if (failed.has(k)) return false;
    let minResponse = Infinity;
    for (let i = 0; i < n; i++) if (!placed[i]) minResponse = Math.min(minResponse, ops[i]!.respondedAt);
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      if (placed[i]) continue;
      if (op.invokedAt > minResponse) break; // sorted by invocation: no later op can go next
      const r = step(s, op);
      if (r.code !== op.code) continue;
      placed[i] = 1;
      const ok = search(r.next, count + 1);
      placed[i] = 0;
      if (ok) return true;
      if (exhausted) return false;
    }
    failed.add(k);
    return false;
  };
  const ok = search(initial, 0);
  return { result: ok ? 'ok' : exhausted ? 'inconclusive' : 'violation', steps };
}

interface AliasState {
  /** alias -> collection (null = absent), from describe_alias */
  aliases: Record<string, string | null>;
  /** collection -> its aliases (sorted), from list_aliases */
  lists: Record<string, string[]>;
}

async function readState(server: RunningServer): Promise<AliasState> {
  const client = await connect(server);
  const lists: Record<string, string[]> = {};
  for (const coll of COLLECTIONS) {
    const l = await client.listAliases({ collection_name: coll });
    assertOk(l.status, `list_aliases(${coll})`);
    lists[coll] = [...l.aliases].sort();
    const d = await client.describeCollection({ collection_name: coll });
    assertOk(d.status, `describe_collection(${coll})`);
    assert.deepEqual([...d.aliases].sort(), lists[coll], `describe_collection(${coll}).aliases disagrees with list_aliases`);
  }
  const aliases: Record<string, string | null> = {};
  for (const alias of ALIASES) {
    const d = await client.describeAlias({ alias, collection_name: 'c0' });
    if (isOk(d.status)) {
      aliases[alias] = d.collection;
    } else {
      assert.equal(codeOf(d.status), 1600, `describe_alias(${alias}): ${describeStatus(d.status)}`);
      aliases[alias] = null;
    }
  }
  // list_aliases per collection agrees with describe_alias for every alias
  for (const alias of ALIASES) {
    const holders = COLLECTIONS.filter((c) => lists[c]!.includes(alias));
    const target = aliases[alias];
    assert.deepEqual(
      holders,
      target === null ? [] : [target],
      `alias ${alias}: describe_alias says ${target}, list_aliases shows it under [${holders.join(', ')}]`,
    );
  }
  for (const coll of COLLECTIONS) {
    for (const a of lists[coll]!) assert.ok(ALIASES.includes(a), `unexpected alias ${a} on ${coll}`);
  }
  return { aliases, lists };
}

test('hundreds of concurrent alias changes leave a state some serial order explains', async (t) => {
  const seed = seedFrom('ELANUS_CONCURRENCY_SEED');
  const pool = serverPool(t, 'elanus-concurrency-');
  const context = () => `(seed ${seed}, replay with ELANUS_CONCURRENCY_SEED=${seed})`;

  let server: RunningServer = await pool.start();
  const admin = await connect(server);
  for (const c of COLLECTIONS) assertOk(await createCollection(admin, c), `create_collection(${c})`);
  for (const [alias, coll] of Object.entries(INITIAL)) {
    if (coll !== null) assertOk(await admin.createAlias({ collection_name: coll, alias }), `create_alias(${coll}, ${alias})`);
  }

  const clients: MilvusClient[] = [];
  // every client connected before the storm, so the calls really overlap
  for (let i = 0; i < CLIENTS; i++) clients.push(await connect(server));

  const calls: Call[] = [];
  const worker = async (clientIndex: number, rand: () => number) => {
    const client = clients[clientIndex]!;
    for (let n = 0; n < CALLS_PER_WORKER; n++) {
      const r = rand();
      const kind: Kind = r < 0.37 ? 'create' : r < 0.74 ? 'alter' : 'drop';
      // mostly the alias pool; now and then a collection's name as alias (1601) or a missing
      // collection (100), to mix error replies into the conflicts
      const alias = rand() < 0.04 ? pick(rand, COLLECTIONS) : pick(rand, ALIASES);
      const coll = rand() < 0.04 ? MISSING_COLLECTION : pick(rand, COLLECTIONS);
      const call: Call = {
        client: clientIndex,
        kind,
        alias,
        coll,
        invokedAt: performance.now(),
        respondedAt: 0,
        code: -1,
        errorCode: '',
        reason: '',
      };
      let status: ResStatus | undefined;
      try {
        status =
          kind === 'create'
            ? await client.createAlias({ collection_name: coll, alias })
            : kind === 'alter'
              ? await client.alterAlias({ collection_name: coll, alias })
              : await client.dropAlias({ alias });
      } catch (e) {
        call.thrown = String(e);
      }
      call.respondedAt = performance.now();
      if (status) {
        call.code = codeOf(status);
        call.errorCode = String(status.error_code);
        call.reason = status.reason;
      }
      calls.push(call);
    }
  };
  const root = prng(seed);
  const workers: Promise<void>[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    for (let w = 0; w < WORKERS_PER_CLIENT; w++) workers.push(worker(i, prng(Math.floor(root() * 0x7fffffff))));
  }
  await Promise.all(workers);
  assert.equal(calls.length, CLIENTS * WORKERS_PER_CLIENT * CALLS_PER_WORKER);

  // the server survived and still answers
  assert.equal(server.child.exitCode, null, `server exited during the storm; log:\n${tail(server.output())}`);
  assert.equal(server.child.signalCode, null, 'server was killed by a signal during the storm');
  assertOk((await (await connect(server)).showCollections()).status, 'show_collections after the storm');

  // every reply is a clean status with an expected code and the matching legacy error_code
  const thrown = calls.filter((c) => c.thrown !== undefined);
  assert.equal(
    thrown.length,
    0,
    `calls threw instead of replying: ${thrown
      .slice(0, 3)
      .map((c) => c.thrown)
      .join(' | ')}`,
  );
  for (const c of calls) {
    const what = `${c.kind}_alias(${c.coll}, ${c.alias}) ${context()}`;
    assert.ok(ALLOWED[c.kind].includes(c.code), `${what}: unexpected code ${c.code} (${c.errorCode}: ${c.reason})`);
    assert.equal(c.errorCode, LEGACY[c.code], `${what}: code ${c.code} must carry error_code ${LEGACY[c.code]}, got ${c.errorCode}`);
    if (ALIASES.includes(c.alias) && c.coll === MISSING_COLLECTION && c.kind !== 'drop') {
      assert.equal(c.code, 100, `${what}: a missing collection must answer 100`);
    }
    if (COLLECTIONS.includes(c.alias) && c.kind !== 'drop') {
      assert.equal(c.code, 1601, `${what}: an alias named like a collection must answer 1601`);
    }
  }
  const successes = calls.filter((c) => c.code === 0 && ALIASES.includes(c.alias));
  assert.ok(successes.length > 20, `too few successful alias calls (${successes.length}) for the test to mean anything`);
  const conflicts = calls.filter((c) => c.code === 1600 || c.code === 1602).length;
  // how many calls were really in flight at once (the test is about overlapping calls)
  const edges = calls.flatMap((c) => [
    { at: c.invokedAt, d: 1 },
    { at: c.respondedAt, d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let inFlight = 0;
  let maxInFlight = 0;
  for (const e of edges) maxInFlight = Math.max(maxInFlight, (inFlight += e.d));
  t.diagnostic(
    `seed ${seed}: ${calls.length} calls, ${successes.length} successful, ${conflicts} conflicts (1600/1602), up to ${maxInFlight} in flight at once`,
  );
  assert.ok(maxInFlight >= CLIENTS, `the calls barely overlapped (at most ${maxInFlight} in flight): not a concurrency test`);

  // the final state is explained by a serial order
  const before = await readState(server);
  for (const alias of ALIASES) {
    const mine = successes.filter((c) => c.alias === alias);
    const candidates = new Set<string | null>();
    // the initial state counts as a call that returned before everything
    if (mine.every((c) => outcome(c) === INITIAL[alias])) candidates.add(INITIAL[alias] ?? null);
    for (const s of mine) {
      const overwritten = mine.some((t2) => t2.invokedAt > s.respondedAt && outcome(t2) !== outcome(s));
      if (!overwritten) candidates.add(outcome(s));
    }
    const final = before.aliases[alias] ?? null;
    t.diagnostic(
      `alias ${alias}: ${mine.length} successful calls, final ${final ?? 'absent'}, possible finals [${[...candidates].map((x) => x ?? 'absent').join(', ')}]`,
    );
    assert.ok(
      candidates.has(final),
      `alias ${alias} ends as ${final ?? 'absent'}, but only [${[...candidates].map((x) => x ?? 'absent').join(', ')}] ` +
        `can be last in a serial order of its ${mine.length} successful calls ${context()}`,
    );
    // stronger: one serial order, consistent with real time, explains every reply on this alias
    // (successes and 1600/1602 refusals alike) and ends in the observed state
    // every call on the alias, a drop that happened to draw the missing collection included:
    // drop names no collection, so it removes the alias like any other drop
    const history = calls.filter((c) => c.alias === alias);
    const verdict = linearizable(history, INITIAL[alias] ?? null, final);
    t.diagnostic(`alias ${alias}: linearizability check over ${history.length} calls: ${verdict.result} (${verdict.steps} steps)`);
    assert.notEqual(
      verdict.result,
      'violation',
      `alias ${alias}: no serial order consistent with real time explains the ${history.length} replies and the final state ` +
        `${final ?? 'absent'} ${context()}`,
    );
  }

  // a restart keeps exactly this state
  const exit = await server.stop();
  assert.equal(exit, 0, `SIGTERM must exit 0; log:\n${tail(server.output())}`);
  server = await pool.start();
  const after = await readState(server);
  assert.deepEqual(after, before, 'the alias state differs after a restart');
});
