// Shared helpers for the durability, crash, concurrency and lock tests: a fixed two-field schema,
// status checks, a full catalog snapshot taken through the official Node SDK, and a seeded PRNG.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { DataType, MilvusClient, type FieldType, type ResStatus } from '@zilliz/milvus2-sdk-node';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from '../harness/server.js';

/** An Int64 primary key `id` and a 4-dimensional FloatVector `vec`. */
export const FIELDS: FieldType[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
  { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
];

/**
 * A harness client whose handshake is done. A failed handshake becomes an error naming the
 * server's state and log (instead of an unhandled rejection inside the SDK).
 */
export async function connect(server: RunningServer, options: { database?: string } = {}): Promise<MilvusClient> {
  // The SDK gives its handshake about 150 ms of retries. On a loaded 2-core machine (the suite runs
  // two files at once, some of them CPU-heavy) a live server can miss that window, so a failed
  // handshake is tried again, with a new client, for as long as the server runs, up to 15 s.
  const deadline = Date.now() + CONNECT_PATIENCE_MS;
  for (let attempt = 1; ; attempt++) {
    const client = server.client(options);
    client.connectPromise.catch(() => undefined);
    try {
      await client.connectPromise;
      return client;
    } catch (e) {
      const alive = server.child.exitCode === null && server.child.signalCode === null;
      if (alive && Date.now() < deadline) {
        await client.closeConnection().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw new Error(
        `cannot connect to elanus at ${server.address} after ${attempt} handshake(s) (exit code ${String(server.child.exitCode)}, ` +
          `signal ${String(server.child.signalCode)}): ${String(e)}\nserver log:\n${tail(server.output())}`,
        { cause: e },
      );
    }
  }
}

/** How long connect() keeps trying a live server's handshake. */
const CONNECT_PATIENCE_MS = 15_000;

/** True when a status is a clean success: legacy error_code Success and code 0. */
export function isOk(status: Partial<ResStatus> | undefined): boolean {
  return !!status && status.error_code === 'Success' && (status.code ?? 0) === 0;
}

/** The numeric code of a status (0 on success). */
export function codeOf(status: Partial<ResStatus> | undefined): number {
  if (!status) return -1;
  if (typeof status.code === 'number') return status.code;
  return status.error_code === 'Success' ? 0 : -1;
}

export function describeStatus(status: Partial<ResStatus> | undefined): string {
  if (!status) return '<no status>';
  return `code=${String(status.code)} error_code=${String(status.error_code)} reason=${JSON.stringify(status.reason ?? '')}`;
}

export function assertOk(status: Partial<ResStatus> | undefined, what: string): void {
  assert.ok(isOk(status), `${what}: expected success, got ${describeStatus(status)}`);
}

/**
 * create_collection with the fixed schema. MilvusClient.createCollection throws the status on
 * failure (for the `fields` form); this returns it instead, like every other SDK call.
 */
export async function createCollection(client: MilvusClient, name: string, dbName?: string): Promise<ResStatus> {
  try {
    return await client.createCollection({
      collection_name: name,
      fields: FIELDS,
      ...(dbName === undefined ? {} : { db_name: dbName }),
    });
  } catch (e) {
    if (e && typeof e === 'object' && 'error_code' in e) return e as ResStatus;
    throw e;
  }
}

export interface AliasView {
  db_name: string;
  alias: string;
  collection: string;
}

export interface CollectionView {
  name: string;
  id: string;
  aliases: string[];
  /** describe_collection's reply, minus its status, with its lists sorted. */
  describe: Record<string, unknown>;
}

export interface DatabaseView {
  name: string;
  collections: CollectionView[];
  aliases: AliasView[];
}

export interface CatalogSnapshot {
  databases: DatabaseView[];
}

function sortedStrings(xs: readonly string[] | undefined): string[] {
  return [...(xs ?? [])].sort();
}

/**
 * describe_collection's reply made comparable: no status, no request_time (the time of this
 * request, not a property of the collection), aliases and properties sorted.
 */
function normalizeDescribe(res: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, request_time: _requestTime, ...rest } = res;
  const out: Record<string, unknown> = { ...rest };
  if (Array.isArray(out.aliases)) out.aliases = sortedStrings(out.aliases as string[]);
  if (Array.isArray(out.properties)) {
    out.properties = [...(out.properties as { key: string; value: string }[])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return out;
}

/**
 * Everything a client can see of the catalog: every database, its collections (with their full
 * describe_collection reply and id), the aliases of each collection (list_aliases) and each
 * alias's describe_alias reply. Asserts every call succeeds.
 */
export async function snapshotCatalog(server: RunningServer): Promise<CatalogSnapshot> {
  const root = await connect(server);
  const dbs = await root.listDatabases();
  assertOk(dbs.status, 'list_databases');
  const databases: DatabaseView[] = [];
  for (const db of sortedStrings(dbs.db_names)) {
    const client = await connect(server, { database: db });
    const shown = await client.showCollections({ db_name: db });
    assertOk(shown.status, `show_collections(${db})`);
    const collections: CollectionView[] = [];
    const aliases: AliasView[] = [];
    const names = sortedStrings(shown.data.map((c) => c.name));
    for (const name of names) {
      const desc = await client.describeCollection({ collection_name: name, db_name: db });
      assertOk(desc.status, `describe_collection(${db}.${name})`);
      const listed = await client.listAliases({ collection_name: name, db_name: db });
      assertOk(listed.status, `list_aliases(${db}.${name})`);
      const collAliases = sortedStrings(listed.aliases);
      assert.deepEqual(sortedStrings(desc.aliases), collAliases, `describe_collection(${db}.${name}).aliases must agree with list_aliases`);
      for (const alias of collAliases) {
        const d = await client.describeAlias({ alias, collection_name: name, db_name: db });
        assertOk(d.status, `describe_alias(${db}.${alias})`);
        assert.equal(d.collection, name, `describe_alias(${db}.${alias}) must name the collection listing it`);
        aliases.push({ db_name: d.db_name, alias: d.alias, collection: d.collection });
      }
      collections.push({
        name,
        id: String(desc.collectionID),
        aliases: collAliases,
        describe: normalizeDescribe(desc as unknown as Record<string, unknown>),
      });
    }
    aliases.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
    databases.push({ name: db, collections, aliases });
  }
  return { databases };
}

/** A small summary of a snapshot: db -> collection -> sorted aliases (for readable assertions). */
export function catalogShape(s: CatalogSnapshot): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const db of s.databases) {
    out[db.name] = {};
    for (const c of db.collections) out[db.name]![c.name] = c.aliases;
  }
  return out;
}

/** Mulberry32: a tiny seeded PRNG, so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick from an empty list');
  return xs[Math.floor(rand() * xs.length)]!;
}

/** A seed from the environment variable `name` when set (to replay a failure), else a fresh one. */
export function seedFrom(name: string): number {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0;
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) >>> 0;
}

/** The last `n` characters of a server's log, for failure messages. */
export function tail(text: string, n = 3000): string {
  return text.length <= n ? text : `...${text.slice(-n)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ServerPool {
  readonly dataDir: string;
  /** Starts `elanus serve` on the pool's data dir; every server started is killed at the end. */
  start(): Promise<RunningServer>;
}

/**
 * One temporary data dir for a test, and every server the test starts on it. When the test ends
 * (pass or fail) all of them are SIGKILLed and the dir is removed; a server whose start finishes
 * after that (the test body still running after a failure) is killed at once.
 */
export function serverPool(t: TestContext, prefix: string): ServerPool {
  const dataDir = makeDataDir(prefix);
  const started: RunningServer[] = [];
  let closed = false;
  // last resort: if this process exits without running the after hook, leave no server behind
  const onExit = () => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  t.after(async () => {
    closed = true;
    await Promise.all(started.map((s) => s.kill().catch(() => undefined)));
    removeDataDir(dataDir);
    process.removeListener('exit', onExit);
  });
  return {
    dataDir,
    async start() {
      const server = await startServer({ dataDir });
      started.push(server);
      if (closed) {
        await server.kill().catch(() => undefined);
        removeDataDir(dataDir);
        throw new Error('the test ended while this server was starting');
      }
      return server;
    },
  };
}
