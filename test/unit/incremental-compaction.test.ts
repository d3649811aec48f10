// Incremental compaction and sealing: the plan (which batches are kept, merged, removed), the
// segment size target, the sealed flag in the log, the delete record that stands for the dead
// rows of kept segments, seq stability of kept segments, Flush, dropped partitions, and a
// randomized comparison against a model of the live rows, across restarts, for Int64 and
// VarChar keys. Real stores in temporary directories; nothing is mocked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType, defineField, type CollectionRecord, type FieldSchema } from '../../src/catalog/index.js';
import { Engine } from '../../src/engine/index.js';
import type { CollectionData } from '../../src/engine/collection-data.js';
import {
  DIRTY_SHARE,
  SEGMENT_MAX_ROWS,
  SEGMENT_MIN_ROWS,
  planCompaction,
  segmentTargetRows,
  type SegmentInfo,
} from '../../src/engine/compaction.js';
import type { DataPlane } from '../../src/engine/data-plane.js';
import { decodeLogRecord, encodeInsert, LOG_DELETE, LOG_INSERT, Store, type LogRecord } from '../../src/storage/index.js';
import { makeDataDir, removeDataDir } from '../harness/server.js';
import { createEngineCollection } from '../harness/engine-collection.js';

// ---------------------------------------------------------------- the segment size target

function collectionWith(fields: FieldSchema[]): CollectionRecord {
  return {
    id: 1,
    dbId: 1,
    name: 'c',
    schema: {
      name: 'c',
      description: '',
      autoID: false,
      enableDynamicField: false,
      properties: [],
      functions: [],
      fields: [defineField('id', DataType.Int64, { isPrimaryKey: true }), ...fields],
    },
    createdTs: '1',
    updateTs: '1',
    shardsNum: 1,
    consistencyLevel: 'Bounded',
    properties: [],
    numPartitions: 1,
    partitions: [{ id: 2, name: '_default', createdTs: '1' }],
  } as CollectionRecord;
}

const dim = (n: number) => ({ typeParams: [{ key: 'dim', value: String(n) }] });

test('segmentTargetRows: about 1 GiB of vectors per segment, clamped to [65536, 1048576]', () => {
  assert.equal(SEGMENT_MIN_ROWS, 65536);
  assert.equal(SEGMENT_MAX_ROWS, 1048576);
  assert.equal(segmentTargetRows(collectionWith([])), 1048576, 'no vector field');
  assert.equal(segmentTargetRows(collectionWith([defineField('n', DataType.VarChar)])), 1048576);
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.FloatVector, dim(128))])), 1048576, '512 B: 2M rows, clamped');
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.FloatVector, dim(1024))])), 262144, '4 KiB a row');
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.FloatVector, dim(768))])), Math.floor(2 ** 30 / 3072));
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.FloatVector, dim(8192))])), 65536, '32 KiB: 32768 rows, clamped up');
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.Float16Vector, dim(2048))])), 262144);
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.BFloat16Vector, dim(4096))])), 131072);
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.Int8Vector, dim(4096))])), 262144);
  assert.equal(segmentTargetRows(collectionWith([defineField('v', DataType.BinaryVector, dim(1024))])), 1048576, '128 B a row');
  assert.equal(segmentTargetRows(collectionWith([defineField('s', DataType.SparseFloatVector)])), 1048576, 'sparse: 256 B a row');
  assert.equal(
    segmentTargetRows(collectionWith([defineField('a', DataType.FloatVector, dim(1024)), defineField('s', DataType.SparseFloatVector)])),
    Math.floor(2 ** 30 / (4096 + 256)),
    'every vector field counts',
  );
});

// ---------------------------------------------------------------- the plan

const T = 1000;
let nextSeq = 1;
function seg(partitionId: number, numRows: number, options: { sealed?: boolean; dead?: number; seq?: number } = {}): SegmentInfo {
  return {
    seq: options.seq ?? nextSeq++,
    sealed: options.sealed ?? true,
    partitionId,
    numRows,
    liveRows: numRows - (options.dead ?? 0),
  };
}
const seqs = (list: readonly SegmentInfo[]) => list.map((b) => b.seq);
const plan = (
  batches: SegmentInfo[],
  extra: { deleteSeqs?: number[]; skippedSeqs?: number[]; partitions?: number[]; mode?: 'full' | 'flush' } = {},
) =>
  planCompaction({
    batches,
    deleteSeqs: extra.deleteSeqs ?? [],
    skippedSeqs: extra.skippedSeqs ?? [],
    partitions: extra.partitions ? new Set(extra.partitions) : undefined,
    target: T,
    mode: extra.mode ?? 'full',
  });

test('plan: clean sealed segments are kept, growing and dirty ones merged, in log order', () => {
  assert.equal(DIRTY_SHARE, 0.2);
  const big = seg(1, 1000);
  const exactly20 = seg(1, 500, { dead: 100 }); // 20%: still clean
  const dirty = seg(1, 500, { dead: 101 });
  const growing1 = seg(1, 3, { sealed: false });
  const allDead = seg(1, 900, { dead: 900 });
  const growing2 = seg(2, 7, { sealed: false });
  const p = plan([big, growing1, exactly20, dirty, allDead, growing2], { deleteSeqs: [100, 101] })!;
  assert.deepEqual(seqs(p.keep), seqs([big, exactly20]));
  assert.deepEqual(seqs(p.merge), seqs([growing1, dirty, allDead, growing2]));
  assert.deepEqual(
    p.remove,
    [...seqs([growing1, dirty, allDead, growing2]), 100, 101].sort((a, b) => a - b),
  );
});

test('plan: small sealed segments (< T/4 rows) coalesce only when a partition has two of them', () => {
  const big = seg(1, 800);
  const small = seg(1, 249);
  const notSmall = seg(1, 250);
  const growing = seg(1, 1, { sealed: false });
  // One small segment and a growing row: the small one stays (flushing a row at a time must not
  // rewrite what is sealed).
  let p = plan([big, small, notSmall, growing])!;
  assert.deepEqual(seqs(p.keep), seqs([big, small, notSmall]));
  assert.deepEqual(seqs(p.merge), seqs([growing]));
  // Two small ones in the partition: both are merged, with the growing rows.
  const small2 = seg(1, 10);
  p = plan([big, small, notSmall, growing, small2])!;
  assert.deepEqual(seqs(p.keep), seqs([big, notSmall]));
  assert.deepEqual(seqs(p.merge), seqs([small, growing, small2]));
  // Two small ones, but in different partitions: nothing to do.
  assert.equal(plan([big, seg(1, 5), seg(2, 5)]), undefined);
  // Two small ones alone are reason enough.
  const a = seg(3, 5);
  const b = seg(3, 6);
  p = plan([a, b])!;
  assert.deepEqual(seqs(p.merge), seqs([a, b]));
  assert.deepEqual(p.keep, []);
});

test('plan: nothing to do is an empty plan; one delete record is left alone, two are folded', () => {
  const clean = [seg(1, 900, { dead: 10 }), seg(1, 5), seg(2, 400)];
  assert.equal(plan(clean), undefined);
  assert.equal(plan(clean, { deleteSeqs: [50] }), undefined);
  const p = plan(clean, { deleteSeqs: [50, 60] })!;
  assert.deepEqual(seqs(p.keep), seqs(clean));
  assert.deepEqual(p.merge, []);
  assert.deepEqual(p.remove, [50, 60]);
  assert.equal(plan([]), undefined);
});

test('plan: records of dropped partitions are removed, neither kept nor merged', () => {
  const kept = seg(1, 900);
  const droppedSealed = seg(9, 900);
  const droppedGrowing = seg(9, 3, { sealed: false });
  const p = plan([kept, droppedSealed, droppedGrowing], { partitions: [1], skippedSeqs: [77] })!;
  assert.deepEqual(seqs(p.keep), seqs([kept]));
  assert.deepEqual(p.merge, []);
  assert.deepEqual(
    p.remove,
    [...seqs([droppedSealed, droppedGrowing]), 77].sort((a, b) => a - b),
  );
  assert.ok(plan([kept], { partitions: [1], skippedSeqs: [78] }), 'skipped records alone make a plan');
  // A dropped partition's small segments do not count towards coalescing.
  assert.equal(plan([seg(1, 5), seg(9, 5)], { partitions: [1] })?.merge.length, 0);
});

test('plan: flush mode acts only when there are growing live rows, then plans in full', () => {
  const small1 = seg(1, 5);
  const small2 = seg(1, 6);
  assert.equal(plan([small1, small2], { mode: 'flush' }), undefined, 'no growing rows');
  assert.equal(plan([seg(1, 4, { sealed: false, dead: 4 })], { mode: 'flush' }), undefined, 'growing rows, all dead');
  const growing = seg(1, 2, { sealed: false });
  const p = plan([small1, small2, growing], { mode: 'flush' })!;
  assert.deepEqual(seqs(p.merge), seqs([small1, small2, growing]));
});

// ---------------------------------------------------------------- the sealed flag in the log

test('log codec: the sealed flag round-trips, and a growing batch has no sealed key in its header', () => {
  const columns = new Map([['id', { type: DataType.Int64 as const, data: BigInt64Array.from([1n, 2n]) }]]);
  const header = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(4, true))));
  const growing = encodeInsert({ ts: '5', partitionId: 3, numRows: 2, columns });
  const sealed = encodeInsert({ ts: '5', partitionId: 3, numRows: 2, columns, sealed: true });
  assert.equal('sealed' in header(growing), false);
  assert.equal(header(sealed).sealed, true);
  assert.equal((decodeLogRecord(growing) as { sealed?: boolean }).sealed, false);
  assert.equal((decodeLogRecord(sealed) as { sealed?: boolean }).sealed, true);
  assert.equal(encodeInsert({ ts: '5', partitionId: 3, numRows: 2, columns, sealed: false }).length, growing.length);
});

// ---------------------------------------------------------------- engine-level helpers

type Key = bigint | string;

interface Internals {
  data: DataPlane;
  store: Store;
  draining: Promise<void> | undefined;
}
const internals = (engine: Engine) => engine as unknown as Internals;
/** Waits until the engine's queue is empty (background compactions included). */
async function idle(engine: Engine): Promise<void> {
  while (internals(engine).draining) await internals(engine).draining;
}
function loaded(engine: Engine, name = 'c'): CollectionData {
  const collection = engine.resolveCollection('default', name);
  return internals(engine).data.loadedData(collection.id)!;
}
function log(engine: Engine, name = 'c'): { seq: number; record: LogRecord }[] {
  const collection = engine.resolveCollection('default', name);
  return [...internals(engine).store.readLog(collection.id)];
}

async function createCollection(engine: Engine, keyType: DataType.Int64 | DataType.VarChar, partitions: string[] = []): Promise<void> {
  await createEngineCollection(engine, 'c', [
    defineField('id', keyType, { isPrimaryKey: true, typeParams: keyType === DataType.VarChar ? [{ key: 'max_length', value: '32' }] : [] }),
    defineField('vec', DataType.FloatVector, dim(2)),
    defineField('ver', DataType.Int64),
  ]);
  await engine.createIndex('default', {
    collectionName: 'c',
    fieldName: 'vec',
    indexName: '',
    extraParams: [
      { key: 'index_type', value: 'FLAT' },
      { key: 'metric_type', value: 'L2' },
    ],
  });
  for (const p of partitions) await engine.createPartition('default', 'c', p);
  await engine.loadCollection('default', 'c');
}

/** Writes `keys` into `partition` with version `ver` (vec = [ver, index]). */
async function write(engine: Engine, keys: Key[], ver: number, partition = ''): Promise<void> {
  const n = keys.length;
  const idColumn =
    typeof keys[0] === 'string'
      ? { type: DataType.VarChar as const, data: keys as string[] }
      : { type: DataType.Int64 as const, data: BigInt64Array.from(keys as bigint[]) };
  await engine.insert('default', 'c', {
    numRows: n,
    mode: 'upsert',
    partitionName: partition,
    columns: [
      { fieldName: 'id', isDynamic: false, column: idColumn },
      {
        fieldName: 'vec',
        isDynamic: false,
        column: { type: DataType.FloatVector, dim: 2, data: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? ver : i >> 1)) },
      },
      { fieldName: 'ver', isDynamic: false, column: { type: DataType.Int64, data: new BigInt64Array(n).fill(BigInt(ver)) } },
    ],
  });
}

const literal = (k: Key) => (typeof k === 'string' ? JSON.stringify(k) : k.toString());
async function remove(engine: Engine, keys: Key[]): Promise<void> {
  await engine.delete('default', 'c', { expr: `id in [${keys.map(literal).join(', ')}]`, partitionName: '' });
}

/** Every live row as key -> "partition/ver/vec0", read through query. */
function liveRows(engine: Engine): Map<Key, string> {
  const varchar = engine.resolveCollection('default', 'c').schema.fields[0]!.dataType === DataType.VarChar;
  const expr = varchar ? 'id != ""' : 'id > -1000000000';
  const result = engine.query('default', 'c', { expr, partitionNames: [], offset: 0, countOnly: false });
  const out = new Map<Key, string>();
  for (const { batch, row } of result.rows) {
    const ver = (batch.columns.get('ver')!.data as BigInt64Array)[row]!;
    const vec = batch.columns.get('vec')!.data as Float32Array;
    assert.equal(out.has(batch.pks[row]!), false, 'one live row per key');
    out.set(batch.pks[row]!, `${batch.partitionId}/${ver}/${vec[row * 2]}`);
  }
  return out;
}

function partitionId(engine: Engine, name: string): number {
  return engine.resolveCollection('default', 'c').partitions.find((p) => p.name === name)!.id;
}

/** The model's live rows in liveRows' form. */
function modelRows(engine: Engine, model: Map<Key, { partition: string; ver: number }>): Map<Key, string> {
  return new Map([...model].map(([k, v]) => [k, `${partitionId(engine, v.partition || '_default')}/${v.ver}/${v.ver}`]));
}

/** The deletion mask of every loaded batch, by seq. */
function masks(data: CollectionData): Map<number, string> {
  return new Map(data.batches.map((b) => [b.seq, Buffer.from(b.deleted).toString('hex')]));
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => BigInt(from + i));

// ---------------------------------------------------------------- Flush

test('Flush seals the growing rows into one sealed batch; with nothing new it writes nothing', async () => {
  const dir = makeDataDir();
  try {
    const engine = await Engine.open({ dataDir: dir });
    await createCollection(engine, DataType.Int64);
    for (let b = 0; b < 3; b++) await write(engine, ids(b * 10, b * 10 + 10), 1);
    assert.deepEqual(
      loaded(engine).batches.map((b) => b.sealed),
      [false, false, false],
    );
    await engine.flush('default', ['c']);
    let data = loaded(engine);
    assert.equal(data.batches.length, 1);
    const first = data.batches[0]!;
    assert.equal(first.sealed, true);
    assert.equal(first.numRows, 30);
    assert.deepEqual(
      log(engine).map((r) => [r.record.kind, (r.record as { sealed?: boolean }).sealed]),
      [[LOG_INSERT, true]],
    );
    assert.equal(data.logRecords, 1);

    const before = log(engine).map((r) => r.seq);
    await engine.flush('default', ['c']);
    assert.deepEqual(
      log(engine).map((r) => r.seq),
      before,
      'a second flush writes nothing',
    );
    assert.equal(loaded(engine), data, 'and leaves the loaded rows alone');

    // One growing row next to one small sealed segment: only the row is sealed; the segment
    // keeps its record, its seq, and its StoredBatch object.
    await write(engine, [100n], 1);
    await engine.flush('default', ['c']);
    data = loaded(engine);
    assert.equal(data.batches.length, 2);
    assert.equal(data.batches[0], first);
    assert.equal(data.batches[0]!.seq, before[0]);
    assert.deepEqual(
      data.batches.map((b) => [b.sealed, b.numRows]),
      [
        [true, 30],
        [true, 1],
      ],
    );

    // Two small sealed segments in the partition: the next seal coalesces them.
    await write(engine, [101n], 1);
    await engine.flush('default', ['c']);
    data = loaded(engine);
    assert.deepEqual(
      data.batches.map((b) => [b.sealed, b.numRows]),
      [[true, 32]],
    );
    assert.deepEqual(
      [...liveRows(engine).keys()].sort((a, b) => (a < b ? -1 : 1)),
      [...ids(0, 30), 100n, 101n],
    );

    // Flush of a missing collection fails before anything is sealed.
    await assert.rejects(engine.flush('default', ['c', 'missing']), /collection not found/i);
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('Flush on a released collection seals from the log', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir });
    await createCollection(engine, DataType.VarChar);
    await engine.releaseCollection('default', 'c');
    await write(engine, ['a', 'b', 'c'], 1);
    await write(engine, ['b'], 2);
    await remove(engine, ['c']);
    await engine.flush('default', ['c']);
    const records = log(engine);
    assert.equal(records.length, 1);
    const sealed = records[0]!.record;
    assert.equal(sealed.kind, LOG_INSERT);
    assert.equal(sealed.kind === LOG_INSERT && sealed.sealed, true);
    assert.deepEqual(sealed.kind === LOG_INSERT && sealed.columns.get('id')!.data, ['a', 'b']);
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    await engine.loadCollection('default', 'c');
    assert.deepEqual(
      liveRows(engine),
      new Map([
        ['a', `${partitionId(engine, '_default')}/1/1`],
        ['b', `${partitionId(engine, '_default')}/2/2`],
      ]),
    );
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

// ---------------------------------------------------------------- kept segments and their tombstones

test('kept segments keep their seqs and masks; one delete record stands for their dead rows (Int64)', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir });
    await createCollection(engine, DataType.Int64, ['p1', 'p2']);
    const model = new Map<Key, { partition: string; ver: number }>();
    const put = async (keys: Key[], ver: number, partition = '') => {
      await write(engine, keys, ver, partition);
      for (const k of keys) model.set(k, { partition, ver });
    };
    const del = async (keys: Key[]) => {
      await remove(engine, keys);
      for (const k of keys) model.delete(k);
    };
    await put(ids(0, 100), 1);
    await put(ids(100, 200), 1, 'p1');
    await engine.flush('default', ['c']);
    const [sDefault, sP1] = loaded(engine).batches;
    assert.ok(sDefault!.sealed && sP1!.sealed);

    await del(ids(0, 10)); // deleted outright
    await put(ids(10, 15), 2, 'p2'); // upserted into another partition
    await put([100n], 2, 'p2'); // the same across the other kept segment
    await del([20n]);
    await put([20n], 3, 'p2'); // delete, then insert again
    await put(ids(300, 310), 1, 'p2');
    await del([305n]);
    assert.equal(sDefault!.deletedVersion, 16, 'each kill bumps the batch version');
    assert.equal(sP1!.deletedVersion, 1);
    assert.deepEqual(liveRows(engine), modelRows(engine, model));

    const masksBefore = masks(loaded(engine));
    await engine.compact('default', 'c');
    let data = loaded(engine);
    // Both sealed segments are clean (16% and 1% dead) and alone in their partitions: kept.
    assert.equal(data.batches[0], sDefault);
    assert.equal(data.batches[1], sP1);
    assert.equal(sDefault!.deletedVersion, 16, 'compaction kills nothing in a kept segment');
    assert.equal(data.batches.length, 3);
    assert.equal(data.batches[2]!.partitionId, partitionId(engine, 'p2'));
    assert.ok(data.batches.every((b) => b.sealed));
    assert.equal(masks(data).get(sDefault!.seq), masksBefore.get(sDefault!.seq));
    assert.equal(masks(data).get(sP1!.seq), masksBefore.get(sP1!.seq));
    assert.deepEqual(liveRows(engine), modelRows(engine, model));

    // The log: the kept segments, one delete record, the new segment; in that seq order.
    let records = log(engine);
    assert.deepEqual(
      records.map((r) => r.record.kind),
      [LOG_INSERT, LOG_INSERT, LOG_DELETE, LOG_INSERT],
    );
    assert.deepEqual(
      records.slice(0, 2).map((r) => r.seq),
      [sDefault!.seq, sP1!.seq],
    );
    const tombstone = records[2]!.record;
    assert.equal(tombstone.kind, LOG_DELETE);
    assert.deepEqual(
      new Set(tombstone.kind === LOG_DELETE ? tombstone.pks : []),
      new Set([...ids(0, 15), 20n, 100n]),
      'the dead keys of kept segments, whether deleted or live again in the new segment',
    );
    assert.equal(data.logRecords, 4);
    const seqsAfterFirst = records.map((r) => r.seq);
    const masksAfter = masks(data);

    // A restart replays the new log to the same rows and the same masks.
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    data = loaded(engine);
    assert.deepEqual(liveRows(engine), modelRows(engine, model));
    assert.deepEqual(masks(data), masksAfter);
    assert.equal(data.logRecords, 4);

    // A second compaction after more deletes: the kept segments keep their seqs again; the two
    // delete records fold into one.
    await del([50n, 150n]);
    const keptSeqs = data.batches.map((b) => b.seq);
    const keptBatches = [...data.batches];
    await engine.compact('default', 'c');
    data = loaded(engine);
    assert.deepEqual(
      data.batches.map((b) => b.seq),
      keptSeqs,
      'every segment stays: all are clean and alone in their partition',
    );
    data.batches.forEach((b, i) => assert.equal(b, keptBatches[i]));
    records = log(engine);
    assert.deepEqual(
      records.map((r) => r.record.kind),
      [LOG_INSERT, LOG_INSERT, LOG_INSERT, LOG_DELETE],
    );
    assert.deepEqual(
      records.slice(0, 3).map((r) => r.seq),
      seqsAfterFirst.filter((_, i) => i !== 2),
    );
    assert.ok(records[3]!.seq > seqsAfterFirst[3]!, 'seqs only grow');
    const tombstone2 = records[3]!.record;
    assert.deepEqual(
      new Set(tombstone2.kind === LOG_DELETE ? tombstone2.pks : []),
      new Set([...ids(0, 10), 50n, 150n]),
      'keys 10..14, 20 and 100 are live again in a kept segment written after theirs',
    );
    assert.deepEqual(liveRows(engine), modelRows(engine, model));

    // Nothing new: a third compaction writes nothing.
    await engine.compact('default', 'c');
    assert.deepEqual(
      log(engine).map((r) => r.seq),
      records.map((r) => r.seq),
    );
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    assert.deepEqual(liveRows(engine), modelRows(engine, model));
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

test('a big kept segment shadowed by a kept small one needs no tombstones for the shadowed keys', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir });
    await createCollection(engine, DataType.Int64);
    const big = segmentTargetRows(engine.resolveCollection('default', 'c')) / 4; // the smallest size that is not small
    assert.equal(big, 262144);
    await write(engine, ids(0, big), 1); // growing rows past 131072: sealed in the background
    await engine.flush('default', ['c']); // queued behind it: nothing left to seal
    let data = loaded(engine);
    assert.deepEqual(
      data.batches.map((b) => [b.sealed, b.numRows]),
      [[true, big]],
    );
    const bigBatch = data.batches[0]!;

    await write(engine, [...ids(0, 50), ...ids(big, big + 50)], 2); // shadows 0..49 of the big segment
    await engine.flush('default', ['c']);
    data = loaded(engine);
    assert.equal(data.batches[0], bigBatch, 'a clean big segment stays through a flush');
    const small = data.batches[1]!;
    assert.deepEqual([small.sealed, small.numRows], [true, 100]);

    await write(engine, ids(0, 10), 3); // shadows rows of the small segment: 10% dead
    await remove(engine, [...ids(20, 30), 60000n]); // 20% dead in the small one: still clean
    await engine.compact('default', 'c');
    data = loaded(engine);
    assert.deepEqual(data.batches.map((b) => b.seq).slice(0, 2), [bigBatch.seq, small.seq]);
    assert.equal(data.batches[1], small);
    assert.equal(data.batches.length, 3);
    const records = log(engine);
    assert.deepEqual(
      records.map((r) => r.record.kind),
      [LOG_INSERT, LOG_INSERT, LOG_DELETE, LOG_INSERT],
    );
    const tombstone = records[2]!.record;
    assert.deepEqual(
      new Set(tombstone.kind === LOG_DELETE ? tombstone.pks : []),
      new Set([...ids(0, 10), ...ids(20, 30), 60000n]),
      'keys 10..19 and 30..49 are dead in the big segment, but live in the kept small one',
    );
    const expected = (k: bigint) => (k < 10n ? 3 : k < 50n || k >= BigInt(big) ? 2 : 1);
    const check = () => {
      const d = loaded(engine);
      assert.equal(d.rowCount, big + 50 - 11);
      for (const k of [0n, 9n, 10n, 19n, 20n, 29n, 30n, 49n, 50n, 59999n, 60000n, 60001n, BigInt(big - 1), BigInt(big), BigInt(big + 49)]) {
        const ref = d.locate(k);
        if ((k >= 20n && k < 30n) || k === 60000n) assert.equal(ref, undefined, `key ${k} is deleted`);
        else assert.equal((ref!.batch.columns.get('ver')!.data as BigInt64Array)[ref!.row], BigInt(expected(k)), `version of key ${k}`);
      }
    };
    check();
    const masksBefore = masks(loaded(engine));
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    check();
    assert.deepEqual(masks(loaded(engine)), masksBefore, 'the replay gives the same masks');
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

// ---------------------------------------------------------------- dropped partitions

test('compaction removes the records of a dropped partition and keeps the other segments', async () => {
  const dir = makeDataDir();
  try {
    let engine = await Engine.open({ dataDir: dir });
    await createCollection(engine, DataType.Int64, ['p1']);
    await write(engine, ids(0, 20), 1);
    await write(engine, ids(20, 40), 1, 'p1');
    await engine.flush('default', ['c']);
    await write(engine, ids(40, 45), 1, 'p1'); // growing
    const defaultSeq = loaded(engine).batches[0]!.seq;
    const p1 = partitionId(engine, 'p1');
    await engine.releaseCollection('default', 'c');
    await engine.dropPartition('default', 'c', 'p1');
    await engine.compact('default', 'c'); // from the log: the collection is not loaded
    let records = log(engine);
    assert.deepEqual(
      records.map((r) => r.seq),
      [defaultSeq, records[1]!.seq],
    );
    assert.equal(records[1]!.record.kind, LOG_DELETE, 'an empty delete record keeps the last seq from going down');
    assert.deepEqual(records[1]!.record.kind === LOG_DELETE && records[1]!.record.pks, []);
    assert.ok(records.every((r) => r.record.kind !== LOG_INSERT || r.record.partitionId !== p1));
    // The empty delete record is not rewritten by the next compaction.
    await engine.compact('default', 'c');
    assert.deepEqual(
      log(engine).map((r) => r.seq),
      records.map((r) => r.seq),
    );
    await engine.loadCollection('default', 'c');
    assert.deepEqual([...liveRows(engine).keys()], ids(0, 20));
    await engine.close();
    engine = await Engine.open({ dataDir: dir });
    assert.deepEqual([...liveRows(engine).keys()], ids(0, 20));
    await write(engine, [99n], 1);
    records = log(engine);
    assert.ok(records[records.length - 1]!.seq > records[records.length - 2]!.seq);
    await engine.close();
  } finally {
    removeDataDir(dir);
  }
});

// ---------------------------------------------------------------- against a model

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const keyType of [DataType.Int64, DataType.VarChar] as const) {
  test(`random writes, deletes, flushes, compactions and restarts replay to the model's rows (${DataType[keyType]} keys)`, async () => {
    const dir = makeDataDir();
    const random = prng(Number(process.env.COMPACTION_SEED ?? keyType));
    const pool: Key[] = Array.from({ length: 80 }, (_, i) => (keyType === DataType.Int64 ? BigInt(i * 7 - 100) : `k${i}`));
    const partitions = ['', 'p1', 'p2'];
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const pickKeys = (max: number) => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(pool)))];
    try {
      let engine = await Engine.open({ dataDir: dir });
      await createCollection(engine, keyType, ['p1', 'p2']);
      const model = new Map<Key, { partition: string; ver: number }>();
      let ver = 0;
      let compactions = 0;
      for (let step = 0; step < 160; step++) {
        const r = random();
        if (process.env.DEBUG_COMPACTION)
          console.log(
            step,
            r,
            log(engine)
              .map((x) => `${x.seq}:${x.record.kind}`)
              .join(' '),
          );
        if (r < 0.45) {
          const keys = pickKeys(12);
          const partition = pick(partitions);
          ver++;
          await write(engine, keys, ver, partition);
          for (const k of keys) model.set(k, { partition, ver });
        } else if (r < 0.7) {
          const keys = pickKeys(6);
          await remove(engine, keys);
          for (const k of keys) model.delete(k);
        } else if (r < 0.82) {
          await idle(engine);
          const logBefore = log(engine).map((x) => x.seq);
          const growing = loaded(engine).batches.some((b) => !b.sealed && b.liveRows > 0);
          await engine.flush('default', ['c']);
          const data = loaded(engine);
          assert.ok(
            data.batches.every((b) => b.sealed),
            'after a flush every batch is sealed',
          );
          if (!growing)
            assert.deepEqual(
              log(engine).map((x) => x.seq),
              logBefore,
              'nothing to seal: nothing written',
            );
        } else if (r < 0.94) {
          const before = loaded(engine).batches.filter((b) => b.sealed);
          await engine.compact('default', 'c');
          compactions++;
          const after = new Set(loaded(engine).batches);
          // A sealed segment that survived is the same object with the same seq, and its record is unchanged.
          const stored = new Map(log(engine).map((x) => [x.seq, x.record]));
          for (const b of before) if (after.has(b)) assert.ok(stored.has(b.seq));
        } else {
          await idle(engine);
          const masksBefore = masks(loaded(engine));
          await engine.close();
          engine = await Engine.open({ dataDir: dir });
          assert.deepEqual(masks(loaded(engine)), masksBefore, `step ${step}: the replay gives the masks held in memory`);
        }
        const data = loaded(engine);
        assert.deepEqual(liveRows(engine), modelRows(engine, model), `step ${step}`);
        assert.equal(data.logRecords, log(engine).length, `step ${step}: logRecords counts the log`);
        assert.equal(data.rowCount, model.size);
      }
      assert.ok(compactions > 5);
      // A last restart after a compaction: the replay gives the same rows and masks.
      await engine.compact('default', 'c');
      const masksBefore = masks(loaded(engine));
      await engine.close();
      engine = await Engine.open({ dataDir: dir });
      assert.deepEqual(masks(loaded(engine)), masksBefore);
      assert.deepEqual(liveRows(engine), modelRows(engine, model));
      await engine.close();
    } finally {
      removeDataDir(dir);
    }
  });
}
