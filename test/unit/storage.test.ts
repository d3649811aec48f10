// The store's format guard and the data directory lock, exercised on real LMDB files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { join } from 'node:path';
import { open } from 'lmdb';
import { Engine } from '../../src/engine/index.js';
import { DataType } from '../../src/catalog/index.js';
import type { Column } from '../../src/data/columns.js';
import { DataDirLockedError, LOG_INSERT, STORE_FILE, Store, StoreFormatError, decodeLogRecord, encodeInsert } from '../../src/storage/index.js';
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
    await Engine.open({ dataDir: dir }).then((e) => e.close());
    await setFormatVersion(dir, 99);
    assert.throws(
      () => Store.open(dir),
      (e: unknown) => {
        assert.ok(e instanceof StoreFormatError);
        assert.match(e.message, /store format version 99 \(written by elanus 9\.0\.0\)/);
        assert.match(e.message, /upgrade Elanus/);
        return true;
      },
    );
    // The refusal released the lock: after restoring the version the store opens again.
    await setFormatVersion(dir, 1);
    const engine = await Engine.open({ dataDir: dir });
    assert.deepEqual(
      engine.listDatabases().map((d) => d.name),
      ['default'],
    );
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('elanus serve on a newer-format store exits 3 and says why in one line', async () => {
  const dir = makeDataDir();
  try {
    await Engine.open({ dataDir: dir }).then((e) => e.close());
    await setFormatVersion(dir, 2);
    const r = spawnSync(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--data', dir], { encoding: 'utf8', timeout: 15000 });
    assert.equal(r.status, 3);
    assert.match(r.stderr, /^elanus: the data in .* has store format version 2 \(written by elanus 9\.0\.0\); .*upgrade Elanus to open it\n$/);
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

test('log codec: decoded scalar columns own their memory, vector columns view the record', () => {
  const rows = 4;
  const columns = new Map<string, Column>([
    ['id', { type: DataType.Int64, data: BigInt64Array.from([1n, 2n, 3n, 4n]) }],
    ['score', { type: DataType.Float, data: Float32Array.from([0.5, 1.5, 2.5, 3.5]) }],
    ['vec', { type: DataType.FloatVector, dim: 8, data: Float32Array.from({ length: rows * 8 }, (_, i) => i / 8) }],
  ]);
  const stored = encodeInsert({ ts: '7', partitionId: 1, numRows: rows, columns });
  const record = decodeLogRecord(stored);
  assert.equal(record.kind, LOG_INSERT);
  if (record.kind !== LOG_INSERT) return;
  const id = record.columns.get('id')!.data as BigInt64Array;
  const score = record.columns.get('score')!.data as Float32Array;
  const vec = record.columns.get('vec')!.data as Float32Array;
  assert.deepEqual([...id], [1n, 2n, 3n, 4n]);
  assert.deepEqual([...score], [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(
    [...vec],
    Array.from({ length: rows * 8 }, (_, i) => i / 8),
  );
  // A segment index swaps the vector column for its own rows: nothing else may keep the
  // record's buffer (and so a second copy of the vectors) alive.
  assert.equal(id.buffer.byteLength, id.byteLength, 'the key column has a buffer of its own');
  assert.equal(score.buffer.byteLength, score.byteLength, 'a scalar column has a buffer of its own');
  assert.equal(vec.buffer, stored.buffer, 'the vector column views the stored record: no copy');
});
