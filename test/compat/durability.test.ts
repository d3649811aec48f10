// Durability of catalog changes through a real `elanus serve`, driven by the official Node SDK:
// 1. a mix of catalog changes in two databases survives a clean restart (SIGTERM) unchanged,
//    collection ids included, and ids are never handed out again after a restart;
// 2. each of create_database / create_collection / create_alias / alter_alias / drop_alias /
//    drop_collection survives a SIGKILL sent the moment the call was acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import type { RunningServer } from '../harness/server.js';
import {
  assertOk,
  catalogShape,
  connect,
  createCollection,
  describeStatus,
  isOk,
  serverPool,
  snapshotCatalog,
  tail,
  type CatalogSnapshot,
} from './catalog-helpers.js';

function allIds(s: CatalogSnapshot): string[] {
  return s.databases.flatMap((db) => db.collections.map((c) => c.id));
}

async function collectionId(client: MilvusClient, name: string, db?: string): Promise<string> {
  const d = await client.describeCollection({ collection_name: name, ...(db ? { db_name: db } : {}) });
  assertOk(d.status, `describe_collection(${db ?? 'default'}.${name})`);
  return String(d.collectionID);
}

test('catalog changes survive a clean restart (SIGTERM) unchanged', async (t) => {
  const pool = serverPool(t, 'elanus-durability-');
  let server: RunningServer = await pool.start();
  const c = await connect(server);
  assertOk(await c.createDatabase({ db_name: 'db2' }), 'create_database(db2)');
  const d2 = await connect(server, { database: 'db2' });

  for (const name of ['books', 'films', 'temp', 'old_name']) {
    assertOk(await createCollection(c, name), `create_collection(default.${name})`);
  }
  // db2 through the dbname metadata of the client (no db_name in the request)
  for (const name of ['books', 'music']) {
    assertOk(await createCollection(d2, name), `create_collection(db2.${name})`);
  }
  const tempId = await collectionId(c, 'temp');
  const oldNameId = await collectionId(c, 'old_name');

  assertOk(await c.createAlias({ collection_name: 'books', alias: 'a_books' }), 'create_alias(books, a_books)');
  assertOk(await c.createAlias({ collection_name: 'films', alias: 'a_films' }), 'create_alias(films, a_films)');
  assertOk(await c.createAlias({ collection_name: 'films', alias: 'a_drop' }), 'create_alias(films, a_drop)');
  assertOk(await c.createAlias({ collection_name: 'old_name', alias: 'a_renamed' }), 'create_alias(old_name, a_renamed)');
  // the same alias name in another database, pointing at that database's own collection
  assertOk(await d2.createAlias({ collection_name: 'books', alias: 'a_books' }), 'create_alias(db2.books, a_books)');
  assertOk(await d2.createAlias({ collection_name: 'music', alias: 'a_music' }), 'create_alias(db2.music, a_music)');
  assertOk(await d2.createAlias({ collection_name: 'music', alias: 'a_tmp' }), 'create_alias(db2.music, a_tmp)');

  assertOk(await c.alterAlias({ collection_name: 'books', alias: 'a_films' }), 'alter_alias(books, a_films)');
  assertOk(await c.dropAlias({ alias: 'a_drop' }), 'drop_alias(a_drop)');
  assertOk(await d2.dropAlias({ alias: 'a_tmp' }), 'drop_alias(db2.a_tmp)');
  assertOk(await c.renameCollection({ collection_name: 'old_name', new_collection_name: 'new_name' }), 'rename_collection(old_name -> new_name)');
  assertOk(
    await c.alterCollectionProperties({ collection_name: 'films', properties: { 'collection.ttl.seconds': 0 } }),
    'alter_collection_properties(films)',
  );
  assertOk(await c.dropCollection({ collection_name: 'temp' }), 'drop_collection(temp)');

  const expectedShape = {
    db2: { books: ['a_books'], music: ['a_music'] },
    default: { books: ['a_books', 'a_films'], films: [], new_name: ['a_renamed'] },
  };
  const before = await snapshotCatalog(server);
  assert.deepEqual(catalogShape(before), expectedShape, 'the catalog before the restart is not what the calls built');
  const newNameBefore = before.databases.find((d) => d.name === 'default')!.collections.find((x) => x.name === 'new_name')!;
  assert.equal(newNameBefore.id, oldNameId, 'rename_collection must keep the collection id');

  const exitCode = await server.stop();
  assert.equal(exitCode, 0, `SIGTERM must end the server with exit code 0; log:\n${tail(server.output())}`);

  server = await pool.start();
  const after = await snapshotCatalog(server);
  assert.deepEqual(after, before, 'the catalog after a clean restart differs from the one before');

  const c2 = await connect(server);
  // the properties set by alter_collection_properties are there
  const films = await c2.describeCollection({ collection_name: 'films' });
  assertOk(films.status, 'describe_collection(films) after restart');
  const ttl = films.properties.find((p) => p.key === 'collection.ttl.seconds');
  assert.equal(ttl?.value, '0', `films must keep collection.ttl.seconds=0, got ${JSON.stringify(films.properties)}`);
  // an alias still resolves to the renamed collection (aliases store the id, not the name)
  const viaAlias = await c2.describeCollection({ collection_name: 'a_renamed' });
  assertOk(viaAlias.status, 'describe_collection(a_renamed) after restart');
  assert.equal(viaAlias.schema.name, 'new_name');
  assert.equal(String(viaAlias.collectionID), oldNameId);
  // the dropped collection and the dropped aliases stay gone
  const temp = await c2.describeCollection({ collection_name: 'temp' });
  assert.ok(!isOk(temp.status), `dropped collection temp is back after restart: ${describeStatus(temp.status)}`);
  const dropped = await c2.describeAlias({ alias: 'a_drop', collection_name: 'films' });
  assert.ok(!isOk(dropped.status), `dropped alias a_drop is back after restart: ${JSON.stringify(dropped)}`);
  const droppedDb2 = await (
    await connect(server, { database: 'db2' })
  ).describeAlias({ alias: 'a_tmp', collection_name: 'music', db_name: 'db2' });
  assert.ok(!isOk(droppedDb2.status), `dropped alias db2.a_tmp is back after restart: ${JSON.stringify(droppedDb2)}`);

  // ids are never handed out again: a collection created after the restart gets a fresh one
  assertOk(await createCollection(c2, 'after_restart'), 'create_collection(after_restart)');
  const freshId = await collectionId(c2, 'after_restart');
  const usedIds = [...allIds(before), tempId];
  assert.ok(!usedIds.includes(freshId), `collection id ${freshId} was already used before the restart (${usedIds.join(', ')})`);
  assertOk(await c2.alterAlias({ collection_name: 'films', alias: 'a_films' }), 'alter_alias(films, a_films) after restart');

  // and a second restart keeps the changes made after the first
  const beforeSecond = await snapshotCatalog(server);
  assert.deepEqual(catalogShape(beforeSecond), {
    db2: { books: ['a_books'], music: ['a_music'] },
    default: { after_restart: [], books: ['a_books'], films: ['a_films'], new_name: ['a_renamed'] },
  });
  assert.equal(await server.stop(), 0, 'second SIGTERM must exit 0');
  server = await pool.start();
  assert.deepEqual(await snapshotCatalog(server), beforeSecond, 'the catalog after the second restart differs');
});

test('each catalog change survives a SIGKILL sent right after its acknowledgement', async (t) => {
  const pool = serverPool(t, 'elanus-durability-kill-');
  let server: RunningServer = await pool.start();

  /** Runs `call`; the moment it returns, SIGKILL the server, then restart on the same data dir. */
  async function ackThenKill(
    what: string,
    call: (client: MilvusClient) => Promise<{ error_code: string | number; code?: number; reason: string }>,
  ): Promise<MilvusClient> {
    const client = await connect(server);
    const status = await call(client);
    server.child.kill('SIGKILL'); // before anything else: no chance for a late flush
    await server.kill();
    server = await pool.start();
    assertOk(status, what);
    return connect(server);
  }

  const ids = new Map<string, string>();

  await t.test('create_database', async () => {
    const c = await ackThenKill('create_database(kdb)', (cl) => cl.createDatabase({ db_name: 'kdb' }));
    const dbs = await c.listDatabases();
    assertOk(dbs.status, 'list_databases');
    assert.ok(dbs.db_names.includes('kdb'), `kdb missing after SIGKILL: ${JSON.stringify(dbs.db_names)}`);
  });

  await t.test('create_collection', async () => {
    let c = await ackThenKill('create_collection(k1)', (cl) => createCollection(cl, 'k1'));
    ids.set('k1', await collectionId(c, 'k1'));
    c = await ackThenKill('create_collection(k2)', (cl) => createCollection(cl, 'k2'));
    ids.set('k2', await collectionId(c, 'k2'));
    assert.equal(await collectionId(c, 'k1'), ids.get('k1'), 'k1 changed id across a SIGKILL');
    assert.notEqual(ids.get('k1'), ids.get('k2'), 'two collections got the same id');
    c = await ackThenKill('create_collection(kdb.k1)', (cl) => createCollection(cl, 'k1', 'kdb'));
    const kdbId = await collectionId(c, 'k1', 'kdb');
    assert.ok(![...ids.values()].includes(kdbId), `kdb.k1 reuses an id: ${kdbId}`);
  });

  await t.test('create_alias', async () => {
    const c = await ackThenKill('create_alias(k1, ka)', (cl) => cl.createAlias({ collection_name: 'k1', alias: 'ka' }));
    const d = await c.describeAlias({ alias: 'ka', collection_name: 'k1' });
    assertOk(d.status, 'describe_alias(ka) after SIGKILL');
    assert.equal(d.collection, 'k1');
    const l = await c.listAliases({ collection_name: 'k1' });
    assertOk(l.status, 'list_aliases(k1)');
    assert.deepEqual([...l.aliases].sort(), ['ka']);
  });

  await t.test('alter_alias', async () => {
    const c = await ackThenKill('alter_alias(k2, ka)', (cl) => cl.alterAlias({ collection_name: 'k2', alias: 'ka' }));
    const d = await c.describeAlias({ alias: 'ka', collection_name: 'k2' });
    assertOk(d.status, 'describe_alias(ka) after SIGKILL');
    assert.equal(d.collection, 'k2', 'alter_alias was acknowledged but the alias points at the old collection after SIGKILL');
    const l1 = await c.listAliases({ collection_name: 'k1' });
    const l2 = await c.listAliases({ collection_name: 'k2' });
    assertOk(l1.status, 'list_aliases(k1)');
    assertOk(l2.status, 'list_aliases(k2)');
    assert.deepEqual([...l1.aliases].sort(), []);
    assert.deepEqual([...l2.aliases].sort(), ['ka']);
    const viaAlias = await c.describeCollection({ collection_name: 'ka' });
    assertOk(viaAlias.status, 'describe_collection(ka)');
    assert.equal(String(viaAlias.collectionID), ids.get('k2'));
  });

  await t.test('drop_alias', async () => {
    const c = await ackThenKill('drop_alias(ka)', (cl) => cl.dropAlias({ alias: 'ka' }));
    const d = await c.describeAlias({ alias: 'ka', collection_name: 'k2' });
    assert.ok(!isOk(d.status), `drop_alias was acknowledged but ka is back after SIGKILL: ${JSON.stringify(d)}`);
    const l2 = await c.listAliases({ collection_name: 'k2' });
    assertOk(l2.status, 'list_aliases(k2)');
    assert.deepEqual([...l2.aliases], []);
  });

  await t.test('drop_collection', async () => {
    const c = await ackThenKill('drop_collection(k1)', (cl) => cl.dropCollection({ collection_name: 'k1' }));
    const d = await c.describeCollection({ collection_name: 'k1' });
    assert.ok(!isOk(d.status), `drop_collection was acknowledged but k1 is back after SIGKILL: ${describeStatus(d.status)}`);
    const shown = await c.showCollections();
    assertOk(shown.status, 'show_collections');
    assert.deepEqual(shown.data.map((x) => x.name).sort(), ['k2']);
    assert.equal(await collectionId(c, 'k2'), ids.get('k2'), 'k2 changed id');
    const kdb = await c.showCollections({ db_name: 'kdb' });
    assertOk(kdb.status, 'show_collections(kdb)');
    assert.deepEqual(kdb.data.map((x) => x.name).sort(), ['k1'], 'kdb.k1 must be untouched by dropping default.k1');
  });
});
