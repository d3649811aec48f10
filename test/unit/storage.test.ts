// The store's format guard and the data directory lock, exercised on real LMDB files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { join } from 'node:path';
import { open } from 'lmdb';
import { Engine } from '../../src/engine/index.js';
import { DataDirLockedError, STORE_FILE, Store, StoreFormatError } from '../../src/storage/index.js';
import { CLI_PATH, makeDataDir, removeDataDir } from '../harness/server.js';

async function setFormatVersion(dir: string, version: number): Promise<void> {
  const root = open({ path: join(dir, STORE_FILE), maxDbs: 16, encoding: 'json' });
  const meta = root.openDB({ name: 'meta', encoding: 'json' });
  await meta.put('format', { version, createdBy: 'elanus 9.0.0', createdAt: new Date().toISOString() });
  await root.close();
}

test('a store written by a newer format is refused with a clear message, and left untouched', async () => {
  const dir = makeDataDir();
  try {
    (await Engine.open({ dataDir: dir }).then((e) => e.close()));
    await setFormatVersion(dir, 99);
    assert.throws(() => Store.open(dir), (e: unknown) => {
      assert.ok(e instanceof StoreFormatError);
      assert.match(e.message, /store format version 99 \(written by elanus 9\.0\.0\)/);
      assert.match(e.message, /upgrade Elanus/);
      return true;
    });
    // The refusal released the lock: after restoring the version the store opens again.
    await setFormatVersion(dir, 1);
    const engine = await Engine.open({ dataDir: dir });
    assert.deepEqual(engine.listDatabases().map((d) => d.name), ['default']);
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('elanus serve on a newer-format store exits 1 and says why', async () => {
  const dir = makeDataDir();
  try {
    (await Engine.open({ dataDir: dir }).then((e) => e.close()));
    await setFormatVersion(dir, 2);
    const r = spawnSync(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--data', dir], { encoding: 'utf8', timeout: 15000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /store format version 2/);
  } finally {
    removeDataDir(dir);
  }
});

test('a second engine on the same data dir in one process is refused until the first closes', async () => {
  const dir = makeDataDir();
  try {
    const first = await Engine.open({ dataDir: dir });
    await assert.rejects(Engine.open({ dataDir: dir }), (e: unknown) => {
      assert.ok(e instanceof DataDirLockedError);
      assert.match(e.message, /already open in this process/);
      return true;
    });
    await first.close();
    const second = await Engine.open({ dataDir: dir });
    await second.close();
  } finally {
    removeDataDir(dir);
  }
});
