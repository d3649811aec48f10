// Compaction in process: many small inserts and deletes, then the log is rewritten as sealed
// segments of live rows; the rows read back are the same before, after, and after a reopen, and
// the store holds one record per segment afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { open } from 'lmdb';
import { DataType, defineField } from '../../src/catalog/index.js';
import { Engine } from '../../src/engine/index.js';
import { STORE_FILE } from '../../src/storage/index.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';
import { createEngineCollection } from '../harness/engine-collection.js';

const field = defineField;

async function setup(engine: Engine): Promise<void> {
  await createEngineCollection(
    engine,
    'c',
    [
      field('id', DataType.Int64, { isPrimaryKey: true }),
      field('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: '2' }] }),
      field('note', DataType.VarChar, { typeParams: [{ key: 'max_length', value: '16' }], nullable: true }),
    ],
    { enableDynamicField: true },
  );
  await engine.createIndex('default', {
    collectionName: 'c',
    fieldName: 'vec',
    indexName: '',
    extraParams: [
      { key: 'index_type', value: 'FLAT' },
      { key: 'metric_type', value: 'L2' },
    ],
  });
  await engine.loadCollection('default', 'c');
}

async function insertBatch(engine: Engine, first: number, n: number): Promise<void> {
  const ids = new BigInt64Array(n).map((_, i) => BigInt(first + i));
  const vec = new Float32Array(n * 2).map((_, i) => first + i / 2);
  const note = Array.from({ length: n }, (_, i) => ((first + i) % 3 === 0 ? '' : `n${first + i}`));
  const valid = Uint8Array.from({ length: n }, (_, i) => ((first + i) % 3 === 0 ? 0 : 1));
  await engine.insert('default', 'c', {
    numRows: n,
    mode: 'insert',
    partitionName: '',
    columns: [
      { fieldName: 'id', isDynamic: false, column: { type: DataType.Int64, data: ids } },
      { fieldName: 'vec', isDynamic: false, column: { type: DataType.FloatVector, dim: 2, data: vec } },
      { fieldName: 'note', isDynamic: false, column: { type: DataType.VarChar, data: note, valid } },
      {
        fieldName: '$meta',
        isDynamic: true,
        column: { type: DataType.JSON, data: Array.from({ length: n }, (_, i) => JSON.stringify({ k: first + i })) },
      },
    ],
  });
}

/** Every live row as id -> [vec, note, $meta], read through query. */
function snapshot(engine: Engine): Map<bigint, string> {
  const result = engine.query('default', 'c', { expr: 'id >= 0', partitionNames: [], offset: 0, countOnly: false });
  const out = new Map<bigint, string>();
  for (const { batch, row } of result.rows) {
    const id = batch.pks[row] as bigint;
    const vec = batch.columns.get('vec')!.data as Float32Array;
    const note = batch.columns.get('note')!;
    const noteValue = note.valid && note.valid[row] === 0 ? null : (note.data as string[])[row];
    out.set(id, JSON.stringify([vec[row * 2], vec[row * 2 + 1], noteValue, batch.dynamic?.[row]]));
  }
  return out;
}

async function logKeys(dir: string): Promise<number> {
  const root = open({ path: join(dir, STORE_FILE), maxDbs: 16 });
  const data = root.openDB({ name: 'data', encoding: 'binary' });
  let n = 0;
  for (const _ of data.getKeys({})) n++;
  await root.close();
  return n;
}

test('compaction keeps exactly the live rows, in fewer records, across a reopen', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir });
    await setup(engine);
    for (let b = 0; b < 40; b++) await insertBatch(engine, b * 10, 10);
    await insertBatch(engine, 5, 10); // overwrites ids 5..14: the old versions become dead
    const deleted = await engine.delete('default', 'c', { expr: 'id >= 100 and id < 250', partitionName: '' });
    assert.equal(deleted.count, 150);
    const before = snapshot(engine);
    assert.equal(before.size, 400 - 150);
    assert.equal(engine.rowCount('default', 'c'), 250);

    const segments = await engine.compact('default', 'c');
    assert.equal(segments, 1);
    assert.deepEqual(snapshot(engine), before);
    await engine.close();

    assert.equal(await logKeys(dir), 1, 'the whole log is one sealed segment after compaction');
    engine = await Engine.open({ dataDir: dir });
    assert.deepEqual(snapshot(engine), before);
    await insertBatch(engine, 1000, 3);
    assert.equal(engine.rowCount('default', 'c'), 253);
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('a log of many small batches is compacted in the background, with no row lost', async () => {
  const dir = makeDataDir();
  try {
    const engine = await Engine.open({ dataDir: dir });
    await setup(engine);
    // Concurrent writers: compaction must never drop a write queued beside it.
    const writes: Promise<void>[] = [];
    for (let b = 0; b < 300; b++) writes.push(insertBatch(engine, b * 2, 2));
    await Promise.all(writes);
    await engine.close(); // waits for queued work, the background compaction included
    assert.ok((await logKeys(dir)) < 300, 'the background compaction folded the small batches');
    const reopened = await Engine.open({ dataDir: dir });
    assert.equal(reopened.rowCount('default', 'c'), 600);
    const ids = [...snapshot(reopened).keys()].sort((a, b) => (a < b ? -1 : 1));
    assert.deepEqual(
      ids,
      Array.from({ length: 600 }, (_, i) => BigInt(i)),
    );
    await reopened.close();
  } finally {
    removeDataDir(dir);
  }
});
