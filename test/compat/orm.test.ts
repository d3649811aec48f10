// The pymilvus-style ORM (connections, utility, Collection) over Elanus's own client: the seed
// alias scenario embedded and against a real `elanus serve`, two named connections side by side,
// Collection through an alias, the blue/green switch, and every error as a MilvusException with
// the code and text of docs/aliases.md (or pymilvus's own texts for client-side errors).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  connections,
  utility,
  Collection,
  CollectionSchema,
  FieldSchema,
  MilvusException,
  DataType,
  ConnectionNotExistException,
  ConnectionConfigException,
  SchemaNotReadyException,
} from '../../src/index.js';
import { startServer, makeDataDir, removeDataDir, type RunningServer } from '../harness/server.js';

const DIM = 4;

function schema(extra: FieldSchema[] = []): CollectionSchema {
  return new CollectionSchema([
    new FieldSchema('id', DataType.Int64, { is_primary: true }),
    new FieldSchema('vector', DataType.FloatVector, { dim: DIM }),
    new FieldSchema('title', DataType.VarChar, { max_length: 64 }),
    ...extra,
  ]);
}

function rows(n: number, from = 0, title = 't'): { id: number; vector: number[]; title: string }[] {
  return Array.from({ length: n }, (_, i) => ({ id: from + i, vector: [from + i, 1, 0, 0], title: `${title}${from + i}` }));
}

async function rejectsWith(p: Promise<unknown>, code: number, reason: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof MilvusException, `expected a MilvusException, got ${String(e)}`);
    assert.equal(e.code, code, `code of: ${e.reason}`);
    if (typeof reason === 'string') assert.equal(e.reason, reason);
    else assert.match(e.reason, reason);
    return true;
  });
}

let dirEmbedded = '';
let dirLeft = '';
let server: RunningServer | undefined;
let server2: RunningServer | undefined;

before(async () => {
  dirEmbedded = makeDataDir('elanus-orm-');
  dirLeft = makeDataDir('elanus-orm-left-');
  [server, server2] = await Promise.all([startServer(), startServer()]);
  await connections.connect({ alias: 'emb', uri: dirEmbedded });
  await connections.connect({ alias: 'rem', uri: `http://127.0.0.1:${server.port}` });
});

after(async () => {
  await connections.disconnectAll();
  await Promise.all([server?.stop(), server2?.stop()]);
  for (const d of [dirEmbedded, dirLeft, server?.dataDir, server2?.dataDir]) if (d) removeDataDir(d);
});

/** The seed examples (create, list, alter, drop aliases) through the ORM on connection `using`. */
async function seed(using: string): Promise<void> {
  const c1 = await new Collection('collection_1', schema(), { using }).ready();
  const c2 = await new Collection('collection_2', schema(), { using }).ready();
  assert.deepEqual((await utility.listCollections({ using })).sort(), ['collection_1', 'collection_2']);

  await utility.createAlias('collection_1', 'bob', { using });
  await utility.createAlias('collection_1', 'tom', { using, timeout: 5000 });
  assert.deepEqual(await utility.listAliases('collection_1', { using }), ['bob', 'tom']);
  assert.deepEqual(await c1.aliases(), ['bob', 'tom']);
  // Creating the same alias on the same collection again succeeds and changes nothing.
  await utility.createAlias('collection_1', 'tom', { using });

  await utility.dropAlias('bob', { using });
  assert.deepEqual(await utility.listAliases('collection_1', { using }), ['tom']);
  await rejectsWith(utility.describeAlias('bob', { using }), 1600, 'alias not found[database=default][alias=bob]');
  await utility.dropAlias('bob', { using }); // dropping twice succeeds

  await utility.alterAlias('collection_2', 'tom', { using });
  assert.deepEqual(await utility.listAliases('collection_1', { using }), []);
  assert.deepEqual(await utility.listAliases('collection_2', { using }), ['tom']);
  assert.deepEqual(await c2.aliases(), ['tom']);
  assert.deepEqual(await utility.describeAlias('tom', { using }), { alias: 'tom', collection_name: 'collection_2', db_name: 'default' });
  assert.equal(await utility.hasCollection('tom', { using }), true);
  // list_collections never lists aliases.
  assert.deepEqual((await utility.listCollections({ using })).sort(), ['collection_1', 'collection_2']);
}

for (const mode of ['embedded', 'remote'] as const) {
  const using = mode === 'embedded' ? 'emb' : 'rem';

  describe(`ORM ${mode}`, () => {
    test('seed: two aliases on collection_1, list, drop one, alter the other to collection_2', async () => {
      await seed(using);
    });

    test('Collection through an alias: writes and reads reach the real collection and follow alterAlias', async () => {
      // After the seed, tom -> collection_2.
      const tom = await new Collection('tom', undefined, { using }).ready();
      assert.equal(tom.name, 'tom');
      assert.equal((await tom.schema()).primary_field.name, 'id');
      await tom.createIndex('vector', { index_type: 'FLAT', metric_type: 'L2' });
      const ins = await tom.insert(rows(5));
      assert.equal(ins.insert_count, 5);
      assert.deepEqual(ins.primary_keys, [0, 1, 2, 3, 4]);
      await tom.flush();
      await tom.load();
      assert.equal(await utility.loadState('tom', { using }), 'Loaded');
      assert.deepEqual(await utility.loadingProgress('tom', { using }), { loading_progress: '100%' });
      await utility.waitForLoadingComplete('collection_2', { using, timeout: 5000 });

      const real = new Collection('collection_2', undefined, { using });
      assert.equal(await tom.numEntities(), 5);
      assert.equal(await real.numEntities(), 5);
      assert.deepEqual(await tom.aliases(), ['tom']);

      const hits = await tom.search({
        data: [[3, 1, 0, 0]],
        anns_field: 'vector',
        param: { metric_type: 'L2' },
        limit: 2,
        output_fields: ['title'],
      });
      assert.equal(hits.length, 1);
      assert.equal(hits[0]![0]!.id, 3);
      assert.equal(hits[0]![0]!.distance, 0);
      assert.equal(hits[0]![0]!.entity.title, 't3');

      const got = await tom.query('id in [1, 2]', { output_fields: ['id', 'title'] });
      assert.deepEqual(got.map((r) => r.title).sort(), ['t1', 't2']);
      const up = await tom.upsert([{ id: 1, vector: [1, 1, 0, 0], title: 'changed' }]);
      assert.equal(up.upsert_count, 1);
      assert.deepEqual(
        (await real.query('id == 1', { output_fields: ['title'] })).map((r) => r.title),
        ['changed'],
      );
      const del = await tom.delete('id in [4]');
      assert.equal(del.delete_count, 1);
      assert.deepEqual((await real.query('id >= 0')).map((r) => r.id).sort(), [0, 1, 2, 3]);

      // Re-point tom at collection_1: the same Collection object now reads collection_1.
      const c1 = new Collection('collection_1', undefined, { using });
      await c1.createIndex('vector', { index_type: 'FLAT', metric_type: 'L2' });
      await c1.insert(rows(2, 100, 'one'));
      await c1.load();
      await c1.alterAlias('tom');
      assert.deepEqual((await tom.query('id >= 0', { output_fields: ['title'] })).map((r) => r.title).sort(), ['one100', 'one101']);
      assert.equal(await tom.numEntities(), 2);
      assert.deepEqual(await c1.aliases(), ['tom']);
      // Back, for the tests below.
      await utility.alterAlias('collection_2', 'tom', { using });
      assert.deepEqual(
        (await tom.query('id == 0', { output_fields: ['title'] })).map((r) => r.title),
        ['t0'],
      );
      await tom.release();
      assert.equal(await utility.loadState('collection_2', { using }), 'NotLoad');
    });

    test('Collection(name, schema): created when missing, reused when identical, refused when different', async () => {
      const c = await new Collection('schema_check', schema(), { using }).ready();
      assert.equal(await c.isEmpty(), true);
      await new Collection('schema_check', schema(), { using }).ready();
      // Through an alias, the same schema is the collection's.
      await c.createAlias('schema_check_alias');
      await new Collection('schema_check_alias', schema(), { using }).ready();
      const other = schema([new FieldSchema('extra', DataType.Int32)]);
      await assert.rejects(new Collection('schema_check', other, { using }).ready(), (e: unknown) => {
        assert.ok(e instanceof SchemaNotReadyException);
        assert.ok(e instanceof MilvusException);
        assert.equal(e.code, 1);
        assert.equal(e.reason, 'The collection already exist, but the schema is not the same as the schema passed in.');
        return true;
      });
      const missing = new Collection('no_such_collection', undefined, { using });
      // Every method reports the constructor's error.
      await rejectsWith(missing.insert(rows(1)), 1, "Collection 'no_such_collection' not exist, or you can pass in schema to create one.");
      await rejectsWith(missing.ready(), 1, "Collection 'no_such_collection' not exist, or you can pass in schema to create one.");
      await c.dropAlias('schema_check_alias');
      await c.drop();
      assert.equal(await utility.hasCollection('schema_check', { using }), false);
    });

    test('alias errors are MilvusExceptions with the texts of docs/aliases.md', async () => {
      // tom -> collection_2, collection_1 has no alias (after the tests above).
      await rejectsWith(utility.createAlias('collection_1', '', { using }), 1100, 'collection alias should not be empty: invalid parameter');
      await rejectsWith(
        utility.createAlias('collection_1', '12-s', { using }),
        1100,
        'Invalid collection alias: 12-s. the first character of a collection alias must be an underscore or letter: invalid parameter',
      );
      await rejectsWith(
        utility.createAlias('collection_1', 'a-b', { using }),
        1100,
        'Invalid collection alias: a-b. collection alias can only contain numbers, letters and underscores: invalid parameter',
      );
      await rejectsWith(
        utility.createAlias('collection_1', 'collection_2', { using }),
        1601,
        'alias and collection name conflict[database=default][alias=collection_2]',
      );
      await rejectsWith(utility.createAlias('missing_c', 'x1', { using }), 100, 'collection not found[database=default][collection=missing_c]');
      await rejectsWith(utility.createAlias('tom', 'x1', { using }), 100, 'collection not found[database=default][collection=tom]');
      await rejectsWith(
        utility.createAlias('collection_1', 'tom', { using }),
        1602,
        'tom is alias to another collection: collection_2: alias already exist[database=default][alias=tom]',
      );
      await rejectsWith(utility.alterAlias('collection_1', 'nobody', { using }), 1600, 'alias not found[database=default][alias=nobody]');
      await rejectsWith(utility.alterAlias('missing_c', 'nobody', { using }), 100, 'collection not found[collection=missing_c]');
      await rejectsWith(utility.listAliases('missing_c', { using }), 100, 'collection not found[collection=missing_c]');
      await rejectsWith(utility.listAliases('tom', { using }), 100, 'collection not found[collection=tom]');
      await rejectsWith(utility.dropCollection('tom', { using }), 65535, 'cannot drop the collection via alias = tom');
      await utility.createAlias('collection_2', 'ann', { using });
      await rejectsWith(
        utility.dropCollection('collection_2', { using }),
        65535,
        'unable to drop the collection [collection_2] because it has associated aliases [ann tom], please remove all aliases before dropping the collection',
      );
      await rejectsWith(new Collection('tom', undefined, { using }).drop(), 65535, 'cannot drop the collection via alias = tom');
      await utility.dropAlias('ann', { using });
      await utility.dropAlias('never_existed', { using });
      await utility.dropCollection('never_existed', { using });
      await rejectsWith(utility.renameCollection('tom', 'renamed', { using }), 65535, 'unsupported use an alias to rename collection, alias:tom');
      await rejectsWith(utility.renameCollection('collection_1', 'tom', { using }), 65535, 'cannot rename collection to an existing alias: tom');
      // A rename keeps the aliases.
      await utility.renameCollection('collection_2', 'collection_2b', { using });
      assert.deepEqual((await utility.describeAlias('tom', { using })).collection_name, 'collection_2b');
      assert.deepEqual(await utility.listAliases('collection_2b', { using }), ['tom']);
      await utility.renameCollection('collection_2b', 'collection_2', { using });
    });

    test('blue/green re-indexing: build v2, load it, alterAlias to switch, drop v1', async () => {
      const v1 = await new Collection('products_v1', schema(), { using }).ready();
      await v1.insert(rows(3, 0, 'v1-'));
      await v1.createIndex('vector', { index_type: 'FLAT', metric_type: 'L2' });
      await v1.load();
      await v1.createAlias('products');
      const app = new Collection('products', undefined, { using }); // what the application holds
      const search = async () =>
        (
          await app.search({ data: [[1, 1, 0, 0]], anns_field: 'vector', param: { metric_type: 'L2' }, limit: 1, output_fields: ['title'] })
        )[0]![0]!.entity.title;
      assert.equal(await search(), 'v1-1');

      const v2 = await new Collection('products_v2', schema([new FieldSchema('price', DataType.Double)]), { using }).ready();
      await v2.insert(rows(3, 0, 'v2-').map((r) => ({ ...r, price: 9.5 })));
      await v2.createIndex('vector', { index_type: 'HNSW', metric_type: 'L2', params: { M: 8, efConstruction: 64 } });
      await v2.load();
      await utility.waitForLoadingComplete('products_v2', { using, timeout: 10000 });
      await utility.alterAlias('products_v2', 'products', { using });
      assert.equal(await search(), 'v2-1');
      assert.deepEqual(await v1.aliases(), []);
      await v1.drop();
      assert.deepEqual((await utility.listCollections({ using })).includes('products_v1'), false);
      assert.deepEqual(await utility.listAliases('products_v2', { using }), ['products']);
      assert.equal(await app.numEntities(), 3);
    });
  });
}

test('two named connections: each `using` reaches its own server and data', async () => {
  // left: embedded on its own dir; right: a second elanus serve.
  await connections.connect({ alias: 'left', uri: dirLeft });
  await connections.connect({ alias: 'right', uri: `http://127.0.0.1:${server2!.port}`, timeout: 10000 });
  assert.equal(connections.hasConnection('left'), true);
  assert.equal(connections.hasConnection('right'), true);

  await seed('left');
  // Nothing of the seed shows on the other connection.
  assert.deepEqual(await utility.listCollections({ using: 'right' }), []);
  assert.equal(await utility.hasCollection('tom', { using: 'right' }), false);
  await rejectsWith(utility.describeAlias('tom', { using: 'right' }), 1600, 'alias not found[database=default][alias=tom]');
  await seed('right');

  // The same alias name points at different collections on each connection.
  await utility.alterAlias('collection_1', 'tom', { using: 'right' });
  assert.equal((await utility.describeAlias('tom', { using: 'left' })).collection_name, 'collection_2');
  assert.equal((await utility.describeAlias('tom', { using: 'right' })).collection_name, 'collection_1');
  await new Collection('tom', undefined, { using: 'left' }).insert(rows(3));
  await new Collection('tom', undefined, { using: 'right' }).insert(rows(5));
  assert.equal(await new Collection('collection_2', undefined, { using: 'left' }).numEntities(), 3);
  assert.equal(await new Collection('collection_1', undefined, { using: 'left' }).numEntities(), 0);
  assert.equal(await new Collection('collection_1', undefined, { using: 'right' }).numEntities(), 5);
  assert.equal(await new Collection('collection_2', undefined, { using: 'right' }).numEntities(), 0);
  // Left-only collection stays left.
  await new Collection('left_only', schema(), { using: 'left' }).ready();
  assert.equal(await utility.hasCollection('left_only', { using: 'left' }), true);
  assert.equal(await utility.hasCollection('left_only', { using: 'right' }), false);
  await rejectsWith(
    utility.createAlias('left_only', 'lo', { using: 'right' }),
    100,
    'collection not found[database=default][collection=left_only]',
  );

  assert.deepEqual(
    connections.listConnections().filter(([a]) => a === 'left' || a === 'right'),
    [
      ['left', true],
      ['right', true],
    ],
  );
  await connections.removeConnection('left');
  await connections.removeConnection('right');
  assert.equal(connections.hasConnection('left'), false);
});

test('the default connection: `using` omitted', async () => {
  await connections.connect({ uri: dirEmbedded }); // alias 'default', same engine as 'emb'
  assert.equal(connections.hasConnection('default'), true);
  assert.deepEqual(connections.getConnectionAddr('default'), { uri: dirEmbedded, db_name: 'default' });
  const c = await new Collection('default_conn', schema()).ready();
  await c.createAlias('default_alias');
  assert.deepEqual(await utility.listAliases('default_conn'), ['default_alias']);
  // 'emb' sees the same data dir.
  assert.deepEqual(await utility.listAliases('default_conn', { using: 'emb' }), ['default_alias']);
  await utility.dropAlias('default_alias');
  await utility.dropCollection('default_conn');
  assert.equal(await utility.hasCollection('default_conn', { using: 'emb' }), false);
  await connections.disconnect('default');
});

test('connections: unknown `using` throws a clear error; connect is idempotent; conflicting config throws', async () => {
  const firstText = /^should create connection first\. No connection named 'nope': call connections\.connect\(\{ alias: "nope", uri \}\) first\.$/;
  await rejectsWith(utility.listCollections({ using: 'nope' }), 1, firstText);
  await rejectsWith(utility.createAlias('collection_1', 'x', { using: 'nope' }), 1, firstText);
  await rejectsWith(utility.dropAlias('x', { using: 'nope' }), 1, firstText);
  await rejectsWith(utility.listAliases('collection_1', { using: 'nope' }), 1, firstText);
  assert.throws(
    () => new Collection('collection_1', undefined, { using: 'nope' }),
    (e: unknown) => {
      assert.ok(e instanceof ConnectionNotExistException);
      assert.ok(e instanceof MilvusException);
      assert.equal(e.code, 1);
      assert.match(e.reason, firstText);
      return true;
    },
  );
  assert.throws(() => connections.client('nope'), ConnectionNotExistException);

  // Same alias, same config: no-op; same alias, no config: no-op.
  await connections.connect({ alias: 'emb', uri: dirEmbedded });
  await connections.connect({ alias: 'emb' });
  // Different config on a connected alias: pymilvus's ConnectionConfigException.
  await assert.rejects(connections.connect({ alias: 'emb', uri: `http://127.0.0.1:${server!.port}` }), (e: unknown) => {
    assert.ok(e instanceof ConnectionConfigException);
    assert.ok(e instanceof MilvusException);
    assert.equal(e.code, 1);
    assert.equal(e.reason, "Alias of 'emb' already creating connections, but the configure is not the same as passed in.");
    return true;
  });
  assert.equal(await utility.hasCollection('collection_1', { using: 'emb' }), true);

  // disconnect keeps the configuration; connect({ alias }) reconnects with it.
  await connections.connect({ alias: 'tmp', uri: `http://127.0.0.1:${server!.port}` });
  assert.ok(connections.listConnections().some(([a, on]) => a === 'tmp' && on));
  await connections.disconnect('tmp');
  assert.equal(connections.hasConnection('tmp'), false);
  assert.ok(connections.listConnections().some(([a, on]) => a === 'tmp' && !on));
  await rejectsWith(utility.listCollections({ using: 'tmp' }), 1, /^should create connection first\./);
  // A disconnected alias may be connected elsewhere.
  await connections.connect({ alias: 'tmp' });
  assert.deepEqual((await utility.listCollections({ using: 'tmp' })).includes('collection_1'), true);
  await connections.removeConnection('tmp');
  assert.deepEqual(connections.getConnectionAddr('tmp'), {});
  assert.equal(
    connections.listConnections().some(([a]) => a === 'tmp'),
    false,
  );

  // A server that is not there: MilvusException, and the alias stays unknown.
  await assert.rejects(connections.connect({ alias: 'down', uri: 'http://127.0.0.1:1', timeout: 3000 }), MilvusException);
  assert.equal(connections.hasConnection('down'), false);
  assert.deepEqual(connections.getConnectionAddr('down'), {});
});
