// Every DataType through the official Node SDK against a real `elanus serve`: inserted, queried
// back identical (in the shapes the SDK gives them), with nullable fields, default values,
// dynamic keys, VarChar and autoID primary keys, paging, count(*), get by ids; and all of it
// identical again after a restart.
//
// The SDK's output shapes (utils/Data.js buildFieldDataMap, grpc/Data.js _query): Int64 values
// (fields and array elements) come back as decimal strings (the loader's longs: String); JSON as
// parsed values (null for a null row); BinaryVector as byte numbers; Float16/BFloat16 widened to
// float numbers; Int8Vector as numbers; SparseFloatVector as a {"index": value} object; dynamic
// keys inside a `$meta` object when `*` or `$meta` is asked for, and as top-level keys when asked
// for by name; a null cell as null.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { raw } from './alias-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** A deterministic pseudo-random generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function ok(reply: { status?: { error_code: unknown; reason?: string }; error_code?: unknown; reason?: string }, label: string): void {
  const s = (reply.status ?? reply) as { error_code: unknown; reason?: string; code?: number };
  assert.equal(s.error_code, 'Success', `${label}: ${JSON.stringify(s)}`);
}

async function createAndLoad(name: string, fields: Row[], opts: { dynamic?: boolean; autoID?: boolean } = {}): Promise<void> {
  ok(
    await client.createCollection({ collection_name: name, fields: fields as never, enable_dynamic_field: opts.dynamic ?? false }),
    `create ${name}`,
  );
  for (const f of fields) {
    const t = f.data_type as DataType;
    if (
      ![
        DataType.FloatVector,
        DataType.BinaryVector,
        DataType.Float16Vector,
        DataType.BFloat16Vector,
        DataType.Int8Vector,
        DataType.SparseFloatVector,
      ].includes(t)
    )
      continue;
    const metric = t === DataType.BinaryVector ? 'HAMMING' : t === DataType.SparseFloatVector ? 'IP' : 'L2';
    ok(
      await client.createIndex({ collection_name: name, field_name: f.name as string, index_type: 'AUTOINDEX', metric_type: metric }),
      `index ${name}.${f.name}`,
    );
  }
  ok(await client.loadCollection({ collection_name: name }), `load ${name}`);
}

async function insert(name: string, rows: Row[]): Promise<string[]> {
  const res = await client.insert({ collection_name: name, data: rows as never });
  ok(res, `insert into ${name}`);
  assert.equal(Number(res.insert_cnt), rows.length);
  const ids = res.IDs as unknown as { int_id?: { data: string[] }; str_id?: { data: string[] } };
  return (ids.int_id?.data ?? ids.str_id?.data ?? []).map(String);
}

async function queryAll(name: string, output: string[] = ['*'], filter = ''): Promise<Row[]> {
  const res = await client.query({ collection_name: name, filter, output_fields: output, limit: 16384 });
  ok(res, `query ${name}`);
  return res.data as Row[];
}

async function count(name: string, filter = ''): Promise<number> {
  const res = await client.query({ collection_name: name, filter, output_fields: ['count(*)'] });
  ok(res, `count ${name}`);
  return Number(res.data[0]!['count(*)']);
}

// ---- the all-types collection -------------------------------------------------------------------

const ALL = 'dt_all';
const N = 40;
const DIM = 8;
const BIN_DIM = 16;

const ARRAY_TYPES: [string, DataType, number?][] = [
  ['a_bool', DataType.Bool],
  ['a_i8', DataType.Int8],
  ['a_i16', DataType.Int16],
  ['a_i32', DataType.Int32],
  ['a_i64', DataType.Int64],
  ['a_f', DataType.Float],
  ['a_d', DataType.Double],
  ['a_s', DataType.VarChar, 32],
];

const ALL_FIELDS: Row[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
  { name: 'b', data_type: DataType.Bool },
  { name: 'i8', data_type: DataType.Int8 },
  { name: 'i16', data_type: DataType.Int16 },
  { name: 'i32', data_type: DataType.Int32 },
  { name: 'i64', data_type: DataType.Int64 },
  { name: 'f', data_type: DataType.Float },
  { name: 'd', data_type: DataType.Double },
  { name: 's', data_type: DataType.VarChar, max_length: 64 },
  { name: 'j', data_type: DataType.JSON },
  ...ARRAY_TYPES.map(([name, element_type, max_length]) => ({
    name,
    data_type: DataType.Array,
    element_type,
    max_capacity: 6,
    ...(max_length ? { max_length } : {}),
  })),
  { name: 'fv', data_type: DataType.FloatVector, dim: DIM },
  { name: 'bv', data_type: DataType.BinaryVector, dim: BIN_DIM },
  { name: 'f16', data_type: DataType.Float16Vector, dim: DIM },
  { name: 'bf16', data_type: DataType.BFloat16Vector, dim: DIM },
  { name: 'i8v', data_type: DataType.Int8Vector, dim: DIM },
  { name: 'sv', data_type: DataType.SparseFloatVector },
];

const BIG_INT64 = ['9223372036854775807', '-9223372036854775808', '9007199254740993', '-9007199254740995', '1234567890123456789'];
const TEXTS = ['plain', 'héllo wörld', '世界你好', 'emoji 🐦‍⬛ kite 🪁', '', 'Ελληνικά κείμενο', 'tab\tnew\nline "quoted" \\ back'];

/** Small multiples of 1/8: exact in float16, bfloat16 and float32. */
function halfValue(r: () => number): number {
  return Math.round((r() * 2 - 1) * 16) / 8 + 0; // + 0: no -0, which no 16-bit float format keeps apart in this test's comparison
}

function allRow(i: number, r: () => number): { input: Row; expected: Row } {
  const id = i === 3 ? '9007199254740993' : i === 4 ? '-9223372036854775808' : String(i * 7 + 1);
  const fv = Array.from({ length: DIM }, () => Math.fround(r() * 2 - 1));
  const bv = Array.from({ length: BIN_DIM / 8 }, () => Math.floor(r() * 256));
  const f16 = Array.from({ length: DIM }, () => halfValue(r));
  const bf16 = Array.from({ length: DIM }, () => halfValue(r));
  const i8v = Array.from({ length: DIM }, (_, k) => (k === 0 ? -128 : k === 1 ? 127 : Math.floor(r() * 256) - 128));
  const sparse: Record<string, number> = {};
  const nnz = 1 + (i % 4);
  for (let k = 0; k < nnz; k++) sparse[String(k * 37 + (i % 11) + (k === nnz - 1 && i % 2 ? 4000000000 : 0))] = Math.fround(0.25 + r());
  const j = {
    n: i,
    pi: 3.25,
    neg: -i - 0.5,
    nested: { deep: { list: [1, 'two', null, { three: 3 }], flag: i % 2 === 0 } },
    nothing: null,
    text: TEXTS[i % TEXTS.length],
  };
  const a: Row = {
    a_bool: [true, false, i % 2 === 0].slice(0, i % 4),
    a_i8: [-128, 127, i % 100],
    a_i16: [-32768, 32767, i],
    a_i32: [-2147483648, 2147483647, i * 1000],
    a_i64: [BIG_INT64[i % BIG_INT64.length]!, String(i)],
    a_f: [Math.fround(1.1), Math.fround(-(i + 1) / 3)],
    a_d: [Math.PI, -(i + 1) / 7, 1e300],
    a_s: i % 5 === 0 ? [] : ['x', 'ünï', '世界'.repeat(1 + (i % 3))],
  };
  const scalars: Row = {
    b: i % 3 === 0,
    i8: i % 2 ? 127 - i : -128 + i,
    i16: i % 2 ? 32767 - i : -32768 + i,
    i32: i % 2 ? 2147483647 - i : -2147483648 + i,
    f: Math.fround((r() - 0.5) * 1e6),
    d: (r() - 0.5) * 1e300,
    s: TEXTS[i % TEXTS.length]! + ` #${i}`,
  };
  const dyn = { color: i % 2 ? 'odd' : 'even', rank: i, info: { tags: ['a', i], ok: i % 3 === 0 } };
  const input: Row = { id, ...scalars, i64: BIG_INT64[i % BIG_INT64.length], j, ...a, fv, bv, f16, bf16, i8v, sv: sparse, ...dyn };
  const expected: Row = {
    id,
    ...scalars,
    i64: BIG_INT64[i % BIG_INT64.length],
    j,
    ...a,
    fv,
    bv,
    f16,
    bf16,
    i8v,
    sv: sparse,
    $meta: dyn,
  };
  return { input, expected };
}

const ALL_ROWS = (() => {
  const r = rng(20240611);
  return Array.from({ length: N }, (_, i) => allRow(i, r));
})();

/** The expected rows in primary key order (as the server returns them). */
function byPk(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
}

/** Compares one returned row with its expected value, field by field, naming the field on failure. */
function assertRow(got: Row, want: Row, label: string): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${label}: the returned fields`);
  for (const k of Object.keys(want)) {
    assert.deepEqual(got[k], want[k], `${label}: field ${k}`);
  }
}

// ---- nullable and default values ------------------------------------------------------------------

const NULLS = 'dt_nulls';
const NULL_FIELDS: Row[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true },
  { name: 'v', data_type: DataType.FloatVector, dim: 4 },
  { name: 'n_bool', data_type: DataType.Bool, nullable: true },
  { name: 'n_i8', data_type: DataType.Int8, nullable: true },
  { name: 'n_i32', data_type: DataType.Int32, nullable: true },
  { name: 'n_i64', data_type: DataType.Int64, nullable: true },
  { name: 'n_f', data_type: DataType.Float, nullable: true },
  { name: 'n_d', data_type: DataType.Double, nullable: true },
  { name: 'n_s', data_type: DataType.VarChar, max_length: 16, nullable: true },
  { name: 'n_j', data_type: DataType.JSON, nullable: true },
  { name: 'n_a', data_type: DataType.Array, element_type: DataType.Int32, max_capacity: 4, nullable: true },
  { name: 'd_i32', data_type: DataType.Int32, default_value: 42 },
  { name: 'd_s', data_type: DataType.VarChar, max_length: 16, default_value: 'dflt' },
  { name: 'd_d', data_type: DataType.Double, default_value: 2.5 },
  { name: 'd_bool', data_type: DataType.Bool, default_value: true },
  { name: 'dn_i64', data_type: DataType.Int64, nullable: true, default_value: 7 },
];
const NULLABLE_NAMES = ['n_bool', 'n_i8', 'n_i32', 'n_i64', 'n_f', 'n_d', 'n_s', 'n_j', 'n_a'];
const NULL_VALUES: Row = {
  n_bool: false,
  n_i8: -5,
  n_i32: 123456,
  n_i64: '-9007199254740993',
  n_f: 0.5,
  n_d: -1.25,
  n_s: 'ß∂',
  n_j: { k: [null, 1] },
  n_a: [1, 2, 3],
};

function nullRows(): { input: Row[]; expected: Row[] } {
  const input: Row[] = [];
  const expected: Row[] = [];
  for (let i = 0; i < 12; i++) {
    const row: Row = { id: String(i), v: [i, 0, 0, 1] };
    const want: Row = { id: String(i), v: [i, 0, 0, 1] };
    NULLABLE_NAMES.forEach((name, k) => {
      // row i: field k is null (explicitly) when (i + k) % 3 == 0, absent when % 3 == 1, set otherwise
      const mode = (i + k) % 3;
      if (mode === 0) row[name] = null;
      else if (mode === 2) row[name] = NULL_VALUES[name];
      want[name] = mode === 2 ? NULL_VALUES[name] : null;
    });
    // default-valued fields: given on even rows, null on rows 1 mod 4, absent on rows 3 mod 4
    if (i % 2 === 0) {
      Object.assign(row, { d_i32: i, d_s: `s${i}`, d_d: i / 4, d_bool: false, dn_i64: String(i * 1000) });
      Object.assign(want, { d_i32: i, d_s: `s${i}`, d_d: i / 4, d_bool: false, dn_i64: String(i * 1000) });
    } else {
      if (i % 4 === 1) Object.assign(row, { d_i32: null, d_s: null, d_d: null, d_bool: null, dn_i64: null });
      Object.assign(want, { d_i32: 42, d_s: 'dflt', d_d: 2.5, d_bool: true, dn_i64: '7' });
    }
    input.push(row);
    expected.push(want);
  }
  return { input, expected };
}
const NULL_ROWS = nullRows();

// ---- other collections ------------------------------------------------------------------------

const STRPK = 'dt_varchar_pk';
const STR_KEYS = ['alpha', 'beta', 'gamma', 'δέλτα', '键-1', 'key with spaces', 'emoji-🦅', "quote'single", 'quote"double'];
const AUTO = 'dt_autoid';
const PAGE = 'dt_paging';
const PAGE_N = 120;

let autoIds1: string[] = [];
let autoIds2: string[] = [];
/** Snapshots taken before the restart, compared after it. */
const snapshots = new Map<string, Row[]>();

before(async () => {
  server = await startServer();
  client = server.client();
  await createAndLoad(ALL, ALL_FIELDS, { dynamic: true });
  // two inserts, so that rows come from more than one batch
  await insert(
    ALL,
    ALL_ROWS.slice(0, 25).map((r) => r.input),
  );
  await insert(
    ALL,
    ALL_ROWS.slice(25).map((r) => r.input),
  );

  await createAndLoad(NULLS, NULL_FIELDS);
  await insert(NULLS, NULL_ROWS.input);

  await createAndLoad(STRPK, [
    { name: 'pk', data_type: DataType.VarChar, is_primary_key: true, max_length: 64 },
    { name: 'v', data_type: DataType.FloatVector, dim: 2 },
    { name: 'n', data_type: DataType.Int32 },
  ]);
  await insert(
    STRPK,
    STR_KEYS.map((pk, n) => ({ pk, v: [n, 1], n })),
  );

  await createAndLoad(AUTO, [
    { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: true },
    { name: 'v', data_type: DataType.FloatVector, dim: 2 },
    { name: 'n', data_type: DataType.Int32 },
  ]);
  autoIds1 = await insert(
    AUTO,
    Array.from({ length: 30 }, (_, n) => ({ v: [n, 0], n })),
  );
  autoIds2 = await insert(
    AUTO,
    Array.from({ length: 20 }, (_, n) => ({ v: [n, 1], n: 100 + n })),
  );

  await createAndLoad(
    PAGE,
    [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'v', data_type: DataType.FloatVector, dim: 2 },
      { name: 'n', data_type: DataType.Int32 },
      { name: 'tag', data_type: DataType.VarChar, max_length: 8 },
    ],
    { dynamic: true },
  );
  // inserted out of key order, in three batches
  const keys = Array.from({ length: PAGE_N }, (_, i) => ((i * 37) % PAGE_N) + 1);
  for (let b = 0; b < 3; b++) {
    await insert(
      PAGE,
      keys.slice(b * 40, b * 40 + 40).map((id) => ({ id, v: [id, 0], n: id * 2, tag: id % 3 === 0 ? 'three' : 'other', dk: id % 5 })),
    );
  }
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

test('every DataType: query with * returns every field of every row, values identical', async () => {
  const rows = await queryAll(ALL);
  const expected = byPk(ALL_ROWS.map((r) => r.expected));
  assert.equal(rows.length, expected.length);
  rows.forEach((row, i) => assertRow(row, expected[i]!, `row ${expected[i]!.id}`));
  snapshots.set(ALL, rows);
});

test('every DataType: each field asked for by name comes back alone with the primary key', async () => {
  const expected = byPk(ALL_ROWS.map((r) => r.expected));
  for (const f of ALL_FIELDS) {
    if (f.name === 'id') continue;
    const rows = await queryAll(ALL, [f.name as string], 'id >= -9223372036854775808');
    assert.deepEqual(
      rows.map((r) => r[f.name]),
      expected.map((r) => r[f.name]),
      `field ${f.name}`,
    );
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['id', f.name].sort(), `columns for ${f.name}`);
  }
});

test('Int64 values beyond 2^53 as filters and get by id', async () => {
  const hit = await queryAll(ALL, ['i64'], 'i64 == 9007199254740993');
  const want = byPk(ALL_ROWS.map((r) => r.expected).filter((r) => r.i64 === '9007199254740993'));
  assert.ok(want.length > 0);
  assert.deepEqual(
    hit.map((r) => r.id),
    want.map((r) => r.id),
  );
  assert.ok(hit.every((r) => r.i64 === '9007199254740993'));
  const extreme = await queryAll(ALL, ['i64'], 'i64 == -9223372036854775808');
  assert.deepEqual(
    extreme.map((r) => r.id),
    byPk(ALL_ROWS.map((r) => r.expected).filter((r) => r.i64 === '-9223372036854775808')).map((r) => r.id),
  );
  const got = await client.get({ collection_name: ALL, ids: ['9007199254740993', '-9223372036854775808'], output_fields: ['s'] });
  ok(got, 'get');
  assert.deepEqual(got.data.map((r) => r.id).sort(), ['-9223372036854775808', '9007199254740993']);
  // 2^53 + 1 must not be confused with 2^53
  const near = await client.get({ collection_name: ALL, ids: ['9007199254740992'], output_fields: ['s'] });
  ok(near, 'get 2^53');
  assert.equal(near.data.length, 0);
});

// Int64 values as BigInt: the SDK (3.0.6) cannot send them at all — its logging interceptor
// JSON.stringify()s every request and throws on a BigInt, leaving the call hanging on the client.
// Decimal strings (above) are the SDK's way to give values beyond 2^53.

test('dynamic keys: by * inside $meta, by key name, and in filters', async () => {
  const expected = byPk(ALL_ROWS.map((r) => r.expected));
  const meta = await queryAll(ALL, ['$meta'], 'id >= -9223372036854775808');
  assert.deepEqual(
    meta.map((r) => r.$meta),
    expected.map((r) => r.$meta),
  );
  // Keys asked for by name: the reply's `$meta` column holds just those keys (the SDK's query
  // builds rows from the columns, so they show inside `$meta`).
  const byName = await queryAll(ALL, ['color', 'info'], 'id >= -9223372036854775808');
  assert.deepEqual(
    byName,
    expected.map((r) => ({ id: r.id, $meta: { color: r.$meta.color, info: r.$meta.info } })),
  );
  const filtered = (await queryAll(ALL, ['rank'], 'color == "odd" and rank > 10 and info["ok"] == true')).map((r) => ({
    id: r.id,
    rank: r.$meta.rank,
  }));
  const want = expected.filter((r) => r.$meta.color === 'odd' && r.$meta.rank > 10 && r.$meta.info.ok === true);
  assert.ok(want.length > 0);
  assert.deepEqual(
    filtered.map((r) => r.id),
    want.map((r) => r.id),
  );
  assert.deepEqual(
    filtered.map((r) => r.rank),
    want.map((r) => r.$meta.rank),
  );
  // a key no row has: the column exists, the value is absent
  const missing = await queryAll(ALL, ['no_such_key'], 'id in [1, 8]');
  assert.deepEqual(missing, [
    { id: '1', $meta: {} },
    { id: '8', $meta: {} },
  ]);
});

test('scalar filters over every scalar type select exactly the matching rows', async () => {
  const expected = byPk(ALL_ROWS.map((r) => r.expected));
  const cases: [string, (r: Row) => boolean][] = [
    ['b == true', (r) => r.b === true],
    ['i8 < 0', (r) => r.i8 < 0],
    ['i16 > 100', (r) => r.i16 > 100],
    ['i32 <= 0', (r) => r.i32 <= 0],
    ['f > 0', (r) => r.f > 0],
    ['d < 0', (r) => r.d < 0],
    ['s like "héllo%"', (r) => (r.s as string).startsWith('héllo')],
    ['s == "世界你好 #2"', (r) => r.s === '世界你好 #2'],
    ['j["nested"]["deep"]["flag"] == true', (r) => r.j.nested.deep.flag === true],
    ['array_contains(a_i16, 5)', (r) => (r.a_i16 as number[]).includes(5)],
    ['array_length(a_s) == 0', (r) => r.a_s.length === 0],
    ['a_i64[0] == 9223372036854775807', (r) => r.a_i64[0] === '9223372036854775807'],
  ];
  for (const [filter, pred] of cases) {
    const rows = await queryAll(ALL, ['id'], filter);
    assert.deepEqual(
      rows.map((r) => r.id),
      expected.filter(pred).map((r) => r.id),
      filter,
    );
    assert.equal(await count(ALL, filter), expected.filter(pred).length, `count(*) ${filter}`);
  }
});

test('nullable fields: nulls (explicit or absent) read back as null, values as given', async () => {
  const rows = await queryAll(NULLS);
  assert.equal(rows.length, NULL_ROWS.expected.length);
  rows.forEach((row, i) => assertRow(row, NULL_ROWS.expected[i]!, `row ${i}`));
  snapshots.set(NULLS, rows);
  // is null / is not null see the same nulls
  for (const name of NULLABLE_NAMES) {
    const nulls = await queryAll(NULLS, ['id'], `${name} is null`);
    assert.deepEqual(
      nulls.map((r) => r.id),
      NULL_ROWS.expected.filter((r) => r[name] === null).map((r) => r.id),
      `${name} is null`,
    );
    assert.equal(await count(NULLS, `${name} is not null`), NULL_ROWS.expected.filter((r) => r[name] !== null).length, `${name} is not null`);
  }
});

test('default values: a null row and an omitted value both get the default', async () => {
  const rows = await queryAll(NULLS, ['d_i32', 'd_s', 'd_d', 'd_bool', 'dn_i64']);
  assert.deepEqual(
    rows.map((r) => [r.d_i32, r.d_s, r.d_d, r.d_bool, r.dn_i64]),
    NULL_ROWS.expected.map((r) => [r.d_i32, r.d_s, r.d_d, r.d_bool, r.dn_i64]),
  );
  assert.equal(await count(NULLS, 'd_i32 == 42'), NULL_ROWS.expected.filter((r) => r.d_i32 === 42).length);
});

test('default values: a column left out of the request entirely gets the default in every row', async () => {
  // The SDK always sends every schema column; leave them out on the wire to test the server.
  const reply = await raw(client, 'Insert', {
    collection_name: NULLS,
    num_rows: 2,
    fields_data: [
      { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['100', '101'] } } },
      { type: 'FloatVector', field_name: 'v', vectors: { dim: '4', float_vector: { data: [1, 2, 3, 4, 5, 6, 7, 8] } } },
    ],
  });
  ok(reply, 'raw insert without optional columns');
  const rows = await queryAll(NULLS, ['*'], 'id in [100, 101]');
  assert.equal(rows.length, 2);
  for (const row of rows) {
    for (const name of NULLABLE_NAMES) assert.equal(row[name], null, `${name} of row ${row.id}`);
    assert.deepEqual([row.d_i32, row.d_s, row.d_d, row.d_bool, row.dn_i64], [42, 'dflt', 2.5, true, '7']);
  }
  assert.deepEqual(
    rows.map((r) => r.v),
    [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ],
  );
  // back to the state the restart test expects
  ok(await client.delete({ collection_name: NULLS, filter: 'id in [100, 101]' }), 'delete');
});

test('VarChar primary keys: insert, query in key order, get, delete', async () => {
  const rows = await queryAll(STRPK, ['n']);
  const sorted = [...STR_KEYS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // UTF-16 order equals byte order for these keys (no surrogate pairs sort against BMP chars above U+D800 here)
  assert.deepEqual(
    rows.map((r) => r.pk),
    sorted,
  );
  assert.deepEqual(
    rows.map((r) => r.n),
    sorted.map((k) => STR_KEYS.indexOf(k)),
  );
  const got = await client.get({ collection_name: STRPK, ids: ['δέλτα', 'emoji-🦅', 'missing'], output_fields: ['n'] });
  ok(got, 'get');
  assert.deepEqual(got.data.map((r) => [r.pk, r.n]).sort(), [
    ['emoji-🦅', 6],
    ['δέλτα', 3],
  ]);
  const q = await queryAll(STRPK, ['n'], `pk in ["quote'single", 'quote"double']`);
  assert.deepEqual(q.map((r) => r.n).sort(), [7, 8]);
  const del = await client.delete({ collection_name: STRPK, ids: ['beta', 'gamma'] });
  ok(del, 'delete');
  assert.equal(Number(del.delete_cnt), 2);
  assert.equal(await count(STRPK), STR_KEYS.length - 2);
  snapshots.set(STRPK, await queryAll(STRPK));
});

test('autoID Int64: insert returns unique increasing ids, later batches above earlier ones, all queryable', async () => {
  assert.equal(autoIds1.length, 30);
  assert.equal(autoIds2.length, 20);
  const all = [...autoIds1, ...autoIds2].map(BigInt);
  for (let i = 1; i < all.length; i++) assert.ok(all[i]! > all[i - 1]!, `id ${i} (${all[i]}) > id ${i - 1} (${all[i - 1]})`);
  assert.equal(new Set(all).size, all.length);
  const rows = await queryAll(AUTO, ['n']);
  assert.deepEqual(
    rows.map((r) => r.id),
    [...autoIds1, ...autoIds2],
  );
  assert.deepEqual(
    rows.map((r) => r.n),
    [...Array.from({ length: 30 }, (_, n) => n), ...Array.from({ length: 20 }, (_, n) => 100 + n)],
  );
  const got = await client.get({ collection_name: AUTO, ids: [autoIds1[5]!, autoIds2[7]!], output_fields: ['n'] });
  ok(got, 'get');
  assert.deepEqual(
    got.data.map((r) => [r.id, r.n]).sort(),
    [
      [autoIds1[5], 5],
      [autoIds2[7], 107],
    ].sort(),
  );
  snapshots.set(AUTO, await queryAll(AUTO));
});

test('query paging: limit and offset walk the rows in primary key order without gaps or repeats', async () => {
  const seen: number[] = [];
  for (let offset = 0; offset < PAGE_N + 20; offset += 25) {
    const res = await client.query({ collection_name: PAGE, filter: '', output_fields: ['n'], limit: 25, offset });
    ok(res, `page at ${offset}`);
    seen.push(...res.data.map((r) => Number(r.id)));
    res.data.forEach((r) => assert.equal(r.n, Number(r.id) * 2));
  }
  assert.deepEqual(
    seen,
    Array.from({ length: PAGE_N }, (_, i) => i + 1),
  );
  // with a filter: the matching rows, paged
  const res = await client.query({
    collection_name: PAGE,
    filter: 'tag == "three" and dk >= 2',
    output_fields: ['tag', 'dk'],
    limit: 5,
    offset: 3,
  });
  ok(res, 'filtered page');
  const want = Array.from({ length: PAGE_N }, (_, i) => i + 1).filter((id) => id % 3 === 0 && id % 5 >= 2);
  assert.deepEqual(
    res.data.map((r) => Number(r.id)),
    want.slice(3, 8),
  );
  assert.deepEqual(
    res.data.map((r) => r.$meta.dk),
    want.slice(3, 8).map((id) => id % 5),
  );
});

test('count(*) with and without filters', async () => {
  assert.equal(await count(PAGE), PAGE_N);
  assert.equal(await count(PAGE, 'tag == "three"'), PAGE_N / 3);
  assert.equal(
    await count(PAGE, 'n > 100 and dk == 0'),
    Array.from({ length: PAGE_N }, (_, i) => i + 1).filter((id) => id * 2 > 100 && id % 5 === 0).length,
  );
  assert.equal(await count(PAGE, 'id in [1, 2, 3, 999]'), 3);
  assert.equal(await count(PAGE, 'n < 0'), 0);
  assert.equal(await count(ALL), N);
});

test('get by ids returns exactly the existing ids, with the asked fields', async () => {
  const res = await client.get({ collection_name: PAGE, ids: [5, 1, 120, 121, 5], output_fields: ['n', 'tag'] });
  ok(res, 'get');
  assert.deepEqual(
    res.data.map((r) => Number(r.id)),
    [1, 5, 120],
  );
  assert.deepEqual(
    res.data.map((r) => [r.n, r.tag]),
    [
      [2, 'other'],
      [10, 'other'],
      [240, 'three'],
    ],
  );
});

test('after a restart every collection reads back identically', async () => {
  snapshots.set(PAGE, await queryAll(PAGE));
  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  client = server.client();
  for (const [name, before] of snapshots) {
    const rows = await queryAll(name);
    assert.deepEqual(rows, before, `collection ${name} after the restart`);
  }
  // and autoID goes on above every id handed out before the restart
  const more = await insert(AUTO, [{ v: [0, 0], n: 999 }]);
  assert.ok(BigInt(more[0]!) > BigInt(autoIds2[autoIds2.length - 1]!));
});
