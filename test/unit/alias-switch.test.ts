// Beyond Milvus: atomic multi-alias switches, alias history and rollback, on the engine itself
// (the gRPC service, client methods and CLI for them are later work of issue 6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType, defineField } from '../../src/catalog/index.js';
import { Engine } from '../../src/engine/index.js';
import { MilvusError } from '../../src/errors.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';
import { createEngineCollection } from '../harness/engine-collection.js';

const field = defineField;

async function collection(engine: Engine, name: string): Promise<void> {
  await createEngineCollection(engine, name, [
    field('id', DataType.Int64, { isPrimaryKey: true }),
    field('v', DataType.FloatVector, { typeParams: [{ key: 'dim', value: '2' }] }),
  ]);
}

const target = (engine: Engine, alias: string) => {
  try {
    return engine.describeAlias('default', alias).collection;
  } catch {
    return undefined;
  }
};

async function setup(dir: string): Promise<Engine> {
  const engine = await Engine.open({ dataDir: dir });
  for (const c of ['c1', 'c2', 'c3']) await collection(engine, c);
  await engine.createAlias('default', 'c1', 'a');
  await engine.createAlias('default', 'c1', 'b');
  return engine;
}

test('a switch with a failing action in the middle changes nothing, names the action, and stays so after a restart', async () => {
  const dir = makeDataDir();
  try {
    let engine = await setup(dir);
    const versionBefore = engine.snapshot().aliasVersion;
    await assert.rejects(
      engine.switchAliases('default', [
        { action: 'alter', alias: 'a', collection: 'c2' },
        { action: 'create', alias: 'x', collection: 'c3' },
        { action: 'alter', alias: 'b', collection: 'missing' },
        { action: 'drop', alias: 'a' },
      ]),
      (e: unknown) => {
        assert.ok(e instanceof MilvusError);
        assert.equal(e.code, 100);
        assert.equal(e.message, 'action 2 (alter b -> missing) failed: collection not found[collection=missing]');
        return true;
      },
    );
    const check = (en: Engine) => {
      assert.equal(target(en, 'a'), 'c1');
      assert.equal(target(en, 'b'), 'c1');
      assert.equal(target(en, 'x'), undefined);
      assert.equal(en.snapshot().aliasVersion, versionBefore);
    };
    check(engine);
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    check(engine);
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('a switch applies every action at once under one history version; single calls have their own', async () => {
  const dir = makeDataDir();
  try {
    let engine = await setup(dir);
    const version = await engine.switchAliases('default', [
      { action: 'alter', alias: 'a', collection: 'c2' },
      { action: 'alter', alias: 'b', collection: 'c3' },
      { action: 'create', alias: 'x', collection: 'c3' },
      { action: 'alter', alias: 'x', collection: 'c1' }, // sees the create before it
    ]);
    assert.deepEqual([target(engine, 'a'), target(engine, 'b'), target(engine, 'x')], ['c2', 'c3', 'c1']);
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    const a = engine.aliasHistory('default', 'a');
    assert.deepEqual(
      a.map((e) => [e.action, e.oldCollection, e.newCollection]),
      [
        ['create', undefined, 'c1'],
        ['switch', 'c1', 'c2'],
      ],
    );
    const x = engine.aliasHistory('default', 'x');
    assert.deepEqual(
      x.map((e) => [e.version, e.action, e.oldCollection, e.newCollection]),
      [
        [version, 'switch', undefined, 'c3'],
        [version, 'switch', 'c3', 'c1'],
      ],
    );
    assert.equal(engine.aliasHistory('default', 'b').at(-1)!.version, version);
    const versions = a.map((e) => e.version);
    assert.ok(versions[0]! < versions[1]!, 'versions only grow');
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('rollback: one step back by default, to a version when asked, each rollback recorded and undoable', async () => {
  const dir = makeDataDir();
  try {
    const engine = await setup(dir);
    await engine.alterAlias('default', 'c2', 'a');
    await engine.alterAlias('default', 'c3', 'a');
    await engine.rollbackAlias('default', 'a');
    assert.equal(target(engine, 'a'), 'c2');
    await engine.rollbackAlias('default', 'a'); // undoes the rollback
    assert.equal(target(engine, 'a'), 'c3');
    const first = engine.aliasHistory('default', 'a')[0]!;
    await engine.rollbackAlias('default', 'a', first.version);
    assert.equal(target(engine, 'a'), 'c1');
    const history = engine.aliasHistory('default', 'a');
    assert.deepEqual(
      history.map((e) => e.action),
      ['create', 'alter', 'alter', 'rollback', 'rollback', 'rollback'],
    );
    await assert.rejects(engine.rollbackAlias('default', 'a', 999999), /has no history version 999999/);
    // A dropped alias rolls back to where it pointed.
    await engine.dropAlias('default', 'b');
    assert.equal(target(engine, 'b'), undefined);
    await engine.rollbackAlias('default', 'b');
    assert.equal(target(engine, 'b'), 'c1');
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('the history keeps the configured number of versions, oldest pruned first, across a reopen', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir, aliasHistoryRetention: 3 });
    for (const c of ['c1', 'c2']) await collection(engine, c);
    await engine.createAlias('default', 'c1', 'a');
    for (let i = 0; i < 5; i++) await engine.alterAlias('default', i % 2 ? 'c1' : 'c2', 'a');
    const kept = engine.aliasHistory('default', 'a');
    const last = engine.snapshot().aliasVersion;
    assert.deepEqual(
      kept.map((e) => e.version),
      [last - 2, last - 1, last],
    );
    await engine.close();
    engine = await Engine.open({ dataDir: dir, aliasHistoryRetention: 3 });
    assert.deepEqual(
      engine.aliasHistory('default', 'a').map((e) => e.version),
      [last - 2, last - 1, last],
    );
    await engine.alterAlias('default', 'c1', 'a'); // a points at c2 after the loop: a real change
    assert.deepEqual(
      engine.aliasHistory('default', 'a').map((e) => e.version),
      [last - 1, last, last + 1],
    );
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});
