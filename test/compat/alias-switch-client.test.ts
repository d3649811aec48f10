// Beyond Milvus through the client, embedded and against a real server (Elanus's own gRPC
// service beside MilvusService): an atomic switch with a failing action changes nothing, the
// history records every change and survives a SIGKILL right after an acknowledged switch, and
// rollback chains.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MilvusClient, MilvusException } from '../../src/client/index.js';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from '../harness/server.js';

for (const mode of ['embedded', 'remote'] as const) {
  describe(`alias switch, history and rollback (${mode})`, () => {
    let dataDir: string;
    let server: RunningServer | undefined;
    let client: MilvusClient;
    const open = async () => {
      if (mode === 'remote') {
        server = await startServer({ dataDir });
        client = new MilvusClient({ uri: `http://${server.address}` });
      } else {
        client = new MilvusClient({ uri: dataDir });
      }
    };
    const target = async (alias: string) => {
      try {
        return (await client.describeAlias({ alias })).collection;
      } catch (e) {
        if (e instanceof MilvusException && e.code === 1600) return undefined;
        throw e;
      }
    };

    before(async () => {
      dataDir = makeDataDir();
      await open();
      for (const c of ['c1', 'c2', 'c3']) await client.createCollection({ collection_name: c, dimension: 4 });
      await client.createAlias({ collection_name: 'c1', alias: 'a' });
      await client.createAlias({ collection_name: 'c1', alias: 'b' });
    });
    after(async () => {
      await client.close();
      if (server) await server.stop();
      removeDataDir(dataDir);
    });

    test('a switch whose third action fails changes nothing and names that action', async () => {
      await assert.rejects(
        client.switchAliases([
          { action: 'alter', alias: 'a', collection_name: 'c2' },
          { action: 'create', alias: 'x', collection_name: 'c3' },
          { action: 'create', alias: 'b', collection_name: 'c3' },
        ]),
        (e: unknown) => {
          assert.ok(e instanceof MilvusException);
          assert.equal(e.code, 1602);
          assert.equal(
            e.reason,
            'action 2 (create b -> c3) failed: b is alias to another collection: c1: alias already exist[database=default][alias=b]',
          );
          return true;
        },
      );
      assert.deepEqual([await target('a'), await target('b'), await target('x')], ['c1', 'c1', undefined]);
    });

    test('a switch applies all actions under one version; the history shows it, also after a SIGKILL', async () => {
      const { version } = await client.switchAliases([
        { action: 'alter', alias: 'a', collection_name: 'c2' },
        { action: 'alter', alias: 'b', collection_name: 'c3' },
        { action: 'drop', alias: 'b' },
      ]);
      assert.ok(version > 0);
      if (server) {
        await client.close();
        await server.kill(); // SIGKILL right after the acknowledgement
        await open();
      }
      assert.deepEqual([await target('a'), await target('b')], ['c2', undefined]);
      const b = await client.aliasHistory({ alias: 'b' });
      assert.deepEqual(
        b.map((e) => [e.action, e.old_collection, e.new_collection]),
        [
          ['create', '', 'c1'],
          ['switch', 'c1', 'c3'],
          ['switch', 'c3', ''],
        ],
      );
      assert.deepEqual(
        b.slice(1).map((e) => e.version),
        [version, version],
      );
    });

    test('rollback goes one step back, is recorded, and can go to a version', async () => {
      await client.rollbackAlias({ alias: 'a' });
      assert.equal(await target('a'), 'c1');
      await client.rollbackAlias({ alias: 'a' });
      assert.equal(await target('a'), 'c2');
      const history = await client.aliasHistory({ alias: 'a' });
      assert.deepEqual(
        history.map((e) => e.action),
        ['create', 'switch', 'rollback', 'rollback'],
      );
      // b was dropped by the switch; back to where it pointed after its create.
      const created = (await client.aliasHistory({ alias: 'b' }))[0]!;
      await client.rollbackAlias({ alias: 'b', to_version: created.version });
      assert.equal(await target('b'), 'c1');
      await assert.rejects(
        client.rollbackAlias({ alias: 'b', to_version: 987654 }),
        (e: unknown) => e instanceof MilvusException && /no history version 987654/.test(e.reason),
      );
    });
    test("a switch or rollback drops the client's cached schema of the alias: writes follow the new collection", async () => {
      await client.createCollection({
        collection_name: 'int_pk',
        fields: [
          { name: 'id', data_type: 'Int64', is_primary_key: true },
          { name: 'vec', data_type: 'FloatVector', dim: 2 },
        ],
      } as never);
      await client.createCollection({
        collection_name: 'str_pk',
        fields: [
          { name: 'key', data_type: 'VarChar', is_primary_key: true, max_length: 8 },
          { name: 'vec', data_type: 'FloatVector', dim: 2 },
        ],
      } as never);
      await client.createAlias({ collection_name: 'int_pk', alias: 'writes' });
      // The first insert caches int_pk's schema under the alias.
      assert.equal((await client.insert({ collection_name: 'writes', data: [{ id: 1, vec: [0, 1] }] })).insert_cnt, '1');
      await client.switchAliases([{ action: 'alter', alias: 'writes', collection_name: 'str_pk' }]);
      assert.equal((await client.insert({ collection_name: 'writes', data: [{ key: 'k1', vec: [1, 0] }] })).insert_cnt, '1');
      await client.rollbackAlias({ alias: 'writes' });
      assert.equal((await client.insert({ collection_name: 'writes', data: [{ id: 2, vec: [1, 1] }] })).insert_cnt, '1');
    });
  });
}
