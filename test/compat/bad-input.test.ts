// Bad input through the official Node SDK (and, where the SDK refuses or reshapes a request
// client-side, the same request sent raw through its channel) against a real `elanus serve`.
// Each bad insert gets Milvus's code and text, and NOTHING of the request is written: count(*)
// and the rows are unchanged, before and after a restart. Also: unknown partition, unknown
// output fields, a malformed delete filter, and a large (20 MB) valid insert.
//
// Texts are Milvus 2.6's (src/errors.ts, rowDataErrors). Most name the field; a few of Milvus's
// own do not (int range, NaN/Inf, array capacity, float data length) and are asserted as Milvus
// words them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { raw } from './alias-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const COLL = 'bi_main';
const DYN = 'bi_dyn';

function ok(reply: Any, label: string): void {
  const s = reply.status ?? reply;
  assert.equal(s.error_code, 'Success', `${label}: ${JSON.stringify(s)}`);
}

interface Expect {
  code: number;
  reason: string | RegExp;
}

function assertError(reply: Any, exp: Expect, label: string): void {
  const s = reply.status ?? reply;
  const detail = `${label}: got ${JSON.stringify(s)}`;
  assert.equal(s.code, exp.code, detail);
  assert.notEqual(s.error_code, 'Success', detail);
  if (typeof exp.reason === 'string') assert.equal(s.reason, exp.reason, detail);
  else assert.match(s.reason, exp.reason, detail);
}

async function count(name = COLL): Promise<number> {
  const res = await client.query({ collection_name: name, filter: '', output_fields: ['count(*)'] });
  ok(res, 'count');
  return Number(res.data[0]!['count(*)']);
}

async function allRows(name = COLL): Promise<Any[]> {
  const res = await client.query({ collection_name: name, filter: '', output_fields: ['*'], limit: 1000 });
  ok(res, 'query all');
  return res.data;
}

// ---- rows ---------------------------------------------------------------------------------------

interface Good {
  id: number;
  v: number[];
  i8: number;
  i16: number;
  s: string;
  j: unknown;
  arr: number[];
  n: number;
  h: number[];
  f: number;
}

function good(id: number): Good {
  return {
    id,
    v: [id, 1, 2, 3],
    i8: -(id % 100),
    i16: id * 3,
    s: `s${id}`,
    j: { id, list: [id] },
    arr: [id, id + 1],
    n: id * 10,
    h: [0.5, id % 4, -1, 2],
    f: id / 4,
  };
}

const SEED = Array.from({ length: 10 }, (_, i) => good(i + 1));
/** Every bad request uses ids from here on: none of them may ever show up. */
const BAD_ID = 1000;

/** Raw FieldData columns of good rows, to be spoiled one at a time. */
function columns(rows: Good[]): Record<string, Any> {
  const f16 = (xs: number[]) => {
    // 0.5, 0..3, -1, 2 are exact in float16: encode by hand
    const bits = (x: number): number => {
      if (x === 0) return 0;
      const sign = x < 0 ? 0x8000 : 0;
      const a = Math.abs(x);
      const e = Math.floor(Math.log2(a));
      return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
    };
    const buf = Buffer.alloc(xs.length * 2);
    xs.forEach((x, i) => buf.writeUInt16LE(bits(x), i * 2));
    return buf;
  };
  return {
    id: { type: 'Int64', field_name: 'id', scalars: { long_data: { data: rows.map((r) => String(r.id)) } } },
    v: { type: 'FloatVector', field_name: 'v', vectors: { dim: 4, float_vector: { data: rows.flatMap((r) => r.v) } } },
    i8: { type: 'Int8', field_name: 'i8', scalars: { int_data: { data: rows.map((r) => r.i8) } } },
    i16: { type: 'Int16', field_name: 'i16', scalars: { int_data: { data: rows.map((r) => r.i16) } } },
    s: { type: 'VarChar', field_name: 's', scalars: { string_data: { data: rows.map((r) => r.s) } } },
    j: { type: 'JSON', field_name: 'j', scalars: { json_data: { data: rows.map((r) => Buffer.from(JSON.stringify(r.j))) } } },
    arr: {
      type: 'Array',
      field_name: 'arr',
      scalars: { array_data: { element_type: 'Int32', data: rows.map((r) => ({ int_data: { data: r.arr } })) } },
    },
    n: { type: 'Int32', field_name: 'n', scalars: { int_data: { data: rows.map((r) => r.n) } } },
    h: { type: 'Float16Vector', field_name: 'h', vectors: { dim: 4, float16_vector: Buffer.concat(rows.map((r) => f16(r.h))) } },
    f: { type: 'Float', field_name: 'f', scalars: { float_data: { data: rows.map((r) => r.f) } } },
  };
}

async function rawInsert(cols: Record<string, Any>, numRows: number, extra: Record<string, unknown> = {}): Promise<Any> {
  return raw(client, 'Insert', { collection_name: COLL, num_rows: numRows, fields_data: Object.values(cols), ...extra });
}

/** Three rows with fresh ids, the middle one spoiled by `patch`. */
function badBatch(patch: Partial<Record<keyof Good, unknown>>): Any[] {
  const rows: Any[] = [good(BAD_ID), good(BAD_ID + 1), good(BAD_ID + 2)];
  Object.assign(rows[1], patch);
  return rows;
}

async function sdkInsert(rows: Any[], extra: Record<string, unknown> = {}, name = COLL): Promise<Any> {
  return client.insert({ collection_name: name, data: rows, ...extra } as never);
}

let snapshot: Any[] = [];

before(async () => {
  server = await startServer();
  client = server.client();
  ok(
    await client.createCollection({
      collection_name: COLL,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'v', data_type: DataType.FloatVector, dim: 4 },
        { name: 'i8', data_type: DataType.Int8 },
        { name: 'i16', data_type: DataType.Int16 },
        { name: 's', data_type: DataType.VarChar, max_length: 8 },
        { name: 'j', data_type: DataType.JSON },
        { name: 'arr', data_type: DataType.Array, element_type: DataType.Int32, max_capacity: 3 },
        { name: 'n', data_type: DataType.Int32 },
        { name: 'h', data_type: DataType.Float16Vector, dim: 4 },
        { name: 'f', data_type: DataType.Float },
      ] as never,
    }),
    'create',
  );
  for (const field of ['v', 'h']) {
    ok(await client.createIndex({ collection_name: COLL, field_name: field, index_type: 'AUTOINDEX', metric_type: 'L2' }), `index ${field}`);
  }
  ok(await client.createPartition({ collection_name: COLL, partition_name: 'p1' }), 'partition');
  ok(await sdkInsert(SEED), 'seed');
  ok(await client.loadCollection({ collection_name: COLL }), 'load');

  ok(
    await client.createCollection({
      collection_name: DYN,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'v', data_type: DataType.FloatVector, dim: 2 },
      ] as never,
      enable_dynamic_field: true,
    }),
    'create dyn',
  );
  ok(await client.createIndex({ collection_name: DYN, field_name: 'v', index_type: 'AUTOINDEX', metric_type: 'L2' }), 'index dyn');
  ok(await sdkInsert([{ id: 1, v: [1, 2], k: 'x' }], {}, DYN), 'seed dyn');
  ok(await client.loadCollection({ collection_name: DYN }), 'load dyn');
  snapshot = await allRows();
  assert.equal(snapshot.length, SEED.length);
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

/** After every bad request: nothing of it is there. */
async function nothingWritten(label: string): Promise<void> {
  assert.equal(await count(), SEED.length, `${label}: count(*)`);
  const q = await client.query({ collection_name: COLL, filter: `id >= ${BAD_ID}`, output_fields: ['id'] });
  ok(q, 'query bad ids');
  assert.deepEqual(q.data, [], `${label}: rows of the bad request`);
}

// ---- the table of bad inserts ------------------------------------------------------------------------

interface BadCase {
  name: string;
  send: () => Promise<Any>;
  expect: Expect;
}

const CASES: BadCase[] = [
  {
    name: 'wrong dimension (SDK: a row of 5 floats in a dim-4 field)',
    send: () => sdkInsert(badBatch({ v: [1, 2, 3, 4, 5] })),
    expect: { code: 65535, reason: 'the length(13) of float data should divide the dim(4)' },
  },
  {
    name: 'wrong dimension (raw: four rows of dim 5, the column says dim 5)',
    send: () => {
      const c = columns([...badBatch({}), good(BAD_ID + 3)]);
      c.v.vectors = { dim: 5, float_vector: { data: Array.from({ length: 20 }, (_, i) => i) } };
      return rawInsert(c, 4);
    },
    expect: { code: 1100, reason: 'the dim (5) of field data(v) is not equal to schema dim (4): invalid parameter[expected=4][actual=5]' },
  },
  {
    name: 'wrong dimension of a Float16 vector (raw: 3 of 4 halves in one row)',
    send: () => {
      const c = columns(badBatch({}));
      c.h.vectors.float16_vector = c.h.vectors.float16_vector.subarray(0, 22);
      return rawInsert(c, 3);
    },
    expect: { code: 65535, reason: 'the length(22) of float16 data should divide the row width(8)' },
  },
  {
    name: 'wrong type: a VarChar field sent as int_data',
    send: () => {
      const c = columns(badBatch({}));
      c.s.scalars = { int_data: { data: [1, 2, 3] } };
      return rawInsert(c, 3);
    },
    expect: {
      code: 1100,
      reason: "varchar field 's' is illegal, array type mismatch: invalid parameter[expected=need string array][actual=got nil]",
    },
  },
  {
    name: 'wrong type: an Int32 field sent as float_data',
    send: () => {
      const c = columns(badBatch({}));
      c.n.scalars = { float_data: { data: [1.5, 2, 3] } };
      return rawInsert(c, 3);
    },
    expect: { code: 1100, reason: "field 'n' is illegal, array type mismatch: invalid parameter[expected=need int array][actual=got nil]" },
  },
  {
    name: 'wrong type: a FloatVector field sent as binary_vector',
    send: () => {
      const c = columns(badBatch({}));
      c.v.vectors = { dim: 4, binary_vector: Buffer.alloc(3) };
      return rawInsert(c, 3);
    },
    expect: {
      code: 1100,
      reason: "float vector field 'v' is illegal, array type mismatch: invalid parameter[expected=need float vector][actual=got nil]",
    },
  },
  {
    name: 'missing required field (SDK: one row without `n`)',
    send: () => {
      const rows = badBatch({});
      delete rows[1].n;
      return sdkInsert(rows);
    },
    expect: { code: 1100, reason: 'the num_rows (2) of field (n) is not equal to passed num_rows (3): invalid parameter[expected=3][actual=2]' },
  },
  {
    name: 'missing required field (raw: no `n` column at all)',
    send: () => {
      const c = columns(badBatch({}));
      delete c.n;
      return rawInsert(c, 3);
    },
    expect: { code: 1100, reason: 'fieldSchema(n) has no corresponding fieldData pass in: invalid parameter' },
  },
  {
    name: 'string too long (9 bytes in 5 characters for max_length 8)',
    send: () => sdkInsert(badBatch({ s: 'aéééé' })),
    expect: { code: 1100, reason: 'length of varchar field s exceeds max length, row number: 1, length: 9, max length: 8: invalid parameter' },
  },
  {
    name: 'out-of-range Int8',
    send: () => sdkInsert(badBatch({ i8: 128 })),
    expect: {
      code: 1100,
      reason: "the 1th element (128) out of range: [-128, 127]: invalid parameter[expected=integer doesn't overflow][actual=out of range]",
    },
  },
  {
    name: 'out-of-range Int16',
    send: () => sdkInsert(badBatch({ i16: -32769 })),
    expect: {
      code: 1100,
      reason: "the 1th element (-32769) out of range: [-32768, 32767]: invalid parameter[expected=integer doesn't overflow][actual=out of range]",
    },
  },
  {
    name: 'wrong type: an Int32 field sent as long_data (values beyond int32)',
    send: () => {
      const c = columns(badBatch({}));
      c.n.scalars = { long_data: { data: ['1', '4294967296', '3'] } };
      return rawInsert(c, 3);
    },
    expect: { code: 1100, reason: "field 'n' is illegal, array type mismatch: invalid parameter[expected=need int array][actual=got nil]" },
  },
  {
    name: 'a float vector with NaN',
    send: () => sdkInsert(badBatch({ v: [1, NaN, 2, 3] })),
    expect: { code: 65535, reason: "value 'NaN' is not a number or infinity" },
  },
  {
    name: 'a float vector with Infinity',
    send: () => sdkInsert(badBatch({ v: [1, 2, -Infinity, 3] })),
    expect: { code: 65535, reason: "value '-Inf' is not a number or infinity" },
  },
  {
    name: 'a Float16 vector with Infinity',
    send: () => sdkInsert(badBatch({ h: [1, Infinity, 0, 0] })),
    expect: { code: 65535, reason: 'float16 vector contain nan or infinity value.' },
  },
  {
    name: 'a Float scalar with NaN',
    send: () => sdkInsert(badBatch({ f: NaN })),
    expect: { code: 65535, reason: "value 'NaN' is not a number or infinity" },
  },
  {
    name: 'unknown field without a dynamic field (raw: the SDK refuses it client-side)',
    send: () => {
      const c = columns(badBatch({}));
      c.zzz = { type: 'Int64', field_name: 'zzz', scalars: { long_data: { data: ['1', '2', '3'] } } };
      return rawInsert(c, 3);
    },
    expect: { code: 65535, reason: 'fieldName zzz not exist in collection schema, fieldType Int64, fieldId 0' },
  },
  {
    name: 'JSON too big (over 64 KiB)',
    send: () => sdkInsert(badBatch({ j: { big: 'x'.repeat(70000) } })),
    expect: {
      code: 1100,
      reason:
        'the length (70010) of json field (j) exceeds max length (65536): invalid parameter[expected=valid length json string][actual=length exceeds max length]',
    },
  },
  {
    name: 'invalid JSON text (raw)',
    send: () => {
      const c = columns(badBatch({}));
      c.j.scalars.json_data.data[1] = Buffer.from('{"a": }');
      return rawInsert(c, 3);
    },
    expect: { code: 1001, reason: "IO failed: invalid character '}' looking for beginning of value" },
  },
  {
    name: 'array over max_capacity',
    send: () => sdkInsert(badBatch({ arr: [1, 2, 3, 4] })),
    expect: {
      code: 1100,
      reason:
        'the length (4) of 1th array exceeds max capacity (3): invalid parameter[expected=valid length array][actual=array length exceeds max capacity]',
    },
  },
  {
    name: 'array of the wrong element type (raw)',
    send: () => {
      const c = columns(badBatch({}));
      c.arr.scalars.array_data.data[1] = { string_data: { data: ['a'] } };
      return rawInsert(c, 3);
    },
    expect: {
      code: 1100,
      reason:
        'insert data does not match: invalid parameter[expected=*schemapb.ScalarField_IntData array][actual=*schemapb.ScalarField_StringData array]',
    },
  },
  {
    name: 'null in a non-nullable field (SDK: the value is dropped)',
    send: () => sdkInsert(badBatch({ n: null })),
    expect: { code: 1100, reason: 'the num_rows (2) of field (n) is not equal to passed num_rows (3): invalid parameter[expected=3][actual=2]' },
  },
  {
    name: 'null in a non-nullable field (raw: valid_data marks it null)',
    send: () => {
      const c = columns(badBatch({}));
      c.n.scalars.int_data.data = [1, 3];
      c.n.valid_data = [true, false, true];
      return rawInsert(c, 3);
    },
    expect: { code: 1100, reason: 'the length of valid_data of field(n) is wrong: invalid parameter[expected=0][actual=3]' },
  },
  {
    name: 'num_rows disagreeing with the columns (raw)',
    send: () => rawInsert(columns(badBatch({})), 4),
    expect: { code: 1100, reason: 'the num_rows (3) of field (id) is not equal to passed num_rows (4): invalid parameter[expected=4][actual=3]' },
  },
  {
    name: 'unknown partition',
    send: () => sdkInsert(badBatch({}), { partition_name: 'nope' }),
    expect: { code: 200, reason: 'partition not found[partition=nope]' },
  },
];

for (const c of CASES) {
  test(`bad insert: ${c.name}`, async () => {
    assertError(await c.send(), c.expect, c.name);
    await nothingWritten(c.name);
  });
}

test('a bad upsert leaves the old version of its keys in place', async () => {
  const res = await client.upsert({
    collection_name: COLL,
    data: [
      { ...good(1), s: 'new' },
      { ...good(2), s: 'much too long' },
    ] as never,
  });
  assertError(res, { code: 1100, reason: /length of varchar field s exceeds max length/ }, 'upsert');
  assert.deepEqual(await allRows(), snapshot);
});

test('dynamic collection: a $meta object over 64 KiB and a dynamic key named like a field are refused', async () => {
  const big = await sdkInsert([{ id: 5, v: [1, 1], blob: 'y'.repeat(70000) }], {}, DYN);
  assertError(big, { code: 1100, reason: /of dynamic field exceeds max length \(65536\)/ }, 'big $meta');
  const meta = await raw(client, 'Insert', {
    collection_name: DYN,
    num_rows: 1,
    fields_data: [
      { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['6'] } } },
      { type: 'FloatVector', field_name: 'v', vectors: { dim: 2, float_vector: { data: [1, 1] } } },
      { type: 'JSON', field_name: '$meta', is_dynamic: true, scalars: { json_data: { data: [Buffer.from('{"v": 3}')] } } },
    ],
  });
  assertError(meta, { code: 65535, reason: 'dynamic field name cannot include the static field name: v' }, 'static key in $meta');
  assert.equal(await count(DYN), 1);
});

test('query and search with an unknown output field answer 1700 naming it', async () => {
  const q = await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: ['id', 'nope'] });
  assertError(q, { code: 1700, reason: 'field nope not exist: field not found[field=nope]' }, 'query');
  const s = await client.search({ collection_name: COLL, anns_field: 'v', data: [[1, 2, 3, 4]], limit: 3, output_fields: ['nope'] } as never);
  assertError(s, { code: 1700, reason: 'field nope not exist: field not found[field=nope]' }, 'search');
});

test('query with a malformed filter answers 1100 with the expression', async () => {
  const expr = 'id in [1, 2';
  const q = await client.query({ collection_name: COLL, filter: expr, output_fields: ['id'] });
  assertError(q, { code: 1100, reason: /failed to create query plan/ }, 'query');
  assert.ok(q.status.reason.includes(expr), q.status.reason);
});

test('delete with a malformed filter answers 1100 and deletes nothing', async () => {
  for (const expr of ['id <', 'id in [1, 2', 'nope == 3 and', 'id == "x" +']) {
    const res = await client.delete({ collection_name: COLL, filter: expr });
    assertError(res, { code: 1100, reason: /failed to create delete plan/ }, `delete ${expr}`);
    assert.ok(res.status.reason.includes(expr.trim()), `the reason quotes ${expr}: ${res.status.reason}`);
  }
  // a filter on a field that does not exist (no dynamic field) is an error too, not "delete nothing"
  const unknown = await client.delete({ collection_name: COLL, filter: 'nope == 3' });
  assertError(
    unknown,
    { code: 1100, reason: 'failed to create delete plan: cannot parse expression: nope == 3, error: field nope not exist: invalid parameter' },
    'unknown field',
  );
  assert.deepEqual(await allRows(), snapshot);
});

test('a large valid insert (20 MB) is taken whole', async () => {
  // Below the server's 64 MiB receive limit; requests above it are test/compat/limits.test.ts's.
  const name = 'bi_big';
  const dim = 128;
  const rows = 40000;
  ok(
    await client.createCollection({
      collection_name: name,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'v', data_type: DataType.FloatVector, dim },
      ] as never,
    }),
    'create big',
  );
  ok(await client.createIndex({ collection_name: name, field_name: 'v', index_type: 'AUTOINDEX', metric_type: 'L2' }), 'index big');
  const data = new Array<number>(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = (i % 977) / 977;
  const reply = await raw(client, 'Insert', {
    collection_name: name,
    num_rows: rows,
    fields_data: [
      { type: 'Int64', field_name: 'id', scalars: { long_data: { data: Array.from({ length: rows }, (_, i) => String(i)) } } },
      { type: 'FloatVector', field_name: 'v', vectors: { dim, float_vector: { data } } },
    ],
  });
  ok(reply, 'big insert');
  assert.equal(Number(reply.insert_cnt), rows);
  ok(await client.loadCollection({ collection_name: name }), 'load big');
  assert.equal(await count(name), rows);
  const last = await client.query({ collection_name: name, filter: `id == ${rows - 1}`, output_fields: ['v'] });
  ok(last, 'last row');
  const want = Array.from({ length: dim }, (_, k) => Math.fround((((rows - 1) * dim + k) % 977) / 977));
  assert.deepEqual(last.data[0]!.v, want);
});

test('after a restart: still nothing of any bad request, the good rows intact', async () => {
  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  client = server.client();
  await nothingWritten('after the restart');
  assert.deepEqual(await allRows(), snapshot);
  assert.equal(await count(DYN), 1);
});
