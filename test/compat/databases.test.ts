// Databases (create, drop, describe, alter, list, Connect with a database) and the collection calls
// that answer about a database's contents (has_collection, show_collections, alter_collection), as
// Milvus 2.6.18 does them (research report §3, §4, §5, §6). One server for the file; the last test
// restarts it and checks that every change above is durable.
//
// Row = { name, setup?, call, expect: 'ok' | {code, errorCode?, reason}, check? } as in
// aliases.test.ts. Calls go through the official SDK where it sends the request as given; raw()
// (the SDK's own channel) where the SDK cannot express the request: AlterDatabase or
// AlterCollection with both properties and delete keys, or with neither; HasCollection (the SDK's
// hasCollection sends a DescribeCollection instead); DescribeDatabase with an empty name.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startServer, removeDataDir, type RunningServer } from '../harness/server.js';
import {
  type Reply,
  type ExpectedError,
  assertOk,
  assertErr,
  raw,
  mustCreateCollection,
  mustCreateAlias,
  mustCreateDatabase,
} from './alias-helpers.js';

// ---------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------
let server: RunningServer | undefined;
let defaultClient: MilvusClient | undefined;
const dbClients = new Map<string, MilvusClient>();

function c(): MilvusClient {
  assert.ok(defaultClient, 'server not started');
  return defaultClient;
}

/** A client whose `dbname` metadata is `name` (the SDK's `database` option). */
function dbClient(name: string): MilvusClient {
  let cl = dbClients.get(name);
  if (!cl) {
    assert.ok(server, 'server not started');
    cl = server.client({ database: name });
    dbClients.set(name, cl);
  }
  return cl;
}

const fixtures = new Map<string, Promise<void>>();
function fixture(key: string, make: () => Promise<void>): () => Promise<void> {
  return () => {
    let p = fixtures.get(key);
    if (!p) {
      p = make();
      fixtures.set(key, p);
    }
    return p;
  };
}

interface Row {
  name: string;
  setup?: () => Promise<void>;
  call: () => Promise<Reply>;
  expect: 'ok' | ExpectedError;
  check?: (reply: Reply) => Promise<void> | void;
}

function runRows(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, async () => {
      if (row.setup) await row.setup();
      const reply = await row.call();
      if (row.expect === 'ok') assertOk(reply, row.name);
      else assertErr(reply, row.expect, row.name);
      if (row.check) await row.check(reply);
    });
  }
}

// Codes and texts
const e802 = (db: string, msg: string): ExpectedError => ({
  code: 802,
  errorCode: 'UnexpectedError',
  reason: `${msg}: invalid database name[database=${db}]`,
});
const dbEmpty = e802('', "database name couldn't be empty");
const dbLong = (db: string) => e802(db, 'the length of a database name must be less than 255 characters');
const dbFirst = (db: string) => e802(db, 'the first character of a database name must be an underscore or letter');
const dbLater = (db: string) => e802(db, 'database name can only contain numbers, letters and underscores');
const e800 = (db: string): ExpectedError => ({ code: 800, errorCode: 'UnexpectedError', reason: `database not found[database=${db}]` });
const e1100 = (reason: string): ExpectedError => ({ code: 1100, errorCode: 'IllegalArgument', reason });
const e65535 = (reason: string): ExpectedError => ({ code: 65535, errorCode: 'UnexpectedError', reason });
const e100 = (reason: string): ExpectedError => ({ code: 100, errorCode: 'CollectionNotExists', reason });
const tzText = (tz: string) => e1100(`unknown or invalid IANA Time Zone ID: ${tz}: invalid parameter`);
const collNameFirst = (n: string) =>
  e1100(`Invalid collection name: ${n}. the first character of a collection name must be an underscore or letter: invalid parameter`);

type KVs = Array<{ key: string; value: string }>;
const sortKV = (kv: KVs): KVs => [...kv].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const kv = (o: Record<string, string>): KVs => Object.entries(o).map(([key, value]) => ({ key, value }));

async function describeDb(db_name: string): Promise<Reply> {
  return c().describeDatabase({ db_name });
}

async function mustDescribeDb(db_name: string): Promise<Reply> {
  const d = await describeDb(db_name);
  assertOk(d, `describe_database(${db_name})`);
  return d;
}

async function dbNames(): Promise<string[]> {
  const l = await c().listDatabases();
  assertOk(l, 'list_databases');
  return l.db_names as string[];
}

async function dbProps(db_name: string): Promise<KVs> {
  return sortKV((await mustDescribeDb(db_name)).properties);
}

async function collectionProps(name: string, db_name?: string): Promise<KVs> {
  const d = await raw(c(), 'DescribeCollection', { collection_name: name, ...(db_name ? { db_name } : {}) });
  assertOk(d, `describe_collection(${name})`);
  return sortKV(d.properties);
}

// ---------------------------------------------------------------------------------------------
// create_database
// ---------------------------------------------------------------------------------------------
const D255 = 'd'.repeat(255);
const D256 = 'e'.repeat(256);
let createWindow: { before: number; after: number } | undefined;

const createRows: Row[] = [
  { name: 'create "" -> 802 couldn\'t be empty', call: () => c().createDatabase({ db_name: '' }), expect: dbEmpty },
  { name: 'create a 256-byte name -> 802 length text', call: () => c().createDatabase({ db_name: D256 }), expect: dbLong(D256) },
  { name: 'create "1db" -> 802 first-character text', call: () => c().createDatabase({ db_name: '1db' }), expect: dbFirst('1db') },
  { name: 'create "a-b" -> 802 later-character text', call: () => c().createDatabase({ db_name: 'a-b' }), expect: dbLater('a-b') },
  { name: 'create " db" -> 802 first-character text (no trimming)', call: () => c().createDatabase({ db_name: ' db' }), expect: dbFirst(' db') },
  { name: 'create "db " -> 802 later-character text (no trimming)', call: () => c().createDatabase({ db_name: 'db ' }), expect: dbLater('db ') },
  {
    name: 'create "中文" -> 802 first-character text (bytes, not letters)',
    call: () => c().createDatabase({ db_name: '中文' }),
    expect: dbFirst('中文'),
  },
  {
    name: 'create a 255-byte name -> success (then dropped)',
    call: () => c().createDatabase({ db_name: D255 }),
    expect: 'ok',
    check: async () => {
      assert.ok((await dbNames()).includes(D255));
      assertOk(await c().dropDatabase({ db_name: D255 }), 'drop the 255-byte database');
    },
  },
  {
    name: 'create "cr_db" with properties -> success; describe shows them',
    setup: async () => {
      createWindow = { before: Date.now(), after: 0 };
    },
    call: () => c().createDatabase({ db_name: 'cr_db', properties: { 'database.max.collections': '10', 'elanus.owner': 'tests' } }),
    expect: 'ok',
    check: async () => {
      assert.ok(createWindow);
      createWindow.after = Date.now();
      assert.deepEqual(await dbProps('cr_db'), kv({ 'database.max.collections': '10', 'elanus.owner': 'tests' }));
    },
  },
  {
    name: 'create an existing database -> 65535 database already exist',
    call: () => c().createDatabase({ db_name: 'cr_db' }),
    expect: e65535('database already exist: cr_db'),
    check: async () => {
      // the first one is untouched
      assert.deepEqual(await dbProps('cr_db'), kv({ 'database.max.collections': '10', 'elanus.owner': 'tests' }));
    },
  },
  {
    name: 'create "default" -> 65535 database already exist: default',
    call: () => c().createDatabase({ db_name: 'default' }),
    expect: e65535('database already exist: default'),
  },
  {
    name: 'create with an invalid timezone property -> 1100 unknown or invalid IANA Time Zone ID',
    call: () => c().createDatabase({ db_name: 'cr_tz_bad', properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: tzText('Mars/Olympus_Mons'),
    check: async () => assert.ok(!(await dbNames()).includes('cr_tz_bad')),
  },
  {
    name: 'order: the timezone is checked before existence (an existing name with a bad timezone -> 1100)',
    call: () => c().createDatabase({ db_name: 'cr_db', properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: tzText('Mars/Olympus_Mons'),
  },
  {
    name: 'order: the name is checked before the timezone ("1db" with a bad timezone -> 802)',
    call: () => c().createDatabase({ db_name: '1db', properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: dbFirst('1db'),
  },
  {
    name: 'create with a valid timezone property -> success',
    call: () => c().createDatabase({ db_name: 'cr_tz_ok', properties: { timezone: 'Asia/Tokyo' } }),
    expect: 'ok',
    check: async () => assert.deepEqual(await dbProps('cr_tz_ok'), kv({ timezone: 'Asia/Tokyo' })),
  },
];

// ---------------------------------------------------------------------------------------------
// The 64-database limit (default + 64 fit; the count includes default and compares with >).
// ---------------------------------------------------------------------------------------------
async function limitTest(): Promise<void> {
  const existing = (await dbNames()).filter((n) => n !== 'default').length;
  assert.ok(existing < 64, `setup: already ${existing} databases besides default`);
  const made: string[] = [];
  for (let i = 0; existing + made.length < 64; i++) {
    const name = `lim_${i}`;
    assertOk(await c().createDatabase({ db_name: name }), `create ${name} (${existing + made.length + 1} besides default)`);
    made.push(name);
  }
  assert.equal((await dbNames()).length, 65, 'default + 64 databases exist');
  assertErr(await c().createDatabase({ db_name: 'lim_over' }), {
    code: 801,
    errorCode: 'UnexpectedError',
    reason: 'exceeded the limit number of database[limit=64]',
  });
  assertErr(await describeDb('lim_over'), e800('lim_over'), 'the refused database does not exist');
  // existence is rootcoord's first check, the limit its second: an existing name still answers
  // 65535 at the limit.
  assertErr(await c().createDatabase({ db_name: 'lim_0' }), e65535('database already exist: lim_0'));
  for (const name of made) assertOk(await c().dropDatabase({ db_name: name }), `drop ${name}`);
  assertOk(await c().createDatabase({ db_name: 'lim_after' }), 'below the limit again');
  assertOk(await c().dropDatabase({ db_name: 'lim_after' }), 'drop lim_after');
  const names = await dbNames();
  assert.ok(!names.some((n) => n.startsWith('lim_')), `no lim_ database left: ${JSON.stringify(names)}`);
}

// ---------------------------------------------------------------------------------------------
// drop_database
// ---------------------------------------------------------------------------------------------
const fullDb = fixture('dd_full', async () => {
  await mustCreateDatabase(c(), 'dd_full');
  await mustCreateCollection(c(), 'dd_c', 'dd_full');
});

const dropRows: Row[] = [
  { name: 'drop a missing database -> success', call: () => c().dropDatabase({ db_name: 'dd_never_was' }), expect: 'ok' },
  {
    name: 'drop "default" -> 65535 can not drop default database',
    call: () => c().dropDatabase({ db_name: 'default' }),
    expect: e65535('can not drop default database'),
  },
  { name: 'drop "" -> 802 couldn\'t be empty', call: () => c().dropDatabase({ db_name: '' }), expect: dbEmpty },
  {
    name: 'drop "1x" (missing) -> 802: the name is checked before existence',
    call: () => c().dropDatabase({ db_name: '1x' }),
    expect: dbFirst('1x'),
  },
  { name: 'drop "a-b" -> 802 later-character text', call: () => c().dropDatabase({ db_name: 'a-b' }), expect: dbLater('a-b') },
  { name: 'drop a 256-byte name -> 802 length text', call: () => c().dropDatabase({ db_name: D256 }), expect: dbLong(D256) },
  {
    name: 'drop a database that holds a collection -> 65535 not empty',
    setup: fullDb,
    call: () => c().dropDatabase({ db_name: 'dd_full' }),
    expect: e65535('database:dd_full not empty, must drop all collections before drop database'),
    check: async () => {
      assert.ok((await dbNames()).includes('dd_full'), 'still there');
      const h = await raw(c(), 'HasCollection', { collection_name: 'dd_c', db_name: 'dd_full' });
      assertOk(h);
      assert.equal(h.value, true);
    },
  },
  {
    name: 'drop the emptied database -> success; describe -> 800, no longer listed',
    setup: async () => {
      await fullDb();
      assertOk(await c().dropCollection({ collection_name: 'dd_c', db_name: 'dd_full' }), 'drop dd_c');
    },
    call: () => c().dropDatabase({ db_name: 'dd_full' }),
    expect: 'ok',
    check: async () => {
      assertErr(await describeDb('dd_full'), e800('dd_full'));
      assert.ok(!(await dbNames()).includes('dd_full'));
    },
  },
  { name: 'drop it again -> success (idempotent)', call: () => c().dropDatabase({ db_name: 'dd_full' }), expect: 'ok' },
];

// ---------------------------------------------------------------------------------------------
// describe_database
// ---------------------------------------------------------------------------------------------
const describeRows: Row[] = [
  { name: 'describe a missing database -> 800 database not found', call: () => describeDb('ds_missing'), expect: e800('ds_missing') },
  {
    name: 'describe "default" -> db_name default, dbID 1, a hybrid created_timestamp, no properties',
    call: () => describeDb('default'),
    expect: 'ok',
    check: (d) => {
      assert.deepEqual({ db_name: d.db_name, dbID: String(d.dbID), properties: d.properties }, { db_name: 'default', dbID: '1', properties: [] });
      assert.ok(BigInt(d.created_timestamp) > 1n << 18n, `created_timestamp ${d.created_timestamp}`);
    },
  },
  {
    name: 'describe a created database -> its name, id (as listed), created_timestamp (hybrid, ms << 18), properties',
    setup: async () => {
      await mustDescribeDb('cr_db'); // created by the create rows
    },
    call: () => describeDb('cr_db'),
    expect: 'ok',
    check: async (d) => {
      assert.equal(d.db_name, 'cr_db');
      assert.deepEqual(sortKV(d.properties), kv({ 'database.max.collections': '10', 'elanus.owner': 'tests' }));
      const l = await c().listDatabases();
      assertOk(l);
      const i = (l.db_names as string[]).indexOf('cr_db');
      assert.ok(i >= 0);
      assert.equal(String(d.dbID), String(l.db_ids[i]), 'dbID equals the listed id');
      assert.notEqual(String(d.dbID), '1');
      assert.equal(String(d.created_timestamp), String(l.created_timestamp[i]), 'created_timestamp equals the listed one');
      assert.ok(createWindow && createWindow.after > 0, 'the create row ran');
      const ms = Number(BigInt(d.created_timestamp) >> 18n);
      assert.ok(
        ms >= createWindow.before - 1000 && ms <= createWindow.after + 1000,
        `created_timestamp >> 18 = ${ms}, expected within [${createWindow.before}, ${createWindow.after}]`,
      );
    },
  },
  {
    name: 'describe "" -> the default database (no name validation)',
    call: () => raw(c(), 'DescribeDatabase', { db_name: '' }),
    expect: 'ok',
    check: (d) => assert.deepEqual({ db_name: d.db_name, dbID: String(d.dbID) }, { db_name: 'default', dbID: '1' }),
  },
  {
    name: 'describe "" resolves to default, not to the dbname metadata of the connection',
    call: () => raw(dbClient('cr_db'), 'DescribeDatabase', { db_name: '' }),
    expect: 'ok',
    check: (d) => assert.deepEqual({ db_name: d.db_name, dbID: String(d.dbID) }, { db_name: 'default', dbID: '1' }),
  },
  {
    name: 'describe "1x" -> 800 (no name validation)',
    call: () => describeDb('1x'),
    expect: e800('1x'),
  },
];

// ---------------------------------------------------------------------------------------------
// alter_database
// ---------------------------------------------------------------------------------------------
const altDb = fixture('alt_db', async () => {
  assertOk(await c().createDatabase({ db_name: 'alt_db', properties: { a: '1', b: '2' } }), 'setup: create alt_db');
});

const alterDbRows: Row[] = [
  {
    name: 'alter "" -> 1100 database name does not exists',
    call: () => c().alterDatabase({ db_name: '', properties: { a: '1' } }),
    expect: e1100('alter database failed, database name does not exists: invalid parameter'),
  },
  {
    name: 'alter with neither properties nor delete keys -> 1100',
    setup: altDb,
    call: () => raw(c(), 'AlterDatabase', { db_name: 'alt_db', properties: [], delete_keys: [] }),
    expect: e1100('alter database with empty properties and delete keys, expected to set either properties or delete keys: invalid parameter'),
  },
  {
    name: 'alter with both properties and delete keys -> 1100',
    setup: altDb,
    call: () => raw(c(), 'AlterDatabase', { db_name: 'alt_db', properties: [{ key: 'a', value: '9' }], delete_keys: ['b'] }),
    expect: e1100('alter database cannot modify properties and delete keys at the same time: invalid parameter'),
    check: async () => assert.deepEqual(await dbProps('alt_db'), kv({ a: '1', b: '2' }), 'nothing changed'),
  },
  {
    name: 'alter a missing database -> 800 failed to get database by name',
    call: () => c().alterDatabase({ db_name: 'alt_missing', properties: { a: '1' } }),
    expect: { code: 800, errorCode: 'UnexpectedError', reason: 'failed to get database by name: database not found[database=alt_missing]' },
  },
  {
    name: 'order: an empty name is checked before "neither"',
    call: () => raw(c(), 'AlterDatabase', { db_name: '', properties: [], delete_keys: [] }),
    expect: e1100('alter database failed, database name does not exists: invalid parameter'),
  },
  {
    name: 'order: "neither" is checked before the database lookup (missing database -> 1100)',
    call: () => raw(c(), 'AlterDatabase', { db_name: 'alt_missing', properties: [], delete_keys: [] }),
    expect: e1100('alter database with empty properties and delete keys, expected to set either properties or delete keys: invalid parameter'),
  },
  {
    name: 'order: "both" is checked before the database lookup (missing database -> 1100)',
    call: () => raw(c(), 'AlterDatabase', { db_name: 'alt_missing', properties: [{ key: 'a', value: '1' }], delete_keys: ['b'] }),
    expect: e1100('alter database cannot modify properties and delete keys at the same time: invalid parameter'),
  },
  {
    name: 'order: an invalid timezone is checked first (proxy), even for a missing database -> 1100',
    call: () => c().alterDatabase({ db_name: 'alt_missing', properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: tzText('Mars/Olympus_Mons'),
  },
  {
    name: 'alter an existing database with an invalid timezone -> 1100, nothing changes',
    setup: () => mustCreateDatabase(c(), 'alt_tz_db'), // its own database: a wrong answer must not leak into other rows
    call: () => c().alterDatabase({ db_name: 'alt_tz_db', properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: tzText('Mars/Olympus_Mons'),
    check: async () => assert.deepEqual(await dbProps('alt_tz_db'), [], 'nothing changed'),
  },
  {
    name: 'alter sets properties by merging (upsert): {a:1,b:2} + {b:3,c:4} = {a:1,b:3,c:4}',
    setup: altDb,
    call: () => c().alterDatabase({ db_name: 'alt_db', properties: { b: '3', c: '4' } }),
    expect: 'ok',
    check: async () => assert.deepEqual(await dbProps('alt_db'), kv({ a: '1', b: '3', c: '4' })),
  },
  {
    name: 'alter with delete keys removes them; unknown keys are ignored',
    setup: altDb,
    call: () => c().dropDatabaseProperties({ db_name: 'alt_db', properties: ['a', 'never_set'] }),
    expect: 'ok',
    check: async () => assert.deepEqual(await dbProps('alt_db'), kv({ b: '3', c: '4' })),
  },
  {
    name: 'alter without an effective change -> success, nothing changes',
    setup: altDb,
    call: () => c().alterDatabase({ db_name: 'alt_db', properties: { b: '3' } }),
    expect: 'ok',
    check: async () => assert.deepEqual(await dbProps('alt_db'), kv({ b: '3', c: '4' })),
  },
  {
    name: 'alter "default" -> success; describe default shows the property',
    call: () => c().alterDatabase({ db_name: 'default', properties: { 'elanus.default_note': 'x' } }),
    expect: 'ok',
    check: async () => assert.deepEqual(await dbProps('default'), kv({ 'elanus.default_note': 'x' })),
  },
];

// ---------------------------------------------------------------------------------------------
// list_databases
// ---------------------------------------------------------------------------------------------
const listRows: Row[] = [
  {
    name: 'list: default always present with id 1; names, ids and created_timestamps line up with describe',
    call: () => c().listDatabases(),
    expect: 'ok',
    check: async (l) => {
      const names = l.db_names as string[];
      assert.equal(names.filter((n) => n === 'default').length, 1, `default listed once: ${JSON.stringify(names)}`);
      assert.equal(l.db_ids.length, names.length);
      assert.equal(l.created_timestamp.length, names.length);
      assert.equal(String(l.db_ids[names.indexOf('default')]), '1');
      assert.equal(new Set((l.db_ids as unknown[]).map(String)).size, names.length, 'ids are distinct');
      for (const n of ['cr_db', 'cr_tz_ok', 'alt_db']) assert.ok(names.includes(n), `${n} listed`);
      assert.ok(!names.includes('dd_full'), 'a dropped database is not listed');
      for (const [i, n] of names.entries()) {
        const d = await mustDescribeDb(n);
        assert.deepEqual(
          { dbID: String(d.dbID), created_timestamp: String(d.created_timestamp) },
          { dbID: String(l.db_ids[i]), created_timestamp: String(l.created_timestamp[i]) },
          `list vs describe of ${n}`,
        );
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Connect with the client option `database`
// ---------------------------------------------------------------------------------------------
const connectRows: Row[] = [
  {
    // The SDK sends Connect with the `dbname` metadata at construction; it does not throw on an
    // error status: its connectPromise resolves to the ConnectResponse carrying the status.
    name: 'Connect with database "conn_missing" (missing): the SDK connect reply carries 800 and no identifier',
    call: async () => {
      const cl = dbClient('conn_missing');
      const r = await (cl as unknown as { connectPromise: Promise<Reply> }).connectPromise;
      return r;
    },
    expect: e800('conn_missing'),
    check: (r) => assert.equal(String(r.identifier ?? '0'), '0', 'an error reply carries no identifier'),
  },
  {
    name: 'Connect (raw) with dbname metadata of a missing database -> 800',
    call: () => raw(dbClient('conn_missing'), 'Connect', { client_info: { sdk_type: 'nodejs', sdk_version: 'test' } }),
    expect: e800('conn_missing'),
  },
  {
    name: 'Connect with database naming an existing database -> success with a non-zero identifier',
    call: async () => {
      const cl = dbClient('cr_db');
      return (cl as unknown as { connectPromise: Promise<Reply> }).connectPromise;
    },
    expect: 'ok',
    check: (r) => assert.ok(/^[1-9]\d*$/.test(String(r.identifier)), `identifier ${r.identifier}`),
  },
];

// ---------------------------------------------------------------------------------------------
// has_collection (HasCollection, raw: the SDK's hasCollection sends DescribeCollection)
// ---------------------------------------------------------------------------------------------
const hcFx = fixture('hc', async () => {
  await mustCreateCollection(c(), 'hc_coll');
  await mustCreateAlias(c(), 'hc_coll', 'hc_alias');
  await mustCreateDatabase(c(), 'hc_db');
  await mustCreateCollection(c(), 'hc_coll2', 'hc_db');
});
const has = (collection_name: string, db_name?: string, cl?: MilvusClient) =>
  raw(cl ?? c(), 'HasCollection', { collection_name, ...(db_name !== undefined ? { db_name } : {}) });
const value = (v: boolean) => (r: Reply) => assert.equal(r.value, v);

const hasRows: Row[] = [
  { name: 'has_collection("1a") -> 1100 first-character text', call: () => has('1a'), expect: collNameFirst('1a') },
  {
    name: 'has_collection("") -> 1100 should not be empty',
    call: () => has(''),
    expect: e1100('collection name should not be empty: invalid parameter'),
  },
  { name: 'has_collection(missing) -> success, value false', call: () => has('hc_missing'), expect: 'ok', check: value(false) },
  { name: 'has_collection(existing) -> value true', setup: hcFx, call: () => has('hc_coll'), expect: 'ok', check: value(true) },
  { name: 'has_collection(alias) -> value true', setup: hcFx, call: () => has('hc_alias'), expect: 'ok', check: value(true) },
  {
    name: 'has_collection in another database (db_name) -> true there',
    setup: hcFx,
    call: () => has('hc_coll2', 'hc_db'),
    expect: 'ok',
    check: value(true),
  },
  { name: 'has_collection of that collection in default -> false', setup: hcFx, call: () => has('hc_coll2'), expect: 'ok', check: value(false) },
  {
    name: 'has_collection through the dbname metadata -> true',
    setup: hcFx,
    call: () => has('hc_coll2', undefined, dbClient('hc_db')),
    expect: 'ok',
    check: value(true),
  },
  { name: 'has_collection in a missing database -> 800', call: () => has('hc_coll', 'hc_nodb'), expect: e800('hc_nodb') },
  {
    name: 'order: the name is validated before the database ("1a" in a missing database -> 1100)',
    call: () => has('1a', 'hc_nodb'),
    expect: collNameFirst('1a'),
  },
];

// ---------------------------------------------------------------------------------------------
// show_collections
// ---------------------------------------------------------------------------------------------
const scFx = fixture('sc', async () => {
  await mustCreateDatabase(c(), 'sc_db');
  await mustCreateDatabase(c(), 'sc_empty');
  await mustCreateCollection(c(), 'sc_a', 'sc_db');
  try {
    assertOk(
      await c().createCollection({
        collection_name: 'sc_b',
        db_name: 'sc_db',
        shards_num: 2,
        fields: [
          { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
          { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
        ],
      }),
      'setup: create sc_b',
    );
  } catch (e) {
    assert.fail(`setup: create sc_b threw ${JSON.stringify(e)}`);
  }
  await mustCreateAlias(c(), 'sc_a', 'sc_alias', 'sc_db');
});

/** The listed collections as rows, checked against describe_collection of each. */
async function assertShowLinesUp(r: Reply, db_name: string): Promise<void> {
  const names = r.collection_names as string[];
  for (const k of ['collection_ids', 'created_timestamps', 'created_utc_timestamps', 'shards_num']) {
    assert.equal(r[k].length, names.length, `${k} has one entry per collection`);
  }
  for (const [i, n] of names.entries()) {
    const d = await raw(c(), 'DescribeCollection', { collection_name: n, db_name });
    assertOk(d);
    assert.deepEqual(
      {
        id: String(r.collection_ids[i]),
        created: String(r.created_timestamps[i]),
        utc: String(r.created_utc_timestamps[i]),
        shards: r.shards_num[i],
      },
      { id: String(d.collectionID), created: String(d.created_timestamp), utc: String(d.created_utc_timestamp), shards: d.shards_num },
      `show_collections entry of ${n}`,
    );
  }
}

const showRows: Row[] = [
  {
    name: 'show_collections lists the real collections of the database (never aliases), each with id, timestamps, shards',
    setup: scFx,
    call: () => c().showCollections({ db_name: 'sc_db' }),
    expect: 'ok',
    check: async (r) => {
      assert.deepEqual([...r.collection_names].sort(), ['sc_a', 'sc_b']);
      await assertShowLinesUp(r, 'sc_db');
      assert.deepEqual(r.shards_num[r.collection_names.indexOf('sc_b')], 2);
      assert.deepEqual(r.inMemory_percentages, [], 'type All leaves inMemory_percentages empty');
    },
  },
  {
    name: 'show_collections with the deprecated collection_names filter: only listed names; unknown names are skipped',
    setup: scFx,
    call: () => c().showCollections({ db_name: 'sc_db', collection_names: ['sc_b', 'sc_nope'] }),
    expect: 'ok',
    check: async (r) => {
      assert.deepEqual(r.collection_names, ['sc_b']);
      await assertShowLinesUp(r, 'sc_db');
    },
  },
  {
    name: 'show_collections through the dbname metadata -> the same list',
    setup: scFx,
    call: () => dbClient('sc_db').showCollections(),
    expect: 'ok',
    check: (r) => assert.deepEqual([...r.collection_names].sort(), ['sc_a', 'sc_b']),
  },
  {
    name: 'show_collections of an empty database -> no names',
    setup: scFx,
    call: () => c().showCollections({ db_name: 'sc_empty' }),
    expect: 'ok',
    check: (r) => assert.deepEqual(r.collection_names, []),
  },
];

// ---------------------------------------------------------------------------------------------
// alter_collection (properties)
// ---------------------------------------------------------------------------------------------
const acFx = fixture('ac', async () => {
  await mustCreateCollection(c(), 'ac_coll');
  await mustCreateAlias(c(), 'ac_coll', 'ac_coll_alias');
});
const alterColl = (collection_name: string, properties: KVs, delete_keys: string[]) =>
  raw(c(), 'AlterCollection', { collection_name, properties, delete_keys });
const bothText = e1100('cannot provide both DeleteKeys and ExtraParams: invalid parameter');
const neitherText = e1100('no properties or delete keys provided: invalid parameter');
const UTC = { key: 'timezone', value: 'UTC' };
let acCreated: string | undefined;

const alterCollRows: Row[] = [
  {
    name: 'alter_collection with both properties and delete keys -> 1100 cannot provide both',
    setup: acFx,
    call: () => alterColl('ac_coll', kv({ k: 'v' }), ['timezone']),
    expect: bothText,
    check: async () => assert.deepEqual(await collectionProps('ac_coll'), [UTC], 'nothing changed'),
  },
  {
    name: 'alter_collection of a missing collection -> 100 collection not found[database][collection]',
    call: () => c().alterCollectionProperties({ collection_name: 'ac_missing', properties: { k: 'v' } }),
    expect: e100('collection not found[database=default][collection=ac_missing]'),
  },
  {
    name: 'alter_collection does not validate the name first: "1a" -> 100',
    call: () => c().alterCollectionProperties({ collection_name: '1a', properties: { k: 'v' } }),
    expect: e100('collection not found[database=default][collection=1a]'),
  },
  {
    name: 'order: "both" before existence (missing collection -> 1100)',
    call: () => alterColl('ac_missing', kv({ k: 'v' }), ['x']),
    expect: bothText,
  },
  {
    name: 'alter_collection with neither properties nor delete keys -> 1100 no properties or delete keys provided',
    setup: acFx,
    call: () => alterColl('ac_coll', [], []),
    expect: neitherText,
  },
  {
    name: 'order: existence before "neither" (missing collection, nothing to change -> 100)',
    call: () => alterColl('ac_missing', [], []),
    expect: e100('collection not found[database=default][collection=ac_missing]'),
  },
  {
    name: 'alter_collection sets properties: describe shows them next to timezone; update_timestamp moves',
    setup: async () => {
      await acFx();
      const d = await raw(c(), 'DescribeCollection', { collection_name: 'ac_coll' });
      assertOk(d);
      acCreated = String(d.created_timestamp);
    },
    call: () => c().alterCollectionProperties({ collection_name: 'ac_coll', properties: { k1: 'v1', k2: 'v2' } }),
    expect: 'ok',
    check: async () => {
      assert.deepEqual(await collectionProps('ac_coll'), sortKV([...kv({ k1: 'v1', k2: 'v2' }), UTC]));
      const d = await raw(c(), 'DescribeCollection', { collection_name: 'ac_coll' });
      assert.ok(acCreated);
      assert.equal(String(d.created_timestamp), acCreated, 'created_timestamp unchanged');
      assert.ok(BigInt(d.update_timestamp) > BigInt(acCreated), 'update_timestamp after the create time');
      assert.equal(String(d.update_timestamp_str), String(d.update_timestamp));
    },
  },
  {
    name: "alter_collection through an alias sets the real collection's properties (merge)",
    setup: acFx,
    call: () => c().alterCollectionProperties({ collection_name: 'ac_coll_alias', properties: { k2: 'v22', k3: 'v3' } }),
    expect: 'ok',
    check: async () => assert.deepEqual(await collectionProps('ac_coll'), sortKV([...kv({ k1: 'v1', k2: 'v22', k3: 'v3' }), UTC])),
  },
  {
    name: 'alter_collection with delete keys removes them; unknown keys are ignored',
    setup: acFx,
    call: () => c().dropCollectionProperties({ collection_name: 'ac_coll', properties: ['k1', 'never_set'] }),
    expect: 'ok',
    check: async () => assert.deepEqual(await collectionProps('ac_coll'), sortKV([...kv({ k2: 'v22', k3: 'v3' }), UTC])),
  },
  {
    name: 'alter_collection with delete keys through an alias',
    setup: acFx,
    call: () => c().dropCollectionProperties({ collection_name: 'ac_coll_alias', properties: ['k2'] }),
    expect: 'ok',
    check: async () => assert.deepEqual(await collectionProps('ac_coll'), sortKV([...kv({ k3: 'v3' }), UTC])),
  },
  {
    name: 'alter_collection deleting only unknown keys -> success, nothing changes',
    setup: acFx,
    call: () => c().dropCollectionProperties({ collection_name: 'ac_coll', properties: ['nope'] }),
    expect: 'ok',
    check: async () => assert.deepEqual(await collectionProps('ac_coll'), sortKV([...kv({ k3: 'v3' }), UTC])),
  },
];

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------
before(async () => {
  server = await startServer();
  defaultClient = server.client();
});

after(async () => {
  const s = server;
  server = undefined;
  defaultClient = undefined;
  dbClients.clear();
  if (s) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
});

describe('create_database', () => runRows(createRows));
describe('create_database: the limit of 64 databases besides default', () => {
  test('64 databases besides default succeed, the next -> 801 exceeded the limit number of database[limit=64]', limitTest);
});
describe('drop_database', () => runRows(dropRows));
describe('describe_database', () => runRows(describeRows));
describe('alter_database', () => runRows(alterDbRows));
describe('list_databases', () => runRows(listRows));
describe('Connect with a database', () => runRows(connectRows));
describe('has_collection', () => runRows(hasRows));
describe('show_collections', () => runRows(showRows));
describe('alter_collection', () => runRows(alterCollRows));

// ---------------------------------------------------------------------------------------------
// Durability (kept last: it restarts the server).
// ---------------------------------------------------------------------------------------------
interface CatalogView {
  databases: Array<{ name: string; id: string; created: string; properties: KVs }>;
  scDb: string[];
  acProps: KVs;
}

async function catalogView(): Promise<CatalogView> {
  const l = await c().listDatabases();
  assertOk(l);
  const databases = [];
  for (const [i, name] of (l.db_names as string[]).entries()) {
    const d = await mustDescribeDb(name);
    databases.push({ name, id: String(l.db_ids[i]), created: String(l.created_timestamp[i]), properties: sortKV(d.properties) });
  }
  databases.sort((a, b) => (a.name < b.name ? -1 : 1));
  const sc = await c().showCollections({ db_name: 'sc_db' });
  assertOk(sc);
  return { databases, scDb: [...(sc as Reply).collection_names].sort(), acProps: await collectionProps('ac_coll') };
}

describe('durability', () => {
  test('database and collection-property changes survive a restart on the same data dir', async () => {
    const beforeRestart = await catalogView();
    // the state the rows above left behind
    const byName = new Map(beforeRestart.databases.map((d) => [d.name, d]));
    assert.deepEqual(byName.get('alt_db')?.properties, kv({ b: '3', c: '4' }));
    assert.deepEqual(byName.get('default')?.properties, kv({ 'elanus.default_note': 'x' }));
    assert.ok(!byName.has('dd_full') && !byName.has('lim_0'), 'dropped databases are gone');
    const s = server;
    assert.ok(s);
    await s.stop();
    dbClients.clear();
    server = await startServer({ dataDir: s.dataDir });
    defaultClient = server.client();
    const afterRestart = await catalogView();
    assert.deepEqual(afterRestart, beforeRestart);
    assert.deepEqual(afterRestart.acProps, sortKV([...kv({ k3: 'v3' }), UTC]));
    // a database created after the restart gets a fresh id
    assertOk(await c().createDatabase({ db_name: 'after_restart' }));
    const d = await mustDescribeDb('after_restart');
    assert.ok(!afterRestart.databases.some((x) => x.id === String(d.dbID)), `id ${d.dbID} is new`);
  });
});
