// The Elanus MilvusClient, one scenario run twice: embedded (uri = a temporary data directory)
// and remote (uri = http://127.0.0.1:<port> of a real `elanus serve`). It covers the seed
// examples of the alias contract, every alias error path of docs/aliases.md as a thrown
// MilvusException (code, legacy errorCode, exact text), a data round trip of every type through
// an alias, timeouts, and finally that both modes gave deep-equal results.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MilvusClient, MilvusException, RRFRanker, WeightedRanker } from '../../src/client/index.js';
import { startServer, makeDataDir, removeDataDir, type RunningServer } from '../harness/server.js';
import { expectMilvusError, stable } from './client-helpers.js';

type Mode = 'embedded' | 'remote';
const outcomes: Record<Mode, Map<string, unknown>> = { embedded: new Map(), remote: new Map() };

const DIM = 4;
const BIG = '9007199254740993'; // 2^53 + 1: not a safe JS number

/** Rows of every scalar type, a nullable and a defaulted field, a float vector and a dynamic key. */
function richRows(): Record<string, unknown>[] {
  return [
    {
      id: 1,
      flag: true,
      i8: -8,
      i16: 1600,
      i32: 32,
      i64: BIG,
      f: 0.5,
      d: 0.1,
      s: 'one',
      j: { a: 1, tags: ['x'] },
      arr_i: [1, 2],
      arr_s: ['p', 'q'],
      arr_f: [0.25],
      maybe: 7,
      vec: [1, 0, 0, 0],
      color: 'red',
    },
    {
      id: 2,
      flag: false,
      i8: 8,
      i16: -1600,
      i32: -32,
      i64: 2n ** 62n,
      f: -1.5,
      d: 2.25,
      s: 'two',
      j: [1, 'two', null],
      arr_i: [],
      arr_s: ['r'],
      arr_f: [1, 2],
      maybe: null,
      vec: [0, 1, 0, 0],
      color: 'blue',
    },
    {
      id: 3,
      flag: true,
      i8: 0,
      i16: 0,
      i32: 0,
      i64: -5,
      f: 2,
      d: -3.5,
      s: 'three',
      j: null,
      arr_i: [3],
      arr_s: [],
      arr_f: [],
      vec: [0, 0, 1, 0],
      size: 3,
      dflt: 11,
    },
  ];
}

function scenario(mode: Mode): void {
  describe(`MilvusClient (${mode})`, () => {
    let server: RunningServer | undefined;
    let dataDir: string | undefined;
    let uri = '';
    let client: MilvusClient;
    const extra: MilvusClient[] = [];
    const record = (label: string, value: unknown) => outcomes[mode].set(label, stable(value));
    const open = (opts: { db_name?: string; timeout?: number; int64?: 'auto' | 'string' | 'bigint' } = {}) => {
      const c = new MilvusClient({ uri, ...opts });
      extra.push(c);
      return c;
    };

    before(async () => {
      if (mode === 'remote') {
        server = await startServer();
        uri = `http://127.0.0.1:${server.port}`;
      } else {
        dataDir = makeDataDir('elanus-client-');
        uri = dataDir;
      }
      client = new MilvusClient({ uri });
      await client.connect();
      assert.equal(await client.mode(), mode);
    });

    after(async () => {
      for (const c of extra) await c.close();
      await client.close();
      if (server) {
        await server.stop();
        removeDataDir(server.dataDir);
      }
      if (dataDir) removeDataDir(dataDir);
    });

    test('seed: two aliases on collection_1, list, drop bob, alter tom to collection_2', async () => {
      await client.createCollection({ collection_name: 'collection_1', dimension: DIM });
      await client.createCollection({ collection_name: 'collection_2', dimension: DIM });
      await client.createAlias({ collection_name: 'collection_1', alias: 'bob' });
      await client.createAlias({ collection_name: 'collection_1', alias: 'tom' });
      const listed = await client.listAliases({ collection_name: 'collection_1' });
      assert.deepEqual([...listed.aliases].sort(), ['bob', 'tom']);
      assert.equal(listed.collection_name, 'collection_1');
      assert.equal(listed.db_name, 'default');
      record('seed.list1', [...listed.aliases].sort());

      const described = await client.describeAlias({ alias: 'bob' });
      assert.deepEqual(
        { alias: described.alias, collection: described.collection, db_name: described.db_name },
        { alias: 'bob', collection: 'collection_1', db_name: 'default' },
      );

      await client.dropAlias({ alias: 'bob' });
      assert.deepEqual((await client.listAliases({ collection_name: 'collection_1' })).aliases, ['tom']);

      await client.alterAlias({ collection_name: 'collection_2', alias: 'tom' });
      const after1 = await client.listAliases({ collection_name: 'collection_1' });
      const after2 = await client.listAliases({ collection_name: 'collection_2' });
      assert.deepEqual(after1.aliases, []);
      assert.deepEqual(after2.aliases, ['tom']);
      assert.equal((await client.describeAlias({ alias: 'tom' })).collection, 'collection_2');
      const all = await client.listAliases();
      assert.deepEqual(all.aliases, ['tom']);
      assert.equal(all.collection_name, '');
      record('seed.lists', { after1: after1.aliases, after2: after2.aliases, all: all.aliases });

      // Idempotent repeats succeed.
      await client.alterAlias({ collection_name: 'collection_2', alias: 'tom' });
      await client.createAlias({ collection_name: 'collection_2', alias: 'tom' });
      await client.dropAlias({ alias: 'bob' });
      await client.dropAlias({ alias: ' ghost ' });
      const has = await client.hasCollection({ collection_name: 'tom' });
      assert.equal(has.value, true);
      const desc = await client.describeCollection({ collection_name: 'tom' });
      assert.equal(desc.collection_name, 'tom');
      assert.equal((desc.schema as { name: string }).name, 'collection_2');
      assert.deepEqual(desc.aliases, ['tom']);
      const names = (await client.listCollections()).collection_names;
      assert.deepEqual([...names].sort(), ['collection_1', 'collection_2']);
    });

    describe('every alias error path throws MilvusException with the code and text of aliases.md', () => {
      const long = 'a'.repeat(256);
      const cases: { label: string; run: () => Promise<unknown>; code: number; reason: string }[] = [
        {
          label: 'create: empty alias',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: '' }),
          code: 1100,
          reason: 'collection alias should not be empty: invalid parameter',
        },
        {
          label: 'create: 256-byte alias',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: long }),
          code: 1100,
          reason: `Invalid collection alias: ${long}. the length of a collection alias must be less than 255 characters: invalid parameter`,
        },
        {
          label: 'create: first char',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: '12-s' }),
          code: 1100,
          reason: 'Invalid collection alias: 12-s. the first character of a collection alias must be an underscore or letter: invalid parameter',
        },
        {
          label: 'create: leading space',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: ' a' }),
          code: 1100,
          reason: 'Invalid collection alias:  a. the first character of a collection alias must be an underscore or letter: invalid parameter',
        },
        {
          label: 'create: later char',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: 'a-b' }),
          code: 1100,
          reason: 'Invalid collection alias: a-b. collection alias can only contain numbers, letters and underscores: invalid parameter',
        },
        {
          label: 'create: 300-byte Chinese alias fails rule 2',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: '中'.repeat(100) }),
          code: 1100,
          reason: `Invalid collection alias: ${'中'.repeat(100)}. the length of a collection alias must be less than 255 characters: invalid parameter`,
        },
        {
          label: 'create: empty collection name',
          run: () => client.createAlias({ collection_name: '', alias: 'ok' }),
          code: 1100,
          reason: 'collection name should not be empty: invalid parameter',
        },
        {
          label: 'create: bad collection name',
          run: () => client.createAlias({ collection_name: '1c', alias: 'ok' }),
          code: 1100,
          reason: 'Invalid collection name: 1c. the first character of a collection name must be an underscore or letter: invalid parameter',
        },
        {
          label: 'create: alias = collection name',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: 'collection_2' }),
          code: 1601,
          reason: 'alias and collection name conflict[database=default][alias=collection_2]',
        },
        {
          label: 'create: create_alias(c, c)',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: 'collection_1' }),
          code: 1601,
          reason: 'alias and collection name conflict[database=default][alias=collection_1]',
        },
        {
          label: 'create: missing collection',
          run: () => client.createAlias({ collection_name: 'nope', alias: 'x1' }),
          code: 100,
          reason: 'collection not found[database=default][collection=nope]',
        },
        {
          label: 'create: alias as collection_name',
          run: () => client.createAlias({ collection_name: 'tom', alias: 'x1' }),
          code: 100,
          reason: 'collection not found[database=default][collection=tom]',
        },
        {
          label: 'create: alias of another collection',
          run: () => client.createAlias({ collection_name: 'collection_1', alias: 'tom' }),
          code: 1602,
          reason: 'tom is alias to another collection: collection_2: alias already exist[database=default][alias=tom]',
        },
        {
          label: 'create: missing database',
          run: () => open({ db_name: 'no_such_db' }).createAlias({ collection_name: 'collection_1', alias: 'x1' }),
          code: 800,
          reason: 'database not found[database=no_such_db]',
        },
        {
          label: 'alter: empty alias',
          run: () => client.alterAlias({ collection_name: 'collection_1', alias: '' }),
          code: 1100,
          reason: 'collection alias should not be empty: invalid parameter',
        },
        {
          label: 'alter: alias = collection name',
          run: () => client.alterAlias({ collection_name: 'collection_1', alias: 'collection_2' }),
          code: 1601,
          reason: 'alias and collection name conflict[database=default][alias=collection_2]',
        },
        {
          label: 'alter: missing collection',
          run: () => client.alterAlias({ collection_name: 'nope', alias: 'tom' }),
          code: 100,
          reason: 'collection not found[collection=nope]',
        },
        {
          label: 'alter: both missing -> 100',
          run: () => client.alterAlias({ collection_name: 'nope', alias: 'ghost' }),
          code: 100,
          reason: 'collection not found[collection=nope]',
        },
        {
          label: 'alter: missing alias',
          run: () => client.alterAlias({ collection_name: 'collection_1', alias: 'ghost' }),
          code: 1600,
          reason: 'alias not found[database=default][alias=ghost]',
        },
        {
          label: 'alter: missing database',
          run: () => open({ db_name: 'no_such_db' }).alterAlias({ collection_name: 'collection_1', alias: 'tom' }),
          code: 800,
          reason: 'database not found[database=no_such_db]',
        },
        {
          label: 'drop: missing database',
          run: () => client.dropAlias({ alias: 'tom', db_name: 'no_such_db' }),
          code: 800,
          reason: 'database not found[database=no_such_db]',
        },
        {
          label: 'describe: empty',
          run: () => client.describeAlias({ alias: '' }),
          code: 1100,
          reason: 'collection alias should not be empty: invalid parameter',
        },
        {
          label: 'describe: invalid',
          run: () => client.describeAlias({ alias: 'a-b' }),
          code: 1100,
          reason: 'Invalid collection alias: a-b. collection alias can only contain numbers, letters and underscores: invalid parameter',
        },
        {
          label: 'describe: missing',
          run: () => client.describeAlias({ alias: 'ghost' }),
          code: 1600,
          reason: 'alias not found[database=default][alias=ghost]',
        },
        {
          label: 'describe: a collection name',
          run: () => client.describeAlias({ alias: 'collection_1' }),
          code: 1600,
          reason: 'alias not found[database=default][alias=collection_1]',
        },
        {
          label: 'describe: missing database',
          run: () => client.describeAlias({ alias: 'tom', db_name: 'no_such_db' }),
          code: 800,
          reason: 'database not found[database=no_such_db]',
        },
        {
          label: 'list: missing collection',
          run: () => client.listAliases({ collection_name: 'nope' }),
          code: 100,
          reason: 'collection not found[collection=nope]',
        },
        {
          label: 'list: an alias',
          run: () => client.listAliases({ collection_name: 'tom' }),
          code: 100,
          reason: 'collection not found[collection=tom]',
        },
        {
          label: 'list: invalid name',
          run: () => client.listAliases({ collection_name: 'a-b' }),
          code: 1100,
          reason: 'Invalid collection name: a-b. collection name can only contain numbers, letters and underscores: invalid parameter',
        },
        {
          label: 'dropCollection(alias)',
          run: () => client.dropCollection({ collection_name: 'tom' }),
          code: 65535,
          reason: 'cannot drop the collection via alias = tom',
        },
        {
          label: 'dropCollection with aliases',
          run: () => client.dropCollection({ collection_name: 'collection_2' }),
          code: 65535,
          reason:
            'unable to drop the collection [collection_2] because it has associated aliases [tom], please remove all aliases before dropping the collection',
        },
        {
          label: 'createCollection(alias name)',
          run: () => client.createCollection({ collection_name: 'tom', dimension: DIM }),
          code: 65535,
          reason: 'collection name [tom] conflicts with an existing alias, please choose a unique name',
        },
        {
          label: 'describeCollection(missing)',
          run: () => client.describeCollection({ collection_name: 'ghost' }),
          code: 100,
          reason: "can't find collection[database=default][collection=ghost]",
        },
        {
          label: 'rename: alias as old',
          run: () => client.renameCollection({ collection_name: 'tom', new_collection_name: 'x9' }),
          code: 65535,
          reason: 'unsupported use an alias to rename collection, alias:tom',
        },
        {
          label: 'rename: to an alias',
          run: () => client.renameCollection({ collection_name: 'collection_1', new_collection_name: 'tom' }),
          code: 65535,
          reason: 'cannot rename collection to an existing alias: tom',
        },
        {
          label: 'rename: empty new',
          run: () => client.renameCollection({ collection_name: 'collection_1', new_collection_name: '' }),
          code: 1100,
          reason: 'new collection name should not be empty',
        },
        {
          label: 'dropDatabase(default)',
          run: () => client.dropDatabase({ db_name: 'default' }),
          code: 65535,
          reason: 'can not drop default database',
        },
      ];
      for (const c of cases) {
        test(c.label, async () => {
          const e = await expectMilvusError(c.run(), c.code, c.reason, c.label);
          assert.match(e.message, new RegExp(`code=${c.code}`));
          record(`error.${c.label}`, { code: e.code, errorCode: e.errorCode, reason: e.reason });
        });
      }
      test('nothing changed after the errors', async () => {
        assert.deepEqual((await client.listAliases()).aliases, ['tom']);
        assert.equal((await client.hasCollection({ collection_name: 'collection_2' })).value, true);
      });
    });

    test('databases: create, list, describe, alter, drop; a client bound to a database', async () => {
      await client.createDatabase({ db_name: 'db_x', properties: { 'database.max.collections': 10 } });
      assert.ok((await client.listDatabases()).db_names.includes('db_x'));
      await client.alterDatabase({ db_name: 'db_x', properties: { 'database.replica.number': 1 } });
      const d = await client.describeDatabase({ db_name: 'db_x' });
      assert.equal(d.db_name, 'db_x');
      const props = Object.fromEntries(d.properties.map((p) => [p.key, p.value]));
      assert.equal(props['database.max.collections'], '10');
      await client.dropDatabaseProperties({ db_name: 'db_x', properties: ['database.replica.number'] });
      const inDb = open({ db_name: 'db_x' });
      await inDb.createCollection({ collection_name: 'collection_1', dimension: DIM });
      await inDb.createAlias({ collection_name: 'collection_1', alias: 'bob' }); // same alias name, other db: fine
      assert.equal((await inDb.describeAlias({ alias: 'bob' })).db_name, 'db_x');
      await expectMilvusError(
        client.dropDatabase({ db_name: 'db_x' }),
        65535,
        'database:db_x not empty, must drop all collections before drop database',
        'drop non-empty db',
      );
      await inDb.dropAlias({ alias: 'bob' });
      await inDb.dropCollection({ collection_name: 'collection_1' });
      await client.dropDatabase({ db_name: 'db_x' });
      assert.ok(!(await client.listDatabases()).db_names.includes('db_x'));
      record('databases', (await client.listDatabases()).db_names);
    });

    test('data round trip of every scalar type through an alias: insert, query, get, search, upsert, delete', async () => {
      await client.createCollection({
        collection_name: 'rich_v1',
        enable_dynamic_field: true,
        fields: [
          { name: 'id', data_type: 'Int64', is_primary_key: true },
          { name: 'flag', data_type: 'Bool' },
          { name: 'i8', data_type: 'Int8' },
          { name: 'i16', data_type: 'Int16' },
          { name: 'i32', data_type: 'Int32' },
          { name: 'i64', data_type: 'Int64' },
          { name: 'f', data_type: 'Float' },
          { name: 'd', data_type: 'Double' },
          { name: 's', data_type: 'VarChar', max_length: 64 },
          { name: 'j', data_type: 'JSON', nullable: true },
          { name: 'arr_i', data_type: 'Array', element_type: 'Int64', max_capacity: 8 },
          { name: 'arr_s', data_type: 'Array', element_type: 'VarChar', max_capacity: 8, max_length: 16 },
          { name: 'arr_f', data_type: 'Array', element_type: 'Double', max_capacity: 8 },
          { name: 'maybe', data_type: 'Int32', nullable: true },
          { name: 'dflt', data_type: 'Int32', default_value: 42 },
          { name: 'vec', data_type: 'FloatVector', dim: DIM },
        ],
      });
      await client.createIndex({
        collection_name: 'rich_v1',
        field_name: 'vec',
        index_type: 'HNSW',
        metric_type: 'L2',
        params: { M: 8, efConstruction: 64 },
      });
      await client.loadCollection({ collection_name: 'rich_v1' });
      await client.createAlias({ collection_name: 'rich_v1', alias: 'rich' });

      const ins = await client.insert({ collection_name: 'rich', data: richRows() });
      assert.equal(ins.insert_cnt, '3');
      const q = await client.query({ collection_name: 'rich', filter: 'id > 0', output_fields: ['*'] });
      const byId = new Map(q.data.map((r) => [r.id, r]));
      const r1 = byId.get(1)!;
      assert.equal(r1.flag, true);
      assert.equal(r1.i8, -8);
      assert.equal(r1.i16, 1600);
      assert.equal(r1.i64, BIG, 'Int64 beyond 2^53 reads back as its exact string');
      assert.equal(byId.get(2)!.i64, (2n ** 62n).toString());
      assert.equal(byId.get(3)!.i64, -5);
      assert.equal(r1.f, 0.5);
      assert.equal(r1.d, 0.1);
      assert.equal(r1.s, 'one');
      assert.deepEqual(r1.j, { a: 1, tags: ['x'] });
      assert.deepEqual(byId.get(2)!.j, [1, 'two', null]);
      assert.equal(byId.get(3)!.j, null);
      assert.deepEqual(r1.arr_i, [1, 2]);
      assert.deepEqual(byId.get(2)!.arr_i, []);
      assert.deepEqual(r1.arr_s, ['p', 'q']);
      assert.deepEqual(byId.get(2)!.arr_f, [1, 2]);
      assert.equal(r1.maybe, 7);
      assert.equal(byId.get(2)!.maybe, null);
      assert.equal(byId.get(3)!.maybe, null);
      assert.equal(r1.dflt, 42);
      assert.equal(byId.get(3)!.dflt, 11);
      assert.deepEqual(r1.vec, [1, 0, 0, 0]);
      assert.deepEqual(r1.$meta, { color: 'red' });
      assert.deepEqual(byId.get(3)!.$meta, { size: 3 });
      record(
        'data.query*',
        q.data.sort((a, b) => Number(a.id) - Number(b.id)),
      );

      // A requested dynamic key appears at top level; no $meta unless asked.
      const dyn = await client.query({ collection_name: 'rich', filter: 'color == "red"', output_fields: ['id', 'color'] });
      assert.deepEqual(dyn.data, [{ id: 1, color: 'red' }]);

      const limited = await client.query({ collection_name: 'rich', filter: 'id > 0', output_fields: ['id'], limit: 2, offset: 1 });
      assert.equal(limited.data.length, 2);
      const cnt = await client.query({ collection_name: 'rich', filter: '', output_fields: ['count(*)'] });
      assert.equal(cnt.data[0]!['count(*)'], 3);
      assert.equal((await client.count({ collection_name: 'rich', filter: 'flag == true' })).data, 2);

      const got = await client.get({ collection_name: 'rich', ids: [2, 3], output_fields: ['id', 's'] });
      assert.deepEqual(
        got.data.sort((a, b) => Number(a.id) - Number(b.id)),
        [
          { id: 2, s: 'two' },
          { id: 3, s: 'three' },
        ],
      );

      const hits = await client.search({
        collection_name: 'rich',
        data: [1, 0, 0, 0],
        limit: 2,
        output_fields: ['s', 'color'],
        params: { ef: 32 },
      });
      assert.equal(hits.collection_name, 'rich');
      const list = hits.results as Record<string, unknown>[];
      assert.equal(list.length, 2);
      assert.equal(list[0]!.id, 1);
      assert.equal(list[0]!.s, 'one');
      assert.equal(list[0]!.color, 'red');
      assert.equal(list[0]!.score, 0);
      record('data.search1', hits.results);

      const two = await client.search({
        collection_name: 'rich',
        data: [
          [1, 0, 0, 0],
          [0, 0, 1, 0],
        ],
        limit: 1,
        filter: 'i32 >= 0',
        output_fields: ['id'],
      });
      const nested = two.results as Record<string, unknown>[][];
      assert.equal(nested.length, 2);
      assert.equal(nested[0]![0]!.id, 1);
      assert.equal(nested[1]![0]!.id, 3);
      record('data.search2', two.results);

      const off = await client.search({
        collection_name: 'rich',
        data: [1, 0, 0, 0],
        limit: 1,
        offset: 1,
        output_fields: ['id'],
        round_decimal: 2,
      });
      assert.equal((off.results as Record<string, unknown>[])[0]!.id, 2);
      assert.equal((off.results as Record<string, unknown>[])[0]!.score, 2);

      const range = await client.search({
        collection_name: 'rich',
        data: [1, 0, 0, 0],
        limit: 3,
        output_fields: ['id'],
        params: { radius: 3, range_filter: 1 },
      });
      assert.deepEqual((range.results as Record<string, unknown>[]).map((h) => h.id).sort(), [2, 3]);

      const grouped = await client.search({
        collection_name: 'rich',
        data: [1, 0, 0, 0],
        limit: 3,
        output_fields: ['id', 'flag'],
        group_by_field: 'flag',
      });
      const groups = grouped.results as Record<string, unknown>[];
      assert.equal(groups.length, 2);
      assert.deepEqual(
        groups.map((g) => (g.group_by_field_values as Record<string, unknown>).flag),
        [true, false],
      );

      const up = await client.upsert({ collection_name: 'rich', data: [{ ...richRows()[1]!, s: 'TWO', maybe: 9, extra: 'x' }] });
      assert.equal(up.upsert_cnt, '1');
      assert.deepEqual((await client.get({ collection_name: 'rich', ids: [2], output_fields: ['s', 'maybe', 'extra'] })).data, [
        { id: 2, s: 'TWO', maybe: 9, extra: 'x' },
      ]);

      // Int64 read modes: 'string' (the official SDK's) and 'bigint'; bigint in on write.
      const asString = await open({ int64: 'string' }).get({ collection_name: 'rich', ids: [3], output_fields: ['i64'] });
      assert.deepEqual(asString.data, [{ id: '3', i64: '-5' }]);
      const asBig = open({ int64: 'bigint' });
      await asBig.upsert({ collection_name: 'rich', data: [{ ...richRows()[2]!, i64: 2n ** 63n - 1n }] });
      assert.deepEqual((await asBig.get({ collection_name: 'rich', ids: [3n], output_fields: ['i64'] })).data, [{ id: 3n, i64: 2n ** 63n - 1n }]);

      const del = await client.delete({ collection_name: 'rich', ids: [1] });
      assert.equal(del.delete_cnt, '1');
      const delF = await client.delete({ collection_name: 'rich', filter: 's == "three"' });
      assert.equal(delF.delete_cnt, '1');
      const left = await client.query({ collection_name: 'rich', filter: 'id > 0', output_fields: ['id'] });
      assert.deepEqual(left.data, [{ id: 2 }]);
      await client.flush({ collection_names: ['rich'] });
      const stats = await client.getCollectionStatistics({ collection_name: 'rich' });
      assert.equal(typeof stats.data.row_count, 'string');
      record('data.after', left.data);
    });

    test('every vector type: insert, read back, search (binary, float16, bfloat16, int8, sparse) and hybridSearch', async () => {
      await client.createCollection({
        collection_name: 'vectors',
        fields: [
          { name: 'pk', data_type: 'VarChar', is_primary_key: true, max_length: 16 },
          { name: 'fv', data_type: 'FloatVector', dim: 4 },
          { name: 'bv', data_type: 'BinaryVector', dim: 16 },
          { name: 'hv', data_type: 'Float16Vector', dim: 4 },
          { name: 'bfv', data_type: 'BFloat16Vector', dim: 4 },
          { name: 'iv', data_type: 'Int8Vector', dim: 4 },
          { name: 'sv', data_type: 'SparseFloatVector' },
        ],
      });
      await client.createIndex([
        { collection_name: 'vectors', field_name: 'fv', index_type: 'FLAT', metric_type: 'L2' },
        { collection_name: 'vectors', field_name: 'bv', index_type: 'BIN_FLAT', metric_type: 'HAMMING' },
        { collection_name: 'vectors', field_name: 'hv', index_type: 'FLAT', metric_type: 'L2' },
        { collection_name: 'vectors', field_name: 'bfv', index_type: 'FLAT', metric_type: 'L2' },
        { collection_name: 'vectors', field_name: 'iv', index_type: 'HNSW', metric_type: 'L2', params: { M: 8, efConstruction: 32 } },
        { collection_name: 'vectors', field_name: 'sv', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'IP' },
      ]);
      assert.deepEqual((await client.listIndexes({ collection_name: 'vectors' })).indexes.sort(), ['bfv', 'bv', 'fv', 'hv', 'iv', 'sv']);
      await client.loadCollection({ collection_name: 'vectors' });
      await client.insert({
        collection_name: 'vectors',
        data: [
          { pk: 'a', fv: [1, 0, 0, 0], bv: [0xff, 0x00], hv: [0.5, 1, -2, 0], bfv: [1, 2, 3, 4], iv: [1, -2, 3, -4], sv: { 1: 0.5, 7: 2 } },
          {
            pk: 'b',
            fv: new Float32Array([0, 1, 0, 0]),
            bv: Buffer.from([0x0f, 0xf0]),
            hv: [0, 0, 1, 1],
            bfv: [0, 0, 0, 1],
            iv: new Int8Array([0, 0, 0, 1]),
            sv: { indices: [2], values: [1] },
          },
          {
            pk: 'c',
            fv: [0, 0, 1, 0],
            bv: new Uint8Array([0, 1]),
            hv: [3, 3, 3, 3],
            bfv: [0.5, 0.5, 0.5, 0.5],
            iv: [5, 5, 5, 5],
            sv: [{ index: 9, value: 3 }],
          },
        ],
      });
      const q = await client.query({ collection_name: 'vectors', filter: 'pk == "a"', output_fields: ['*'] });
      assert.deepEqual(q.data[0], {
        pk: 'a',
        fv: [1, 0, 0, 0],
        bv: [255, 0],
        hv: [0.5, 1, -2, 0],
        bfv: [1, 2, 3, 4],
        iv: [1, -2, 3, -4],
        sv: { '1': 0.5, '7': 2 },
      });
      record('vectors.query', q.data);

      const searches: [string, unknown, string][] = [
        ['bv', [0xff, 0x00], 'a'],
        ['bv', Buffer.from([0x0f, 0xf0]), 'b'],
        ['hv', [3, 3, 3, 3], 'c'],
        ['bfv', [0, 0, 0, 1], 'b'],
        ['iv', [5, 5, 5, 5], 'c'],
        ['sv', { 9: 1 }, 'c'],
        ['sv', { indices: [7], values: [1] }, 'a'],
      ];
      for (const [field, vector, expected] of searches) {
        const res = await client.search({
          collection_name: 'vectors',
          anns_field: field,
          data: vector as number[],
          limit: 1,
          output_fields: ['pk'],
        });
        assert.equal((res.results as Record<string, unknown>[])[0]?.pk, expected, `search on ${field}`);
        record(`vectors.search.${field}.${expected}`, res.results);
      }

      const hybrid = await client.hybridSearch({
        collection_name: 'vectors',
        data: [
          { data: [0, 0, 1, 0], anns_field: 'fv', params: {} },
          { data: { 9: 1 }, anns_field: 'sv' },
        ],
        rerank: RRFRanker(60),
        limit: 2,
        output_fields: ['pk'],
      });
      assert.equal((hybrid.results as Record<string, unknown>[])[0]!.pk, 'c');
      const weighted = await client.search({
        collection_name: 'vectors',
        data: [
          { data: [1, 0, 0, 0], anns_field: 'fv' },
          { data: { 7: 1 }, anns_field: 'sv' },
        ],
        rerank: WeightedRanker([0.5, 0.5]),
        limit: 3,
        output_fields: ['pk'],
      });
      assert.equal((weighted.results as Record<string, unknown>[])[0]!.pk, 'a');
      record('vectors.hybrid', { rrf: hybrid.results, weighted: weighted.results });
    });

    test('collections, partitions, indexes, load state, compaction', async () => {
      await client.createCollection({
        collection_name: 'parts',
        num_partitions: 4,
        properties: { 'collection.ttl.seconds': 0 },
        fields: [
          { name: 'id', data_type: 'Int64', is_primary_key: true, autoID: true },
          { name: 'k', data_type: 'VarChar', max_length: 8, is_partition_key: true },
          { name: 'v', data_type: 'FloatVector', dim: 2 },
        ],
      });
      await client.alterCollectionProperties({ collection_name: 'parts', properties: { 'collection.ttl.seconds': -1 } });
      let props = Object.fromEntries(
        ((await client.describeCollection({ collection_name: 'parts' })).properties as { key: string; value: string }[]).map((p) => [
          p.key,
          p.value,
        ]),
      );
      assert.equal(props['collection.ttl.seconds'], '-1');
      await client.dropCollectionProperties({ collection_name: 'parts', properties: ['collection.ttl.seconds'] });
      props = Object.fromEntries(
        ((await client.describeCollection({ collection_name: 'parts' })).properties as { key: string; value: string }[]).map((p) => [
          p.key,
          p.value,
        ]),
      );
      assert.equal(props['collection.ttl.seconds'], undefined);

      await client.createCollection({
        collection_name: 'plain',
        fields: [
          { name: 'id', data_type: 'Int64', is_primary_key: true },
          { name: 'v', data_type: 'FloatVector', dim: 2 },
        ],
      });
      await client.createPartition({ collection_name: 'plain', partition_name: 'p1' });
      assert.equal((await client.hasPartition({ collection_name: 'plain', partition_name: 'p1' })).value, true);
      assert.deepEqual((await client.listPartitions({ collection_name: 'plain' })).partition_names, ['_default', 'p1']);
      await client.createIndex({
        collection_name: 'plain',
        field_name: 'v',
        index_name: 'v_idx',
        index_type: 'IVF_FLAT',
        metric_type: 'IP',
        params: { nlist: 4 },
      });
      const di = await client.describeIndex({ collection_name: 'plain', index_name: 'v_idx' });
      assert.equal(di.index_descriptions.length, 1);
      assert.equal((await client.getIndexState({ collection_name: 'plain', index_name: 'v_idx' })).state, 'Finished');
      await client.alterIndexProperties({ collection_name: 'plain', index_name: 'v_idx', params: { 'mmap.enabled': true } });
      await client.dropIndexProperties({ collection_name: 'plain', index_name: 'v_idx', properties: ['mmap.enabled'] });
      await client.loadPartitions({ collection_name: 'plain', partition_names: ['p1'] });
      await client.insert({
        collection_name: 'plain',
        partition_name: 'p1',
        data: [
          { id: 1, v: [1, 0] },
          { id: 2, v: [0, 1] },
        ],
      });
      await client.insert({ collection_name: 'plain', data: [{ id: 3, v: [1, 1] }] });
      assert.equal((await client.getPartitionStatistics({ collection_name: 'plain', partition_name: 'p1' })).data.row_count, '2');
      const inP1 = await client.query({ collection_name: 'plain', filter: 'id > 0', output_fields: ['id'], partition_names: ['p1'] });
      assert.deepEqual(inP1.data.map((r) => r.id).sort(), [1, 2]);
      const sp = await client.search({ collection_name: 'plain', data: [1, 0], limit: 5, partition_names: ['p1'], output_fields: ['id'] });
      assert.deepEqual(
        (sp.results as Record<string, unknown>[]).map((h) => h.id),
        [1, 2],
      );
      await client.releasePartitions({ collection_name: 'plain', partition_names: ['p1'] });
      await client.loadCollectionSync({ collection_name: 'plain' });
      assert.equal((await client.getLoadState({ collection_name: 'plain' })).state, 'LoadStateLoaded');
      assert.equal((await client.getLoadingProgress({ collection_name: 'plain' })).progress, '100');
      await client.releaseCollection({ collection_name: 'plain' });
      assert.equal((await client.getLoadState({ collection_name: 'plain' })).state, 'LoadStateNotLoad');
      await client.dropPartition({ collection_name: 'plain', partition_name: 'p1' });
      await client.dropIndex({ collection_name: 'plain', index_name: 'v_idx' });
      const compaction = await client.compact({ collection_name: 'plain' });
      const state = await client.getCompactionState({ compactionID: compaction.compactionID });
      assert.ok(['Executing', 'Completed'].includes(state.state), state.state);
      await client.renameCollection({ collection_name: 'plain', new_collection_name: 'plain2' });
      assert.equal((await client.hasCollection({ collection_name: 'plain2' })).value, true);
      await client.dropCollection({ collection_name: 'plain2' });
      await client.dropCollection({ collection_name: 'plain2' }); // idempotent
      record('collections', (await client.listCollections()).collection_names.slice().sort());
    });

    test('timeouts: per call and as the client default, as a MilvusException that says so', async () => {
      await client.createCollection({ collection_name: 'big', dimension: 128 });
      const rows = Array.from({ length: 20000 }, (_, i) => ({ id: i, vector: Array.from({ length: 128 }, (_, k) => ((i * 31 + k) % 97) / 97) }));
      const e = await expectMilvusError(
        client.insert({ collection_name: 'big', data: rows, timeout: 1 }),
        10001,
        /Insert timed out after 1 ms: context deadline exceeded|deadline/i,
        'insert timeout',
      );
      assert.ok(e instanceof MilvusException);
      const slow = open({ timeout: 1 });
      await expectMilvusError(slow.insert({ collection_name: 'big', data: rows }), 10001, /timed out|deadline/i, 'client default timeout');
      // A generous timeout succeeds.
      await client.createCollection({ collection_name: 'small', dimension: 4, timeout: 60_000 });
      assert.equal((await client.hasCollection({ collection_name: 'small', timeout: 60_000 })).value, true);
    });
  });
}

scenario('embedded');
scenario('remote');

test('embedded and remote gave deep-equal results', () => {
  const e = outcomes.embedded;
  const r = outcomes.remote;
  assert.ok(e.size > 40, `recorded ${e.size} outcomes`);
  assert.deepEqual([...r.keys()], [...e.keys()]);
  for (const [label, value] of e) assert.deepEqual(r.get(label), value, label);
});
