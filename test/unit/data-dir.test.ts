// Store.open's two modes on real directories: by default it creates what is missing; with
// createIfMissing: false (tools that only work on an existing store) it refuses a path without a
// store and writes nothing, not even its lock file. A file is refused in both modes.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DataDirError, STORE_FILE, Store } from '../../src/storage/index.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';

const scratch = makeDataDir('elanus-data-dir-');
after(() => removeDataDir(scratch));

function refusedWith(message: string): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof DataDirError, `a DataDirError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  };
}

test('createIfMissing: false refuses a missing directory and creates nothing', () => {
  const dir = join(scratch, 'missing', 'data');
  assert.throws(() => Store.open(dir, { createIfMissing: false }), refusedWith(`no Elanus store in ${dir}: the directory does not exist`));
  assert.ok(!existsSync(join(scratch, 'missing')));
});

test('createIfMissing: false refuses a directory without a store and leaves it as it was', () => {
  const dir = join(scratch, 'empty');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  assert.throws(() => Store.open(dir, { createIfMissing: false }), refusedWith(`no Elanus store in ${dir}: it has no ${STORE_FILE}`));
  assert.deepEqual(readdirSync(dir), ['notes.txt']);
});

test('a file is refused in both modes, and left as it was', () => {
  const file = join(scratch, 'file');
  writeFileSync(file, 'not a store');
  for (const createIfMissing of [true, false]) {
    assert.throws(() => Store.open(file, { createIfMissing }), refusedWith(`the data directory ${file} is a file, not a directory`));
  }
  assert.equal(readFileSync(file, 'utf8'), 'not a store');
});

test('by default a missing directory is created with its parents; then createIfMissing: false opens it', async () => {
  const dir = join(scratch, 'new', 'nested', 'data');
  await Store.open(dir).close();
  assert.ok(existsSync(join(dir, STORE_FILE)));
  const reopened = Store.open(dir, { createIfMissing: false });
  await reopened.close();
});
