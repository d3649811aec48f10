// Crash recovery of the catalog: a client streams create/alter/drop alias and create/drop
// collection calls (a seeded random sequence) while the server is SIGKILLed at a random moment.
// After the restart the catalog must hold every acknowledged change: it equals the model after
// the last acknowledged call, or that plus the single call that was in flight. Every alias points
// at an existing collection, no alias equals a collection name, and list_aliases agrees with
// describe_alias. Rounds continue from the recovered state on the same data dir.
//
// Replay a failure with ELANUS_CRASH_SEED=<seed printed in the failure message>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MilvusClient, type ResStatus } from '@zilliz/milvus2-sdk-node';
import type { RunningServer } from '../harness/server.js';
import { FIELDS, codeOf, connect, describeStatus, isOk, pick, prng, seedFrom, serverPool, tail } from './catalog-helpers.js';

const ROUNDS = 8;
const COLLECTIONS = ['c0', 'c1', 'c2', 'c3', 'c4'];
const ALIASES = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
const CALL_TIMEOUT_MS = 5000;

type Op =
  | { kind: 'createCollection'; name: string }
  | { kind: 'dropCollection'; name: string }
  | { kind: 'createAlias'; coll: string; alias: string }
  | { kind: 'alterAlias'; coll: string; alias: string }
  | { kind: 'dropAlias'; alias: string };

/** The catalog of the default database as the test believes it. id undefined = not yet observed. */
interface Model {
  collections: Map<string, string | undefined>;
  aliases: Map<string, string>;
}

function cloneModel(m: Model): Model {
  return { collections: new Map(m.collections), aliases: new Map(m.aliases) };
}

function showOp(op: Op): string {
  switch (op.kind) {
    case 'createCollection':
    case 'dropCollection':
      return `${op.kind}(${op.name})`;
    case 'createAlias':
    case 'alterAlias':
      return `${op.kind}(${op.coll}, ${op.alias})`;
    case 'dropAlias':
      return `dropAlias(${op.alias})`;
  }
}

function showModel(m: Model): string {
  const cs = [...m.collections.keys()].sort();
  const as = [...m.aliases.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([a, c]) => `${a}->${c}`);
  return `collections=[${cs.join(' ')}] aliases=[${as.join(' ')}]`;
}

/** The reply code and the next model, per docs/aliases.md. */
function predict(m: Model, op: Op): { code: number; next: Model } {
  const same = { next: m };
  switch (op.kind) {
    case 'createCollection': {
      if (m.aliases.has(op.name)) return { code: 65535, ...same };
      if (m.collections.has(op.name)) return { code: 0, ...same }; // identical schema: idempotent
      const next = cloneModel(m);
      next.collections.set(op.name, undefined);
      return { code: 0, next };
    }
    case 'dropCollection': {
      if (m.aliases.has(op.name)) return { code: 65535, ...same }; // via alias
      if (!m.collections.has(op.name)) return { code: 0, ...same }; // idempotent
      if ([...m.aliases.values()].includes(op.name)) return { code: 65535, ...same }; // has aliases
      const next = cloneModel(m);
      next.collections.delete(op.name);
      return { code: 0, next };
    }
    case 'createAlias': {
      if (m.collections.has(op.alias)) return { code: 1601, ...same };
      if (!m.collections.has(op.coll)) return { code: 100, ...same };
      const cur = m.aliases.get(op.alias);
      if (cur === op.coll) return { code: 0, ...same };
      if (cur !== undefined) return { code: 1602, ...same };
      const next = cloneModel(m);
      next.aliases.set(op.alias, op.coll);
      return { code: 0, next };
    }
    case 'alterAlias': {
      if (m.collections.has(op.alias)) return { code: 1601, ...same };
      if (!m.collections.has(op.coll)) return { code: 100, ...same };
      if (!m.aliases.has(op.alias)) return { code: 1600, ...same };
      const next = cloneModel(m);
      next.aliases.set(op.alias, op.coll);
      return { code: 0, next };
    }
    case 'dropAlias': {
      if (!m.aliases.has(op.alias)) return { code: 0, ...same };
      const next = cloneModel(m);
      next.aliases.delete(op.alias);
      return { code: 0, next };
    }
  }
}

/** A random call, mostly valid against the model, sometimes conflicting on purpose. */
function generate(rand: () => number, m: Model): Op {
  const colls = [...m.collections.keys()];
  const aliases = [...m.aliases.keys()];
  const aliasedColls = new Set(m.aliases.values());
  const r = rand();
  if (r < 0.2 || colls.length === 0) {
    if (aliases.length > 0 && rand() < 0.15) return { kind: 'createCollection', name: pick(rand, aliases) };
    return { kind: 'createCollection', name: pick(rand, COLLECTIONS) };
  }
  if (r < 0.35) {
    const free = colls.filter((c) => !aliasedColls.has(c));
    const x = rand();
    if (x < 0.7 && free.length > 0) return { kind: 'dropCollection', name: pick(rand, free) };
    if (x < 0.85 && aliases.length > 0) return { kind: 'dropCollection', name: pick(rand, aliases) };
    return { kind: 'dropCollection', name: pick(rand, COLLECTIONS) };
  }
  const coll = rand() < 0.9 ? pick(rand, colls) : pick(rand, COLLECTIONS);
  if (r < 0.6) {
    const alias = rand() < 0.1 ? pick(rand, colls) : pick(rand, ALIASES);
    return { kind: 'createAlias', coll, alias };
  }
  if (r < 0.85) {
    const x = rand();
    const alias = x < 0.7 && aliases.length > 0 ? pick(rand, aliases) : x < 0.9 ? pick(rand, ALIASES) : pick(rand, colls);
    return { kind: 'alterAlias', coll, alias };
  }
  const alias = rand() < 0.7 && aliases.length > 0 ? pick(rand, aliases) : pick(rand, ALIASES);
  return { kind: 'dropAlias', alias };
}

async function execute(client: MilvusClient, op: Op): Promise<ResStatus> {
  const timeout = CALL_TIMEOUT_MS;
  switch (op.kind) {
    case 'createCollection':
      try {
        return await client.createCollection({ collection_name: op.name, fields: FIELDS, timeout });
      } catch (e) {
        if (e && typeof e === 'object' && 'error_code' in e) return e as ResStatus;
        throw e;
      }
    case 'dropCollection':
      return client.dropCollection({ collection_name: op.name, timeout });
    case 'createAlias':
      return client.createAlias({ collection_name: op.coll, alias: op.alias, timeout });
    case 'alterAlias':
      return client.alterAlias({ collection_name: op.coll, alias: op.alias, timeout });
    case 'dropAlias':
      return client.dropAlias({ alias: op.alias, timeout });
  }
}

/** The catalog of the default database as the recovered server shows it, with invariant checks. */
async function readCatalog(server: RunningServer): Promise<Model> {
  const client = await connect(server);
  const shown = await client.showCollections();
  assert.ok(isOk(shown.status), `show_collections after restart: ${describeStatus(shown.status)}`);
  const collections = new Map<string, string | undefined>();
  for (const c of shown.data) collections.set(c.name, String(c.id));
  assert.equal(collections.size, shown.data.length, 'show_collections lists a name twice');
  const ids = [...collections.values()];
  assert.equal(new Set(ids).size, ids.length, `two collections share an id: ${JSON.stringify(shown.data)}`);

  const listed = new Map<string, string>(); // alias -> collection, from list_aliases
  for (const name of collections.keys()) {
    const l = await client.listAliases({ collection_name: name });
    assert.ok(isOk(l.status), `list_aliases(${name}): ${describeStatus(l.status)}`);
    for (const a of l.aliases) {
      assert.ok(!listed.has(a), `alias ${a} listed under two collections: ${listed.get(a)} and ${name}`);
      listed.set(a, name);
    }
    const d = await client.describeCollection({ collection_name: name });
    assert.ok(isOk(d.status), `describe_collection(${name}): ${describeStatus(d.status)}`);
    assert.equal(String(d.collectionID), collections.get(name), `describe_collection(${name}) id differs from show_collections`);
    assert.deepEqual([...d.aliases].sort(), [...l.aliases].sort(), `describe_collection(${name}).aliases differs from list_aliases`);
  }

  // describe_alias on every name the stream may have used, to find aliases no list shows
  const aliases = new Map<string, string>();
  for (const name of new Set([...ALIASES, ...COLLECTIONS, ...listed.keys()])) {
    const d = await client.describeAlias({ alias: name, collection_name: name });
    if (isOk(d.status)) {
      aliases.set(name, d.collection);
    } else {
      assert.equal(codeOf(d.status), 1600, `describe_alias(${name}) must be 1600 when not an alias: ${describeStatus(d.status)}`);
    }
  }
  for (const [alias, coll] of aliases) {
    assert.ok(collections.has(coll), `alias ${alias} points at ${coll}, which is not an existing collection`);
    assert.ok(!collections.has(alias), `alias ${alias} has the name of an existing collection`);
    assert.equal(listed.get(alias), coll, `describe_alias(${alias}) = ${coll} but list_aliases shows it under ${listed.get(alias)}`);
  }
  for (const [alias, coll] of listed) {
    assert.equal(aliases.get(alias), coll, `list_aliases(${coll}) shows ${alias} but describe_alias says ${aliases.get(alias)}`);
  }
  return { collections, aliases };
}

/** Equal as far as the model knows: names, alias targets, and ids where the model has them. */
function sameState(model: Model, actual: Model): boolean {
  if (model.collections.size !== actual.collections.size || model.aliases.size !== actual.aliases.size) return false;
  for (const [name, id] of model.collections) {
    if (!actual.collections.has(name)) return false;
    if (id !== undefined && actual.collections.get(name) !== id) return false;
  }
  for (const [alias, coll] of model.aliases) if (actual.aliases.get(alias) !== coll) return false;
  return true;
}

test('every acknowledged catalog change survives SIGKILL at a random moment (8 rounds)', async (t) => {
  const seed = seedFrom('ELANUS_CRASH_SEED');
  const rand = prng(seed);
  const pool = serverPool(t, 'elanus-crash-');
  let server: RunningServer | undefined;

  const history: string[] = [];
  let round = 0;
  let totalAcked = 0;
  try {
    server = await pool.start();
    let model: Model = await readCatalog(server);
    assert.equal(model.collections.size, 0, 'a fresh data dir must start with no collections');
    const everSeen = new Map<string, string>(); // collection id -> name, over the whole run

    for (round = 1; round <= ROUNDS; round++) {
      const roundStart = cloneModel(model);
      const client = new MilvusClient({ address: server.address, maxRetries: 0, timeout: CALL_TIMEOUT_MS });
      // connect before the clock starts: the kill is meant to hit catalog calls, not the handshake
      // (and a handshake cut by the kill would surface as an unhandled rejection inside the SDK)
      client.connectPromise.catch(() => undefined);
      await client.connectPromise;
      const delay = 20 + Math.floor(rand() * 281);
      history.push(`round ${round}: kill after ${delay} ms, start ${showModel(model)}`);
      const running = server;
      let killed = false;
      const killer = setTimeout(() => {
        killed = true;
        running.child.kill('SIGKILL');
      }, delay);

      let inFlight: Op | undefined;
      let acked = 0;
      const deadline = Date.now() + 15000;
      for (;;) {
        assert.ok(Date.now() < deadline, `round ${round}: the stream did not end within 15 s of starting (kill sent: ${killed})`);
        const op = generate(rand, model);
        const expected = predict(model, op);
        inFlight = op;
        let status: ResStatus;
        try {
          status = await execute(client, op);
        } catch (e) {
          if (!killed && running.child.exitCode === null && running.child.signalCode === null) {
            throw new Error(`round ${round}: ${showOp(op)} failed while the server was up: ${String(e)}`, { cause: e });
          }
          break; // the server is gone; `op` may or may not have been applied
        }
        inFlight = undefined;
        history.push(`  ${showOp(op)} -> ${codeOf(status)}`);
        assert.equal(
          codeOf(status),
          expected.code,
          `round ${round}: ${showOp(op)} answered ${describeStatus(status)}, the model expects code ${expected.code} (state ${showModel(model)})`,
        );
        model = expected.next;
        acked++;
      }
      clearTimeout(killer);
      totalAcked += acked;
      history.push(`  in flight at the kill: ${inFlight ? showOp(inFlight) : 'none'}; acknowledged this round: ${acked}`);
      await client.closeConnection().catch(() => undefined);
      await running.kill();

      server = await pool.start();
      const actual = await readCatalog(server);
      const candidates = [model];
      if (inFlight) candidates.push(predict(model, inFlight).next);
      const matched = candidates.find((m) => sameState(m, actual));
      assert.ok(
        matched,
        `round ${round}: recovered catalog is not explained by the acknowledged calls.\n` +
          `  recovered:           ${showModel(actual)} ids=${JSON.stringify([...actual.collections])}\n` +
          `  after last ack:      ${showModel(model)} ids=${JSON.stringify([...model.collections])}\n` +
          (inFlight ? `  plus in-flight ${showOp(inFlight)}: ${showModel(candidates[1]!)}\n` : '') +
          `  at round start:      ${showModel(roundStart)}`,
      );
      // ids: kept by surviving collections (checked by sameState); a collection (re)created in
      // this round must not reuse the id of any collection seen earlier
      for (const [name, id] of actual.collections) {
        const prev = everSeen.get(id!);
        if (prev !== undefined && matched.collections.get(name) === undefined) {
          assert.fail(`round ${round}: collection ${name}, created this round, got id ${id}, already used by ${prev} earlier`);
        }
        everSeen.set(id!, name);
      }
      model = actual;
    }
    assert.ok(totalAcked > 0, 'no call was acknowledged in any round: the stream never ran');
    t.diagnostic(`seed ${seed}, ${totalAcked} acknowledged calls over ${ROUNDS} rounds`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const err = new Error(
      `crash test failed with seed ${seed} (replay: ELANUS_CRASH_SEED=${seed}) in round ${round}:\n${msg}\n` +
        `--- history (last 150 lines) ---\n${history.slice(-150).join('\n')}\n` +
        `--- server log ---\n${server ? tail(server.output(), 2000) : '(no server)'}`,
    );
    if (e instanceof Error) err.stack = `${err.message}\n${e.stack ?? ''}`;
    throw err;
  }
});
