// The seed scenario (create, list, alter, drop aliases) through the official Node SDK against a
// real `elanus serve`, then a restart on the same data dir: the state must be identical.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startServer, removeDataDir, type RunningServer } from '../harness/server.js';
import {
  type Reply,
  assertOk,
  assertErr,
  createCollection,
  createAlias,
  alterAlias,
  dropAlias,
  describeAlias,
  listAliases,
  describeCollection,
  sortedAliases,
} from './alias-helpers.js';

let server: RunningServer | undefined;
let client: MilvusClient | undefined;

function c(): MilvusClient {
  assert.ok(client, 'server not started');
  return client;
}

before(async () => {
  server = await startServer();
  client = server.client();
});

after(async () => {
  const s = server;
  server = undefined;
  client = undefined;
  if (s) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
});

/** Everything a client can observe about the seed state; compared before and after restart. */
interface Observed {
  collections: string[];
  listCollection1: { aliases: string[]; collection_name: string; db_name: string };
  listCollection2: { aliases: string[]; collection_name: string; db_name: string };
  listDatabase: string[];
  tom: { db_name: string; alias: string; collection: string };
  bob: { code: number | undefined; error_code: string | number; reason: string };
  describeTom: { collection_name: string; schemaName: string; aliases: string[]; collectionID: string };
  collection2ID: string;
}

async function observe(cl: MilvusClient): Promise<Observed> {
  const show = await cl.showCollections();
  assertOk(show, 'showCollections');
  const l1: Reply = await listAliases(cl, 'collection_1');
  const l2: Reply = await listAliases(cl, 'collection_2');
  const ldb: Reply = await listAliases(cl, ''); // raw: the SDK refuses an empty collection_name
  assertOk(l1, 'listAliases(collection_1)');
  assertOk(l2, 'listAliases(collection_2)');
  assertOk(ldb, 'listAliases("")');
  const tom: Reply = await describeAlias(cl, 'tom');
  assertOk(tom, 'describeAlias(tom)');
  const bob: Reply = await describeAlias(cl, 'bob');
  const dTom: Reply = await describeCollection(cl, 'tom');
  assertOk(dTom, 'describeCollection(tom)');
  const d2: Reply = await describeCollection(cl, 'collection_2');
  assertOk(d2, 'describeCollection(collection_2)');
  return {
    collections: [...(show as Reply).collection_names].sort(),
    listCollection1: { aliases: sortedAliases(l1), collection_name: l1.collection_name, db_name: l1.db_name },
    listCollection2: { aliases: sortedAliases(l2), collection_name: l2.collection_name, db_name: l2.db_name },
    listDatabase: sortedAliases(ldb),
    tom: { db_name: tom.db_name, alias: tom.alias, collection: tom.collection },
    bob: { code: bob.status?.code, error_code: bob.status?.error_code, reason: bob.status?.reason },
    describeTom: {
      collection_name: dTom.collection_name,
      schemaName: dTom.schema.name,
      aliases: [...dTom.aliases].sort(),
      collectionID: String(dTom.collectionID),
    },
    collection2ID: String(d2.collectionID),
  };
}

const expected = (collection2ID: string): Observed => ({
  collections: ['collection_1', 'collection_2'],
  listCollection1: { aliases: [], collection_name: 'collection_1', db_name: 'default' },
  listCollection2: { aliases: ['tom'], collection_name: 'collection_2', db_name: 'default' },
  listDatabase: ['tom'],
  tom: { db_name: 'default', alias: 'tom', collection: 'collection_2' },
  bob: { code: 1600, error_code: 'UnexpectedError', reason: 'alias not found[database=default][alias=bob]' },
  describeTom: { collection_name: 'tom', schemaName: 'collection_2', aliases: ['tom'], collectionID: collection2ID },
  collection2ID,
});

let before_restart: Observed | undefined;

test('seed: create collection_1 and collection_2', async () => {
  assertOk(await createCollection(c(), 'collection_1'), 'create collection_1');
  assertOk(await createCollection(c(), 'collection_2'), 'create collection_2');
  const show = await c().showCollections();
  assertOk(show);
  assert.deepEqual([...(show as Reply).collection_names].sort(), ['collection_1', 'collection_2']);
});

test('seed: create aliases bob and tom on collection_1; list_aliases(collection_1) shows both', async () => {
  assertOk(await createAlias(c(), { collection_name: 'collection_1', alias: 'bob' }), 'create bob');
  assertOk(await createAlias(c(), { collection_name: 'collection_1', alias: 'tom' }), 'create tom');
  const l = await listAliases(c(), 'collection_1');
  assertOk(l);
  assert.deepEqual(sortedAliases(l), ['bob', 'tom']);
  assert.equal(l.collection_name, 'collection_1');
  assert.equal(l.db_name, 'default');
});

test('seed: drop bob', async () => {
  assertOk(await dropAlias(c(), 'bob'), 'drop bob');
  assertErr(await describeAlias(c(), 'bob'), { code: 1600, reason: 'alias not found[database=default][alias=bob]' });
  const l = await listAliases(c(), 'collection_1');
  assertOk(l);
  assert.deepEqual(sortedAliases(l), ['tom']);
});

test('seed: alter tom to collection_2', async () => {
  assertOk(await alterAlias(c(), { collection_name: 'collection_2', alias: 'tom' }), 'alter tom');
});

test('seed: list_aliases(collection_1) -> [], list_aliases(collection_2) -> ["tom"]', async () => {
  const l1 = await listAliases(c(), 'collection_1');
  const l2 = await listAliases(c(), 'collection_2');
  assertOk(l1);
  assertOk(l2);
  assert.deepEqual(sortedAliases(l1), []);
  assert.deepEqual(sortedAliases(l2), ['tom']);
  assert.equal(l2.collection_name, 'collection_2');
});

test('seed: describe_alias(tom) -> collection_2', async () => {
  const r = await describeAlias(c(), 'tom');
  assertOk(r);
  assert.deepEqual(
    { db_name: r.db_name, alias: r.alias, collection: r.collection },
    {
      db_name: 'default',
      alias: 'tom',
      collection: 'collection_2',
    },
  );
});

test('seed: the full observed state matches the scenario', async () => {
  before_restart = await observe(c());
  assert.deepEqual(before_restart, expected(before_restart.collection2ID));
  assert.ok(before_restart.collection2ID !== '' && before_restart.collection2ID !== '0', 'collection_2 has an id');
});

test('seed: after a restart on the same data dir the state is identical', async () => {
  assert.ok(before_restart, 'the previous test must have recorded the state');
  assert.ok(server);
  const dataDir = server.dataDir;
  await server.stop();
  client = undefined;
  server = await startServer({ dataDir });
  client = server.client();
  const after_restart = await observe(c());
  assert.deepEqual(after_restart, before_restart);
  assert.deepEqual(after_restart, expected(before_restart.collection2ID));
});
