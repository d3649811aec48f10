// Partitions as Milvus 2.6 handles them, driven through the official Node SDK against a real
// `elanus serve`: create, drop, has, show, one row per rule with the exact status, everything
// through an alias, the 1024 limit, and durability across a restart. Texts: Milvus 2.6 proxy
// (validatePartitionTag, create/dropPartitionTask) and rootcoord (broadcastCreate/DropPartition).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, type FieldType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startServer, removeDataDir, makeDataDir, type RunningServer } from '../harness/server.js';
import { type Reply, type ExpectedError, assertOk, assertErr, raw, mustCreateAlias } from './alias-helpers.js';

let server: RunningServer | undefined;
let client: MilvusClient | undefined;
const c = (): MilvusClient => {
  assert.ok(client, 'server not started');
  return client;
};

const FIELDS: FieldType[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
  { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
];
const KEYED_FIELDS: FieldType[] = [...FIELDS, { name: 'tenant', data_type: DataType.Int64, is_partition_key: true }];

async function mustCreate(name: string, fields: FieldType[] = FIELDS): Promise<void> {
  assertOk(await c().createCollection({ collection_name: name, fields }), `setup: createCollection(${name})`);
}

// The SDK refuses empty names client-side: those requests go raw, so the SERVER's answer is tested.
const createPartition = (collection_name: string, partition_name: string): Promise<Reply> =>
  collection_name && partition_name
    ? c().createPartition({ collection_name, partition_name })
    : raw(c(), 'CreatePartition', { collection_name, partition_name });
const dropPartition = (collection_name: string, partition_name: string): Promise<Reply> =>
  collection_name && partition_name
    ? c().dropPartition({ collection_name, partition_name })
    : raw(c(), 'DropPartition', { collection_name, partition_name });
const hasPartition = (collection_name: string, partition_name: string): Promise<Reply> =>
  collection_name && partition_name
    ? c().hasPartition({ collection_name, partition_name })
    : raw(c(), 'HasPartition', { collection_name, partition_name });
const showPartitions = (collection_name: string): Promise<Reply> => c().listPartitions({ collection_name });

async function names(collection: string): Promise<string[]> {
  const r = await showPartitions(collection);
  assertOk(r, `showPartitions(${collection})`);
  return r.partition_names;
}

const plain = (reason: string): ExpectedError => ({ code: 65535, errorCode: 'UnexpectedError', reason });
const invalidName = (name: string, rule: string): ExpectedError => plain(`Invalid partition name: ${name}. ${rule}`);
const FIRST = 'The first character of a partition name must be an underscore or letter.';
const LATER = 'Partition name can only contain numbers, letters and underscores.';

before(async () => {
  server = await startServer();
  client = server.client();
  await client.connectPromise;
});

after(async () => {
  if (server) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

interface Row {
  name: string;
  setup?: (coll: string) => Promise<void>;
  call: (coll: string) => Promise<Reply>;
  expect: 'ok' | ExpectedError;
  check?: (coll: string) => Promise<void>;
  fields?: FieldType[];
}

const ROWS: Row[] = [
  {
    name: 'create, then has and show list it after _default',
    call: (coll) => createPartition(coll, 'p1'),
    expect: 'ok',
    check: async (coll) => {
      const h = await hasPartition(coll, 'p1');
      assertOk(h);
      assert.equal(h.value, true);
      const r = await showPartitions(coll);
      assertOk(r);
      assert.deepEqual(r.partition_names, ['_default', 'p1']);
      assert.equal(r.partitionIDs.length, 2);
      assert.notEqual(String(r.partitionIDs[0]), String(r.partitionIDs[1]));
      const utc = r.created_utc_timestamps.map(Number);
      for (const ms of utc) assert.ok(Math.abs(ms - Date.now()) < 60_000, `created_utc_timestamps in ms: ${ms}`);
      const hybrid = r.created_timestamps.map((t: string) => BigInt(t));
      assert.equal(Number(hybrid[1] >> 18n), utc[1], 'created_timestamps are hybrid: (ms << 18) | logical');
      assert.deepEqual(r.inMemory_percentages, [], 'Milvus fills percentages only for the InMemory listing');
    },
  },
  {
    name: 'create an existing partition again -> success, no duplicate',
    setup: async (coll) => assertOk(await createPartition(coll, 'p1')),
    call: (coll) => createPartition(coll, 'p1'),
    expect: 'ok',
    check: async (coll) => assert.deepEqual(await names(coll), ['_default', 'p1']),
  },
  {
    name: 'create _default -> success (it exists)',
    call: (coll) => createPartition(coll, '_default'),
    expect: 'ok',
  },
  {
    name: 'empty partition name',
    call: (coll) => createPartition(coll, ''),
    expect: invalidName('', 'Partition name should not be empty.'),
  },
  { name: 'partition name with a space', call: (coll) => createPartition(coll, 'a b'), expect: invalidName('a b', LATER) },
  { name: 'partition name starting with %', call: (coll) => createPartition(coll, '%x'), expect: invalidName('%x', FIRST) },
  {
    name: 'partition name of 256 bytes',
    call: (coll) => createPartition(coll, 'p'.repeat(256)),
    expect: invalidName('p'.repeat(256), 'The length of a partition name must be less than 255 characters.'),
  },
  { name: 'a name of 255 bytes is allowed', call: (coll) => createPartition(coll, 'p'.repeat(255)), expect: 'ok' },
  {
    name: 'a digit may start a partition name, and "-" may follow (as in Milvus)',
    call: (coll) => createPartition(coll, '1a-b'),
    expect: 'ok',
    check: async (coll) => assert.deepEqual(await names(coll), ['_default', '1a-b']),
  },
  {
    name: 'the name is checked trimmed: "  " is empty',
    call: (coll) => createPartition(coll, '  '),
    expect: invalidName('', 'Partition name should not be empty.'),
  },
  {
    name: 'create in a partition-key collection',
    fields: KEYED_FIELDS,
    call: (coll) => createPartition(coll, 'p1'),
    expect: plain('disable create partition if partition key mode is used'),
  },
  {
    name: 'drop in a partition-key collection',
    fields: KEYED_FIELDS,
    call: (coll) => dropPartition(coll, '_default_0'),
    expect: plain('disable drop partition if partition key mode is used'),
  },
  {
    name: 'show a partition-key collection: _default_0.._default_15',
    fields: KEYED_FIELDS,
    call: (coll) => showPartitions(coll),
    expect: 'ok',
    check: async (coll) =>
      assert.deepEqual(
        await names(coll),
        Array.from({ length: 16 }, (_, i) => `_default_${i}`),
      ),
  },
  {
    name: 'drop _default',
    call: (coll) => dropPartition(coll, '_default'),
    expect: plain('default partition cannot be deleted'),
  },
  { name: 'drop a partition that does not exist -> success', call: (coll) => dropPartition(coll, 'nope'), expect: 'ok' },
  {
    name: 'drop an invalid name',
    call: (coll) => dropPartition(coll, 'a b'),
    expect: invalidName('a b', LATER),
  },
  {
    name: 'drop a partition, then has says false',
    setup: async (coll) => assertOk(await createPartition(coll, 'gone')),
    call: (coll) => dropPartition(coll, 'gone'),
    expect: 'ok',
    check: async (coll) => {
      const h = await hasPartition(coll, 'gone');
      assertOk(h);
      assert.equal(h.value, false);
      assert.deepEqual(await names(coll), ['_default']);
    },
  },
  { name: 'has with an invalid name', call: (coll) => hasPartition(coll, '%x'), expect: invalidName('%x', FIRST) },
  {
    name: 'has on a missing collection',
    call: () => hasPartition('no_such_coll', 'p1'),
    expect: { code: 100, errorCode: 'CollectionNotExists', reason: 'collection not found[database=default][collection=no_such_coll]' },
  },
  {
    name: 'create on a missing collection',
    call: () => createPartition('no_such_coll', 'p1'),
    expect: { code: 100, errorCode: 'CollectionNotExists', reason: 'collection not found[database=default][collection=no_such_coll]' },
  },
  {
    name: 'create with an empty collection name',
    call: () => createPartition('', 'p1'),
    expect: { code: 1100, errorCode: 'IllegalArgument', reason: 'collection name should not be empty: invalid parameter' },
  },
  {
    name: 'show InMemory with nothing loaded -> empty lists',
    call: (coll) => raw(c(), 'ShowPartitions', { collection_name: coll, type: 'InMemory' }),
    expect: 'ok',
    check: async (coll) => {
      const r = await raw(c(), 'ShowPartitions', { collection_name: coll, type: 'InMemory' });
      assert.deepEqual(r.partition_names, []);
    },
  },
  {
    name: 'show InMemory naming a missing partition',
    call: (coll) => raw(c(), 'ShowPartitions', { collection_name: coll, type: 'InMemory', partition_names: ['nope'] }),
    expect: { code: 200, errorCode: 'MetaFailed', reason: 'partition not found[partition=nope]' },
  },
];

describe('partition rules, one row each', () => {
  let seq = 0;
  for (const r of ROWS) {
    test(r.name, async () => {
      const coll = `pt_${++seq}`;
      await mustCreate(coll, r.fields ?? FIELDS);
      if (r.setup) await r.setup(coll);
      const reply = await r.call(coll);
      if (r.expect === 'ok') assertOk(reply, r.name);
      else assertErr(reply, r.expect, r.name);
      if (r.check) await r.check(coll);
    });
  }

  test('show InMemory naming a partition that is not loaded: 201 with its id', async () => {
    await mustCreate('pt_unloaded');
    const ids = (await showPartitions('pt_unloaded')).partitionIDs.map(String);
    const r = await raw(c(), 'ShowPartitions', { collection_name: 'pt_unloaded', type: 'InMemory', partition_names: ['_default'] });
    assertErr(r, { code: 201, errorCode: 'UnexpectedError', reason: `partition not loaded[partition=${ids[0]}]` });
  });
});

describe('the partition limit', () => {
  test('1024 partitions per collection (with _default); the next one is refused', async () => {
    await mustCreate('pt_limit');
    const pending: Promise<Reply>[] = [];
    for (let i = 1; i < 1024; i++) pending.push(createPartition('pt_limit', `p${i}`));
    const replies = await Promise.all(pending);
    replies.forEach((r, i) => assertOk(r, `createPartition(p${i + 1})`));
    assert.equal((await names('pt_limit')).length, 1024);
    assertErr(
      await createPartition('pt_limit', 'one_too_many'),
      plain('partition number (1024) exceeds max configuration (1024), collection: pt_limit'),
    );
    assertOk(await createPartition('pt_limit', 'p1'), 'an existing name is still fine at the limit');
  });
});

describe('everything through an alias', () => {
  test('create, has, show and drop via an alias act on the real collection', async () => {
    await mustCreate('pa_real');
    await mustCreateAlias(c(), 'pa_real', 'pa_alias');
    assertOk(await createPartition('pa_alias', 'via_alias'));
    assert.deepEqual(await names('pa_real'), ['_default', 'via_alias']);
    const h = await hasPartition('pa_alias', 'via_alias');
    assertOk(h);
    assert.equal(h.value, true);
    const viaAlias = await showPartitions('pa_alias');
    const viaReal = await showPartitions('pa_real');
    assert.deepEqual(viaAlias.partitionIDs, viaReal.partitionIDs);
    assertErr(await dropPartition('pa_alias', '_default'), plain('default partition cannot be deleted'));
    assertOk(await dropPartition('pa_alias', 'via_alias'));
    assert.deepEqual(await names('pa_real'), ['_default']);
    const d = await c().describeCollection({ collection_name: 'pa_real' });
    assertOk(d.status);
    assert.equal(String(d.num_partitions), '1');
  });
});

describe('durability', () => {
  test('partitions survive a restart and a SIGKILL, ids and timestamps unchanged', async () => {
    const dataDir = makeDataDir('elanus-partition-restart-');
    try {
      let s = await startServer({ dataDir });
      let cl = s.client();
      await cl.connectPromise;
      assertOk(await cl.createCollection({ collection_name: 'dur', fields: FIELDS }));
      assertOk(await cl.createPartition({ collection_name: 'dur', partition_name: 'a' }));
      assertOk(await cl.createPartition({ collection_name: 'dur', partition_name: 'b' }));
      const before = await cl.listPartitions({ collection_name: 'dur' });
      await s.stop();

      s = await startServer({ dataDir });
      cl = s.client();
      await cl.connectPromise;
      const afterStop = await cl.listPartitions({ collection_name: 'dur' });
      for (const key of ['partition_names', 'partitionIDs', 'created_timestamps', 'created_utc_timestamps'] as const) {
        assert.deepEqual(afterStop[key], before[key], key);
      }
      assertOk(await cl.dropPartition({ collection_name: 'dur', partition_name: 'a' }));
      await s.kill();

      s = await startServer({ dataDir });
      cl = s.client();
      await cl.connectPromise;
      assert.deepEqual((await cl.listPartitions({ collection_name: 'dur' })).partition_names, ['_default', 'b']);
      assertOk(await cl.createPartition({ collection_name: 'dur', partition_name: 'c' }));
      const after = await cl.listPartitions({ collection_name: 'dur' });
      const ids = new Set([...before.partitionIDs, ...after.partitionIDs].map(String));
      assert.equal(ids.size, 4, 'a new partition after a restart gets a new id');
      await s.stop();
    } finally {
      removeDataDir(dataDir);
    }
  });
});
